package com.newsfeed.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

/**
 * The benchmark's Spring Cache baseline: its own endpoint, the product's JSON cached by {@code @Cacheable(sync =
 * true)} in Redis as one string (the response bytes, under this context's key prefix).
 */
@ApiTest
@TestPropertySource(properties = "newsfeed.bench.baseline=spring-cache")
class SpringCacheModeIT {

    private static final int TECH = 2;

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    StringRedisTemplate redis;

    long article;
    String springKey;

    @BeforeEach
    void setUp() {
        data.clear();
        redis.delete(redis.keys(data.prefix() + "*"));
        article = data.createArticle(client, data.createUser(client, "Author"), TECH, "First title");
        springKey = data.prefix() + "spring:article-detail-bytes::" + article;
    }

    @Test
    void get_storesTheDetailAsOneJsonString_withTheConfiguredTtl() {
        client.get().uri("/api/bench/articles/{id}", article).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("First title").jsonPath("$.author.name")
                        .isEqualTo("Author");

        assertThat(redis.type(springKey).code()).isEqualTo("string");
        assertThat(redis.getExpire(springKey)).isBetween(Duration.ofMinutes(29).toSeconds(), Duration.ofMinutes(30)
                .toSeconds());
        assertThat(redis.opsForValue().get(springKey)).contains("\"title\":\"First title\"");
        // the multi-level caches are not on this path
        assertThat(redis.hasKey(KeyLayout.key(data.prefix(), "art:{id}:info", article))).isFalse();
        assertThat(redis.hasKey(KeyLayout.key(data.prefix(), "art:{id}:detail", article))).isFalse();
    }

    @Test
    void update_evictsAfterCommit_soTheNextReadHasTheNewTitle() {
        client.get().uri("/api/bench/articles/{id}", article).exchange().expectStatus().isOk();
        assertThat(redis.hasKey(springKey)).isTrue();

        data.asAdmin(client).patch().uri("/api/articles/{id}", article).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Second title")).exchange().expectStatus().isOk();

        assertThat(redis.hasKey(springKey)).isFalse();
        client.get().uri("/api/bench/articles/{id}", article).exchange()
                .expectBody().jsonPath("$.title").isEqualTo("Second title");
        assertThat(redis.opsForValue().get(springKey)).contains("\"title\":\"Second title\"");
    }

    @Test
    void cachedBytes_areTheProductsResponse_andAHitSendsThemAsTheyAre() {
        byte[] baseline = client.get().uri("/api/bench/articles/{id}", article).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        byte[] product = client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        byte[] hit = client.get().uri("/api/bench/articles/{id}", article).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "max-age=10")
                .expectBody().returnResult().getResponseBody();

        assertThat(new String(baseline)).isEqualTo(TestData.withoutCounts(product)).isEqualTo(new String(hit));
        assertThat(redis.opsForValue().get(springKey)).endsWith("\n" + TestData.withoutCounts(product));
    }

    @Test
    void missingArticle_is404_andNothingIsCached() {
        client.get().uri("/api/bench/articles/{id}", 987_654).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(redis.hasKey(data.prefix() + "spring:article-detail-bytes::987654")).isFalse();
    }
}
