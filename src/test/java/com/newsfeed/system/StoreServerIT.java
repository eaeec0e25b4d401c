package com.newsfeed.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.support.TwoInstances;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store on a Redis of its own ({@code newsfeed.store.redis.host}), apart from the cache's: counters land there
 * and nowhere else, and while it is down every read the cache can answer goes on, without counts.
 */
class StoreServerIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EmbeddedRedis STORE = EmbeddedRedis.startOnFreePort();

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances("newsfeed.store.redis.host=127.0.0.1",
            "newsfeed.store.redis.port=" + STORE.port(), "newsfeed.store.counts.refresh=200ms",
            "newsfeed.store.fix.on-start=true");

    @AfterAll
    static void stopStore() {
        STORE.stop();
    }

    @Test
    void atStartUp_theFixRanOnce_forTheNewStore_onOneInstanceOnly() {
        await().atMost(Duration.ofSeconds(30)).until(() -> fixRuns() == 1);
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + STORE.port());
        try (StatefulRedisConnection<String, String> store = client.connect()) {
            assertThat(store.sync().exists(instances.prefix + "store:count:fixed-at")).isEqualTo(1);
        } finally {
            client.shutdown();
        }
        assertThat(fixRuns()).as("the second instance found the record").isEqualTo(1);
    }

    private static long fixRuns() {
        return List.of(instances.a, instances.b).stream().mapToLong(instance -> instance
                .getBean(io.micrometer.core.instrument.MeterRegistry.class).timer("newsfeed.store.counter.fix")
                .count()).sum();
    }

    @Test
    void counters_liveOnTheStoresServer_andNotOnTheCaches() {
        long author = instances.createUser(instances.a, "Store author");
        long reader = instances.createUser(instances.a, "Store reader");
        long article = article(author, "Counted on its own server");
        assertThat(instances.postAs(instances.a, reader, "/api/articles/" + article + "/likes", "").statusCode())
                .isEqualTo(200);

        RedisClient client = RedisClient.create("redis://127.0.0.1:" + STORE.port());
        try (StatefulRedisConnection<String, String> store = client.connect()) {
            String prefix = instances.prefix + "store:"; // the store's prefix in both instances
            assertThat(store.sync().zscore(prefix + "count:art:liking", Long.toString(article))).isEqualTo(1.0);
            assertThat(store.sync().zscore(prefix + "count:user:liked", Long.toString(author))).isEqualTo(1.0);
        } finally {
            client.shutdown();
        }
        assertThat(instances.get(instances.a, "/api/articles/" + article).statusCode()).isEqualTo(200);
        var cacheServer = instances.a.getBean(LettuceConnectionFactory.class).getConnection();
        try {
            assertThat(cacheServer.keyCommands().keys((instances.prefix + "store:*").getBytes())).isEmpty();
            assertThat(cacheServer.keyCommands().keys((instances.prefix + KeyLayout.VERSION + "art:*").getBytes())).as("the cache's")
                    .isNotEmpty();
        } finally {
            cacheServer.close();
        }
        // The other instance shows the like once its copy of the counts is reloaded.
        await().atMost(Duration.ofSeconds(5)).until(() -> counts(instances.b, "/api/articles/" + article)
                .get("likes").asLong() == 1);
    }

    @Test
    void storeDown_readsAndLikesGoOnWithoutCounts_andTheStoreOnlyReadsAnswer503() {
        long author = instances.createUser(instances.a, "Outage author");
        long reader = instances.createUser(instances.a, "Outage reader");
        long article = article(author, "Read while the store is down");
        STORE.stop();
        try {
            for (var instance : List.of(instances.a, instances.b)) {
                var detail = instances.get(instance, "/api/articles/" + article);
                assertThat(detail.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(detail.body()).get("title").asString())
                        .isEqualTo("Read while the store is down");
                assertThat(JSON.readTree(detail.body()).get("counts").isNull()).as("no counts, not wrong ones")
                        .isTrue();
                var profile = instances.get(instance, "/api/users/" + author);
                assertThat(profile.statusCode()).isEqualTo(200);
            }
            assertThat(JSON.readTree(instances.get(instances.b, "/api/users/" + reader).body()).get("counts")
                    .isNull()).isTrue();
            var like = instances.postAs(instances.b, reader, "/api/articles/" + article + "/likes", "");
            assertThat(like.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(like.body()).get("liked").asBoolean()).isTrue();
            var hot = instances.get(instances.a, "/api/articles/hot");
            assertThat(hot.statusCode()).isEqualTo(503);
            assertThat(hot.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
        } finally {
            STORE.start();
        }
        // Back: counts again (the like made during the outage is in the database; the daily fix counts it).
        await().atMost(Duration.ofSeconds(30)).until(() -> !counts(instances.a, "/api/articles/" + article)
                .isNull() && !counts(instances.b, "/api/articles/" + article).isNull()); // Lettuce's backoff
        assertThat(instances.post(instances.a, "/api/admin/store/counter-fix", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> counts(instances.b, "/api/articles/" + article)
                .get("likes").asLong() == 1);
    }

    private static long article(long author, String title) {
        return TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles", "{\"channelId\":2,"
                + "\"title\":\"" + title + "\",\"content\":\"Body.\"}"));
    }

    private static JsonNode counts(org.springframework.context.ConfigurableApplicationContext instance,
            String path) {
        return JSON.readTree(instances.get(instance, path).body()).get("counts");
    }
}
