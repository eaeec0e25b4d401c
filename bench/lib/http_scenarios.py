"""The scenarios driven over HTTP by wrk: L1 hits, L2 hits, Zipf reads, 95/5 reads and updates, feed paging,
stampede, penetration.

Every figure comes from wrk's own counters and histogram (the RESULT line bench/lua/report.lua prints), from the
instances' cache counters (GET /api/admin/cache/stats) and from each mode's own database user's counters, read
just before and just after each run. Every comparison drives its modes with one script.
"""
import re
import statistics
import subprocess
import threading
import time

from services import ARTICLES

USERS_FOR_FILL = ARTICLES // 20  # the demo seeder's ratio (run.py's USERS)

LUA = "bench/lua/"
RESULT = re.compile(r"(\w+)=([\d.]+)")
STEADY = 0.05  # warm-up ends once two rounds in a row differ by less than this share


def wrk(url, script, script_args, seconds, connections=32, threads=1):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", LUA + script,
               url, "--", *map(str, script_args)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((l for l in out.splitlines() if l.startswith("RESULT")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no RESULT line:\n{out}")
    result = {key: float(value) for key, value in RESULT.findall(line)}
    result["rps"] = result["requests"] / result["seconds"]
    return result


class Meter:
    """Deltas over one run: the mode's own database statements and commits, and its cache counters."""

    def __init__(self, db, instance, cache_counters=True):
        self.db, self.instance, self.cache_counters = db, instance, cache_counters

    def __enter__(self):
        self.db_before = self.db.statements(self.instance.db_user)
        self.counters = self.instance.cache_counters() if self.cache_counters else None
        return self

    def __exit__(self, *exc):
        after = self.db.statements(self.instance.db_user)
        self.statements = after["statements"] - self.db_before["statements"]
        self.commits = after["commits"] - self.db_before["commits"]
        if self.counters is not None:
            counters = self.instance.cache_counters()
            self.counters = {key: counters[key] - value for key, value in self.counters.items()}

    def figures(self, requests):
        figures = {"db_statements_per_1000": 1000 * self.statements / max(requests, 1),
                   "db_commits_per_1000": 1000 * self.commits / max(requests, 1)}
        if self.counters:
            c = self.counters
            for prefix in ("", "article-info:", "article-body:", "user-profile:"):
                for level in ("l1", "l2"):
                    hits, misses = c.get(f"{prefix}{level}_hits", 0), c.get(f"{prefix}{level}_misses", 0)
                    if hits + misses:
                        figures[f"{prefix}{level}_hit_ratio"] = hits / (hits + misses)
            figures["loads_per_1000"] = 1000 * c["loads"] / max(requests, 1)
        return figures


def rotated(modes, round_number):
    """Round r starts at the r-th mode, so no mode always runs first (or right after the same neighbour)."""
    shift = round_number % len(modes)
    return modes[shift:] + modes[:shift]


def zipf_cluster(out, ctx, modes, swept):
    """Zipf(0.99) reads of the product with L2 on one Redis server and on a local cluster, alternating in one run:
    the same settings, every article in each mode's L2 first (as after hours of traffic). Then how the cluster
    modes' keys lie over its masters."""
    fill_l2(out, ctx, [m for m in modes if not swept or m.endswith("-cluster")], [], USERS_FOR_FILL)
    zipf(out, ctx, "zipf-cluster", modes, 0)
    for mode in modes:
        if mode.endswith("-cluster"):
            for index, (port, keys) in enumerate(sorted(ctx.cluster.keys_per_master(
                    f"bench-{mode}:v2:art:*").items()), 1):
                out.add("zipf-cluster", mode, f"article_keys_master_{index}", keys)


def fill_l2(out, ctx, ours, springs, users):
    """As after hours of traffic: every article (and author) in each mode's L2, filled in batches: ours through
    the product's warm-up endpoint, Spring's through the benchmark's (which puts what its own load would)."""
    started = time.monotonic()
    for mode in ours:
        instance = ctx.instance(mode)
        for cache, count in (("article-info", ARTICLES), ("article-body", ARTICLES), ("user-profile", users)):
            instance.post(f"/api/admin/cache/{cache}/warm?newest={count}")
    for mode in springs:
        ctx.instance(mode).post(f"/api/bench/spring-cache/warm?upTo={ARTICLES}")
    for mode in (*ours, *springs):
        pattern = f"bench-{mode}:v2:art:*:detail" if mode in ours else f"bench-{mode}:spring:article-detail-bytes::*"
        if mode.endswith("-cluster"):
            keys = ctx.cluster.count_keys(pattern)
        else:
            keys = subprocess.run(["redis-cli", "-p", str(ctx.redis.port), "--scan", "--pattern", pattern],
                                  capture_output=True, text=True).stdout.count("\n")
        out.add("fill", mode, "article_entries_in_redis", keys)
        print(f"  L2 of {mode}: {keys} articles", flush=True)
    out.add("fill", "all", "seconds", time.monotonic() - started)


def background_statements(out, ctx, modes, seconds=5):
    """What each mode sends the database while idle (ours: the outbox tail's polls), per second."""
    before = {mode: ctx.db.statements(ctx.instance(mode).db_user)["statements"] for mode in modes}
    time.sleep(seconds)  # an idle window, on purpose: nothing else runs
    for mode in modes:
        idle = ctx.db.statements(ctx.instance(mode).db_user)["statements"] - before[mode]
        out.add("background", mode, "db_statements_per_second", idle / seconds)


MEDIANS = ("rps", "p50_ms", "p99_ms", "p999_ms", "db_statements_per_1000", "db_commits_per_1000", "l1_hit_ratio",
           "l2_hit_ratio", "article-info:l1_hit_ratio", "article-body:l1_hit_ratio", "user-profile:l1_hit_ratio",
           "article-info:l2_hit_ratio", "article-body:l2_hit_ratio", "user-profile:l2_hit_ratio", "loads_per_1000")
COUNTS = ("requests", "ok", "not_found", "conflicts", "client_errors", "server_errors", "socket_errors")


# Scripts that keep a reader's state in the thread's Lua state: one connection per wrk thread.
ONE_CONNECTION_PER_THREAD = {"feed.lua"}


def measure(ctx, mode, script, args, seconds):
    threads = 32 if script in ONE_CONNECTION_PER_THREAD else 1
    with Meter(ctx.db, ctx.instance(mode), cache_counters=ctx.has_caches(mode)) as meter:
        result = wrk(ctx.instance(mode).base, script, args, seconds, connections=32, threads=threads)
    result.update(meter.figures(result["requests"]))
    return result


def alternate(out, ctx, scenario, runs, rounds=None, seconds=None):
    """Warms each mode up until three rounds in a row differ by less than 5 % from one to the next (at most
    profile.warm_rounds; the count and last difference are recorded), then runs the measured rounds, every mode once per round with the
    order rotated; writes each mode's per-round values, medians with min and max, and summed counts. `runs`
    maps a mode to its wrk script and a function from a seed to the script's arguments."""
    p = ctx.profile
    rounds, seconds = rounds or p.rounds, seconds or p.seconds
    for mode, (script, args) in runs.items():
        history, warm = [], 0
        for warm in range(1, p.warm_rounds + 1):
            history.append(measure(ctx, mode, script, args(7 + warm), seconds)["rps"])
            changes = [abs(b - a) / a for a, b in zip(history, history[1:])]
            if len(changes) >= 2 and max(changes[-2:]) < STEADY:
                break
        out.add(scenario, mode, "warm_rounds", warm)
        if len(history) > 1:
            out.add(scenario, mode, "warm_last_change_pct", 100 * abs(history[-1] - history[-2]) / history[-2])
    per_mode = {mode: [] for mode in runs}
    for round_number in range(rounds):
        for mode in rotated(list(runs), round_number):
            script, args = runs[mode]
            result = measure(ctx, mode, script, args(42 + round_number), seconds)
            per_mode[mode].append(result)
            print(f"  {scenario} round {round_number + 1} {mode:14} {result['rps']:9.0f} req/s  "
                  f"p99 {result['p99_ms']:7.2f} ms  db/1000 {result['db_statements_per_1000']:7.2f}", flush=True)
    for mode, results in per_mode.items():
        for index, result in enumerate(results, 1):
            out.add(scenario, mode, f"rps_round_{index}", result["rps"])
            out.add(scenario, mode, f"db_statements_per_1000_round_{index}", result["db_statements_per_1000"])
        for metric in MEDIANS:
            values = [r[metric] for r in results if metric in r]
            if values:
                out.add(scenario, mode, metric, statistics.median(values))
                out.add(scenario, mode, metric + "_min", min(values))
                out.add(scenario, mode, metric + "_max", max(values))
        for metric in COUNTS:
            out.add(scenario, mode, metric, sum(r[metric] for r in results))
    return per_mode


def l1_hit(out, ctx, hot_id, modes):
    """Every request an L1 hit on one article (ours) against the bare endpoint of the same instance, and the first
    page of a channel's feed (its head and its 20 infos in L1), all driven by the same script (one path, over and
    over)."""
    channel = ctx.instance("full").get_json("/api/channels")[0]["id"]
    paths = {"full": f"/api/articles/{hot_id}", "bare": f"/api/bench/bare/{hot_id}",
             "feed-head": f"/api/channels/{channel}/articles?size=20",
             "without-counts": f"/api/bench/without-counts/{hot_id}",
             "without-events": f"/api/bench/without-events/{hot_id}"}
    runs = {mode: ("hot.lua", lambda seed, mode=mode: [paths[mode]]) for mode in modes}
    alternate(out, ctx, "l1-hit", runs)


def l2_hit(out, ctx, modes):
    """Uniformly random ids, every one in L2, none in L1 (L1 off for the article caches): our L2 path against one
    MGET of the same keys on the same kind of connection (bare-redis), and with every L1 off (redis)."""
    runs = {mode: ("uniform.lua", lambda seed, mode=mode: [ARTICLES, seed, ctx.path(mode)]) for mode in modes}
    alternate(out, ctx, "l2-hit", runs)


def zipf(out, ctx, scenario, modes, update_percent):
    """Zipf(0.99) traffic per mode, alternating; then each mode's heap. Writes go to the product's PATCH in every
    mode, reads to each mode's own path."""
    runs = {mode: ("zipf.lua", lambda seed, mode=mode: [ARTICLES, 0.99, update_percent, seed, ctx.path(mode),
                                                        ctx.instance(mode).admin_token()])
            for mode in modes}
    alternate(out, ctx, scenario, runs)
    for mode in modes:
        if mode != "bare":
            out.add(scenario, mode, "heap_after_gc_mb", ctx.instance(mode).heap_after_gc_mb())


def feed(out, ctx, modes):
    """A reader scrolling channel feeds, 5 pages deep: ids from the channel's cached list (its head in L1, then
    the sorted set) or, with no cache, an index-only query; the 20 infos per page from the caches or one IN query."""
    channels = ",".join(str(c["id"]) for c in ctx.instance("full").get_json("/api/channels"))
    runs = {mode: ("feed.lua", lambda seed: [channels, 5, seed]) for mode in modes}
    alternate(out, ctx, "feed-paging", runs)


def stampede(out, ctx, hot_id):
    """200 clients (100 per instance, two instances) read one hot article; it is expired (evicted at every level)
    once a second. Loader calls and database statements per expiry."""
    p = ctx.profile
    pairs = {"full": ("full", "full-b", "/api/articles/"), "spring": ("spring", "spring-b", "/api/bench/articles/")}
    for mode, (a, b, path) in pairs.items():
        first, second = ctx.instances[a], ctx.instances[b]
        for instance in (first, second):
            wrk(instance.base, "hot.lua", [f"{path}{hot_id}"], 2, connections=20)
        results, expiries = [], 0
        before_loads = {c: loads(first, c) + loads(second, c) for c in ("article-info", "article-body")} \
            if mode == "full" else None
        statements = ctx.db.statements(first.db_user)["statements"]
        runners = [threading.Thread(target=lambda i=i: results.append(
            wrk(i.base, "hot.lua", [f"{path}{hot_id}"], p.stampede_seconds, connections=100)))
            for i in (first, second)]
        for runner in runners:
            runner.start()
        started = time.monotonic()
        while time.monotonic() - started < p.stampede_seconds - 1:
            time.sleep(1 - (time.monotonic() - started) % 1)  # the expiry schedule: once a second
            if mode == "full":
                first.delete(f"/api/admin/cache/article-info/{hot_id}")
                first.delete(f"/api/admin/cache/article-body/{hot_id}")
            else:
                ctx.redis.cli("DEL", f"bench-spring:spring:article-detail-bytes::{hot_id}")
            expiries += 1
        for runner in runners:
            runner.join()
        statements = ctx.db.statements(first.db_user)["statements"] - statements
        out.add("stampede", mode, "expiries", expiries)
        out.add("stampede", mode, "db_statements_per_expiry", statements / expiries)
        if before_loads:
            for cache, before in before_loads.items():
                calls = loads(first, cache) + loads(second, cache) - before
                out.add("stampede", mode, f"loader_calls_per_expiry_{cache}", calls / expiries)
        out.add("stampede", mode, "rps", sum(r["rps"] for r in results))
        out.add("stampede", mode, "p99_ms", max(r["p99_ms"] for r in results))
        out.add("stampede", mode, "max_ms", max(r["max_ms"] for r in results))
        out.add("stampede", mode, "server_errors", sum(r["server_errors"] + r["socket_errors"] for r in results))
        print(f"  stampede {mode:6} {expiries} expiries, {statements / expiries:.2f} db statements per expiry, "
              f"p99 {max(r['p99_ms'] for r in results):.2f} ms", flush=True)


def loads(instance, cache):
    return instance.cache_counters((cache,))["loads"]


def penetration(out, ctx, modes):
    """Random ids that do not exist, for a fixed time per mode (wrk's thread:stop() stops sending but not the
    clock, so a fixed request count would cost the slowest mode's time)."""
    for mode in modes:
        instance = ctx.instance(mode)
        wrk(instance.base, "missing.lua", [7, ctx.path(mode)], 2)  # warm-up: JIT of the 404 path
        with Meter(ctx.db, instance, cache_counters=ctx.has_caches(mode)) as meter:
            result = wrk(instance.base, "missing.lua", [42, ctx.path(mode)], ctx.profile.missing_seconds)
        requests = result["requests"]
        out.add("penetration", mode, "requests", requests)
        out.add("penetration", mode, "rps", result["rps"])
        out.add("penetration", mode, "p99_ms", result["p99_ms"])
        out.add("penetration", mode, "not_found", result["not_found"])
        out.add("penetration", mode, "db_statements", meter.statements)
        out.add("penetration", mode, "db_share_pct", 100 * meter.statements / requests)
        if meter.counters:
            out.add("penetration", mode, "loader_calls", meter.counters["loads"])
            out.add("penetration", mode, "bloom_rejections", meter.counters["bloom_rejections"])
        print(f"  penetration {mode:6} {result['rps']:8.0f} req/s, {meter.statements} db statements for "
              f"{requests:.0f} requests", flush=True)
