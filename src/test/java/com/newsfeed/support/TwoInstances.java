package com.newsfeed.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import com.newsfeed.NewsfeedApplication;
import com.newsfeed.security.Role;
import com.newsfeed.security.TokenService;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two service instances in one JVM: two application contexts on their own ports, sharing one database (the same
 * named H2 database, or the real server) and one Redis (the first instance's embedded server, or the real one).
 * A JUnit extension: {@code @RegisterExtension static final TwoInstances instances = new TwoInstances();} starts
 * them before the class's tests and stops them after.
 */
public final class TwoInstances implements BeforeAllCallback, AfterAllCallback {

    public ConfigurableApplicationContext a;
    public ConfigurableApplicationContext b;
    /** The Redis key prefix both instances share, and no other context. */
    public final String prefix = "it2:" + java.util.UUID.randomUUID() + ":";
    /** The admin account the instances' admin requests are made as (every one is checked against its row). */
    private long adminId;
    private final String[] extraProperties;
    private final Class<?>[] extraSources;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A fleet shares its token key: a token one instance issued holds on the other. */
    private static final String SHARED_SIGNING_KEY = java.util.Base64.getEncoder()
            .encodeToString("two-instances-share-this-signing-key!".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TwoInstances(String... extraProperties) {
        this(new Class<?>[0], extraProperties);
    }

    private TwoInstances(Class<?>[] extraSources, String... extraProperties) {
        this.extraSources = extraSources;
        this.extraProperties = extraProperties;
    }

    /** Both instances with these configurations added, and these settings. */
    public static TwoInstances with(Class<?>[] sources, String... properties) {
        return new TwoInstances(sources, properties);
    }

    /**
     * Both instances with a cache clock that never moves: lease and load waits end when the awaited fill lands,
     * never because real time ran out on a slow machine.
     */
    public static TwoInstances withFrozenCacheClock() {
        return new TwoInstances(new Class<?>[] {FrozenCacheClock.class});
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String[] prefixes = {"newsfeed.cache.key-prefix=" + prefix, "newsfeed.store.key-prefix=" + prefix + "store:",
                "newsfeed.events.names-prefix=" + prefix};
        a = start(extraSources, concat(extraProperties, prefixes));
        LettuceConnectionFactory redis = a.getBean(LettuceConnectionFactory.class);
        org.springframework.amqp.rabbit.connection.CachingConnectionFactory broker =
                a.getBean(org.springframework.amqp.rabbit.connection.CachingConnectionFactory.class);
        String[] shared = {"newsfeed.embedded-redis.enabled=false",
                "spring.data.redis.host=" + redis.getHostName(), "spring.data.redis.port=" + redis.getPort(),
                "newsfeed.embedded-broker.enabled=false", "spring.rabbitmq.host=" + broker.getHost(),
                "spring.rabbitmq.port=" + broker.getPort()};
        // What a test set itself (a proxy's port, say) both instances already have.
        java.util.Set<String> set = java.util.Arrays.stream(extraProperties)
                .map(p -> p.substring(0, p.indexOf('='))).collect(java.util.stream.Collectors.toSet());
        shared = java.util.Arrays.stream(shared).filter(p -> !set.contains(p.substring(0, p.indexOf('='))))
                .toArray(String[]::new);
        b = start(extraSources, concat(concat(extraProperties, shared), prefixes));
        adminId = TestData.insertAdmin(a.getBean(org.springframework.jdbc.core.JdbcTemplate.class));
    }

    public String url(ConfigurableApplicationContext instance, String path) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) instance).getWebServer().getPort() + path;
    }

    public HttpResponse<String> get(ConfigurableApplicationContext instance, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(instance, path))).GET().build());
    }

    /** A GET with an admin's access token (health details, the admin API). */
    public HttpResponse<String> getAsAdmin(ConfigurableApplicationContext instance, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(instance, path))).header("Authorization", admin(instance))
                .GET().build());
    }

    /** A POST with an admin's access token. */
    public HttpResponse<String> post(ConfigurableApplicationContext instance, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(url(instance, path))).header("Authorization", admin(instance))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Signs a user up through this instance (a fresh mobile number, {@link TestData#PASSWORD}); its id. */
    public long createUser(ConfigurableApplicationContext instance, String name) {
        return idOf(post(instance, "/api/users", "{\"name\":\"" + name + "\",\"mobile\":\"" + TestData.nextMobile()
                + "\",\"password\":\"" + TestData.PASSWORD + "\"}"));
    }

    /** A POST with this user's access token: how an author writes an article. */
    public HttpResponse<String> postAs(ConfigurableApplicationContext instance, long userId, String path,
            String json) {
        String bearer = "Bearer " + instance.getBean(TokenService.class).accessToken(userId, Role.USER);
        return send(HttpRequest.newBuilder(URI.create(url(instance, path))).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A DELETE with this user's access token. */
    public int deleteAs(ConfigurableApplicationContext instance, long userId, String path) {
        String bearer = "Bearer " + instance.getBean(TokenService.class).accessToken(userId, Role.USER);
        return send(HttpRequest.newBuilder(URI.create(url(instance, path))).header("Authorization", bearer)
                .DELETE().build()).statusCode();
    }

    /** A DELETE with an admin's access token. */
    public int delete(ConfigurableApplicationContext instance, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(instance, path))).header("Authorization", admin(instance))
                .DELETE().build()).statusCode();
    }

    /** A PATCH with an admin's access token. */
    public int patch(ConfigurableApplicationContext instance, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(url(instance, path))).header("Authorization", admin(instance))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build()).statusCode();
    }

    private String admin(ConfigurableApplicationContext instance) {
        return "Bearer " + instance.getBean(TokenService.class).accessToken(adminId, Role.ADMIN);
    }

    /** The id in a 201 response's body. */
    public static long idOf(HttpResponse<String> response) {
        if (response.statusCode() != 201) {
            throw new AssertionError("expected 201, got " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asLong();
    }

    /** A counter summed over both instances. */
    public double count(String meter, String... tags) {
        return count(a, meter, tags) + count(b, meter, tags);
    }

    public static double count(ConfigurableApplicationContext instance, String meter, String... tags) {
        return instance.getBean(MeterRegistry.class).find(meter).tags(tags).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.getBean(com.newsfeed.events.EventQueues.class).deleteAll();
            a.close();
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Settings go in as command-line arguments: they must win over application.properties. */
    private static ConfigurableApplicationContext start(Class<?>[] sources, String... properties) {
        // Defaults a test's own settings replace (a setting given twice would be read as a list of both).
        java.util.Set<String> given = java.util.Arrays.stream(properties).map(p -> p.substring(0, p.indexOf('=')))
                .collect(java.util.stream.Collectors.toSet());
        String[] args = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("server.port=0", "newsfeed.demo.enabled=false",
                                "newsfeed.store.fix.on-start=false", "newsfeed.store.redis.timeout=2s",
                                "newsfeed.security.token.signing-key=" + SHARED_SIGNING_KEY)
                                .filter(p -> !given.contains(p.substring(0, p.indexOf('=')))),
                        java.util.Arrays.stream(properties))
                .map(property -> "--" + property).toArray(String[]::new);
        return new SpringApplicationBuilder(NewsfeedApplication.class).sources(sources).run(args);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
