#!/usr/bin/env python3
"""The benchmark suite's driver (started by bench/run): starts a private Redis and one application instance per
mode over a MariaDB database of its own, runs every scenario with all modes side by side, alternating, then writes
results.csv (scenario,mode,metric,value), meta.json and, through report.py, report.md with its plots."""
import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import http_scenarios  # noqa: E402
import java_scenarios  # noqa: E402
import report  # noqa: E402
from services import ARTICLES, Database, Instance, Redis, env_or, stop_all, wait_until  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DETAIL_CACHES = ("user-profile", "article-info", "article-body")


@dataclass(frozen=True)
class Profile:
    name: str
    rounds: int            # Zipf read rounds per mode
    seconds: int           # length of one Zipf read round
    short_rounds: int      # rounds of the 95/5 and feed scenarios
    short_seconds: int
    warmup_seconds: int    # per mode, before its first measured round
    sweep_seconds: int     # read every article once first, so Redis holds the key space (steady state); 0: no
    stampede_seconds: int
    missing_seconds: int   # penetration: random missing ids, per mode
    avalanche_entries: int
    trace_length: int
    jmh: str               # JMH options


QUICK = Profile("quick", rounds=1, seconds=6, short_rounds=1, short_seconds=4, warmup_seconds=3, sweep_seconds=0,
                stampede_seconds=4, missing_seconds=4, avalanche_entries=20_000, trace_length=200_000,
                jmh="-f 1 -wi 1 -i 1 -w 300ms -r 300ms")
FULL = Profile("full", rounds=3, seconds=12, short_rounds=2, short_seconds=8, warmup_seconds=10, sweep_seconds=110,
               stampede_seconds=10, missing_seconds=10, avalanche_entries=100_000, trace_length=500_000,
               jmh="-f 1 -wi 2 -i 3 -w 1s -r 1s")

# Each mode is the same jar under other settings. L1 is sized well below the key space in every mode that has one:
# article bodies (about 5 KB each in L1) 48 MB, about 9% of 100k; infos 8 MB, about 11%.
L1_SIZES = ["--newsfeed.cache.caches.article-body.l1.max-weight=48MB",
            "--newsfeed.cache.caches.article-info.l1.max-weight=8MB"]
MODES = {
    "full": [],
    "redis": [f"--newsfeed.cache.caches.{c}.l1.enabled=false" for c in DETAIL_CACHES],
    "caffeine": [f"--newsfeed.cache.caches.{c}.l2.enabled=false" for c in DETAIL_CACHES],
    "none": ["--newsfeed.bench.article-reads=database"]
            + [f"--newsfeed.cache.caches.{c}.l{level}.enabled=false" for c in DETAIL_CACHES for level in (1, 2)],
    "spring": ["--newsfeed.bench.article-reads=spring-cache"],
}
SECOND_INSTANCES = {"full-b": "full", "spring-b": "spring"}  # the stampede's other instance per mode


class Results:
    def __init__(self, directory: Path):
        self.rows = []
        self.directory = directory

    def add(self, scenario, mode, metric, value):
        self.rows.append((scenario, mode, metric, round(float(value), 4)))

    def write(self):
        with (self.directory / "results.csv").open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(("scenario", "mode", "metric", "value"))
            writer.writerows(self.rows)


class Context:
    def __init__(self, profile, db, redis, instances):
        self.profile, self.db, self.redis, self.instances = profile, db, redis, instances

    def instance(self, mode):
        return self.instances["full" if mode == "bare" else mode]

    def has_caches(self, mode):
        return mode in ("full", "redis", "caffeine")

    def url(self, mode):
        return self.instance(mode).base

    def zipf_args(self, mode, update_percent, seed):
        prefix = "/api/bench/bare?id=" if mode == "bare" else "/api/articles/"
        return [ARTICLES, 0.99, update_percent, seed, prefix]


def common_args(db, redis):
    return ["--spring.profiles.active=mysql", f"--spring.datasource.url={db.url}",
            "--spring.data.redis.host=127.0.0.1", f"--spring.data.redis.port={redis.port}",
            f"--newsfeed.demo.articles={ARTICLES}", "--newsfeed.bench.bare-endpoint=true",
            # Six instances start at once on two cores: the production 250 ms (which also bounds Lettuce's
            # connection handshake) fails their start-up; 1 s still turns a stalled Redis into misses.
            "--spring.data.redis.connect-timeout=5s", "--spring.data.redis.timeout=1s", "--logging.level.root=WARN", *L1_SIZES]


