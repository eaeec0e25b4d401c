package com.newsfeed.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;
import com.newsfeed.system.EmbeddedRedis;

/** Actuator, OpenAPI, CORS and the embedded Redis: what operators and frontend developers rely on. */
@ApiTest
class OperationsApiIT {

    @Autowired
    RestTestClient client;

    @Autowired
    ObjectProvider<EmbeddedRedis> embeddedRedis;

    @Autowired
    RedisConnectionFactory redis;

    @Autowired
    TestData data;

    @Test
    void health_isUpWithLivenessAndReadinessGroups() {
        data.asAdmin(client).get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
        client.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.db").doesNotExist();
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components").doesNotExist(); // the probe is open; what it is made of is not
        data.asAdmin(client).get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.redis").doesNotExist();
    }

    @Test
    void actuator_exposesOnlyHealthInfoMetricsAndPrometheus() {
        RestTestClient client = data.asAdmin(this.client);
        client.get().uri("/actuator/info").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.app.name").isEqualTo("newsfeed-cache");
        client.get().uri("/actuator/metrics/jvm.memory.used").exchange().expectStatus().isOk();
        client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("http_server_requests"));
        for (String hidden : new String[] {"env", "beans", "configprops", "heapdump", "loggers", "shutdown"}) {
            client.get().uri("/actuator/" + hidden).exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void openApi_describesTheApi() {
        client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/articles/{id}'].get").exists()
                .jsonPath("$.paths['/api/channels/{id}/articles'].get").exists()
                .jsonPath("$.paths['/api/users'].post").exists()
                .jsonPath("$.paths['/api/announcements/{id}'].patch").exists();
        client.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }

    /** Every operation of the API description says who may call it, and those that need a token name the scheme. */
    @Test
    void everyOperation_saysWhoMayCallIt() {
        String docs = client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        tools.jackson.databind.JsonNode paths = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(docs).get("paths");
        java.util.List<String> unstated = new java.util.ArrayList<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String summary = operation.getValue().path("summary").asString("");
            boolean public_ = summary.contains("(anyone");
            boolean needsToken = operation.getValue().has("security");
            if (!(public_ ^ needsToken)) {
                unstated.add(operation.getKey().toUpperCase() + " " + path.getKey() + ": " + summary);
            }
        }));
        assertThat(unstated).as("operations that do not say who may call them").isEmpty();
        assertThat(paths.size()).isGreaterThan(10);
    }

    @Test
    void cors_allowsConfiguredOriginsOnly() {
        client.options().uri("/api/channels")
                .header(HttpHeaders.ORIGIN, "http://localhost:5173")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:5173");
        client.options().uri("/api/channels")
                .header(HttpHeaders.ORIGIN, "https://evil.test")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void unknownPath_is404Problem() {
        client.get().uri("/api/nothing-here").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void embeddedRedis_listensOnAFreePortNotTheStandardOne() {
        EmbeddedRedis embedded = embeddedRedis.getIfAvailable();
        org.junit.jupiter.api.Assumptions.assumeTrue(embedded != null, "real Redis in use");
        assertThat(embedded.port()).isNotEqualTo(6379);
        assertThat(((LettuceConnectionFactory) redis).getPort()).isEqualTo(embedded.port());
        assertThat(redis.getConnection().ping()).isEqualTo("PONG");
    }
}
