package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import com.newsfeed.cache.CacheNode;
import com.newsfeed.cache.InvalidationLag;
import com.newsfeed.support.TwoInstances;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two service instances sharing one database and one Redis: loading control and the bloom filter across them. Their
 * cache clocks are frozen, so "one load for 200 readers" holds however slow the machine: no wait runs out.
 */
class TwoInstancesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TwoInstances instances = TwoInstances.withFrozenCacheClock();

    @Test
    void readersOfAColdArticle_onBothInstances_makeOneLoadOfEachPart() throws Exception {
        long author = instances.createUser(instances.a, "Stampede");
        long article = TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles", "{"
                + "\"channelId\":2,\"title\":\"Hot\",\"content\":\"Everyone reads this at once.\"}"));
        double infoLoads = loads("article-info");
        double bodyLoads = loads("article-body");

        List<Integer> statuses = readConcurrently(200, "/api/articles/" + article);

        assertThat(statuses).hasSize(200).containsOnly(200);
        assertThat(loads("article-info") - infoLoads).as("loads of the article's info").isEqualTo(1);
        assertThat(loads("article-body") - bodyLoads).as("loads of the article's body").isEqualTo(1);
    }

    @Test
    void articleCreatedOnOneInstance_isReadableAtOnceOnTheOther() {
        long author = instances.createUser(instances.b, "Writer B");
        for (int i = 0; i < 20; i++) {
            long article = TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles", "{"
                    + "\"channelId\":4,\"title\":\"Fresh " + i + "\",\"content\":\"Just published.\"}"));

            HttpResponse<String> onB = instances.get(instances.b, "/api/articles/" + article);

            assertThat(onB.statusCode()).as("article %d read through the other instance: %s", article, onB.body())
                    .isEqualTo(200);
        }
        assertThat(TwoInstances.count(instances.b, "newsfeed.cache.bloom.rejections", "cache", "article-info"))
                .isZero();
    }

    @Test
    void aWriteOnOneInstance_reachesTheOthersOverview_asAnInvalidationWithItsLag() throws Exception {
        long received = lagOn(instances.b).received();
        long author = instances.createUser(instances.a, "Writer A");

        TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles", "{"
                + "\"channelId\":3,\"title\":\"Seen elsewhere\",\"content\":\"Through pub/sub.\"}"));

        await().atMost(Duration.ofSeconds(10)).until(() -> lagOn(instances.b).received() > received);
        HttpResponse<String> overview = instances.getAsAdmin(instances.b, "/api/admin/cache/overview");
        assertThat(overview.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(overview.body());
        assertThat(body.path("node").asString()).isEqualTo(instances.b.getBean(CacheNode.class).id())
                .isNotEqualTo(instances.a.getBean(CacheNode.class).id());
        assertThat(body.path("invalidations").path("received").asLong()).isGreaterThan(received);
        assertThat(body.path("invalidations").path("maxMillis").asDouble())
                .isGreaterThanOrEqualTo(body.path("invalidations").path("p50Millis").asDouble()).isLessThan(10_000);
        assertThat(body.path("redisCircuit").asString()).isEqualTo("CLOSED");
    }

    private static InvalidationLag lagOn(ConfigurableApplicationContext instance) {
        return instance.getBean(CacheNode.class).invalidationLag();
    }

    @Test
    void bothInstances_shareOneDatabaseAndOneRedis() {
        String marker = "shared-" + System.nanoTime();
        instances.a.getBean(StringRedisTemplate.class).opsForValue().set(marker, "1", Duration.ofMinutes(1));
        assertThat(instances.b.getBean(StringRedisTemplate.class).hasKey(marker)).isTrue();

        long author = instances.createUser(instances.a, "Shared");
        assertThat(instances.b.getBean(JdbcTemplate.class)
                .queryForObject("SELECT name FROM users WHERE id = ?", String.class, author)).isEqualTo("Shared");
    }

    private static double loads(String cache) {
        return instances.count("newsfeed.cache.loads", "cache", cache);
    }

    private static List<Integer> readConcurrently(int readers, String path) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            CyclicBarrier start = new CyclicBarrier(readers);
            List<CompletableFuture<Integer>> responses = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                var instance = i % 2 == 0 ? instances.a : instances.b;
                responses.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return instances.get(instance, path).statusCode();
                }, pool));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> response : responses) {
                statuses.add(response.get(30, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

}
