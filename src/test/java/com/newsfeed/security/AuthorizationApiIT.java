package com.newsfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.support.ApiTest;
import com.newsfeed.support.MovableClock;
import com.newsfeed.support.TestData;

/** Accounts end to end: logging in, refreshing, and who may call what, over real HTTP with real tokens. */
@ApiTest
@Import(MovableClock.Configuration.class)
class AuthorizationApiIT {

    private static final int TECH = 2;

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    MovableClock clock;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    String mobile;
    long user;

    @BeforeEach
    void setUp() {
        data.clear();
        mobile = TestData.nextMobile();
        user = createdId(client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Reader", "mobile", mobile, "password", TestData.PASSWORD)));
    }

    @Test
    void login_givesAnAccessToken_thatShowsTheCallerTheirOwnAccount() {
        Map<?, ?> tokens = login(mobile, TestData.PASSWORD);
        assertThat(tokens.keySet()).map(Object::toString).containsExactlyInAnyOrder("token", "refreshToken");

        withBearer(tokens.get("token")).get().uri("/api/user").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(user)
                .jsonPath("$.mobile").isEqualTo(mobile)
                .jsonPath("$.role").isEqualTo("USER")
                .jsonPath("$.passwordHash").doesNotExist();
        client.get().uri("/api/users/{id}", user).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.mobile").doesNotExist();
    }

    @Test
    void login_wrongPasswordOrUnknownNumber_isTheSame401() {
        for (Map<String, String> wrong : java.util.List.of(Map.of("mobile", mobile, "password", "not-the-password"),
                Map.of("mobile", "19999999999", "password", TestData.PASSWORD))) {
            client.post().uri("/api/authorizations").contentType(MediaType.APPLICATION_JSON).body(wrong).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isEqualTo("The mobile number or the password is wrong.");
        }
    }

    @Test
    void withoutAToken_everyWriteIs401_andChangesNothing() {
        long article = data.createArticle(client, user, TECH, "Mine");
        client.post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("channelId", TECH, "title", "Anonymous", "content", "x")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.patch().uri("/api/articles/{id}", article).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Defaced")).exchange().expectStatus().isUnauthorized();
        client.delete().uri("/api/articles/{id}", article).exchange().expectStatus().isUnauthorized();
        client.patch().uri("/api/users/{id}", user).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", "DISABLED")).exchange().expectStatus().isUnauthorized();
        client.delete().uri("/api/admin/cache/article-info").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/user").exchange().expectStatus().isUnauthorized();
        client.put().uri("/api/authorizations").exchange().expectStatus().isUnauthorized();

        assertThat(data.count("articles")).isEqualTo(1);
        assertThat(data.count("articles WHERE title = 'Mine' AND status = 'PUBLISHED'")).isEqualTo(1);
        assertThat(data.count("users WHERE status = 'ENABLED' AND role = 'USER'")).isEqualTo(1);
    }

    @Test
    void anotherUsersToken_is403_forTheirArticleAndProfile_andAnAdminMayDoBoth() {
        long article = data.createArticle(client, user, TECH, "Mine");
        long other = data.createUser(client, "Other");
        RestTestClient asOther = data.as(client, other);

        asOther.patch().uri("/api/articles/{id}", article).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Defaced")).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        asOther.delete().uri("/api/articles/{id}", article).exchange().expectStatus().isForbidden();
        asOther.patch().uri("/api/users/{id}", user).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("intro", "Defaced")).exchange().expectStatus().isForbidden();
        data.as(client, user).patch().uri("/api/users/{id}", user).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", "DISABLED")).exchange().expectStatus().isForbidden();
        assertThat(data.count("articles WHERE title = 'Mine' AND status = 'PUBLISHED'")).isEqualTo(1);
        assertThat(data.count("users WHERE intro IS NULL AND status = 'ENABLED' AND role = 'USER'")).isEqualTo(2);

        data.asAdmin(client).patch().uri("/api/articles/{id}", article).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Moderated")).exchange().expectStatus().isOk();
        data.asAdmin(client).patch().uri("/api/users/{id}", other).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", "DISABLED")).exchange().expectStatus().isOk();
        assertThat(data.count("articles WHERE title = 'Moderated'")).isEqualTo(1);
        assertThat(data.count("users WHERE status = 'DISABLED'")).isEqualTo(1);
    }

