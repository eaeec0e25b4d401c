package com.newsfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a hostile client can send, endpoint by endpoint, written byte for byte on a socket (an HTTP library would
 * tidy most of it away): every request gets a 4xx problem+json answer, and the database is left as it was.
 */
@ApiTest
class HostileInputIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OVERSIZED = "a".repeat(20_000);

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    long user;
    long article;
    String token;

    @BeforeEach
    void setUp() {
        data.clear();
        user = data.createUser(client, "Target");
        article = data.createArticle(client, user, 2, "Untouched");
        token = data.tokenFor(user);
    }

    /** method, path with {article} and {user} placeholders, Content-Type (or null), body (or null), extra header. */
    static Stream<Arguments> hostileRequests() {
        return Stream.of(
                // Content types that are not one concrete media type.
                json("*/*", "PATCH", "/api/articles/{article}", "{\"title\":\"x\"}", 415),
                json("application/*", "PATCH", "/api/articles/{article}", "{\"title\":\"x\"}", 415),
                json("text/*", "POST", "/api/articles", "{\"channelId\":2,\"title\":\"t\",\"content\":\"c\"}", 415),
                json("multipart/form-data", "PATCH", "/api/users/{user}", "{\"intro\":\"x\"}", 415),
                json("multipart/form-data; boundary=xyz", "PATCH", "/api/users/{user}", "--xyz--", 415),
                json("application/x-www-form-urlencoded", "PATCH", "/api/users/{user}", "intro=x", 415),
                json("not a type", "PATCH", "/api/users/{user}", "{\"intro\":\"x\"}", 415),
                json("application/json; charset=no-such", "PATCH", "/api/users/{user}", "{\"intro\":\"x\"}", 415),
                // Coercions a strict API refuses.
                json("application/json", "PATCH", "/api/articles/{article}", "{\"channelId\":3.0}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"channelId\":2.7}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"channelId\":\"3\"}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"allowComment\":1}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"allowComment\":\"false\"}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"title\":5}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"title\":true}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"coverImages\":\"\"}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"coverImages\":[null]}", 400),
                json("application/json", "PATCH", "/api/articles/{article}",
                        "{\"coverImages\":[\"file:///etc/passwd\"]}", 400),
                json("application/json", "PATCH", "/api/articles/{article}",
                        "{\"coverImages\":[\"https://img.x/a b.jpg\"]}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"photo\":\"ftp://img.x/a.png\"}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"coverImages\":\"https://i.x/1\"}",
                        400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"title\":\"a\",\"title\":\"b\"}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"title\":\"a\"} {}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"channelId\":NaN}", 400),
                json("application/json", "PATCH", "/api/articles/{article}", "{\"authorId\":1}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"gender\":1}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"gender\":\"\"}", 400),
                json("application/json", "POST", "/api/authorizations", "{\"mobile\":13800000001,\"password\":\"x\"}",
                        400),
                // Dates outside a human range, or not ISO strings.
                json("application/json", "PATCH", "/api/users/{user}", "{\"birthday\":\"0000-01-01\"}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"birthday\":\"+999999999-12-31\"}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"birthday\":\"1582-10-10\"}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"birthday\":\"1899-12-31\"}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"birthday\":\"2999-01-01\"}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"birthday\":\"2001-02-29\"}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"birthday\":\"2000-1-1\"}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"birthday\":[2000,1,1]}", 400),
                json("application/json", "PATCH", "/api/users/{user}", "{\"birthday\":10957}", 400),
                // Ids and page parameters: ASCII digits only, never empty.
                get("/api/articles/+1", 400),
                get("/api/articles/%D9%A1", 400), // ARABIC-INDIC DIGIT ONE
                get("/api/articles/%EF%BC%91", 400), // FULLWIDTH DIGIT ONE
                get("/api/articles/1.0", 400),
                get("/api/articles/%20" + 1, 400),
                get("/api/articles/99999999999999999999", 400),
                get("/api/channels/2/articles?size=", 400),
                get("/api/channels/2/articles?size=%EF%BC%95", 400),
                get("/api/channels/2/articles?size=+5", 400),
                get("/api/users/{user}/articles?page=", 400),
                get("/api/announcements?page=1&size=", 400),
                // Paths the server refuses before the application.
                get("/api/articles/%00", 400),
                get("/api/articles/1%2F2", 400),
                get("/api/articles/1%5C2", 400),
                get("/api/articles/%ZZ", 400),
                get("/api/articles//1", 400),
                get("/actuator/health/..;/..;/actuator/prometheus", 400),
                get("/actuator/health/%2e%2e/prometheus", 400),
                get("/api/articles/1;x=y", 400),
                get("/error", 404),
                // Headers.
                Arguments.of("GET", "/api/articles/{article}", null, null, "X-Padding: " + OVERSIZED, 400),
                Arguments.of("GET", "/api/articles/{article}", null, null, "No colon here", 400),
                Arguments.of("GET", "/api/articles/{article}", null, null, "Authorization: Bearer not.a.jwt", 401),
                Arguments.of("PATCH", "/api/articles/{article}", "application/json", "{\"title\":\"x\"}",
                        "Authorization: Basic dXNlcjpwYXNz", 401));
    }

    @ParameterizedTest(name = "{0} {1} [{2}] {3} {4} -> {5}")
    @MethodSource("hostileRequests")
    void hostileRequest_getsA4xxProblem_andChangesNothing(String method, String path, String contentType,
            String body, String extraHeader, int expected) throws IOException {
        List<Map<String, Object>> before = snapshot();
        String target = path.replace("{article}", Long.toString(article)).replace("{user}", Long.toString(user));
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (extraHeader == null || !extraHeader.startsWith("Authorization:")) {
            request.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (extraHeader != null) {
            request.append(extraHeader).append("\r\n");
        }
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        request.append("\r\n");

        Response response = send(request.toString().getBytes(StandardCharsets.UTF_8), payload);

        assertThat(response.status()).as(response.toString()).isEqualTo(expected);
        assertThat(response.header("content-type")).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(expected);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(snapshot()).as("the database").isEqualTo(before);
    }

    private List<Map<String, Object>> snapshot() {
        return Stream.of("users", "articles", "article_contents", "announcements")
                .flatMap(table -> jdbc.queryForList("SELECT * FROM " + table + " ORDER BY 1").stream()).toList();
    }

    private static Arguments json(String contentType, String method, String path, String body, int expected) {
        return Arguments.of(method, path, contentType, body, null, expected);
    }

    private static Arguments get(String path, int expected) {
        return Arguments.of("GET", path, null, null, null, expected);
    }

    private Response send(byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return Response.parse(all.toString(StandardCharsets.UTF_8));
        }
    }

    private record Response(int status, Map<String, String> headers, String body) {

        static Response parse(String raw) {
            int split = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, Math.max(split, 0)).split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1)
                            .trim());
                }
            }
            String body = split < 0 ? "" : raw.substring(split + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            int status = lines.length > 0 && lines[0].length() >= 12 ? Integer.parseInt(lines[0].substring(9, 12)) : -1;
            return new Response(status, headers, body);
        }

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        private static String dechunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }
    }
}
