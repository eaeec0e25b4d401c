package com.newsfeed.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.support.TestData;

/**
 * The database goes away (every new JDBC connection fails, as when the server is down): what the caches hold is
 * still served; what needs the database gets a 503 problem; writes get a 503 and change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "newsfeed.demo.enabled=false")
@AutoConfigureRestTestClient
@Import(TestData.class)
class DatabaseOutageIT {

    static final AtomicBoolean DATABASE_DOWN = new AtomicBoolean();
    static final AtomicLong NANOS = new AtomicLong();

    @TestConfiguration
    static class SwitchableDatabase {

        /** The caches' clock, moved by the test. */
        @Bean
        @Primary
        Ticker testTicker() {
            return NANOS::get;
        }

        @Bean
        static BeanPostProcessor switchableDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource && !(bean instanceof DelegatingDataSource)
                            ? new DelegatingDataSource(dataSource) {
                                @Override
                                public Connection getConnection() throws SQLException {
                                    if (DATABASE_DOWN.get()) {
                                        throw new SQLTransientConnectionException("database down (test)");
                                    }
                                    return super.getConnection();
                                }
                            }
                            : bean;
                }
            };
        }
    }

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    StringRedisTemplate redis;

    @AfterEach
    void databaseBack() {
        DATABASE_DOWN.set(false);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void cachedReadsSucceed_uncachedReadsAndWritesGet503_andNothingChanges(CapturedOutput output) {
        data.clear();
        long author = data.createUser(client, "Survivor");
        long cached = data.createArticle(client, author, 2, "In the cache");
        long cold = data.createArticle(client, author, 2, "Never read");
        client.get().uri("/api/articles/{id}", cached).exchange().expectStatus().isOk();
        long articlesBefore = data.count("articles");
        RestTestClient admin = data.asAdmin(client);
        RestTestClient writer = data.as(client, author);

        DATABASE_DOWN.set(true);

        client.get().uri("/api/articles/{id}", cached).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("In the cache");
        client.get().uri("/api/articles/{id}", cold).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5");
        writer.post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("channelId", 2, "title", "Lost", "content", "x"))
                .exchange()
                .expectStatus().isEqualTo(503);
        admin.patch().uri("/api/articles/{id}", cached).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Changed in an outage")).exchange()
                .expectStatus().isEqualTo(503);
        admin.get().uri("/api/admin/cache/stats").exchange() // the admin check reads the account: 503, not 500
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5");
        // ...answered before the container meets it: a warning line, not an unhandled exception's stack trace.
        assertThat(output).contains("GET /api/admin/cache/stats: the database is unavailable")
                .doesNotContain("Servlet.service()");
        client.get().uri("/api/articles/{id}", cached).exchange()
                .expectBody().jsonPath("$.title").isEqualTo("In the cache");
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();

        DATABASE_DOWN.set(false);
        assertThat(data.count("articles")).isEqualTo(articlesBefore);
        client.get().uri("/api/articles/{id}", cold).exchange().expectStatus().isOk();
        client.get().uri("/api/articles/{id}", cached).exchange()
                .expectBody().jsonPath("$.title").isEqualTo("In the cache");
    }

    @Test
    void expiredEntry_isServedStaleAndMarked_whileTheDatabaseIsDown() {
        data.clear();
        long author = data.createUser(client, "Stale author");
        long article = data.createArticle(client, author, 2, "Expired but kept");
        client.get().uri("/api/articles/{id}", article).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("Cache-Status");
        redis.delete(redis.keys(data.prefix() + "*"));     // Redis cannot answer either
        NANOS.addAndGet(Duration.ofSeconds(76).toNanos()); // past every L1 TTL, within stale-if-error

        DATABASE_DOWN.set(true);

        client.get().uri("/api/articles/{id}", article).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Status", "newsfeed-cache; hit; detail=stale-if-error")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody().jsonPath("$.title").isEqualTo("Expired but kept");
    }
}
