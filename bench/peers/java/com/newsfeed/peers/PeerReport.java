package com.newsfeed.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The report of a run, from its {@code results.csv}: per scenario a table of every contender's figures (medians of
 * the rounds with their spread), ours against the best peer as a ratio, and each target said met or missed.
 */
final class PeerReport {

    private record Row(String scenario, String contender, int round, String metric, double value) {
    }

    private static final List<String> STALENESS = List.of("writes", "failed_writes", "changed", "write_p50_ms",
            "write_p99_ms", "stale_after_1s", "stale_after_1s_pct", "p50_ms", "p99_ms", "max_ms", "b_p50_ms",
            "b_p99_ms");

    private final List<Row> rows;

    private PeerReport(List<Row> rows) {
        this.rows = rows;
    }

    private static final List<PeerPlots.Plot> PLOTS = List.of(
            new PeerPlots.Plot("zipf.png", "Zipf 0.99 reads (higher is better)", "ops/s", false, List.of(
                    new PeerPlots.Bar("16 threads", "zipf-16", "ops_per_s"),
                    new PeerPlots.Bar("1 thread", "zipf-1", "ops_per_s"))),
            new PeerPlots.Plot("staleness.png", "From A's write until B serves it; stale after 1 s counts as 1 s "
                    + "(lower is better)", "ms, log scale",
                    true, List.of(new PeerPlots.Bar("p50", "staleness", "p50_ms"),
                            new PeerPlots.Bar("p99", "staleness", "p99_ms"),
                            new PeerPlots.Bar("max", "staleness", "max_ms"))),
            new PeerPlots.Plot("staleness-cut.png", "The same while A's Redis connection is cut (lower is better)",
                    "ms, log scale", true, List.of(new PeerPlots.Bar("p50", "staleness-cut", "p50_ms"),
                            new PeerPlots.Bar("p99", "staleness-cut", "p99_ms"),
                            new PeerPlots.Bar("max", "staleness-cut", "max_ms"))),
            new PeerPlots.Plot("stale.png", "Share of the writes B still served stale (lower is better)",
                    "% of the rows written", false, List.of(
                            new PeerPlots.Bar("1 s after, connected", "staleness", "stale_after_1s_pct"),
                            new PeerPlots.Bar("1 s after, A cut off", "staleness-cut", "stale_after_1s_pct"),
                            new PeerPlots.Bar("5 s after the cut healed", "staleness-cut",
                                    "stale_5s_after_heal_pct"))),
            new PeerPlots.Plot("stampede.png", "Database loads per expiry of a hot key (lower is better)", "loads",
                    false, List.of(new PeerPlots.Bar("mean", "stampede", "loads_per_expiry_mean"),
                            new PeerPlots.Bar("max", "stampede", "loads_per_expiry_max"))),
            new PeerPlots.Plot("memory.png", "Bytes per cached entry (lower is better)", "bytes", false, List.of(
                    new PeerPlots.Bar("Redis", "memory", "redis_bytes_per_entry"),
                    new PeerPlots.Bar("L1, on the heap", "memory", "l1_heap_bytes_per_entry"))));

