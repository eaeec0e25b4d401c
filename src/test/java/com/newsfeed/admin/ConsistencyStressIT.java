package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import com.newsfeed.article.ArticleInfo;
import com.newsfeed.cache.CacheRegistry;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.support.TwoInstances;

import tools.jackson.databind.json.JsonMapper;

/**
 * Readers and writers hammer a few articles through two instances at once; when they stop, every cached copy
 * (each instance's L1, Redis) must equal the database row. Bounded in operations and in time.
 */
class ConsistencyStressIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ARTICLES = 10;
    private static final int READERS = 6;
    private static final int READS_EACH = 400;
    private static final int WRITERS = 2;
    private static final int WRITES_EACH = 80;

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances();

    @Test
    void afterConcurrentReadsAndWritesOnTwoInstances_everyLevelEqualsTheDatabase() throws Exception {
        long author = TwoInstances.idOf(instances.post(instances.a, "/api/users",
                "{\"name\":\"Stress\",\"mobile\":\"" + System.nanoTime() % 1_000_000_000_000L + "\"}"));
        List<Long> articles = new ArrayList<>();
        for (int i = 0; i < ARTICLES; i++) {
            articles.add(TwoInstances.idOf(instances.post(instances.a, "/api/articles", "{\"authorId\":" + author
                    + ",\"channelId\":3,\"title\":\"start\",\"content\":\"Contended.\"}")));
        }
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger titles = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(READERS + WRITERS);
        List<Future<?>> work = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            SplittableRandom random = new SplittableRandom(r);
            work.add(pool.submit(() -> {
                for (int i = 0; i < READS_EACH; i++) {
                    long id = articles.get(random.nextInt(ARTICLES));
                    if (instances.get(random.nextBoolean() ? instances.a : instances.b, "/api/articles/" + id)
                            .statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (int w = 0; w < WRITERS; w++) {
            SplittableRandom random = new SplittableRandom(100 + w);
            work.add(pool.submit(() -> {
                for (int i = 0; i < WRITES_EACH; i++) {
                    long id = articles.get(random.nextInt(ARTICLES));
                    var instance = random.nextBoolean() ? instances.a : instances.b;
                    int status = instances.patch(instance, "/api/articles/" + id,
                            "{\"title\":\"t" + titles.incrementAndGet() + "\"}");
                    if (status == 409) {
                        conflicts.incrementAndGet(); // a concurrent write to the same row won: nothing changed
                    } else if (status != 200) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> task : work) {
            task.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(failures).as("requests that failed under load").hasValue(0);
        assertThat(conflicts.get()).as("writes refused as concurrent").isLessThan(WRITERS * WRITES_EACH / 2);

        // Invalidation messages may still be in flight for a few milliseconds.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (long id : articles) {
                String title = instances.a.getBean(JdbcTemplate.class)
                        .queryForObject("SELECT title FROM articles WHERE id = ?", String.class, id);
                for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
                    articleInfo(instance).peekLocal(id).ifPresent(cached -> assertThat(cached.value().title())
                            .as("L1 of an instance, article %d", id).isEqualTo(title));
                }
                String stored = instances.a.getBean(StringRedisTemplate.class).opsForValue()
                        .get(instances.prefix + "art:" + id + ":info");
                if (stored != null) {
                    assertThat(JSON.readTree(stored.substring(stored.indexOf(':') + 1)).get("title").asString())
                            .as("Redis, article %d", id).isEqualTo(title);
                }
                for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
                    assertThat(JSON.readTree(instances.get(instance, "/api/articles/" + id).body()).get("title")
                            .asString()).as("served, article %d", id).isEqualTo(title);
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static LayeredCache<ArticleInfo> articleInfo(ConfigurableApplicationContext instance) {
        return (LayeredCache<ArticleInfo>) instance.getBean(CacheRegistry.class).cache("article-info").orElseThrow();
    }


}
