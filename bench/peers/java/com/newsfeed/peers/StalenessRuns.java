package com.newsfeed.peers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import com.newsfeed.cache.ChaosProxy;

/** The staleness scenarios, connected and with A cut off from Redis, and their figures in the results. */
final class StalenessRuns {

    private final ArticleTable table;
    private final Results results;

    StalenessRuns(ArticleTable table, Results results) {
        this.table = table;
        this.results = results;
    }

    void connected(Contender contender, int round) throws Exception {
        record("staleness", contender, round, Staleness.run(contender, table,
                Integer.getInteger("peers.writes", 1_000), System.nanoTime() + TimeUnit.HOURS.toNanos(1)));
    }

    /**
     * The same writes while A's Redis connections are cut (a blackhole: A hears nothing and is not heard) for the
     * same wall-clock time for every contender, however fast it writes; then healed, and 5 s later, the written
     * rows B still serves at an old version.
     */
    void cut(Contender contender, ChaosProxy proxyA) throws Exception {
        Duration cut = Duration.ofSeconds(Long.getLong("peers.cut-seconds", 10));
        long healAt = System.nanoTime() + cut.toNanos();
        proxyA.blackhole();
        Staleness.Result result;
        try {
            result = Staleness.run(contender, table, Integer.getInteger("peers.cut-writes", 1_000),
                    healAt - Staleness.GIVE_UP.toNanos());
            TimeUnit.NANOSECONDS.sleep(Math.max(0, healAt - System.nanoTime()));
        } finally {
            proxyA.pass();
        }
        record("staleness-cut", contender, 1, result);
        results.add("staleness-cut", contender.name(), 1, "cut_s", cut.toSeconds());
        TimeUnit.SECONDS.sleep(5); // what each contender is given to catch up once A is heard again
        int stale = StaleRows.count(contender.b(), table, result.written());
        results.add("staleness-cut", contender.name(), 1, "stale_5s_after_heal", stale);
        results.add("staleness-cut", contender.name(), 1, "stale_5s_after_heal_pct", percent(stale,
                result.changed()));
    }

    private void record(String scenario, Contender contender, int round, Staleness.Result result) {
        String name = contender.name();
        results.add(scenario, name, round, "writes", result.writeTimes().getTotalCount());
        results.add(scenario, name, round, "failed_writes", result.failedWrites());
        results.add(scenario, name, round, "changed", result.changed());
        results.add(scenario, name, round, "stale_after_1s", result.staleAfterGiveUp());
        results.add(scenario, name, round, "stale_after_1s_pct", percent(result.staleAfterGiveUp(),
                result.changed()));
        millis(scenario, name, round, "write", result.writeTimes(), false);
        millis(scenario, name, round, "", result.untilSeen(), true);
        millis(scenario, name, round, "b", result.afterReturn(), false);
    }

    /** p50 and p99 (and the max, for the whole time) in milliseconds, where there are values. */
    private void millis(String scenario, String name, int round, String what, Histogram times, boolean withMax) {
        if (times.getTotalCount() == 0) {
            return;
        }
        String prefix = what.isEmpty() ? "" : what + "_";
        results.add(scenario, name, round, prefix + "p50_ms", times.getValueAtPercentile(50) / 1e6);
        results.add(scenario, name, round, prefix + "p99_ms", times.getValueAtPercentile(99) / 1e6);
        if (withMax) {
            results.add(scenario, name, round, prefix + "max_ms", times.getMaxValue() / 1e6);
        }
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
