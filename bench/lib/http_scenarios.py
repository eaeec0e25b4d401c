"""The scenarios driven over HTTP by wrk: Zipf reads, 95/5 reads and updates, feed paging, stampede, penetration.

Every figure comes from wrk's own counters and histogram (parsed from the RESULT line bench/lua/report.lua prints),
from the instances' cache counters (GET /api/admin/cache/stats) and from MariaDB's statement counters, read just
before and just after each run.
"""
import re
import statistics
import subprocess
import threading
import time

LUA = "bench/lua/"
RESULT = re.compile(r"(\w+)=([\d.]+)")


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
    """Deltas over one run: database statements, and the instance's cache counters when it has the caches."""

    def __init__(self, db, instance, cache_counters=True):
        self.db, self.instance, self.cache_counters = db, instance, cache_counters

    def __enter__(self):
        self.statements = self.db.statements()
        self.counters = self.instance.cache_counters() if self.cache_counters else None
        return self

    def __exit__(self, *exc):
        self.statements = self.db.statements() - self.statements
        if self.counters is not None:
            after = self.instance.cache_counters()
            self.counters = {key: after[key] - value for key, value in self.counters.items()}

    def figures(self, requests):
        figures = {"db_statements_per_1000": 1000 * self.statements / max(requests, 1)}
        if self.counters:
            c = self.counters
            if c["l1_hits"] + c["l1_misses"]:
                figures["l1_hit_ratio"] = c["l1_hits"] / (c["l1_hits"] + c["l1_misses"])
            if c["l2_hits"] + c["l2_misses"]:
                figures["l2_hit_ratio"] = c["l2_hits"] / (c["l2_hits"] + c["l2_misses"])
            figures["loads_per_1000"] = 1000 * c["loads"] / max(requests, 1)
        return figures


def loads(instance, cache):
    return instance.cache_counters((cache,))["loads"]


def rotated(modes, round_number):
    """Round r starts at the r-th mode, so no mode always runs first (or right after the same neighbour)."""
    shift = round_number % len(modes)
    return modes[shift:] + modes[:shift]


def sweep(out, ctx, modes, articles, seconds):
    """Reads every article once through each mode at the same time (bounded by `seconds`); records how many
    article bodies Redis then holds, for ours and for Spring's cache."""
    runners = [threading.Thread(target=wrk, args=(ctx.instance(mode).base, "sweep.lua", [articles, 1], seconds),
                                kwargs={"connections": 64}) for mode in modes]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    for mode, pattern in (("full", "nf:art:*:detail"), ("spring", "nf:spring:article-detail::*")):
        keys = subprocess.run(["redis-cli", "-p", str(ctx.redis.port), "--scan", "--pattern", pattern],
                              capture_output=True, text=True).stdout.count("\n")
        out.add("sweep", mode, "articles_in_redis", keys)
        print(f"  sweep {mode}: {keys} of {articles} article bodies in Redis", flush=True)


MEDIANS = ("rps", "p50_ms", "p99_ms", "p999_ms", "db_statements_per_1000", "l1_hit_ratio", "l2_hit_ratio",
           "loads_per_1000")
COUNTS = ("requests", "not_found", "conflicts", "client_errors", "server_errors", "socket_errors")


def alternate(out, ctx, scenario, runs, rounds, seconds, warmup):
    """Warms every mode up (with another seed than the measured rounds), then runs `rounds` rounds of every mode,
    the order rotated each round; writes each mode's medians and summed counts. `runs` maps a mode to its wrk
    script and a function from a seed to the script's arguments. Returns the results per mode."""
    for mode, (script, args) in runs.items():
        wrk(ctx.url(mode), script, args(7), warmup)
    per_mode = {mode: [] for mode in runs}
    for round_number in range(rounds):
        for mode in rotated(list(runs), round_number):
            script, args = runs[mode]
            with Meter(ctx.db, ctx.instance(mode), cache_counters=ctx.has_caches(mode)) as meter:
                result = wrk(ctx.url(mode), script, args(42 + round_number), seconds)
            result.update(meter.figures(result["requests"]))
            per_mode[mode].append(result)
            print(f"  {scenario} round {round_number + 1} {mode:9} {result['rps']:9.0f} req/s  "
                  f"p99 {result['p99_ms']:7.2f} ms  db/1000 {result['db_statements_per_1000']:7.2f}", flush=True)
    for mode, results in per_mode.items():
        for index, result in enumerate(results, 1):
            out.add(scenario, mode, f"rps_round_{index}", result["rps"])
        for metric in MEDIANS:
            values = [r[metric] for r in results if metric in r]
            if values:
                out.add(scenario, mode, metric, statistics.median(values))
        for metric in COUNTS:
            out.add(scenario, mode, metric, sum(r[metric] for r in results))
    return per_mode


