package com.newsfeed.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.cache.CacheRegistry;
import com.newsfeed.cache.CacheStatistics;
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

/**
 * The benchmark's "no cache" baseline: its own endpoint, the same JSON as the product's, read through JPA every
 * time, nothing stored.
 */
@ApiTest
@TestPropertySource(properties = "newsfeed.bench.baseline=database")
class DatabaseModeIT {

    private static final int TECH = 2;

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    CacheRegistry caches;

    long article;

    @BeforeEach
    void setUp() {
        data.clear();
        redis.delete(redis.keys(data.prefix() + "*"));
        article = data.createArticle(client, data.createUser(client, "Author"), TECH, "First title");
    }

    @Test
    void reads_comeFromTheDatabase_andLeaveNoCacheEntry() {
        long loadsBefore = loads("article-info") + loads("article-body");
        for (int i = 0; i < 3; i++) {
            client.get().uri("/api/bench/articles/{id}", article).exchange()
                    .expectStatus().isOk()
                    .expectHeader().exists("ETag")
                    .expectBody().jsonPath("$.title").isEqualTo("First title")
                    .jsonPath("$.author.name").isEqualTo("Author");
        }

        assertThat(loads("article-info") + loads("article-body")).isEqualTo(loadsBefore);
        assertThat(redis.keys(KeyLayout.key(data.prefix(), "art:{id}:*", article))).isEmpty();
        assertThat(caches.cache("article-info").orElseThrow().peekLocal(article)).isEmpty();
    }

    @Test
    void update_isVisibleAtOnce() {
        client.get().uri("/api/bench/articles/{id}", article).exchange().expectStatus().isOk();
        data.asAdmin(client).patch().uri("/api/articles/{id}", article).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Second title")).exchange().expectStatus().isOk();

        client.get().uri("/api/bench/articles/{id}", article).exchange()
                .expectBody().jsonPath("$.title").isEqualTo("Second title");
    }

    @Test
    void baseline_answersTheSameBytesAsTheProduct() {
        byte[] product = client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        byte[] baseline = client.get().uri("/api/bench/articles/{id}", article).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "max-age=10")
                .expectBody().returnResult().getResponseBody();

        assertThat(new String(baseline)).isEqualTo(TestData.withoutCounts(product));
    }

    private long loads(String cache) {
        CacheStatistics.Loads loads = caches.cache(cache).orElseThrow().statistics().loads();
        return loads.found() + loads.absent() + loads.errors();
    }
}
