package com.newsfeed.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

/** Follows: idempotent, listed newest first from cached sorted sets, counted on both profiles. */
@ApiTest
class FollowApiIT {

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    StringRedisTemplate redis;

    long star;

    @BeforeEach
    void setUp() {
        data.clear();
        star = data.insertUser("Star");
    }

    @Test
    void followingTwice_countsOnce_andTheListsRunNewestFirstFromSortedSets() {
        long first = data.insertUser("First fan");
        long second = data.insertUser("Second fan");
        follow(first, star);
        follow(first, star);
        follow(second, star);

        UserPage fans = client.get().uri("/api/users/{id}/followers", star).exchange().expectStatus().isOk()
                .expectBody(UserPage.class).returnResult().getResponseBody();
        assertThat(fans.items()).extracting(UserProfile::id).containsExactly(second, first);
        assertThat(fans.total()).isEqualTo(2);
        String key = KeyLayout.key(data.prefix(), "user:{id}:fans", star);
        assertThat(redis.type(key)).isEqualTo(DataType.ZSET);
        assertThat(redis.getExpire(key, TimeUnit.SECONDS)).isBetween(1L, 40L * 60);
        client.get().uri("/api/users/{id}/followings", first).exchange().expectBody()
                .jsonPath("$.items[*].id").isEqualTo(List.of((int) star));
        assertThat(redis.type(KeyLayout.key(data.prefix(), "user:{id}:following", first))).isEqualTo(DataType.ZSET);
        assertThat(data.count("user_follows")).isEqualTo(2);
        client.get().uri("/api/users/{id}", star).exchange().expectBody()
                .jsonPath("$.counts.followers").isEqualTo(2)
                .jsonPath("$.counts.followings").isEqualTo(0);
        client.get().uri("/api/users/{id}", first).exchange().expectBody()
                .jsonPath("$.counts.followings").isEqualTo(1);

        data.as(client, first).delete().uri("/api/user/followings/{id}", star).exchange()
                .expectStatus().isNoContent();
        data.as(client, first).delete().uri("/api/user/followings/{id}", star).exchange()
                .expectStatus().isNoContent();
        client.get().uri("/api/users/{id}/followers", star).exchange().expectBody()
                .jsonPath("$.items[*].id").isEqualTo(List.of((int) second))
                .jsonPath("$.total").isEqualTo(1);
        assertThat(data.score(UserCounters.FOLLOWERS, star)).isEqualTo(1);
        assertThat(data.score(UserCounters.FOLLOWINGS, first)).isZero();
    }

    @Test
    void follows_badRequests_changeNothing() {
        long fan = data.insertUser("Fan");
        data.as(client, fan).post().uri("/api/user/followings/{id}", fan).exchange().expectStatus().isBadRequest();
        data.as(client, fan).post().uri("/api/user/followings/{id}", 987_654_321L).exchange()
                .expectStatus().isNotFound();
        data.as(client, fan).post().uri("/api/user/followings/0").exchange().expectStatus().isBadRequest();
        data.as(client, fan).post().uri("/api/user/followings/abc").exchange().expectStatus().isBadRequest();
        client.post().uri("/api/user/followings/{id}", star).exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/users/{id}/followers", 987_654_321L).exchange().expectStatus().isNotFound();
        client.get().uri("/api/users/{id}/followers?size=101", star).exchange().expectStatus().isBadRequest();
        assertThat(data.count("user_follows")).isZero();
        assertThat(data.score(UserCounters.FOLLOWERS, star)).isZero();
    }

    private void follow(long follower, long target) {
        data.as(client, follower).post().uri("/api/user/followings/{id}", target).exchange()
                .expectStatus().isNoContent();
    }
}
