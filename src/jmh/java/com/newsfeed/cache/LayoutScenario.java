package com.newsfeed.cache;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;


import com.newsfeed.article.ArticleInfo;
import com.newsfeed.user.UserProfile;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis memory per entity in each layout: takes a sample of real article infos and author profiles from a running
 * instance's API, writes each through the cache as a JSON string and as a hash, and sums {@code MEMORY USAGE}.
 * Usage: LayoutScenario &lt;instance base URL&gt; &lt;sample size&gt;; prints RESULT lines.
 */
public final class LayoutScenario {

    private LayoutScenario() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int sample = Integer.parseInt(args[1]);
        JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        HttpClient http = HttpClient.newHttpClient();
        Map<Long, ArticleInfo> infos = new LinkedHashMap<>();
        Map<Long, UserProfile> profiles = new LinkedHashMap<>();
        for (long id = 1; infos.size() < sample && id < 10L * sample; id++) {
            String body = get(http, base + "/api/articles/" + id);
            if (body != null) {
                ArticleInfo info = json.readValue(body, ArticleInfo.class);
                infos.put(id, info);
                if (!profiles.containsKey(info.authorId())) {
                    Optional.ofNullable(get(http, base + "/api/users/" + info.authorId()))
                            .ifPresent(p -> profiles.put(info.authorId(), json.readValue(p, UserProfile.class)));
                }
            }
        }
        for (L2Layout layout : L2Layout.values()) {
            measure(layout, "article-info", ArticleInfo.class, "art:{id}:info", infos);
            measure(layout, "user-profile", UserProfile.class, "user:{id}:profile", profiles);
        }
    }

    private static <V> void measure(L2Layout layout, String name, Class<V> type, String pattern, Map<Long, V> values) {
        try (BenchCaches caches = new BenchCaches("bench:layout:" + layout + ":",
                Map.of(name, BenchCaches.spec(null, layout, BenchCaches.L2_TTL)))) {
            LayeredCache<V> cache = caches.cache(name, type, pattern, id -> Optional.ofNullable(values.get(id)));
            values.keySet().forEach(cache::get);
            List<byte[]> keys = new ArrayList<>();
            values.keySet().forEach(id -> keys.add(caches.key(pattern, id)));
            long total = 0;
            for (byte[] key : keys) {
                total += caches.memoryUsage(key);
            }
            System.out.printf("RESULT entity=%s layout=%s keys=%d bytes_per_key=%.1f%n", name,
                    layout.name().toLowerCase(), keys.size(), (double) total / keys.size());
            caches.deleteAll();
        }
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : null;
    }
}