def start_instances(names, jar, db, redis, logdir, instances, running):
    """Starts these instances at once and waits for them. Each is added to `running` as it starts, so a failed
    start still stops the others."""
    for name in names:
        mode = SECOND_INSTANCES.get(name, name)
        instances[name] = Instance(name, jar, common_args(db, redis) + MODES[mode], logdir)
        running.append(instances[name])
    for name in names:
        wait_until(instances[name].ready, 300, f"instance {name}")


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(os.sysconf("SC_PAGE_SIZE")
            * os.sysconf("SC_PHYS_PAGES") / 2**30), "os": platform.platform(), "java": java, "wrk": wrk_version}


def main():
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one short round per scenario, cold Redis (about 6 minutes on 2 cores)")
    parser.add_argument("--trace", help="a key trace to replay (one integer key per line); default: generated")
    parser.add_argument("--out", help="results directory (default bench/results, or bench/results/quick)")
    args = parser.parse_args()
    profile = QUICK if args.quick else FULL
    out_dir = Path(args.out) if args.out else ROOT / "bench/results" / ("quick" if args.quick else "")
    out_dir.mkdir(parents=True, exist_ok=True)
    logdir = ROOT / "bench/results/tmp"
    logdir.mkdir(parents=True, exist_ok=True)
    jar = next((ROOT / "target").glob("newsfeed-cache-*.jar"))
    started = time.monotonic()
    results = Results(out_dir)

    db = Database(env_or("BENCH_DB_HOST", "127.0.0.1"), int(env_or("BENCH_DB_PORT", "3306")),
                  env_or("BENCH_DB_NAME", "newsfeed_bench"))
    if not db.reachable():
        sys.exit(f"bench: no MySQL-protocol database on {db.host}:{db.port} (set BENCH_DB_HOST/BENCH_DB_PORT)")
    if db.articles() != ARTICLES:  # empty, or left by another data size: seed afresh
        db.recreate()
    redis = Redis(logdir)
    redis_version = redis.cli("INFO", "server").split("redis_version:")[1].split()[0]
    running = [redis]
    try:
        print(f"== Java scenarios (JMH, avalanche, trace replay) on redis :{redis.port}", flush=True)
        java_scenarios.run_before_http(results, profile, redis, logdir, args.trace)
        print("== starting one instance per mode", flush=True)
        instances = {}
        ctx = Context(profile, db, redis, instances)
        # The first seeds the database when it is empty and builds the bloom filters. The sweep runs while only
        # the two instances it uses are up, so it competes with no other JVM's start-up.
        start_instances(["full"], jar, db, redis, logdir, instances, running)
        start_instances(["spring"], jar, db, redis, logdir, instances, running)
        if profile.sweep_seconds:
            print("== warm-up sweep: every article once through ours and through Spring Cache (fills L2)",
                  flush=True)
            http_scenarios.sweep(results, ctx, ("full", "spring"), ARTICLES, profile.sweep_seconds)
        start_instances(["redis", "caffeine", "none", *SECOND_INSTANCES], jar, db, redis, logdir, instances,
                        running)
        print(f"   all ready after {time.monotonic() - started:.0f} s", flush=True)
        print("== L1 hits against the bare endpoint", flush=True)
        http_scenarios.l1_hit(results, ctx, hot_id=1)
        print("== Zipf reads", flush=True)
        http_scenarios.zipf(results, ctx, "zipf-read", ["bare", "none", "redis", "caffeine", "full", "spring"], 0)
        print("== Zipf 95% reads / 5% updates", flush=True)
        http_scenarios.zipf(results, ctx, "zipf-95-5", ["none", "redis", "caffeine", "full", "spring"], 5)
        print("== feed paging", flush=True)
        http_scenarios.feed(results, ctx, ["none", "redis", "caffeine", "full"])
        print("== stampede", flush=True)
        http_scenarios.stampede(results, ctx, hot_id=1)
        print("== penetration", flush=True)
        http_scenarios.penetration(results, ctx, ["full", "spring", "none"])
        print("== Redis memory and read latency per layout", flush=True)
        java_scenarios.layouts(results, redis, instances["full"].base)
    finally:
        stop_all(running)
    elapsed = time.monotonic() - started
    results.write()
    meta = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": "bench/run" + (" --quick" if args.quick else ""), "profile": asdict(profile),
            "seconds": round(elapsed), "articles": ARTICLES, "machine": machine(),
            "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                     text=True).stdout.strip(),
            "database": db.sql("SELECT VERSION()"), "redis": redis_version, "modes": MODES, "l1_sizes": L1_SIZES}
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2))
    report.write(out_dir)
    print(f"== done in {elapsed:.0f} s: {out_dir / 'report.md'}")


if __name__ == "__main__":
    main()
