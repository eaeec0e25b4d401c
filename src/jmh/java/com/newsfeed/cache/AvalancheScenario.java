package com.newsfeed.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.LongStream;


/**
 * Avalanche: writes N entries through the cache at one instant (batches of 1,000 via {@code getAll}, as a list
 * page or a warm-up does), then reads the TTL Redis actually holds for each, and counts expirations per second,
 * once with the configured jitter (30 min + [0, 10 min)) and once with none.
 * Usage: AvalancheScenario &lt;entries&gt; &lt;histogram.csv&gt;; prints RESULT lines for bench/lib/run.py.
 */
public final class AvalancheScenario {

    private AvalancheScenario() {
    }

    public static void main(String[] args) throws IOException {
        int entries = Integer.parseInt(args[0]);
        Map<String, TreeMap<Long, Integer>> histograms = new TreeMap<>();
        for (Ttl ttl : List.of(BenchCaches.L2_TTL, Ttl.of(BenchCaches.L2_TTL.base(), Duration.ZERO))) {
            String mode = ttl.jitter().isZero() ? "jitter-off" : "jitter-on";
            try (BenchCaches caches = new BenchCaches("bench:avalanche:" + mode + ":",
                    Map.of("article-info", BenchCaches.spec(null, L2Layout.STRING, ttl)))) {
                LayeredCache<String> cache = caches.cache("article-info", String.class, "art:{id}",
                        EntityLoader.of(id -> Optional.of("info " + id),
                                ids -> ids.stream().map(id -> "info " + id).toList(),
                                value -> Long.parseLong(value.substring(5))));
                long start = System.currentTimeMillis();
                for (long from = 1; from <= entries; from += 1_000) {
                    cache.getAll(LongStream.range(from, Math.min(from + 1_000, entries + 1L)).boxed().toList());
                }
                long written = System.currentTimeMillis();
                TreeMap<Long, Integer> histogram = expirationsPerSecond(caches, entries, start);
                histograms.put(mode, histogram);
                int peak = histogram.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                long window = histogram.isEmpty() ? 0 : histogram.lastKey() - histogram.firstKey() + 1;
                System.out.printf("RESULT mode=%s entries=%d write_seconds=%.3f peak_per_second=%d "
                        + "seconds_with_expirations=%d window_seconds=%d%n", mode, histogram.values().stream()
                        .mapToInt(Integer::intValue).sum(), (written - start) / 1000.0, peak, histogram.size(), window);
                caches.deleteAll();
            }
        }
        writeCsv(Path.of(args[1]), histograms);
    }

    /** Expiry instants (now + PTTL), as whole seconds after the write started. */
    private static TreeMap<Long, Integer> expirationsPerSecond(BenchCaches caches, int entries, long start) {
        TreeMap<Long, Integer> histogram = new TreeMap<>();
        for (long batch = 1; batch <= entries; batch += 10_000) {
            List<byte[]> keys = new ArrayList<>();
            for (long id = batch; id < Math.min(batch + 10_000, entries + 1L); id++) {
                keys.add(caches.key("art:{id}", id));
            }
            long readAt = System.currentTimeMillis();
            for (long millis : caches.pttls(keys)) {
                if (millis > 0) {
                    histogram.merge((readAt + millis - start) / 1_000, 1, Integer::sum);
                }
            }
        }
        return histogram;
    }

    private static void writeCsv(Path file, Map<String, TreeMap<Long, Integer>> histograms) throws IOException {
        TreeMap<Long, int[]> rows = new TreeMap<>();
        List<String> modes = new ArrayList<>(histograms.keySet());
        for (int m = 0; m < modes.size(); m++) {
            int column = m;
            histograms.get(modes.get(m)).forEach((second, count) ->
                    rows.computeIfAbsent(second, s -> new int[modes.size()])[column] = count);
        }
        List<String> lines = new ArrayList<>();
        lines.add("second," + String.join(",", modes));
        rows.forEach((second, counts) -> lines.add(second + "," + String.join(",",
                Arrays.stream(counts).mapToObj(String::valueOf).toList())));
        Files.write(file, lines);
    }
}
