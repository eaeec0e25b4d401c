#!/usr/bin/env python3
"""The benchmark suite's driver (started by bench/run): a private Redis, one application instance per mode over a
MariaDB database of its own, every scenario with the modes side by side; then results.csv (scenario, mode, metric,
value), meta.json and, through report.py, report.md with its plots.

Each mode is isolated: its own Redis key prefix and invalidation channel, and its own database user, so its
statements are counted apart and no write of one mode can touch another's caches."""
import argparse
import base64
import csv
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import http_scenarios  # noqa: E402
import java_scenarios  # noqa: E402
import report  # noqa: E402
from services import ARTICLES, Database, Instance, Redis, RedisCluster, env_or, stop_all, wait_until  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DETAIL_CACHES = ("user-profile", "article-info", "article-body")
LIST_CACHES = ("channel-feed", "author-articles", "announcement-list")
USERS = ARTICLES // 20  # the demo seeder's ratio
BENCH_SIGNING_KEY = base64.b64encode(b"newsfeed-bench-token-signing-key-32b").decode()


@dataclass(frozen=True)
class Profile:
    name: str
    modes: dict            # per scenario, the modes it compares
    rounds: int            # measured rounds per mode (alternating), after its warm-up
    seconds: int           # length of one round
    warm_rounds: int       # at most this many warm-up rounds per mode; fewer once three in a row differ < 5 %
    stampede_seconds: int
    missing_seconds: int   # penetration: random missing ids, per mode
    avalanche_entries: int
    trace_length: int
    sweep: bool            # fill every mode's L2 with the whole key space first (as after hours of traffic)
    jmh: str               # JMH options; empty: no JMH


ALL_MODES = {"l1-hit": ["full", "bare", "feed-head", "without-counts", "without-events"],
             "l2-hit": ["bare-redis", "l2", "redis"],
             "zipf-read": ["bare", "none", "redis", "caffeine", "full", "without-counts", "without-events", "spring",
                           "spring-objects"],
             "zipf-95-5": ["none", "redis", "caffeine", "full", "spring"],
             "feed-paging": ["none", "redis", "caffeine", "full"], "penetration": ["full", "spring", "none"],
             # The same Zipf reads with L2 on a local Redis Cluster (3 masters + 3 replicas) against one server.
             "zipf-cluster": ["redis", "redis-cluster", "full", "full-cluster"]}
# The quick run keeps to four instances (and the stampede's two more): a smoke test of every scenario.
QUICK_MODES = {"l1-hit": ["full", "bare", "feed-head", "without-counts", "without-events"], "l2-hit": ["bare-redis", "l2"], "zipf-read": ["bare", "none", "full",
               "spring"], "zipf-95-5": ["none", "full", "spring"], "feed-paging": ["none", "full"],
               "penetration": ["full", "spring", "none"]}
QUICK = Profile("quick", modes=QUICK_MODES, rounds=1, seconds=4, warm_rounds=1, stampede_seconds=4, missing_seconds=3,
                avalanche_entries=20_000, trace_length=200_000, sweep=False, jmh="")
FULL = Profile("full", modes=ALL_MODES, rounds=5, seconds=8, warm_rounds=6, stampede_seconds=10, missing_seconds=8,
               avalanche_entries=100_000, trace_length=500_000, sweep=True,
               jmh="-f 2 -wi 3 -i 5 -w 1s -r 1s")

# Each instance is the same jar under other settings. L1 is sized well below the key space in every mode that has
# one: article bodies (about 5 KB each in L1) 48 MB, about 9 % of 100k; infos 8 MB, about 11 %.
L1_SIZES = ["--newsfeed.cache.caches.article-body.l1.max-weight=48MB",
            "--newsfeed.cache.caches.article-info.l1.max-weight=8MB"]
