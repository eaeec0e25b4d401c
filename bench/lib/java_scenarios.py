"""The scenarios that run in a JVM of their own over the cache core (src/jmh/java, built by the bench profile):
JMH micro-benchmarks, the avalanche histogram, trace replay, and Redis memory per layout."""
import bisect
import itertools
import json
import random
import re
import subprocess
from pathlib import Path

from services import ARTICLES

ROOT = Path(__file__).resolve().parents[2]
RESULT = re.compile(r"(\w+)=([\w.\-]+)")
TRACE_SIZES_MB = "4,8,16,32,64,128"


def classpath():
    """The cache core, the bench sources and their dependencies, as built by bench/run (`./mvnw -Pbench`)."""
    return ":".join([str(ROOT / "target/test-classes"), str(ROOT / "target/classes"),
                     (ROOT / "target/bench.classpath").read_text().strip()])


def java(redis, main, *args):
    command = ["java", f"-Dbench.redis.port={redis.port}", "-Dlogging.level.root=WARN", "-cp", classpath(), main,
               *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{main} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return [dict(RESULT.findall(line)) for line in done.stdout.splitlines() if line.startswith("RESULT")]


def news_trace(path: Path, length):
    """A generated stand-in for a recorded trace: Zipf(0.99) over the articles, whose popularity drifts to newer
    ones as a news day goes on (every tenth of the trace, the hottest ranks move to 2,000 other articles)."""
    rng = random.Random(2026)
    cdf = list(itertools.accumulate(1 / r ** 0.99 for r in range(1, ARTICLES + 1)))
    with path.open("w") as f:
        for i in range(length):
            rank = bisect.bisect_left(cdf, rng.random() * cdf[-1])
            shift = (i * 10 // length) * 2_000
            f.write(f"{(rank + shift) % ARTICLES}\n")


def run_before_http(out, profile, redis, workdir: Path, trace):
    if profile.jmh:
        jmh(out, profile, redis, workdir)
    scenarios(out, profile, redis, workdir, trace)


def jmh(out, profile, redis, workdir: Path):
    jmh_json = workdir / "jmh.json"
    print(f"   JMH ({profile.jmh}): L1 hit against bare Caffeine; L2 read as string against hash", flush=True)
    subprocess.run(["java", "-cp", classpath(), "org.openjdk.jmh.Main", *profile.jmh.split(), "-jvmArgs",
                    f"-Dbench.redis.port={redis.port} -Xms1g -Xmx1g", "-rf", "json", "-rff", str(jmh_json),
                    "L1HitBenchmark", "L2ReadBenchmark"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    for result in json.loads(jmh_json.read_text()):
        name = result["benchmark"].rsplit(".", 2)[-2:]
        params = result.get("params", {})
        mode = "-".join([name[1], *params.values()]) if params else name[1]
        metric = "ns_per_op" if result["primaryMetric"]["scoreUnit"] == "ns/op" else "us_per_op"
        out.add(f"jmh-{name[0]}", mode, metric, result["primaryMetric"]["score"])
        error = result["primaryMetric"]["scoreError"]
        if error == error:  # NaN with a single iteration
            out.add(f"jmh-{name[0]}", mode, metric + "_error", error)


def scenarios(out, profile, redis, workdir: Path, trace):
    print("   avalanche: entries written at one instant, jitter on and off", flush=True)
    avalanche_csv = out.directory / "avalanche.csv"
    results = java(redis, "com.newsfeed.cache.AvalancheScenario", profile.avalanche_entries, avalanche_csv)
    for r in results:
        for metric in ("entries", "write_seconds", "peak_per_second", "seconds_with_expirations", "window_seconds"):
            out.add("avalanche", r["mode"], metric, float(r[metric]))

    print("   trace replay: L1 hit ratio by L1 size", flush=True)
    if trace:
        trace_file, source = Path(trace).resolve(), Path(trace).name
    else:
        trace_file, source = workdir / "trace.txt", "generated"
        news_trace(trace_file, profile.trace_length)
    results = java(redis, "com.newsfeed.cache.TraceReplay", trace_file, ARTICLES, TRACE_SIZES_MB)
    for r in results:
        mode = f"l1-{r['l1_mb']}MB"
        out.add(f"trace-replay-{source}", mode, "hit_ratio", float(r["hit_ratio"]))
        out.add(f"trace-replay-{source}", mode, "entries", float(r["entries"]))
        out.add(f"trace-replay-{source}", mode, "requests", float(r["requests"]))


def layouts(out, redis, instance_base, sample=1_000):
    results = java(redis, "com.newsfeed.cache.LayoutScenario", instance_base, sample)
    for r in results:
        out.add(f"memory-{r['entity']}", r["layout"], "bytes_per_key", float(r["bytes_per_key"]))
        out.add(f"memory-{r['entity']}", r["layout"], "keys", float(r["keys"]))
