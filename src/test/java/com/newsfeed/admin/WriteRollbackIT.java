package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.newsfeed.cache.LayeredCache;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;
import com.newsfeed.user.UserProfile;

/** Cache changes wait for the commit: a rolled-back write leaves every level as it was. */
@ApiTest
class WriteRollbackIT {

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    LayeredCache<UserProfile> profiles;

    @BeforeEach
    void clear() {
        data.clear();
    }

    @Test
    void rolledBackWrite_touchesNoCache_committedWriteEvicts() {
        long id = data.createUser(client, "Rolled back");
        client.get().uri("/api/users/{id}", id).exchange().expectStatus().isOk();
        String key = data.prefix() + "user:" + id + ":profile";
        assertThat(redis.hasKey(key)).isTrue();

        transactions.executeWithoutResult(status -> {
            profiles.evictAfterCommit(id);
            status.setRollbackOnly();
        });
        assertThat(redis.hasKey(key)).as("rollback: still cached").isTrue();

        transactions.executeWithoutResult(status -> profiles.evictAfterCommit(id));
        assertThat(redis.hasKey(key)).as("commit: evicted").isFalse();
    }
}