    /** The role in a token is what it was at issue; the account's row decides what the token may do now. */
    @Test
    void aDemotedOrDisabledAdmin_losesAdminRightsAtOnce_thoughTheTokenHasNotExpired() {
        long article = data.createArticle(client, user, TECH, "Mine");
        long admin = data.adminId();
        RestTestClient asAdmin = data.asAdmin(client);
        asAdmin.get().uri("/api/admin/cache/stats").exchange().expectStatus().isOk();

        jdbc.update("UPDATE users SET role = 'USER' WHERE id = ?", admin);

        asAdmin.get().uri("/api/admin/cache/stats").exchange().expectStatus().isForbidden();
        asAdmin.get().uri("/actuator/prometheus").exchange().expectStatus().isForbidden();
        asAdmin.post().uri("/api/announcements").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Still admin?", "content", "no")).exchange().expectStatus().isForbidden();
        asAdmin.patch().uri("/api/articles/{id}", article).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Moderated")).exchange().expectStatus().isForbidden();
        asAdmin.patch().uri("/api/users/{id}", admin).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", "ENABLED")).exchange().expectStatus().isForbidden();

        jdbc.update("UPDATE users SET role = 'ADMIN', status = 'DISABLED' WHERE id = ?", admin);

        asAdmin.get().uri("/api/admin/cache/stats").exchange().expectStatus().isForbidden();
        asAdmin.patch().uri("/api/users/{id}", admin).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", "ENABLED")).exchange().expectStatus().isForbidden();
        assertThat(data.count("users WHERE id = " + admin + " AND status = 'DISABLED'")).isEqualTo(1);
        assertThat(data.count("articles WHERE title = 'Mine'")).isEqualTo(1);
        assertThat(data.count("announcements")).isZero();
    }

    @Test
    void theAuthorIsTheCaller_neverTheBody() {
        Map<?, ?> created = data.as(client, user).post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("channelId", TECH, "title", "By me", "content", "x")).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(((Number) created.get("authorId")).longValue()).isEqualTo(user);

        long other = data.createUser(client, "Other");
        data.as(client, user).post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("authorId", other, "channelId", TECH, "title", "As someone else", "content", "x"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("Unknown field 'authorId'.");
        assertThat(data.count("articles")).isEqualTo(1);
    }

    @Test
    void aReader_isForbiddenFromAdminAnnouncementWritesAndActuatorDetails() {
        RestTestClient reader = data.as(client, user);
        reader.get().uri("/api/admin/cache/stats").exchange().expectStatus().isForbidden();
        reader.delete().uri("/api/admin/cache/article-info").exchange().expectStatus().isForbidden();
        reader.post().uri("/api/announcements").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Fake", "content", "news")).exchange().expectStatus().isForbidden();
        reader.get().uri("/actuator/prometheus").exchange().expectStatus().isForbidden();
        reader.get().uri("/actuator/metrics").exchange().expectStatus().isForbidden();
        client.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        assertThat(data.count("announcements")).isZero();

        reader.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        RestTestClient admin = data.asAdmin(client);
        admin.get().uri("/actuator/health").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.components.caches.details.redis").isEqualTo("UP");
        admin.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        admin.get().uri("/api/admin/cache/stats").exchange().expectStatus().isOk();
    }

    @Test
    void noLinkIsBuiltFromTheHostHeader() {
        data.asAdmin(client).get().uri("/actuator").header(HttpHeaders.HOST, "evil.example").exchange()
                .expectStatus().isNotFound()
                .expectBody(String.class).value(body -> assertThat(body).doesNotContain("evil.example"));
        client.get().uri("/api/user").header(HttpHeaders.HOST, "evil.example").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        for (String path : java.util.List.of("/v3/api-docs", "/v3/api-docs/swagger-config",
                "/.well-known/oauth-protected-resource")) {
            client.get().uri(path).header(HttpHeaders.HOST, "evil.example")
                    .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Port", "x").exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).value(body -> assertThat(body).doesNotContain("evil.example"));
        }
    }

    @Test
    void expiredOrTamperedTokens_are401_andTheRefreshTokenGetsANewOne() {
        Map<?, ?> tokens = login(mobile, TestData.PASSWORD);
        String access = (String) tokens.get("token");
        String refresh = (String) tokens.get("refreshToken");
        int payloadStart = access.indexOf('.') + 1;
        String tampered = access.substring(0, payloadStart) + (access.charAt(payloadStart) == 'e' ? 'f' : 'e')
                + access.substring(payloadStart + 1);
        withBearer(tampered).get().uri("/api/user").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\".*");
        withBearer(refresh).get().uri("/api/user").exchange().expectStatus().isUnauthorized();
        withBearer(access).put().uri("/api/authorizations").exchange().expectStatus().isUnauthorized();

