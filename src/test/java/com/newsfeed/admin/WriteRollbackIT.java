package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.newsfeed.cache.LayeredCache;
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.cache.remote.RedisConnectors;
import com.newsfeed.security.Caller;
import com.newsfeed.security.Role;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;
import com.newsfeed.user.UpdateUserRequest;
import com.newsfeed.user.UserProfile;
import com.newsfeed.user.UserService;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Cache changes wait for the commit: a real service write rolled back by its caller's transaction leaves Redis,
 * this instance's L1 and the outbox as they were, and sends no invalidation; the same write committed changes
 * all three and sends exactly one.
 */
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
    UserService users;

    @Autowired
    LayeredCache<UserProfile> profiles;

    @Autowired
    LettuceConnectionFactory connections;

    private StatefulRedisPubSubConnection<String, String> subscription;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        data.clear();
        subscription = RedisConnectors.pubSub(connections::getRequiredNativeClient, StringCodec.UTF8).get();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (message.startsWith("v3 ")) { // invalidations, not the subscription check's pings
                    messages.add(message);
                }
            }
        });
        subscription.sync().subscribe(data.prefix() + "invalidations");
    }

    @AfterEach
    void stopListening() {
        subscription.close();
    }

    @Test
    void serviceWriteRolledBack_touchesNoLevelAndSendsNothing_theSameWriteCommittedChangesEach() {
        long id = data.createUser(client, "Before");
        client.get().uri("/api/users/{id}", id).exchange().expectStatus().isOk();
        String key = KeyLayout.key(data.prefix(), "user:{id}:profile", id);
        assertThat(redis.opsForHash().get(key, "name")).isEqualTo("Before");
        await().atMost(Duration.ofSeconds(5)).until(() -> messages.stream().anyMatch(m -> m.contains(":CREATED")));
        messages.clear();
        long outboxRows = data.count("cache_invalidations");
        Caller OWNER = new Caller(id, Role.USER);
        UpdateUserRequest rename = new UpdateUserRequest("After", null, null, null, null, null, null, null);

        transactions.executeWithoutResult(status -> {
            users.update(id, rename, OWNER);
            status.setRollbackOnly(); // the caller's transaction fails after the service returned
        });

        assertThat(redis.opsForHash().get(key, "name")).as("Redis").isEqualTo("Before");
        assertThat(profiles.peekLocal(id).orElseThrow().value().name()).as("L1").isEqualTo("Before");
        assertThat(data.count("cache_invalidations")).as("outbox rows").isEqualTo(outboxRows);

        users.update(id, rename, OWNER);

        assertThat(redis.opsForHash().get(key, "name")).as("updated in place").isEqualTo("After");
        assertThat(profiles.peekLocal(id)).as("L1 dropped").isEmpty();
        assertThat(data.count("cache_invalidations")).isEqualTo(outboxRows + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !messages.isEmpty());
        assertThat(messages).as("one message, the commit's: a rollback's would have arrived first").hasSize(1);
        assertThat(messages.get(0)).contains(":user-profile:" + id + ":UPDATED");
    }
}
