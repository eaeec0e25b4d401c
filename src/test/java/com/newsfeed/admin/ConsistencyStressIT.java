package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

import com.newsfeed.cache.CacheRegistry;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.support.TwoInstances;

import tools.jackson.databind.json.JsonMapper;

/**
 * Readers and writers hammer a few articles (titles and bodies) through two instances at once; when they stop,
 * every cached copy (each instance's L1 of both caches, Redis) must equal the database row. Bounded in operations
 * and in time.
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
        long author = instances.createUser(instances.a, "Stress");
        List<Long> articles = new ArrayList<>();
        for (int i = 0; i < ARTICLES; i++) {
            articles.add(TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles", "{"
                    + "\"channelId\":3,\"title\":\"start\",\"content\":\"Contended.\"}")));
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
                    int n = titles.incrementAndGet();
                    // Titles change the info only, contents the body as well: both caches are under stress.
                    int status = instances.patch(instance, "/api/articles/" + id, n % 2 == 0
                            ? "{\"title\":\"t" + n + "\"}" : "{\"title\":\"t" + n + "\",\"content\":\"c" + n + "\"}");
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

        // Invalidation messages may still be in flight for a few milliseconds. Each round reads every article
        // through both instances first, so each level must then hold it: every check below is unconditional.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (long id : articles) {
                Map<String, Object> row = instances.a.getBean(JdbcTemplate.class).queryForMap("SELECT a.title,"
                        + " c.content FROM articles a JOIN article_contents c ON c.article_id = a.id WHERE a.id = ?",
                        id);
                String title = (String) row.get("title");
                String content = (String) row.get("content");
                for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
                    var served = JSON.readTree(instances.get(instance, "/api/articles/" + id).body());
                    assertThat(served.get("title").asString()).as("served title, article %d", id).isEqualTo(title);
                    assertThat(served.get("content").asString()).as("served body, article %d", id)
                            .isEqualTo(content);
                    assertThat(cache(instance, "article-info").peekLocal(id).orElseThrow().value())
                            .as("L1 info, article %d", id).extracting("title").isEqualTo(title);
                    assertThat(cache(instance, "article-body").peekLocal(id).orElseThrow().value())
                            .as("L1 body, article %d", id).isEqualTo(content);
                }
                StringRedisTemplate redis = instances.a.getBean(StringRedisTemplate.class);
                String info = redis.opsForValue().get(KeyLayout.key(instances.prefix, "art:{id}:info", id));
                String body = redis.opsForValue().get(KeyLayout.key(instances.prefix, "art:{id}:detail", id));
                assertThat(info).as("Redis info, article %d", id).isNotNull();
                assertThat(JSON.readTree(info.substring(info.indexOf(':') + 1)).get("title").asString())
                        .as("Redis info, article %d", id).isEqualTo(title);
                assertThat(body).as("Redis body, article %d", id).isEqualTo("1:" + JSON.writeValueAsString(content));
            }
        });
    }

    private static LayeredCache<?> cache(ConfigurableApplicationContext instance, String name) {
        return instance.getBean(CacheRegistry.class).cache(name).orElseThrow();
    }

}
