package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.cache.CacheRegistry;
import com.newsfeed.cache.guard.RedisBloomFilter;
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

import tools.jackson.databind.json.JsonMapper;

/** The read path as clients see it: ETags, 304s, what lands in Redis, the admin endpoints and the meters. */
@ApiTest
class CachedReadsApiIT {

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    RedisExecutor cacheRedis;

    @Autowired
    CacheRegistry registry;

    @Autowired
    ApplicationContext context;

    long author;

    @BeforeEach
    void setUp() {
        data.clear();
        author = data.createUser(client, "Cached Author");
    }

    @Test
    void articleGet_hasAStrongEtag_answers304ToIt_andChangesItOnUpdate() {
        long id = data.createArticle(client, author, 2, "Tagged");
        String etag = client.get().uri("/api/articles/{id}", id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=10")
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .returnResult(String.class).getResponseHeaders().getETag();
        assertThat(etag).matches("\"[A-Za-z0-9_-]{44}\""); // info, body, author, counts

        client.get().uri("/api/articles/{id}", id).header(HttpHeaders.IF_NONE_MATCH, etag).exchange()
                .expectStatus().isNotModified()
                .expectBody().isEmpty();

        data.asAdmin(client).patch().uri("/api/articles/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Retagged")).exchange().expectStatus().isOk();
        client.get().uri("/api/articles/{id}", id).header(HttpHeaders.IF_NONE_MATCH, etag).exchange()
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.ETAG, newTag -> assertThat(newTag).isNotEqualTo(etag))
                .expectBody().jsonPath("$.title").isEqualTo("Retagged");
    }

    @Test
    void authorChange_changesTheArticleEtag() {
        long id = data.createArticle(client, author, 2, "By an author");
        String before = etagOf("/api/articles/" + id);

        data.asAdmin(client).patch().uri("/api/users/{id}", author).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Renamed Author")).exchange().expectStatus().isOk();

        assertThat(etagOf("/api/articles/" + id)).isNotEqualTo(before);
        client.get().uri("/api/articles/{id}", id).exchange()
                .expectBody().jsonPath("$.author.name").isEqualTo("Renamed Author");
    }

    @Test
    void userAndAnnouncementGets_roundTripTheirEtags() {
        long announcement = data.createAnnouncement(client, "Tagged notice");
        for (String path : new String[] {"/api/users/" + author, "/api/announcements/" + announcement,
                "/api/channels"}) {
            String etag = etagOf(path);
            client.get().uri(path).header(HttpHeaders.IF_NONE_MATCH, etag).exchange()
                    .expectStatus().isNotModified();
        }
    }

    @Test
    void cachedDetail_isTheSameJsonAsTheWriteResponse() {
        Map<?, ?> written = data.as(client, author).post().uri("/api/articles")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("channelId", 3, "title", "Same shape", "content", "Spliced"))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        long id = ((Number) written.get("id")).longValue();

        String cold = client.get().uri("/api/articles/{id}", id).exchange()
                .expectBody(String.class).returnResult().getResponseBody();
        String warm = client.get().uri("/api/articles/{id}", id).exchange()
                .expectBody(String.class).returnResult().getResponseBody();

        // A read adds the counts (a flush between the two reads may change the reads count): all else is the same.
        Map<?, ?> coldRead = json.readValue(cold, Map.class);
        Map<?, ?> warmRead = json.readValue(warm, Map.class);
        assertThat(coldRead.get("counts")).isEqualTo(Map.of("reads", 0, "likes", 0, "collections", 0));
        assertThat(cold).endsWith(",\"counts\":{\"reads\":0,\"likes\":0,\"collections\":0}}");
        coldRead.remove("counts");
        warmRead.remove("counts");
        assertThat(coldRead).isEqualTo(written);
        assertThat(warmRead).isEqualTo(coldRead);
    }

    @Test
    void reads_storeTheConfiguredLayoutsInRedis() {
        long id = data.createArticle(client, author, 2, "Stored");
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();

        assertThat(redis.type(KeyLayout.key(data.prefix(), "art:{id}:info", id))).isEqualTo(DataType.STRING);
        assertThat(redis.opsForValue().get(KeyLayout.key(data.prefix(), "art:{id}:info", id))).startsWith("1:{\"id\":" + id);
        assertThat(redis.type(KeyLayout.key(data.prefix(), "art:{id}:detail", id))).isEqualTo(DataType.STRING);
        assertThat(redis.type(KeyLayout.key(data.prefix(), "user:{id}:profile", author))).isEqualTo(DataType.HASH);
        assertThat(redis.opsForHash().get(KeyLayout.key(data.prefix(), "user:{id}:profile", author), "name"))
                .isEqualTo("Cached Author");
        assertThat(redis.getExpire(KeyLayout.key(data.prefix(), "art:{id}:info", id), TimeUnit.SECONDS))
                .isBetween(Duration.ofMinutes(30).toSeconds() - 5, Duration.ofMinutes(40).toSeconds());
        assertThat(redis.getExpire(KeyLayout.key(data.prefix(), "art:{id}:detail", id), TimeUnit.SECONDS))
                .isBetween(Duration.ofMinutes(60).toSeconds() - 5, Duration.ofMinutes(70).toSeconds());
    }

    @Test
    void profileEdit_updatesTheCachedHashInPlace() {
        client.get().uri("/api/users/{id}", author).exchange().expectStatus().isOk();
        String key = KeyLayout.key(data.prefix(), "user:{id}:profile", author);
        String versionBefore = (String) redis.opsForHash().get(key, "_rv");

        data.asAdmin(client).patch().uri("/api/users/{id}", author).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("intro", "Edited in place")).exchange().expectStatus().isOk();

        assertThat(redis.opsForHash().get(key, "intro")).isEqualTo("Edited in place");
        assertThat(Long.parseLong((String) redis.opsForHash().get(key, "_rv")))
                .isGreaterThan(Long.parseLong(versionBefore));
        assertThat(redis.getExpire(key, TimeUnit.MINUTES)).as("the entry was kept, not deleted").isGreaterThan(29);
        client.get().uri("/api/users/{id}", author).exchange()
                .expectBody().jsonPath("$.intro").isEqualTo("Edited in place");
    }

    @Test
    void missingArticle_isRememberedAsAbsent() {
        long loadsBefore = stat("loads", "found") + stat("loads", "absent");
        long hitsBefore = stat("l1", "hits");

        client.get().uri("/api/articles/{id}", 88_888_888).exchange().expectStatus().isNotFound();
        client.get().uri("/api/articles/{id}", 88_888_888).exchange().expectStatus().isNotFound();

        assertThat(stat("loads", "found") + stat("loads", "absent")).as("the bloom filter or one load")
                .isLessThanOrEqualTo(loadsBefore + 1);
        assertThat(stat("l1", "hits")).as("the second read hit the L1 marker").isEqualTo(hitsBefore + 1);
    }

    /**
     * The articles' bloom filter is built from what a read can find: a draft that predates the build is answered
     * 404 without a query; publishing it adds it at once (and drops the markers of its info and body).
     */
    @Test
    void draftThatPredatesTheFilter_isRejectedWithoutAQuery_andReadableAtOnceWhenPublished() {
        RedisBloomFilter articleIds = context.getBean("articleIdFilter", RedisBloomFilter.class);
        long draft = data.insertDraftRow(author, 2, "Soon");
        long published = data.createArticle(client, author, 2, "Out now");
        assertThat(articleIds.rebuild()).as("only the published article").isEqualTo(1);
        long rejections = stat("loads", "bloomRejections");
        long loads = stat("loads", "found") + stat("loads", "absent");

        client.get().uri("/api/articles/{id}", draft).exchange().expectStatus().isNotFound();
        assertThat(stat("loads", "bloomRejections")).isEqualTo(rejections + 1);
        assertThat(stat("loads", "found") + stat("loads", "absent")).as("no query").isEqualTo(loads);

        data.asAdmin(client).patch().uri("/api/articles/{id}", draft).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("draft", false)).exchange().expectStatus().isOk();
        assertThat(articleIds.mightContain(draft)).isTrue();
        client.get().uri("/api/articles/{id}", draft).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("Soon");
        assertThat(articleIds.mightContain(published)).isTrue();
        assertThat(articleIds.mightContain(data.createDraft(client, author, 2, "Later")))
                .as("a draft created through the API joins at once: an older release may publish it").isTrue();
    }

    @Test
    void writes_areVisibleAtOnce() {
        long id = data.createArticle(client, author, 2, "Soon gone");
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();

        data.asAdmin(client).delete().uri("/api/articles/{id}", id).exchange().expectStatus().isNoContent();
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isNotFound();

        data.asAdmin(client).patch().uri("/api/users/{id}", author).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", "DISABLED")).exchange().expectStatus().isOk();
        client.get().uri("/api/users/{id}", author).exchange().expectStatus().isNotFound();
    }

    @Test
    void stats_reportEveryCacheWithItsLevelsAndTtls() {
        long id = data.createArticle(client, author, 2, "Counted");
        long hitsBefore = stat("l1", "hits");
        long loadsBefore = stat("loads", "found");
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();

        assertThat(stat("l1", "hits")).isEqualTo(hitsBefore + 1);
        assertThat(stat("loads", "found")).isEqualTo(loadsBefore + 1);
        data.asAdmin(client).get().uri("/api/admin/cache/stats").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(10)
                .jsonPath("$['article-info'].l1.capacityBytes").isEqualTo(64 * 1024 * 1024)
                .jsonPath("$['article-info'].l2.layout").isEqualTo("STRING")
                .jsonPath("$['article-info'].l2.ttl").isEqualTo("PT30M + [0, PT10M)")
                .jsonPath("$['article-info'].bloom.name").isEqualTo("articles")
                .jsonPath("$['user-profile'].l2.layout").isEqualTo("HASH")
                .jsonPath("$['channels'].l2.ttl").isEqualTo("PT24H")
                .jsonPath("$['channel-feed'].l2.layout").isEqualTo("ZSET")
                .jsonPath("$['channel-feed'].l2.ttl").isEqualTo("PT10M + [0, PT2M)")
                .jsonPath("$['announcement-list'].l1.ttl").isEqualTo("PT10S + [0, PT5S)");
    }

    @Test
    void adminEvict_removesTheEntryAtEveryLevel() {
        long id = data.createArticle(client, author, 2, "Evictable");
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();
        assertThat(redis.hasKey(KeyLayout.key(data.prefix(), "art:{id}:info", id))).isTrue();
        long loadsBefore = stat("loads", "found");

        data.asAdmin(client).delete().uri("/api/admin/cache/article-info/{id}", id).exchange().expectStatus()
                .isNoContent();

        assertThat(redis.hasKey(KeyLayout.key(data.prefix(), "art:{id}:info", id))).isFalse();
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();
        assertThat(stat("loads", "found")).as("loaded again").isEqualTo(loadsBefore + 1);
        data.asAdmin(client).delete().uri("/api/admin/cache/no-such-cache/1").exchange().expectStatus().isNotFound();
        data.asAdmin(client).delete().uri("/api/admin/cache/article-info/-3").exchange().expectStatus().isBadRequest();
    }

    @Test
    void meters_andHealth_describeTheCaches() {
        long id = data.createArticle(client, author, 2, "Metered");
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();

        data.asAdmin(client).get().uri("/actuator/prometheus").exchange()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("newsfeed_cache_gets_total{cache=\"article-info\",level=\"l1\",result=\"hit\"}")
                        .contains("newsfeed_cache_loads_total{cache=\"article-info\",result=\"found\"}")
                        .contains("newsfeed_cache_load_seconds_count{cache=\"article-info\"}")
                        .contains("newsfeed_cache_bloom_rejections_total")
                        .contains("newsfeed_cache_lease_waits_total"));
        data.asAdmin(client).get().uri("/actuator/health").exchange()
                .expectBody()
                .jsonPath("$.components.caches.status").isEqualTo("UP")
                .jsonPath("$.components.caches.details.redis").isEqualTo("UP")
                .jsonPath("$.components.caches.details.bloomFilters.articles").isEqualTo("ready");
    }

    /**
     * An article detail's Redis round trips: its info, body and author are read together, so L1 misses cost one
     * round trip per level, not one per part. (The maintenance schedule is paused, so that nothing else talks to
     * Redis meanwhile.)
     */
    @Test
    void articleDetail_roundTrips_warmAndCold() {
        long id = data.createArticle(client, author, 2, "Round trips");
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk(); // everything in L1 and L2
        SmartLifecycle schedule = context.getBean("cacheMaintenanceSchedule", SmartLifecycle.class);
        schedule.stop();
        try {
            assertThat(roundTripsOfADetail(id)).as("all in L1").isZero();

            evictLocally(id, "article-body", "user-profile");
            assertThat(roundTripsOfADetail(id)).as("info in L1 (so the author is known): body and author")
                    .isEqualTo(1);

            evictLocally(id, "article-info", "article-body", "user-profile");
            assertThat(roundTripsOfADetail(id)).as("nothing in L1: info and body, then the author").isEqualTo(2);

            evictLocally(id, "article-info", "article-body");
            redis.delete(List.of(KeyLayout.key(data.prefix(), "art:{id}:info", id), KeyLayout.key(data.prefix(), "art:{id}:detail", id)));
            assertThat(roundTripsOfADetail(id)).as("cold info and body: read, guards, fill; the author in L1")
                    .isEqualTo(3);
        } finally {
            schedule.start();
        }
    }

    private long roundTripsOfADetail(long id) {
        long before = cacheRedis.roundTrips();
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();
        return cacheRedis.roundTrips() - before;
    }

    private void evictLocally(long article, String... caches) {
        for (String cache : caches) {
            registry.cache(cache).orElseThrow().evictLocal(cache.equals("user-profile") ? author : article);
        }
    }

    /** One figure of the article-info cache from the stats endpoint (meters accumulate across tests). */
    private long stat(String section, String field) {
        Map<?, ?> stats = data.asAdmin(client).get().uri("/api/admin/cache/stats").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> part = (Map<?, ?>) ((Map<?, ?>) stats.get("article-info")).get(section);
        return ((Number) part.get(field)).longValue();
    }

    private String etagOf(String path) {
        return client.get().uri(path).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getETag();
    }
}
