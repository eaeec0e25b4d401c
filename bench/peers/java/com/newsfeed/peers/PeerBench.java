package com.newsfeed.peers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;

import com.newsfeed.cache.ChaosProxy;
import com.newsfeed.cache.OursContender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Ours against the peers, side by side in one run: every contender built fresh over the same Redis, the same
 * MariaDB table of 100k articles, the same L1 bound and the same L2 TTL, and run through the same scenarios, in
 * rounds whose order rotates. Writes {@code results.csv} (one figure a row) under the output directory; {@link
 * PeerReport} makes the report from it. Run by {@code bench/run --peers}, which builds it (Maven profile {@code peers},
 * never on the application's classpath) and starts the private Redis.
 */
public final class PeerBench {

    static final List<String> CONTENDERS = List.of("ours", "jetcache", "redisson", "spring-caffeine",
            "spring-redis");

    private final Settings settings;
    private final HikariDataSource dataSource;
    private final ArticleTable table;
    private final Results results;
    private final RedisKeys redisKeys;
    private final StalenessRuns staleness;
    private long oursL1Bytes;

    private PeerBench(Settings settings, Path out) {
        this.settings = settings;
        this.dataSource = dataSource(settings.jdbcUrl());
        this.table = new ArticleTable(dataSource);
        this.results = new Results(out.resolve("results.csv"));
        this.redisKeys = new RedisKeys(settings.redisUri());
        this.staleness = new StalenessRuns(table, results);
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        Path out = Path.of(System.getProperty("peers.out", "bench/results/peers"));
        Files.createDirectories(out);
        List<String> scenarios = List.of(System.getProperty("peers.scenarios",
                "zipf,staleness,staleness-cut,stampede,penetration,l1-heap,redis-restart").split(","));
        List<String> contenders = List.of(System.getProperty("peers.contenders", String.join(",", CONTENDERS))
                .split(","));
        int rounds = Integer.getInteger("peers.rounds", 3);
        createDatabase(settings.jdbcUrl());
        PeerBench bench = new PeerBench(settings, out);
        int failures = 0;
        try {
            bench.prepare();
            for (String scenario : scenarios) {
                int scenarioRounds = switch (scenario) {
                    case "zipf" -> rounds;
                    case "staleness" -> Integer.getInteger("peers.staleness-rounds", 1); // one round: its spread
                    default -> 1;
                };
                for (int round = 1; round <= scenarioRounds; round++) {
                    for (String contender : rotated(contenders, round)) {
                        System.out.printf("peers: %s, round %d, %s%n", scenario, round, contender);
                        failures += bench.runOrRecordFailure(scenario, contender, round, round == scenarioRounds);
                    }
                }
            }
        } finally {
            bench.close();
            PeerReport.write(out); // what was measured, even if a scenario failed
        }
        if (failures > 0) {
            throw new IllegalStateException(failures + " scenario runs failed: see the log and results.csv");
        }
    }

    private void prepare() throws Exception {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        table.ensureSeeded();
        oursL1Bytes = calibrateOursL1();
        results.add("setup", "ours", 1, "l1_bound_bytes", oursL1Bytes);
        results.add("setup", "all", 1, "l1_entries", settings.l1Entries());
        results.add("setup", "all", 1, "l1_ttl_s", settings.l1Ttl().toSeconds());
        results.add("setup", "all", 1, "l2_ttl_s", settings.l2Ttl().toSeconds());
    }

    /**
     * Ours bounds L1 by weight, the peers by entries: ours is given the weight its own weigher gives the peers'
     * number of entries, measured on the hottest 2,000 rows (what L1 mostly holds).
     */
    private long calibrateOursL1() {
        String prefix = "peers-calibration:";
        redisKeys.delete(prefix);
        try (PeerNode node = OursContender.node(prefix, settings.redisUri(), dataSource, 1L << 30,
                settings.l1Ttl(), settings.l2Ttl(), new LoadCounter(table))) {
            for (long id = 1; id <= 2_000; id++) {
                node.read(id);
            }
            long perEntry = node.localWeightBytes() / node.localEntries();
            System.out.printf("peers: ours weighs an L1 entry at %,d bytes: L1 bound %,d bytes for %,d entries%n",
                    perEntry, perEntry * settings.l1Entries(), settings.l1Entries());
            return perEntry * settings.l1Entries();
        } finally {
            redisKeys.delete(prefix);
        }
    }

    /** A run that throws is logged and recorded as failed, and the others go on. */
    private int runOrRecordFailure(String scenario, String name, int round, boolean lastRound) {
        try {
            run(scenario, name, round, lastRound);
            return 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            results.add(scenario, name, round, "failed", 1);
            return 1;
        }
    }

    /**
     * One contender, built fresh, through one scenario. Its Redis keys are deleted before and after, but for the
     * Zipf rounds: those keep its L2 from the first round's fill to the last.
     */
    private void run(String scenario, String name, int round, boolean lastRound) throws Exception {
        String prefix = "peers-" + name + ":";
        boolean keepL2 = scenario.equals("zipf");
        if (!keepL2 || round == 1) {
            redisKeys.delete(prefix);
        }
        LoadCounter loadsA = new LoadCounter(table);
        LoadCounter loadsB = new LoadCounter(table);
        // Only the cut scenario reaches Redis from A through the proxy: every other one goes straight to it.
        boolean proxied = scenario.equals("staleness-cut");
        try (ChaosProxy proxyA = new ChaosProxy(settings.redisHost(), settings.redisPort());
                Contender contender = new Contender(name,
                        node(name, prefix, proxied ? settings.throughLocalPort(proxyA.port()) : settings, loadsA),
                        node(name, prefix, settings, loadsB))) {
            switch (scenario) {
                case "zipf" -> zipf(contender, loadsA, round);
                case "staleness" -> staleness.connected(contender, round);
                case "staleness-cut" -> staleness.cut(contender, proxyA);
                case "l1-heap" -> l1Heap(contender);
                case "stampede" -> stampede(contender, prefix, loadsA, loadsB);
                case "penetration" -> penetration(contender, loadsA);
                case "redis-restart" -> redisRestart(contender);
                default -> throw new IllegalArgumentException("no scenario " + scenario);
            }
        } finally {
            if (!keepL2 || lastRound) {
                redisKeys.delete(prefix);
            }
        }
    }

    private PeerNode node(String name, String prefix, Settings redis, LoadCounter loader) {
        return switch (name) {
            case "ours" -> OursContender.node(prefix, redis.redisUri(), dataSource, oursL1Bytes,
                    settings.l1Ttl(), settings.l2Ttl(), loader);
            case "jetcache" -> JetCacheContender.node(prefix, redis, loader);
            case "redisson" -> RedissonContender.node(prefix, redis, loader);
            case "spring-caffeine" -> SpringCacheContender.caffeine(settings, loader);
            case "spring-redis" -> SpringCacheContender.redis(prefix, redis, loader);
            default -> throw new IllegalArgumentException("no contender " + name);
        };
    }

    private void zipf(Contender contender, LoadCounter loads, int round) throws Exception {
        Duration warmUp = Duration.ofSeconds(Long.getLong("peers.warmup-seconds", 20));
        Duration measured = Duration.ofSeconds(Long.getLong("peers.measure-seconds", 10));
        if (round == 1) {
            Fill.everyRow(contender.a(), 16); // L2 holds every article, as a long-running fleet's Redis does
        }
        ZipfReads.run(contender.a(), loads, 16, warmUp, round); // to a steady state: L1 full
        if (round == 1) {
            RedisKeys.Usage usage = redisKeys.usage("peers-" + contender.name() + ":");
            results.add("memory", contender.name(), 1, "redis_keys", usage.keys());
            results.add("memory", contender.name(), 1, "redis_bytes_per_entry",
                    (double) usage.bytes() / ArticleTable.ROWS);
            results.add("memory", contender.name(), 1, "l1_entries", contender.a().localEntries());
            long weight = contender.a().localWeightBytes();
            if (weight >= 0) {
                results.add("memory", contender.name(), 1, "l1_weigher_bytes_per_entry",
                        (double) weight / Math.max(1, contender.a().localEntries()));
            }
        }
        for (int threads : new int[] {16, 1}) {
            ZipfReads.Result result = ZipfReads.run(contender.a(), loads, threads, measured, 100L * round + threads);
            String scenario = "zipf-" + threads;
            results.add(scenario, contender.name(), round, "ops_per_s", result.perSecond());
            results.add(scenario, contender.name(), round, "p50_us", result.latencies().getValueAtPercentile(50) / 1e3);
            results.add(scenario, contender.name(), round, "p99_us", result.latencies().getValueAtPercentile(99) / 1e3);
            results.add(scenario, contender.name(), round, "p999_us",
                    result.latencies().getValueAtPercentile(99.9) / 1e3);
            results.add(scenario, contender.name(), round, "l1_hit_ratio", result.l1HitRatio());
            results.add(scenario, contender.name(), round, "l2_hit_ratio", result.l2HitRatio());
            results.add(scenario, contender.name(), round, "db_loads_per_1000", result.loadsPerThousand());
            results.add(scenario, contender.name(), round, "l1_entries", result.localEntries());
        }
    }

    /**
     * What an L1 entry costs on the heap, all told (the value as the contender holds it, its key, the cache's own
     * bookkeeping): node A reads as many distinct rows as the L1 bound; the heap in use after a full collection,
     * less the same once A has dropped them, over the entries it held. Both are taken in the contender's steady life,
     * so nothing the previous contender left for the collector counts. What a cache keeps allocated when empty
     * (its hash table, Caffeine's frequency sketch) is not counted: a few bytes an entry, for every contender.
     */
    private void l1Heap(Contender contender) {
        long started = System.nanoTime();
        for (long id = 1; id <= settings.l1Entries(); id++) {
            contender.a().read(id);
        }
        if (System.nanoTime() - started > settings.l1Ttl().toNanos() / 2) {
            throw new IllegalStateException("the fill took over half the L1 TTL: entries may have expired");
        }
        long full = usedHeapAfterGc();
        long entries = contender.a().localEntries();
        contender.a().clear();
        long empty = usedHeapAfterGc();
        if (entries > 0) {
            results.add("memory", contender.name(), 1, "l1_heap_entries", entries);
            results.add("memory", contender.name(), 1, "l1_heap_bytes_per_entry", (double) (full - empty)
                    / entries);
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            memory.gc(); // a full collection under G1: what is left is what is reachable
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void stampede(Contender contender, String prefix, LoadCounter loadsA, LoadCounter loadsB)
            throws Exception {
        Stampede.Result result = Stampede.run(contender, loadsA, loadsB, () -> {
            contender.clear();
            redisKeys.delete(prefix);
        }, Integer.getInteger("peers.expiries", 10));
        results.add("stampede", contender.name(), 1, "loads_per_expiry_mean", result.meanLoads());
        results.add("stampede", contender.name(), 1, "loads_per_expiry_max", result.maxLoads());
        results.add("stampede", contender.name(), 1, "loads_per_expiry_min", result.minLoads());
    }

    private void penetration(Contender contender, LoadCounter loads) {
        Penetration.Result result = Penetration.run(contender.a(), loads, Integer.getInteger("peers.missing", 5_000),
                7);
        results.add("penetration", contender.name(), 1, "reads", result.reads());
        results.add("penetration", contender.name(), 1, "db_share", result.share());
    }

    private void redisRestart(Contender contender) throws Exception {
        RedisRestart.RedisServer redis = new RedisRestart.RedisServer(settings.redisPort(),
                System.getProperty("peers.redis-server.dir"));
        RedisRestart.Result result = RedisRestart.run(contender, table, redis, Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        results.add("redis-restart", contender.name(), 1, "reads", result.reads());
        results.add("redis-restart", contender.name(), 1, "failed_reads", result.failedReads());
        results.add("redis-restart", contender.name(), 1, "writes", result.writes());
        results.add("redis-restart", contender.name(), 1, "failed_writes", result.failedWrites());
        results.add("redis-restart", contender.name(), 1, "stale_on_b_5s_after", result.staleAfter());
    }

    private static List<String> rotated(List<String> names, int round) {
        List<String> order = new ArrayList<>(names);
        java.util.Collections.rotate(order, -(round - 1));
        return order;
    }

    private static HikariDataSource dataSource(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(System.getProperty("peers.jdbc.user", "root"));
        config.setPassword(System.getProperty("peers.jdbc.password", ""));
        config.setMaximumPoolSize(40);
        return new HikariDataSource(config);
    }

    /** The database named in the URL, created on its server if missing. */
    private static void createDatabase(String url) throws SQLException {
        int slash = url.lastIndexOf('/');
        String server = url.substring(0, slash + 1);
        String database = url.substring(slash + 1).replaceAll("[?].*", "");
        try (Connection connection = DriverManager.getConnection(server, System.getProperty("peers.jdbc.user",
                "root"), System.getProperty("peers.jdbc.password", ""))) {
            connection.createStatement().execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
        }
    }

    private void close() throws IOException {
        redisKeys.close();
        dataSource.close();
        results.close();
    }

}
