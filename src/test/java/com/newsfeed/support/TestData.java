package com.newsfeed.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
import com.newsfeed.store.Counters;
import com.newsfeed.store.Ranking;
import com.newsfeed.store.StoreRedis;
import com.newsfeed.store.StoreUnavailableException;
import com.newsfeed.events.EventQueues;
import com.newsfeed.events.EventStream;

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

    private final StoreRedis store;
    private final Counters counters;
    private final Ranking ranking;
    private final EventStream events;
    private final EventQueues queues;

    TestData(JdbcTemplate jdbc, CacheRegistry caches, CacheProperties properties, TokenService tokens,
            StoreRedis store, Counters counters, Ranking ranking, EventStream events, EventQueues queues) {
        this.jdbc = jdbc;
        this.caches = caches;
        this.properties = properties;
        this.tokens = tokens;
        this.store = store;
        this.counters = counters;
        this.ranking = ranking;
        this.events = events;
        this.queues = queues;
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

    /**
     * A reader's account written straight into the table, without a password (it cannot log in; tests use
     * {@link #tokenFor}): how a test makes hundreds of users without hundreds of bcrypt hashes. The profile cache
     * hears of it as of a sign-up (its bloom filter takes the id).
     */
    public long insertUser(String name) {
        String mobile = nextMobile();
        jdbc.update("INSERT INTO users (name, mobile, status, gender, role, created_at, updated_at)"
                + " VALUES (?, ?, 'ENABLED', 'UNKNOWN', 'USER', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", name, mobile);
        long id = jdbc.queryForObject("SELECT id FROM users WHERE mobile = ?", Long.class, mobile);
        caches.cache("user-profile").orElseThrow().created(id);
        return id;
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
        // Events of the test before are sent, then dropped with its queues' messages: none counts in the next.
        await().atMost(Duration.ofSeconds(30)).until(events::idle);
        queues.stopConsumers();
        queues.purge();
        // No test's counters are copied as reads counted before the database kept them (that copy has a test).
        jdbc.update("UPDATE counter_seeds SET seeded_at = CURRENT_TIMESTAMP WHERE seeded_at IS NULL");
        deleteRows(jdbc);
        jdbc.update("DELETE FROM cache_invalidations");
        caches.caches().forEach(LayeredCache::clear);
        // A test before may have closed the Redis client: the store's connection is then reopened in the background.
        await().atMost(Duration.ofSeconds(10)).ignoreException(StoreUnavailableException.class).until(() -> {
            List<String> keys = store.await(store.commands().keys(store.key("*")));
            if (!keys.isEmpty()) {
                store.await(store.commands().del(keys.toArray(String[]::new)));
            }
            return true;
        });
        counters.dropCopies();
        ranking.dropCopies();
    }

    /** The store's score of an id in a counter (0 when it holds none), e.g. {@code score("count:art:liking", 7)}. */
    public long score(String counter, long id) {
        Double score = store.await(store.commands().zscore(store.key(counter), Long.toString(id)));
        return score == null ? 0 : Math.round(score);
    }

    /**
     * The product's article detail without the counts it ends with: what the benchmark's baselines (no counts)
     * answer for the same article.
     */
    public static String withoutCounts(byte[] detail) {
        String json = new String(detail, java.nio.charset.StandardCharsets.UTF_8);
        String trimmed = json.replaceFirst(",\"counts\":(\\{[^}]*\\}|null)}$", "}");
        if (trimmed.equals(json)) {
            throw new AssertionError("no counts at the end of " + json);
        }
        return trimmed;
    }

    public StoreRedis store() {
        return store;
    }

    /**
     * Starts the consumers of reader events (this context's start none: no count changes behind a test's back,
     * nor an ETag between two of its requests); {@link #clear} stops them again.
     */
    public void consumeEvents() {
        queues.startConsumers();
    }

    /** Deletes this context's queues and exchanges from the broker when the context closes (a real one keeps them). */
    @jakarta.annotation.PreDestroy
    void deleteQueues() {
        queues.deleteAll();
    }

    /** Deletes every row of users, articles, announcements and what readers did, children first; frees every lock. */
    public static void deleteRows(JdbcTemplate jdbc) {
        for (String table : List.of("article_reads", "event_receipts", "article_likes", "article_collections",
                "user_follows", "article_contents",
                "articles", "announcements", "users")) {
            jdbc.update("DELETE FROM " + table);
        }
        releaseLocks(jdbc);
    }

    /**
     * Lets every ShedLock lock lapse, as its time running out would. (Its rows must stay: a provider that made a
     * row only updates it afterwards, and takes a missing one for a lock held elsewhere.)
     */
    public static void releaseLocks(JdbcTemplate jdbc) {
        jdbc.update("UPDATE shedlock SET lock_until = ?", java.sql.Timestamp.from(java.time.Instant.EPOCH
                .plusSeconds(86_400)));
    }

    public long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    public long createUser(RestTestClient client, String name) {
        return signUp(client, name).id();
    }

    /** A reader who signed up through the API (with {@link #PASSWORD}), and logs in with this mobile. */
    public record Account(long id, String mobile) {
    }

    public Account signUp(RestTestClient client, String name) {
        String mobile = nextMobile();
        return new Account(createdId(client, "/api/users", Map.of("name", name, "mobile", mobile, "password",
                PASSWORD)), mobile);
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