PRODUCT, BASELINE = "/api/articles/", "/api/bench/articles/"
INSTANCES = {
    "full": [],
    "l2": [f"--newsfeed.cache.caches.{c}.l1.enabled=false" for c in ("article-info", "article-body")],
    "redis": [f"--newsfeed.cache.caches.{c}.l1.enabled=false" for c in DETAIL_CACHES + LIST_CACHES],
    "caffeine": [f"--newsfeed.cache.caches.{c}.l2.enabled=false" for c in DETAIL_CACHES + LIST_CACHES],
    "none": ["--newsfeed.bench.baseline=database"]
            + [f"--newsfeed.cache.caches.{c}.l{level}.enabled=false" for c in DETAIL_CACHES + LIST_CACHES
               for level in (1, 2)],
    "spring": ["--newsfeed.bench.baseline=spring-cache"],
    "spring-objects": ["--newsfeed.bench.baseline=spring-cache-objects"],
}
# Instances whose L2 is the cluster: the same settings as the mode they are named after.
CLUSTER_SUFFIX = "-cluster"
for base in ("redis", "full"):
    INSTANCES[base + CLUSTER_SUFFIX] = INSTANCES[base]
SECOND_INSTANCES = {"full-b": "full", "spring-b": "spring"}  # the stampede's other instance per mode
# A mode of a scenario: which instance serves it, and the path prefix its GETs take.
MODES = {"bare": ("full", "/api/bench/bare/"), "bare-redis": ("l2", "/api/bench/bare-redis/"),
         "none": ("none", BASELINE), "redis": ("redis", PRODUCT), "l2": ("l2", PRODUCT),
         "caffeine": ("caffeine", PRODUCT), "full": ("full", PRODUCT), "spring": ("spring", BASELINE),
         "spring-objects": ("spring-objects", BASELINE), "feed-head": ("full", "/api/channels/"),
         # The product's detail without its counts (and without counting the read), on the product's instance.
         "without-counts": ("full", "/api/bench/without-counts/"),
         # The same detail with its counts, but no read event published (nor consumed), on the same instance.
         "without-events": ("full", "/api/bench/without-events/"),
         "redis-cluster": ("redis-cluster", PRODUCT), "full-cluster": ("full-cluster", PRODUCT)}


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
    def __init__(self, profile, db, redis, instances, cluster=None):
        self.profile, self.db, self.redis, self.instances, self.cluster = profile, db, redis, instances, cluster

    def instance(self, mode):
        return self.instances[MODES[mode][0] if mode in MODES else mode]

    def path(self, mode):
        return MODES[mode][1]

    def has_caches(self, mode):
        return self.instance(mode).name in ("full", "l2", "redis", "caffeine", "redis-cluster", "full-cluster")


def group(name):
    return SECOND_INSTANCES.get(name, name)


def instance_args(name, db, redis, cluster=None):
    mode = group(name)
    user = "bench_" + mode.replace("-", "_")
    on_cluster = [f"--spring.data.redis.cluster.nodes={cluster.nodes}"] if mode.endswith(CLUSTER_SUFFIX) else []
    return user, [*on_cluster, "--spring.profiles.active=mysql", f"--spring.datasource.url={db.url}",
                  f"--spring.datasource.username={user}", "--spring.datasource.password=",
                  "--spring.data.redis.host=127.0.0.1", f"--spring.data.redis.port={redis.port}",
                  f"--newsfeed.cache.key-prefix=bench-{mode}:", f"--newsfeed.demo.articles={ARTICLES}",
                  # Reader events through this machine's RabbitMQ, each instance on queues of its own.
                  f"--newsfeed.events.names-prefix=bench-{mode}.",
                  "--newsfeed.bench.bare-endpoint=true",
                  # Every instance signs and accepts the same tokens, as a fleet does (the mysql profile needs a key).
                  f"--newsfeed.security.token.signing-key={BENCH_SIGNING_KEY}",
                  "--newsfeed.demo.password=newsfeed-demo",  # the admin the bench logs in as (mysql has none)
                  # Eight instances start at once on two cores: the production 250 ms (which also bounds Lettuce's
                  # handshake) fails their start-up; 1 s still turns a stalled Redis into misses.
                  "--spring.data.redis.connect-timeout=5s", "--spring.data.redis.timeout=1s",
                  "--logging.level.root=WARN", *L1_SIZES, *INSTANCES[mode]]


