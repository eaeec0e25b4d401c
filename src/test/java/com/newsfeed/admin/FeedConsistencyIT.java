package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.support.TwoInstances;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Channel feeds and authors' lists from the cache, under writes through two instances: writers publish, unpublish,
 * republish, delete and move articles while readers page every channel on both instances. During the run no walk
 * repeats an article, and every walk of the untouched channel holds all of its articles (the cursor contract);
 * afterwards every page from both instances, and every cached sorted set, equals the database's order.
 */
class FeedConsistencyIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<Integer> CHANNELS = List.of(4, 5, 7);
    private static final int STABLE_CHANNEL = 8;
    private static final int STABLE = 45;
    private static final int ARTICLES = 30;
    private static final int WRITES_EACH = 60;
    private static final int WALKS_EACH = 40;

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances();

    @Test
    void pagesFromBothInstances_equalTheDatabase_afterConcurrentPublishesUnpublishesDeletesAndMoves()
            throws Exception {
        long author = instances.createUser(instances.a, "Feeds");
        Set<Long> stable = new LinkedHashSet<>();
        for (int i = 0; i < STABLE; i++) {
            stable.add(publish(i % 2 == 0 ? instances.a : instances.b, author, STABLE_CHANNEL, "stable " + i));
        }
        List<Long> articles = new CopyOnWriteArrayList<>();
        for (int i = 0; i < ARTICLES; i++) {
            articles.add(publish(instances.a, author, CHANNELS.get(i % CHANNELS.size()), "moving " + i));
        }
        AtomicInteger failures = new AtomicInteger();
        Set<String> problems = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            ConfigurableApplicationContext writer = w == 0 ? instances.a : instances.b;
            SplittableRandom random = new SplittableRandom(7 + w);
            work.add(pool.submit(() -> {
                for (int i = 0; i < WRITES_EACH; i++) {
                    long id = articles.get(random.nextInt(articles.size()));
                    int status = switch (random.nextInt(5)) {
                        case 0 -> instances.patch(writer, "/api/articles/" + id, "{\"draft\":true}");
                        case 1 -> instances.patch(writer, "/api/articles/" + id, "{\"draft\":false}");
                        case 2 -> instances.patch(writer, "/api/articles/" + id,
                                "{\"channelId\":" + CHANNELS.get(random.nextInt(CHANNELS.size())) + "}");
                        case 3 -> instances.delete(writer, "/api/articles/" + id);
                        default -> {
                            articles.add(publish(writer, author, CHANNELS.get(random.nextInt(CHANNELS.size())),
                                    "new " + i));
                            yield 201;
                        }
                    };
                    // 404: deleted by the other writer; 409: a concurrent write to the same row won.
                    if (status != 200 && status != 201 && status != 204 && status != 404 && status != 409) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            ConfigurableApplicationContext reader = r == 0 ? instances.a : instances.b;
            SplittableRandom random = new SplittableRandom(70 + r);
            work.add(pool.submit(() -> {
                for (int i = 0; i < WALKS_EACH; i++) {
                    boolean stableWalk = i % 4 == 0;
                    int channel = stableWalk ? STABLE_CHANNEL : CHANNELS.get(random.nextInt(CHANNELS.size()));
                    List<Long> walked = walk(reader, channel, 3 + random.nextInt(9));
                    if (new LinkedHashSet<>(walked).size() != walked.size()) {
                        problems.add("a walk of channel " + channel + " repeated an article: " + walked);
                    }
                    if (stableWalk && !walked.containsAll(stable)) {
                        problems.add("a walk of the untouched channel lost an article: " + walked);
                    }
                }
            }));
        }
        for (Future<?> task : work) {
            task.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(failures).as("writes that failed").hasValue(0);
        assertThat(problems).isEmpty();

        JdbcTemplate database = instances.a.getBean(JdbcTemplate.class);
        StringRedisTemplate redis = instances.a.getBean(StringRedisTemplate.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int channel : concat(CHANNELS, STABLE_CHANNEL)) {
                List<Long> expected = database.queryForList("SELECT id FROM articles WHERE channel_id = ? AND status"
                        + " = 'PUBLISHED' ORDER BY pubdate DESC, id DESC", Long.class, channel);
                for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
                    assertThat(walk(instance, channel, 7)).as("channel %d", channel)
                            .containsExactlyElementsOf(expected);
                }
                String key = KeyLayout.key(instances.prefix, "ch:{id}:art", channel);
                if (Boolean.TRUE.equals(redis.hasKey(key))) {
                    List<Long> cached = redis.opsForZSet().reverseRange(key, 0, -1).stream()
                            .filter(member -> !member.startsWith("~")).map(Long::parseLong).toList();
                    assertThat(cached).as("the sorted set of channel %d", channel)
                            .containsExactlyElementsOf(expected);
                    assertThat(redis.getExpire(key)).isPositive();
                }
            }
            List<Long> byAuthor = database.queryForList("SELECT id FROM articles WHERE user_id = ? AND status"
                    + " = 'PUBLISHED' ORDER BY pubdate DESC, id DESC", Long.class, author);
            for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
                assertThat(authorPages(instance, author, byAuthor.size())).as("the author's articles")
                        .containsExactlyElementsOf(byAuthor);
            }
        });
    }

    @Test
    void anArticlePublishedThroughOneInstance_isOnPage1OfItsChannelOnTheOther_withinABoundedWait() {
        long author = instances.createUser(instances.b, "Fresh");
        int channel = 9;
        publish(instances.a, author, channel, "before");
        walk(instances.a, channel, 20); // a's head of the channel in its L1
        walk(instances.b, channel, 20);

        long fresh = publish(instances.b, author, channel, "fresh");

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(firstPage(instances.a, channel).get(0)).isEqualTo(fresh));
    }

    private static long publish(ConfigurableApplicationContext instance, long author, int channel, String title) {
        return TwoInstances.idOf(instances.postAs(instance, author, "/api/articles", "{"
                + "\"channelId\":" + channel + ",\"title\":\"" + title + "\",\"content\":\"Listed.\"}"));
    }

    private static List<Long> firstPage(ConfigurableApplicationContext instance, int channel) {
        JsonNode page = JSON.readTree(instances.get(instance, "/api/channels/" + channel + "/articles?size=20")
                .body());
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    /** Every page of a channel's feed, following nextCursor; each id once per item served. */
    private static List<Long> walk(ConfigurableApplicationContext instance, int channel, int size) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1_000; pages++) {
            var response = instances.get(instance, "/api/channels/" + channel + "/articles?size=" + size
                    + (cursor == null ? "" : "&before=" + cursor));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(response.body());
            page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
            JsonNode next = page.get("nextCursor");
            if (next == null || next.isNull()) {
                return ids;
            }
            cursor = next.asString();
        }
        throw new AssertionError("a walk of channel " + channel + " never ended");
    }

    private static List<Long> authorPages(ConfigurableApplicationContext instance, long author, int total) {
        List<Long> ids = new ArrayList<>();
        for (int page = 1; page <= total / 6 + 1; page++) {
            JsonNode body = JSON.readTree(instances.get(instance, "/api/users/" + author + "/articles?size=6&page="
                    + page).body());
            assertThat(body.get("total").asLong()).isEqualTo(total);
            body.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        }
        return ids;
    }

    private static List<Integer> concat(List<Integer> channels, int more) {
        List<Integer> all = new ArrayList<>(channels);
        all.add(more);
        return all;
    }
}
