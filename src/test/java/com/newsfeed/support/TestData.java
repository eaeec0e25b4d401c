package com.newsfeed.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.cache.CacheProperties;
import com.newsfeed.cache.CacheRegistry;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.security.Role;
import com.newsfeed.security.TokenService;

/** Clears the database between tests and creates fixtures through the public API, as a client would. */
@TestComponent
public class TestData {

    private static final AtomicLong MOBILES = new AtomicLong(13_900_000_000L);

    /** The password every user made here has. */
    public static final String PASSWORD = "test-password";

    private final JdbcTemplate jdbc;
    private final CacheRegistry caches;
    private final CacheProperties properties;
    private final TokenService tokens;
    private volatile long adminId = -1;

    TestData(JdbcTemplate jdbc, CacheRegistry caches, CacheProperties properties, TokenService tokens) {
        this.jdbc = jdbc;
        this.caches = caches;
        this.properties = properties;
        this.tokens = tokens;
    }

    /**
     * An access token for a user, as a login would issue it (the login itself is tested in AuthorizationApiIT;
     * other tests skip its bcrypt check).
     */
    public String tokenFor(long userId) {
        return tokens.accessToken(userId, Role.USER);
    }

    public String adminToken() {
        return tokens.accessToken(adminId(), Role.ADMIN);
    }

    /**
     * An enabled ADMIN account, made when there is none (after {@link #clear}, or once a test demoted it): every
     * admin request is checked against the account's current role. Named {@code test-admin}, role ADMIN, so counts
     * of readers ({@code role = 'USER'}) leave it out.
     */
    public long adminId() {
        if (adminId < 0 || count("users WHERE id = " + adminId + " AND role = 'ADMIN' AND status = 'ENABLED'") == 0) {
            adminId = insertAdmin(jdbc);
        }
        return adminId;
    }

    /** Writes an admin account straight into the table (an operator's {@code UPDATE ... role = 'ADMIN'}). */
    public static long insertAdmin(JdbcTemplate jdbc) {
        String mobile = nextMobile();
        jdbc.update("INSERT INTO users (name, mobile, status, gender, role, created_at, updated_at)"
                + " VALUES ('test-admin', ?, 'ENABLED', 'UNKNOWN', 'ADMIN', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                mobile);
        return jdbc.queryForObject("SELECT id FROM users WHERE mobile = ?", Long.class, mobile);
    }

    /** The client, sending this user's access token. */
    public RestTestClient as(RestTestClient client, long userId) {
        return withBearer(client, tokenFor(userId));
    }

    /** The client, sending an admin's access token. */
    public RestTestClient asAdmin(RestTestClient client) {
        return withBearer(client, adminToken());
    }

    public static RestTestClient withBearer(RestTestClient client, String token) {
        return client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    /** The Redis key prefix of this test context: each context owns its keys (see {@link ApiTest}). */
    public String prefix() {
        return properties.keyPrefix();
    }

    /** Deletes every row but the channels (reference data from a migration), and empties every cache. */
    public void clear() {
        jdbc.update("DELETE FROM article_contents");
        jdbc.update("DELETE FROM articles");
        jdbc.update("DELETE FROM announcements");
        jdbc.update("DELETE FROM users");
        jdbc.update("DELETE FROM cache_invalidations");
        caches.caches().forEach(LayeredCache::clear);
    }

    public long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    public long createUser(RestTestClient client, String name) {
        return createdId(client, "/api/users", Map.of("name", name, "mobile", nextMobile(), "password", PASSWORD));
    }

    public long createArticle(RestTestClient client, long authorId, int channelId, String title) {
        return createdId(as(client, authorId), "/api/articles", Map.of("channelId", channelId,
                "title", title, "content", "Body of " + title));
    }

    public long createDraft(RestTestClient client, long authorId, int channelId, String title) {
        return createdId(as(client, authorId), "/api/articles", Map.of("channelId", channelId,
                "title", title, "content", "Body of " + title, "draft", true));
    }

    /** A draft written straight into the tables, as a bulk import or the demo seeder does: no cache hears of it. */
    public long insertDraftRow(long authorId, int channelId, String title) {
        jdbc.update("INSERT INTO articles (user_id, channel_id, title, status, allow_comment, created_at, updated_at,"
                + " version) VALUES (?, ?, ?, 'DRAFT', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)",
                authorId, channelId, title);
        long id = jdbc.queryForObject("SELECT MAX(id) FROM articles", Long.class);
        jdbc.update("INSERT INTO article_contents (article_id, content) VALUES (?, ?)", id, "Body of " + title);
        return id;
    }

    public long createAnnouncement(RestTestClient client, String title) {
        return createdId(asAdmin(client), "/api/announcements", Map.of("title", title, "content", "About " + title));
    }

    /** JSON numbers come back as integers: compare ids in that form. */
    public static List<Integer> ints(long... ids) {
        return java.util.Arrays.stream(ids).mapToInt(Math::toIntExact).boxed().toList();
    }

    public static String nextMobile() {
        return Long.toString(MOBILES.incrementAndGet());
    }

    private static long createdId(RestTestClient client, String path, Map<String, Object> body) {
        Map<?, ?> created = client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) created.get("id")).longValue();
    }
}
