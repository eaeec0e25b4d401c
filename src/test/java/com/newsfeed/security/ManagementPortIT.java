package com.newsfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.newsfeed.support.TestData;

/**
 * The actuator on a port of its own: Prometheus scrapes it without a token (the network guards that port), and
 * the main port no longer serves it (and still asks for a token first).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"newsfeed.demo.enabled=false", "newsfeed.cache.key-prefix=it:${random.uuid}:"})
class ManagementPortIT {

    private static final int MANAGEMENT_PORT = freePort();

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void managementPort(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> MANAGEMENT_PORT);
        registry.add("management.server.address", () -> "127.0.0.1");
    }

    @Test
    void theManagementPort_servesPrometheusWithoutAToken_andTheMainPortDoesNot() throws Exception {
        HttpResponse<String> scrape = get(MANAGEMENT_PORT, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("newsfeed_cache_gets_total");
        assertThat(get(MANAGEMENT_PORT, "/actuator/health/readiness").statusCode()).isEqualTo(200);

        assertThat(get(port, "/actuator/prometheus").statusCode()).as("no token on the main port").isEqualTo(401);
        String admin = tokens.accessToken(TestData.insertAdmin(jdbc), Role.ADMIN);
        assertThat(get(port, "/actuator/prometheus", admin).statusCode()).as("not served there").isEqualTo(404);
        assertThat(get(port, "/api/admin/cache/stats").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(int target, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int target, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