        clock.advance(Duration.ofHours(2).plusMinutes(1));
        withBearer(access).get().uri("/api/user").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        Map<?, ?> refreshed = withBearer(refresh).put().uri("/api/authorizations").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(refreshed.keySet()).map(Object::toString).containsExactly("token");
        withBearer(refreshed.get("token")).get().uri("/api/user").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(user);

        clock.advance(Duration.ofDays(14));
        withBearer(refresh).put().uri("/api/authorizations").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aDisabledAccount_canNeitherLogInNorRefresh_norWriteWithItsUnexpiredToken() {
        Map<?, ?> tokens = login(mobile, TestData.PASSWORD);
        long article = data.createArticle(client, user, TECH, "Before");
        data.asAdmin(client).patch().uri("/api/users/{id}", user).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", "DISABLED")).exchange().expectStatus().isOk();

        client.post().uri("/api/authorizations").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("mobile", mobile, "password", TestData.PASSWORD)).exchange()
                .expectStatus().isUnauthorized() // as a wrong password: a guessed one is never confirmed
                .expectBody().jsonPath("$.detail").isEqualTo("The mobile number or the password is wrong.");
        withBearer(tokens.get("refreshToken")).put().uri("/api/authorizations").exchange()
                .expectStatus().isForbidden();
        RestTestClient stillHoldingAToken = withBearer(tokens.get("token"));
        stillHoldingAToken.post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("channelId", TECH, "title", "After", "content", "x")).exchange()
                .expectStatus().isForbidden();
        stillHoldingAToken.patch().uri("/api/articles/{id}", article).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "After")).exchange().expectStatus().isForbidden();
        stillHoldingAToken.patch().uri("/api/users/{id}", user).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("intro", "After")).exchange().expectStatus().isForbidden();
        assertThat(data.count("articles WHERE title = 'Before'")).isEqualTo(1);
        assertThat(data.count("articles")).isEqualTo(1);
        assertThat(data.count("users WHERE intro IS NULL AND role = 'USER'")).isEqualTo(1);
    }

    @Test
    void repeatedFailedLogins_areRefusedWith429_untilTheWindowEnds_whileOtherNumbersStillLogIn() {
        for (int attempt = 0; attempt < 5; attempt++) {
            client.post().uri("/api/authorizations").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("mobile", mobile, "password", "guess-" + attempt)).exchange()
                    .expectStatus().isUnauthorized();
        }
        client.post().uri("/api/authorizations").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("mobile", mobile, "password", TestData.PASSWORD)).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueMatches(HttpHeaders.RETRY_AFTER, "[1-9][0-9]*")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        String otherMobile = TestData.nextMobile();
        client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Other", "mobile", otherMobile, "password", TestData.PASSWORD)).exchange()
                .expectStatus().isCreated();
        login(otherMobile, TestData.PASSWORD); // the same address, another number

        clock.advance(Duration.ofMinutes(15));
        login(mobile, TestData.PASSWORD);
    }

    /** Attempts are counted before their password is checked: a parallel burst gets no more guesses than a loop. */
    @Test
    void aBurstOfParallelGuesses_getsNoMoreThanTheLimit() throws Exception {
        int guesses = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(guesses);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < guesses; i++) {
                String guess = "parallel-guess-" + i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return client.post().uri("/api/authorizations").contentType(MediaType.APPLICATION_JSON)
                            .body(Map.of("mobile", mobile, "password", guess)).exchange()
                            .returnResult(String.class).getStatus().value();
                }));
            }
            start.countDown();
            java.util.Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
            for (var status : statuses) {
                byStatus.merge(status.get(30, java.util.concurrent.TimeUnit.SECONDS), 1, Integer::sum);
            }
            // At most five passwords were checked (401); the rest were refused unchecked (429), or found every
            // check slot taken (503: not counted, so its place may go to one more attempt).
            int busy = byStatus.getOrDefault(503, 0);
            assertThat(byStatus.getOrDefault(401, 0)).isBetween(1, 5);
            assertThat(byStatus.getOrDefault(429, 0)).isGreaterThanOrEqualTo(guesses - 5 - busy);
            assertThat(byStatus.keySet()).isSubsetOf(401, 429, 503);
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<?, ?> login(String number, String password) {
        return client.post().uri("/api/authorizations").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("mobile", number, "password", password)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    private RestTestClient withBearer(Object token) {
        return TestData.withBearer(client, (String) token);
    }

    private static long createdId(RestTestClient.RequestHeadersSpec<?> request) {
        Map<?, ?> created = request.exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody();
        return ((Number) created.get("id")).longValue();
    }
}
