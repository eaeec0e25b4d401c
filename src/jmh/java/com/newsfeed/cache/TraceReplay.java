package com.newsfeed.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.springframework.util.unit.DataSize;

/**
 * Replays a key trace (one integer key per line, mapped onto article ids 1..N by {@code key mod N + 1}) through
 * our L1 alone (the article-body cache's configuration: bounded by estimated bytes, bodies of 1 to 4 KB), once per
 * L1 size, and reports the hit ratio at each. Recorded real workloads can be replayed the same way.
 * Usage: TraceReplay &lt;trace file&gt; &lt;N&gt; &lt;sizes in MB, comma separated&gt;; prints RESULT lines.
 */
public final class TraceReplay {

    private TraceReplay() {
    }

    public static void main(String[] args) throws IOException {
        Path trace = Path.of(args[0]);
        long articles = Long.parseLong(args[1]);
        for (String size : args[2].split(",")) {
            DataSize weight = DataSize.ofMegabytes(Long.parseLong(size.trim()));
            try (BenchCaches caches = new BenchCaches("bench:trace:", Map.of("article-body",
                    BenchCaches.spec(weight, null, BenchCaches.L2_TTL)))) {
                LayeredCache<String> cache = caches.cache("article-body", String.class, "art:{id}:detail",
                        id -> Optional.of(Samples.body(id)));
                long requests = 0;
                try (BufferedReader lines = Files.newBufferedReader(trace)) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (!line.isBlank()) {
                            cache.get(Math.floorMod(Long.parseLong(line.trim()), articles) + 1);
                            requests++;
                        }
                    }
                }
                CacheStatistics.L1 l1 = cache.statistics().l1();
                System.out.printf("RESULT l1_mb=%s requests=%d hit_ratio=%.4f entries=%d%n", size.trim(), requests,
                        (double) l1.hits() / requests, l1.size());
            }
        }
    }
}
