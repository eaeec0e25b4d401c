package com.newsfeed;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The service on MySQL 8.4, Redis 7 and RabbitMQ 4 in containers, with MySQL's own driver. Skipped where no Docker engine runs
 * (as on our CI machines, which prove the same against their MariaDB and Redis in the real-services build).
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"newsfeed.embedded-redis.enabled=false", "newsfeed.embedded-broker.enabled=false",
                "newsfeed.demo.enabled=true",
                "newsfeed.demo.password=newsfeed-demo",
                "newsfeed.demo.articles=200"})
@AutoConfigureRestTestClient
class ContainersIT {

    @Container
    @ServiceConnection
    static final MySQLContainer MYSQL = new MySQLContainer("mysql:8.4");

    @Container
    @ServiceConnection(name = "redis")
    static final GenericContainer<?> REDIS = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);

    @Container
    @ServiceConnection
    static final RabbitMQContainer RABBIT = new RabbitMQContainer("rabbitmq:4-alpine");

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void seededArticles_readAndWriteOnMySql() {
        client.get().uri("/api/articles/{id}", 200).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.content").isNotEmpty();
        Map<?, ?> login = client.post().uri("/api/authorizations").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("mobile", "13800000001", "password", "newsfeed-demo")).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        client.post().uri("/api/announcements").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + login.get("token"))
                .body(Map.of("title", "On MySQL", "content", "8.4")).exchange()
                .expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "SELECT read_count FROM article_reads WHERE article_id = 200", Long.class).equals(List.of(1L)));
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.db.details.database").isEqualTo("MySQL");
    }
}