def l1_hit(out, ctx, hot_id):
    """Every request an L1 hit on one article (ours, `full`) against the bare endpoint of the same instance:
    what the framework allows against what our read path costs on top of it."""
    p = ctx.profile
    runs = {"full": ("hot.lua", lambda seed: [hot_id]),
            "bare": ("zipf.lua", lambda seed: ctx.zipf_args("bare", 0, seed))}
    per_mode = alternate(out, ctx, "l1-hit", runs, p.rounds, p.short_seconds, p.warmup_seconds)
    ratio = statistics.median(r["rps"] for r in per_mode["full"]) / statistics.median(
        r["rps"] for r in per_mode["bare"])
    print(f"  l1-hit: ours at {ratio:.2f} of the bare endpoint", flush=True)


def zipf(out, ctx, scenario, modes, update_percent):
    """Zipf(0.99) traffic per mode, alternating; then each mode's heap. The 95/5 mix runs after the reads, on
    warm instances: shorter rounds and warm-up."""
    p = ctx.profile
    mixed = update_percent > 0
    runs = {mode: ("zipf.lua", lambda seed, mode=mode: ctx.zipf_args(mode, update_percent, seed)) for mode in modes}
    alternate(out, ctx, scenario, runs, p.short_rounds if mixed else p.rounds,
              p.short_seconds if mixed else p.seconds, min(p.warmup_seconds, 5) if mixed else p.warmup_seconds)
    for mode in modes:
        if mode != "bare":
            out.add(scenario, mode, "heap_after_gc_mb", ctx.instance(mode).heap_after_gc_mb())


def feed(out, ctx, modes):
    """A reader scrolling channel feeds, 5 pages deep: the ids come from the database in every mode (an
    index-only query), the 20 infos per page from the caches or, in no-cache mode, one IN query."""
    p = ctx.profile
    channels = ",".join(str(c["id"]) for c in ctx.instance("full").get_json("/api/channels"))
    runs = {mode: ("feed.lua", lambda seed: [channels, 5, seed]) for mode in modes}
    alternate(out, ctx, "feed-paging", runs, p.short_rounds, p.short_seconds, min(p.warmup_seconds, 5))


def stampede(out, ctx, hot_id):
    """200 clients (100 per instance, two instances) read one hot article; it is expired (evicted at every
    level) once a second. Counts loader calls and database statements per expiry."""
    p = ctx.profile
    pairs = {"full": ("full", "full-b"), "spring": ("spring", "spring-b")}
    for mode, (a, b) in pairs.items():
        first, second = ctx.instance(a), ctx.instance(b)
        for instance in (first, second):
            wrk(instance.base, "hot.lua", [hot_id], 2, connections=20)
        results, expiries = [], 0
        before_loads = {c: loads(first, c) + loads(second, c) for c in ("article-info", "article-body")} \
            if mode == "full" else None
        statements = ctx.db.statements()
        runners = [threading.Thread(target=lambda i=i: results.append(
            wrk(i.base, "hot.lua", [hot_id], p.stampede_seconds, connections=100))) for i in (first, second)]
        for runner in runners:
            runner.start()
        started = time.monotonic()
        while time.monotonic() - started < p.stampede_seconds - 1:
            time.sleep(1 - (time.monotonic() - started) % 1)
            if mode == "full":
                first.delete(f"/api/admin/cache/article-info/{hot_id}")
                first.delete(f"/api/admin/cache/article-body/{hot_id}")
            else:
                ctx.redis.cli("DEL", f"nf:spring:article-detail::{hot_id}")
            expiries += 1
        for runner in runners:
            runner.join()
        statements = ctx.db.statements() - statements
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


def penetration(out, ctx, modes):
    """Random ids that do not exist, for a fixed time per mode (wrk's thread:stop() stops sending but not the
    clock, so a fixed request count would cost the slowest mode's time)."""
    for mode in modes:
        instance = ctx.instance(mode)
        wrk(instance.base, "missing.lua", [7], 2)  # warm-up: JIT of the 404 path
        with Meter(ctx.db, instance, cache_counters=ctx.has_caches(mode)) as meter:
            result = wrk(instance.base, "missing.lua", [42], ctx.profile.missing_seconds)
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