def start_instances(names, jar, db, redis, logdir, instances, running, cluster=None):
    """Starts these instances at once and waits for them. Each is added to `running` as it starts, so a failed
    start still stops the others."""
    for name in names:
        user, args = instance_args(name, db, redis, cluster)
        db.ensure_user(user)
        instances[name] = Instance(name, jar, args, logdir, db_user=user)
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


def provenance():
    """The commit, and whether the tree differs from it (results and build output aside)."""
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    changes = subprocess.run(["git", "status", "--porcelain", "--", ".", ":!bench/results"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip()
    return commit, bool(changes), changes


def main():
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one short round of each scenario, fewer modes")
    parser.add_argument("--trace", help="a key trace to replay (one integer key per line); default: generated")
    parser.add_argument("--out", help="results directory (default bench/results, or bench/results/quick)")
    parser.add_argument("--only", help="comma-separated scenarios to run (default: all): l1-hit, l2-hit, zipf-read,"
                        " zipf-95-5, feed-paging, stampede, penetration, layouts; JMH and the Java scenarios only"
                        " with all")
    parser.add_argument("--allow-dirty", action="store_true",
                        help="write bench/results even though the tree has uncommitted changes")
    args = parser.parse_args()
    profile = QUICK if args.quick else FULL
    only = set(args.only.split(",")) if args.only else None
    if only:
        unknown = only - set(profile.modes) - {"stampede", "layouts"}
        if unknown:
            sys.exit(f"bench: no such scenario: {', '.join(sorted(unknown))}")
        profile = replace(profile, modes={k: v for k, v in profile.modes.items() if k in only}, jmh="")
    wanted_scenario = (lambda name: True) if only is None else only.__contains__
    out_dir = Path(args.out) if args.out else ROOT / "bench/results" / ("quick" if args.quick else
                                                                          "partial" if args.only else "")
    commit, dirty, changes = provenance()
    if dirty and not args.out and not args.quick and not args.only and not args.allow_dirty:
        sys.exit("bench: the tree has uncommitted changes, so these figures could not be traced to a commit:\n"
                 f"{changes}\ncommit first, or pass --out DIR (or --allow-dirty to record them as dirty)")
    out_dir.mkdir(parents=True, exist_ok=True)
    logdir = ROOT / "bench/results/tmp"
    logdir.mkdir(parents=True, exist_ok=True)
    jar = next((ROOT / "target").glob("newsfeed-cache-*.jar"))
    started = time.monotonic()
    results = Results(out_dir)

    db = Database(env_or("BENCH_DB_HOST", "127.0.0.1"), int(env_or("BENCH_DB_PORT", "3306")),
                  env_or("BENCH_DB_NAME", "newsfeed_bench"))
    if not db.reachable():
        sys.exit(f"bench: no MySQL-protocol database on {db.host}:{db.port} as root without a password "
                 "(set BENCH_DB_HOST/BENCH_DB_PORT; see bench/README.md)")
    per_user = db.enable_user_statistics()
    if db.articles() != ARTICLES or not db.has_accounts():  # empty, another size, or older: seed afresh
        db.recreate()
    redis = Redis(logdir)
    redis_version = redis.cli("INFO", "server").split("redis_version:")[1].split()[0]
    running = [redis]
    try:
        if only is None:
            if profile.jmh:
                print(f"== Java scenarios (JMH, avalanche, trace replay) on redis :{redis.port}", flush=True)
            java_scenarios.run_before_http(results, profile, redis, logdir, args.trace)
        cluster = None
        if "zipf-cluster" in profile.modes:
            cluster = RedisCluster(logdir)
            running.append(cluster)
            print(f"== a local Redis Cluster on {cluster.nodes}", flush=True)
        print("== starting one instance per mode", flush=True)
        instances = {}
        ctx = Context(profile, db, redis, instances, cluster)
        start_instances(["full"], jar, db, redis, logdir, instances, running)  # seeds the database if empty
        wanted = {MODES[mode][0] for modes in profile.modes.values() for mode in modes} - {"full"}
        start_instances(sorted(wanted), jar, db, redis, logdir, instances, running, cluster)
        print(f"   ready after {time.monotonic() - started:.0f} s", flush=True)
        m = profile.modes
        if profile.sweep and only is None:
            http_scenarios.fill_l2(results, ctx, [x for x in ("full", "l2", "redis") if x in instances],
                                   [x for x in ("spring", "spring-objects") if x in instances], USERS)
        if "zipf-read" in m:
            http_scenarios.background_statements(results, ctx, [x for x in m["zipf-read"] if x != "bare"])
        if "l1-hit" in m:
            print("== L1 hits against the bare endpoint, and a feed's first page", flush=True)
            http_scenarios.l1_hit(results, ctx, hot_id=1, modes=m["l1-hit"])
        if "l2-hit" in m:
            print("== L2 hits against one MGET on the same connection", flush=True)
            http_scenarios.l2_hit(results, ctx, m["l2-hit"])
        if "zipf-read" in m:
            print("== Zipf reads", flush=True)
            http_scenarios.zipf(results, ctx, "zipf-read", m["zipf-read"], 0)
        if "zipf-95-5" in m:
            print("== Zipf 95% reads / 5% updates", flush=True)
            http_scenarios.zipf(results, ctx, "zipf-95-5", m["zipf-95-5"], 5)
        if "zipf-cluster" in m:
            print("== Zipf reads, L2 on a Redis Cluster against one Redis server", flush=True)
            http_scenarios.zipf_cluster(results, ctx, m["zipf-cluster"], swept=profile.sweep and only is None)
        if "feed-paging" in m:
            print("== feed paging", flush=True)
            http_scenarios.feed(results, ctx, m["feed-paging"])
        if wanted_scenario("stampede"):
            print("== stampede (two instances per mode)", flush=True)
            start_instances(list(SECOND_INSTANCES), jar, db, redis, logdir, instances, running)
            http_scenarios.stampede(results, ctx, hot_id=1)
        if "penetration" in m:
            print("== penetration", flush=True)
            http_scenarios.penetration(results, ctx, m["penetration"])
        if wanted_scenario("layouts"):
            print("== Redis memory per layout", flush=True)
            java_scenarios.layouts(results, redis, instances["full"].base)
    except Exception as error:  # what was measured is still written, and the report says the run failed
        results.add("run", "all", "failed", 1)
        print(f"bench: the run failed: {error}", flush=True)
        raise
    finally:
        stop_all(running)
        write_outputs(results, out_dir, args, profile, started, db, per_user, redis_version, commit, dirty)


def write_outputs(results, out_dir, args, profile, started, db, per_user, redis_version, commit, dirty):
    elapsed = time.monotonic() - started
    results.write()
    meta = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": " ".join(["bench/run", *sys.argv[1:]]), "profile": asdict(profile),
            "seconds": round(elapsed), "articles": ARTICLES, "machine": machine(), "commit": commit, "dirty": dirty,
            "database": db.sql("SELECT VERSION()"), "db_counts": "per mode (MariaDB USER_STATISTICS)" if per_user
            else "server-wide (no per-user statistics on this server)", "redis": redis_version,
            "instances": INSTANCES, "modes": {m: list(v) for m, v in MODES.items()}, "l1_sizes": L1_SIZES}
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2))
    report.write(out_dir)
    print(f"== written in {elapsed:.0f} s: {out_dir / 'report.md'}")


if __name__ == "__main__":
    main()
