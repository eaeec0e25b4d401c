package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.cache.CacheNode;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

/** {@code GET /api/admin/cache/overview}, the dashboard's poll: admins only, every cache and this node in one call. */
@ApiTest
class CacheOverviewApiIT {

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    CacheNode node;

    @BeforeEach
    void setUp() {
        data.clear();
    }

    @Test
    void overview_givesEveryCacheTheCircuitAndThisNode() {
        long article = data.createArticle(client, data.createUser(client, "Author"), 2, "Counted");
        client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();
        client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();

        Map<?, ?> overview = data.asAdmin(client).get().uri("/api/admin/cache/overview").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(overview.get("node")).isEqualTo(node.id());
        assertThat(overview.get("redisCircuit")).isEqualTo("CLOSED");
        assertThat(((Map<?, ?>) overview.get("invalidations")).get("received"))
                .as("only other instances' messages count").isEqualTo(0);
        assertThat((Map<?, ?>) overview.get("caches")).hasSize(10);
        Map<?, ?> articleInfo = (Map<?, ?>) ((Map<?, ?>) overview.get("caches")).get("article-info");
        Map<?, ?> l1 = (Map<?, ?>) articleInfo.get("l1");
        assertThat(((Number) l1.get("capacityBytes")).longValue()).isEqualTo(64 * 1024 * 1024);
        assertThat(((Map<?, ?>) articleInfo.get("bloom")).get("name")).isEqualTo("articles");
        assertThat(((Number) l1.get("hits")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) l1.get("size")).longValue()).isEqualTo(1);
        assertThat(Duration.between(Instant.parse((String) overview.get("at")), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void overview_isForAdminsOnly() {
        client.get().uri("/api/admin/cache/overview").exchange().expectStatus().isUnauthorized();
        data.as(client, data.insertUser("Reader")).get().uri("/api/admin/cache/overview").exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType("application/problem+json");
    }
}