    /** Makes the report again from a run's {@code results.csv} alone: {@code PeerReport DIR}. */
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]));
    }

    /** Reads {@code results.csv} in {@code dir} and writes {@code report.md} and its plots beside it. */
    static void write(Path dir) throws IOException {
        List<Row> rows = Files.readAllLines(dir.resolve("results.csv")).stream().skip(1).map(line -> line.split(","))
                .map(f -> new Row(f[0], f[1], Integer.parseInt(f[2]), f[3], Double.parseDouble(f[4]))).toList();
        PeerReport report = new PeerReport(rows);
        List<String> contenders = rows.stream().filter(row -> !row.scenario.equals("setup")).map(Row::contender)
                .distinct().toList();
        List<PeerPlots.Plot> plots = PeerPlots.draw(dir, PLOTS, contenders, report::medianOf);
        Files.writeString(dir.resolve("report.md"), report.markdown(plots));
    }

    private String markdown(List<PeerPlots.Plot> plots) {
        StringBuilder md = new StringBuilder("# Ours against the peers\n\n");
        md.append(String.format(Locale.ROOT, "Every contender over one Redis and one MariaDB table of %,d articles "
                + "(1-4 KB bodies), L1 bound %,d entries (ours: %,d bytes), L1 TTL %d s, L2 TTL %d s; two nodes "
                + "each. Medians of the rounds, [min-max] across them. Reproduce: `bench/run --peers`.%n%n",
                ArticleTable.ROWS, setup("all", "l1_entries"), setup("ours", "l1_bound_bytes"),
                setup("all", "l1_ttl_s"), setup("all", "l2_ttl_s")));
        List<String> failed = rows.stream().filter(row -> row.metric.equals("failed"))
                .map(row -> row.scenario + " (" + row.contender + ", round " + row.round + ")").toList();
        if (!failed.isEmpty()) {
            md.append("**Failed runs, their figures missing:** ").append(String.join(", ", failed)).append(".\n\n");
        }
        plots.forEach(plot -> md.append("![").append(plot.title()).append("](").append(plot.file()).append(")\n\n"));
        for (String threads : List.of("16", "1")) {
            String scenario = "zipf-" + threads;
            if (has(scenario)) {
                md.append("## Zipf 0.99 reads, ").append(threads).append(threads.equals("1") ? " thread" : " threads")
                        .append("\n\n");
                table(md, scenario, List.of("ops_per_s", "p50_us", "p99_us", "p999_us", "l1_hit_ratio",
                        "l2_hit_ratio", "db_loads_per_1000", "l1_entries"));
                ratio(md, scenario, "ops_per_s", true);
            }
        }
        if (has("memory")) {
            md.append("## Memory: Redis after the fill (every article in L2) and the warm-up; L1 on the heap after "
                    + "a full GC, over as many distinct rows as the L1 bound\n\n");
            table(md, "memory", List.of("redis_keys", "redis_bytes_per_entry", "l1_entries",
                    "l1_weigher_bytes_per_entry", "l1_heap_entries", "l1_heap_bytes_per_entry"));
        }
        if (has("staleness")) {
            md.append("## Staleness: A writes and invalidates, B reads on\n\n");
            md.append("writes: tried; changed: rows they changed (a failed write may have committed its row); "
                    + "p50/p99/max: from the start of A's write until B serves it, a write B still served stale "
                    + "after 1 s counted as 1 s; write_*: A's write alone; b_*: from the write's return until B "
                    + "serves it (B's part), over the writes B was seen to serve.\n\n");
            table(md, "staleness", STALENESS);
        }
        if (has("staleness-cut")) {
            md.append("## Staleness while A's Redis connections are cut (a blackhole), then healed\n\n");
            List<String> columns = new ArrayList<>(STALENESS);
            columns.addAll(List.of("cut_s", "stale_5s_after_heal", "stale_5s_after_heal_pct"));
            table(md, "staleness-cut", columns);
        }
        if (has("stampede")) {
            md.append("## Stampede: a hot key expires under 200 readers on two nodes\n\n");
            table(md, "stampede", List.of("loads_per_expiry_mean", "loads_per_expiry_min", "loads_per_expiry_max"));
        }
        if (has("redis-restart")) {
            md.append("## Redis killed for 5 s under reads on both nodes, A writing meanwhile; B checked 5 s after "
                    + "Redis is back\n\n");
            table(md, "redis-restart", List.of("reads", "failed_reads", "writes", "failed_writes",
                    "stale_on_b_5s_after"));
        }
        if (has("penetration")) {
            md.append("## Penetration: random missing ids\n\n");
            table(md, "penetration", List.of("reads", "db_share"));
        }
        return md.toString();
    }

    private long setup(String contender, String metric) {
        return medianOf("setup", contender, metric).orElse(-1.0).longValue();
    }

    private boolean has(String scenario) {
        return rows.stream().anyMatch(row -> row.scenario.equals(scenario));
    }

    private List<String> contenders(String scenario) {
        return rows.stream().filter(row -> row.scenario.equals(scenario)).map(Row::contender).distinct().toList();
    }

    private void table(StringBuilder md, String scenario, List<String> metrics) {
        md.append("| contender | ").append(String.join(" | ", metrics)).append(" |\n|---|")
                .append("---|".repeat(metrics.size())).append('\n');
        for (String contender : contenders(scenario)) {
            md.append("| ").append(contender).append(" | ");
            md.append(metrics.stream().map(metric -> cell(scenario, contender, metric))
                    .collect(Collectors.joining(" | ")));
            md.append(" |\n");
        }
        md.append('\n');
    }

    private String cell(String scenario, String contender, String metric) {
        List<Double> values = values(scenario, contender, metric);
        if (values.isEmpty() || values.get(0) < 0) {
            return "–";
        }
        String median = number(median(values));
        return values.size() == 1 ? median : median + " [" + number(values.get(0)) + "-"
                + number(values.get(values.size() - 1)) + "]";
    }

    private void ratio(StringBuilder md, String scenario, String metric, boolean higherIsBetter) {
        Optional<Double> ours = medianOf(scenario, "ours", metric);
        Map<String, Double> peers = new LinkedHashMap<>();
        contenders(scenario).stream().filter(name -> !name.equals("ours"))
                .forEach(name -> medianOf(scenario, name, metric).ifPresent(value -> peers.put(name, value)));
        if (ours.isEmpty() || peers.isEmpty()) {
            return;
        }
        var best = peers.entrySet().stream().max((x, y) -> higherIsBetter ? Double.compare(x.getValue(),
                y.getValue()) : Double.compare(y.getValue(), x.getValue())).orElseThrow();
        md.append(String.format(Locale.ROOT, "Ours against the best peer (%s): **%.2fx**.%n%n", best.getKey(),
                ours.get() / best.getValue()));
    }

    private Optional<Double> medianOf(String scenario, String contender, String metric) {
        List<Double> values = values(scenario, contender, metric);
        return values.isEmpty() ? Optional.empty() : Optional.of(median(values));
    }

    private List<Double> values(String scenario, String contender, String metric) {
        List<Double> values = new ArrayList<>(rows.stream().filter(row -> row.scenario.equals(scenario)
                && row.contender.equals(contender) && row.metric.equals(metric)).map(Row::value).toList());
        values.sort(Double::compare);
        return values;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value); // a count
        }
        if (Math.abs(value) >= 1_000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
