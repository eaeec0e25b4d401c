package com.newsfeed.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

import io.micrometer.core.instrument.MeterRegistry;

/** The lists as clients read them: feeds, an author's articles and the announcements, served from sorted sets. */
@ApiTest
class FeedCacheApiIT {

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MeterRegistry meters;

    long author;

    @Autowired
    RedisExecutor cacheRedis;

    @BeforeEach
    void setUp() {
        // These tests check what lands in Redis: an earlier test class of this shared context may have left its
        // connection reconnecting (or its breaker open), which the read path rightly takes as misses.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                "PONG".equals(cacheRedis.call("ping", commands -> commands.ping())));
        data.clear();
        author = data.createUser(client, "Lister");
    }

    @Test
    void aChannelFeed_isASortedSetWithATtl_rebuiltOnce_andThenChangedInPlaceByWrites() {
        long first = data.createArticle(client, author, 10, "first");
        long second = data.createArticle(client, author, 10, "second");
        double loads = loads("channel-feed");

        assertThat(feed(10)).containsExactly(second, first);
        assertThat(feed(10)).containsExactly(second, first);
        String key = KeyLayout.key(data.prefix(), "ch:{id}:art", 10);
        assertThat(redis.type(key)).isEqualTo(DataType.ZSET);
        assertThat(redis.getExpire(key)).isBetween(1L, 12 * 60L);
        assertThat(loads("channel-feed") - loads).as("one rebuild").isEqualTo(1);

        long third = data.createArticle(client, author, 10, "third");
        patch(first, Map.of("channelId", 11));
        assertThat(feed(10)).containsExactly(third, second);
        assertThat(feed(11)).containsExactly(first);
        data.asAdmin(client).delete().uri("/api/articles/{id}", second).exchange().expectStatus().isNoContent();
        long draft = data.createDraft(client, author, 10, "draft");
        assertThat(feed(10)).containsExactly(third);
        patch(draft, Map.of("draft", false));
        assertThat(feed(10)).containsExactly(draft, third);

        assertThat(redis.opsForZSet().reverseRange(key, 0, -1)).containsExactly(padded(draft), padded(third),
                "~all");
        assertThat(loads("channel-feed") - loads).as("channel 10 rebuilt once, 11 once").isEqualTo(2);
    }

    @Test
    void aChannelWithoutArticles_isCachedAsAnEmptyList_soItsReadsCostNoQuery() {
        double loads = loads("channel-feed");

        for (int i = 0; i < 3; i++) {
            client.get().uri("/api/channels/9/articles").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.items").isEmpty().jsonPath("$.nextCursor").doesNotExist();
        }

        assertThat(redis.opsForZSet().range(KeyLayout.key(data.prefix(), "ch:{id}:art", 9), 0, -1)).containsExactly("~all");
        assertThat(loads("channel-feed") - loads).isEqualTo(1);
    }

    @Test
    void anAuthorsArticlesAndTheAnnouncements_arePagedFromTheirListsWithTheirTotals() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, data.createArticle(client, author, 2 + i % 2, "by author " + i));
        }
        long older = data.createAnnouncement(client, "older");
        long newer = data.createAnnouncement(client, "newer");

        client.get().uri("/api/users/{id}/articles?size=2&page=2", author).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(5)
                .jsonPath("$.items[*].id").isEqualTo(TestData.ints(ids.get(2), ids.get(3)));
        client.get().uri("/api/announcements?size=1&page=2").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(2)
                .jsonPath("$.items[*].id").isEqualTo(TestData.ints(older));
        assertThat(redis.type(KeyLayout.key(data.prefix(), "user:{id}:art", author))).isEqualTo(DataType.ZSET);
        assertThat(redis.opsForZSet().reverseRange(KeyLayout.key(data.prefix(), "announce"), 0, -1))
                .containsExactly(padded(newer), padded(older), "~all");

        data.asAdmin(client).delete().uri("/api/announcements/{id}", newer).exchange().expectStatus().isNoContent();
        client.get().uri("/api/announcements").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(1).jsonPath("$.items[*].id")
                        .isEqualTo(TestData.ints(older));
    }

    @Test
    void theAdminEndpoints_listEvictAndClearListCaches() {
        data.createArticle(client, author, 6, "listed");
        feed(6);

        data.asAdmin(client).get().uri("/api/admin/cache/stats").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$['channel-feed'].l2.layout").isEqualTo("ZSET");
        data.asAdmin(client).delete().uri("/api/admin/cache/channel-feed/6").exchange().expectStatus()
                .is2xxSuccessful();
        assertThat(redis.hasKey(KeyLayout.key(data.prefix(), "ch:{id}:art", 6))).isFalse();
        feed(6);
        data.asAdmin(client).delete().uri("/api/admin/cache/channel-feed").exchange().expectStatus().is2xxSuccessful();
        assertThat(redis.keys(data.prefix() + KeyLayout.VERSION + "ch:*:art")).isEmpty();
        assertThat(redis.hasKey(KeyLayout.key(data.prefix(), "ch:all"))).as("the channel list is another cache").isTrue();
    }

    private List<Long> feed(int channel) {
        List<Long> ids = new ArrayList<>();
        Map<?, ?> page = client.get().uri("/api/channels/{id}/articles", channel).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        ((List<?>) page.get("items")).forEach(item -> ids.add(((Number) ((Map<?, ?>) item).get("id")).longValue()));
        return ids;
    }

    private void patch(long id, Map<String, Object> body) {
        data.asAdmin(client).patch().uri("/api/articles/{id}", id).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange()
                .expectStatus().isOk();
    }

    private double loads(String cache) {
        return meters.find("newsfeed.cache.loads").tag("cache", cache).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    private static String padded(long id) {
        return String.format("%019d", id);
    }
}
