package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.newsfeed.cache.CacheRegistry;
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.support.TwoInstances;
import com.newsfeed.system.EmbeddedRedis;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A write through one instance evicts the other's L1 (by message, or from the outbox when its writer could not
 * send one); an operator's clear reaches every instance; Redis down changes nothing a client sees.
 */
class InvalidationIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances();

    @Test
    void articleUpdatedThroughA_isServedFreshByB() throws Exception {
        long author = instances.createUser(instances.a, "Editor");
        long article = TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles", "{"
                + "\"channelId\":2,\"title\":\"v0\",\"content\":\"Edited many times.\"}"));
        String path = "/api/articles/" + article;

        for (int version = 1; version <= 50; version++) {
            assertThat(titleOn(instances.b, path)).isEqualTo("v" + (version - 1)); // now in B's L1
            assertThat(instances.patch(instances.a, path, "{\"title\":\"v" + version + "\"}")).isEqualTo(200);
            String expected = "v" + version;
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(2))
                    .until(() -> titleOn(instances.b, path).equals(expected));
        }

        Timer lag = instances.b.getBean(MeterRegistry.class).find("newsfeed.cache.invalidation.lag").timer();
        assertThat(lag.count()).as("invalidations B received").isGreaterThanOrEqualTo(50);
        var percentiles = lag.takeSnapshot().percentileValues();
        System.out.printf("invalidation lag A->B over %d messages: p50 %.1f ms, p99 %.1f ms%n", lag.count(),
                percentiles[0].value(java.util.concurrent.TimeUnit.MILLISECONDS),
                percentiles[1].value(java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /**
     * A write that commits and whose writer dies before delivering anything (no delete, no message): every running
     * instance learns it from the outbox within about one poll (250 ms) and serves the new row.
     */
    @Test
    void writerThatDiedAfterItsCommit_reachesEveryInstanceThroughTheOutbox() {
        long author = instances.createUser(instances.a, "Crash");
        long article = TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles", "{"
                + "\"channelId\":2,\"title\":\"before\",\"content\":\"Then its writer died.\"}"));
        String path = "/api/articles/" + article;
        assertThat(titleOn(instances.a, path)).isEqualTo("before");
        assertThat(titleOn(instances.b, path)).isEqualTo("before"); // in both L1s and in Redis

        instances.a.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
            JdbcTemplate jdbc = instances.a.getBean(JdbcTemplate.class);
            jdbc.update("UPDATE articles SET title = 'after', version = version + 1 WHERE id = ?", article);
            jdbc.update("INSERT INTO cache_invalidations (cache_name, entity_id, kind, created_at, delivered)"
                    + " VALUES ('article-info', ?, 'EVICT', CURRENT_TIMESTAMP(3), FALSE)", article);
        });

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            assertThat(titleOn(instances.a, path)).isEqualTo("after");
            assertThat(titleOn(instances.b, path)).isEqualTo("after");
        });
        assertThat(instances.a.getBean(StringRedisTemplate.class).opsForValue()
                .get(KeyLayout.key(instances.prefix, "art:{id}:info", article))).doesNotContain("\"before\"");
        await().atMost(Duration.ofSeconds(2)).until(() -> instances.a.getBean(JdbcTemplate.class).queryForObject(
                "SELECT COUNT(*) FROM cache_invalidations WHERE delivered = FALSE", Long.class) == 0);
    }

    /** {@code DELETE /api/admin/cache/{cache}} through one instance empties the other's L1 too. */
    @Test
    void clearThroughTheAdminEndpoint_emptiesEveryInstance() {
        long author = instances.createUser(instances.a, "Cleared");
        // The creation's own message may reach b just after b's first read, and drop what it kept: read again.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            instances.get(instances.b, "/api/users/" + author);
            assertThat(l1Entries(instances.b, "user-profile")).isPositive();
        });

        assertThat(instances.delete(instances.a, "/api/admin/cache/user-profile")).isEqualTo(204);

        await().atMost(Duration.ofSeconds(2)).until(() -> l1Entries(instances.b, "user-profile") == 0);
        assertThat(instances.a.getBean(StringRedisTemplate.class).keys(instances.prefix + KeyLayout.VERSION + "user:*")).isEmpty();
        assertThat(instances.get(instances.b, "/api/users/" + author).statusCode()).isEqualTo(200);
    }

    @Test
    void redisDown_readsAndWritesGoOn_andHealthSaysSo() {
        EmbeddedRedis redis = instances.a.getBeanProvider(EmbeddedRedis.class).getIfAvailable();
        assumeTrue(redis != null, "stops only the embedded Redis, never a shared server");
        long author = instances.createUser(instances.a, "Outage");
        redis.stop();
        try {
            long article = TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles", "{"
                    + "\"channelId\":2,\"title\":\"Written in an outage\",\"content\":\"Still committed.\"}"));
            for (int i = 0; i < 20; i++) {
                assertThat(instances.get(instances.b, "/api/articles/" + article).statusCode()).isEqualTo(200);
                assertThat(instances.get(instances.a, "/api/users/" + author).statusCode()).isEqualTo(200);
            }
            assertThat(instances.get(instances.a, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(instances.get(instances.a, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            var health = JSON.readTree(instances.getAsAdmin(instances.a, "/actuator/health").body());
            assertThat(health.at("/components/caches/status").asString()).isEqualTo("UP");
            assertThat(health.at("/components/caches/details/redis").asString()).isEqualTo("DOWN");
            assertThat(health.at("/components/redis/status").asString()).isEqualTo("DOWN");
        } finally {
            redis.start();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> JSON.readTree(instances.getAsAdmin(instances.a,
                "/actuator/health").body()).at("/components/caches/details/redis").asString().equals("UP"));
    }

    private static long l1Entries(org.springframework.context.ConfigurableApplicationContext instance,
            String cache) {
        return instance.getBean(CacheRegistry.class).cache(cache).orElseThrow().statistics().l1().size();
    }

    private static String titleOn(org.springframework.context.ConfigurableApplicationContext instance, String path) {
        return JSON.readTree(instances.get(instance, path).body()).get("title").asString();
    }

}
