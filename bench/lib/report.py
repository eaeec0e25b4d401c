#!/usr/bin/env python3
"""Turns results.csv and meta.json into report.md, with SVG plots drawn by gnuplot (Debian's gnuplot-nox).
Usage: bench/lib/report.py <results directory>"""
import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

MODE_LABELS = {"bare": "bare endpoint", "bare-redis": "bare Redis (one MGET)", "none": "no cache",
               "redis": "Redis only (no L1)", "l2": "L2 hits (no article L1)", "caffeine": "Caffeine only",
               "full": "multi-level (ours)", "spring": "Spring @Cacheable (bytes)",
               "spring-objects": "Spring @Cacheable (objects, re-serialised)",
               "feed-head": "feed page 1 (ours, from L1)",
               "without-counts": "ours without counts (and without counting the read)",
               "without-events": "ours without publishing the read event",
               "redis-cluster": "Redis only (no L1), L2 on the cluster",
               "full-cluster": "multi-level (ours), L2 on the cluster"}


def load(directory: Path):
    table = defaultdict(dict)
    with (directory / "results.csv").open() as f:
        for row in csv.DictReader(f):
            table[(row["scenario"], row["mode"])][row["metric"]] = float(row["value"])
    return table, json.loads((directory / "meta.json").read_text())


def gnuplot(directory: Path, name, script, data):
    data_file = directory / f"{name}.dat"
    data_file.write_text(data)
    subprocess.run(["gnuplot"], input=f"set terminal svg size 760,380 font 'sans,11' background '#ffffff' noenhanced\n"
                   f"set output '{directory / (name + '.svg')}'\n{script}\n", text=True, check=True,
                   cwd=directory)
    data_file.unlink()
    return f"![{name}]({name}.svg)"


def bars(directory, name, title, ylabel, rows, columns, logscale=False):
    """Grouped bars: one group per row (label, values...), one bar per column."""
    data = "label " + " ".join(f'"{c}"' for c in columns) + "\n" + "".join(
        f'"{label}" ' + " ".join(f"{v:.4f}" for v in values) + "\n" for label, *values in rows)
    plots = ", ".join(f"'{name}.dat' using {i + 2}:xtic(1) title columnheader" for i in range(len(columns)))
    script = (f"set title '{title}'\nset ylabel '{ylabel}'\nset style data histograms\n"
              "set style histogram clustered gap 1\nset style fill solid 0.8 border -1\nset boxwidth 0.9\n"
              "set grid ytics\nset yrange [0:*]\nset xtics rotate by -20\n"
              + ("set key off\n" if len(columns) == 1 else "set key top right\n")
              + ("set logscale y\nset yrange [*:*]\n" if logscale else "") + f"plot {plots}")
    return gnuplot(directory, name, script, data)


def lines(directory, name, title, xlabel, ylabel, header, rows, logx=False, logy=False):
    data = " ".join(header) + "\n" + "".join(" ".join(str(v) for v in row) + "\n" for row in rows)
    plots = ", ".join(f"'{name}.dat' using 1:{i + 2} with lines lw 2 title '{h}'"
                      for i, h in enumerate(header[1:]))
    script = (f"set title '{title}'\nset xlabel '{xlabel}'\nset ylabel '{ylabel}'\nset grid\nset key top right\n"
              + ("set logscale x 2\n" if logx else "") + ("set logscale y\n" if logy else "") + f"plot {plots}")
    return gnuplot(directory, name, script, data)


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def spread(r, metric, digits=0):
    """median (min–max) of a measured metric."""
    if r is None or metric not in r:
        return "–"
    low, high = r.get(metric + "_min"), r.get(metric + "_max")
    if low is None or high is None or round(low, digits) == round(high, digits):
        return fmt(r[metric], digits)
    return f"{fmt(r[metric], digits)} ({fmt(low, digits)}–{fmt(high, digits)})"


def verdict(ok):
    return "met" if ok else "**missed**"


def ratio(t, scenario, mode, base, metric="rps"):
    a, b = t.get((scenario, mode)), t.get((scenario, base))
    return None if not a or not b or not b.get(metric) else a[metric] / b[metric]


def header(meta):
    m = meta["machine"]
    dirty = " (**uncommitted changes**)" if meta.get("dirty") else ""
    return [f"# Benchmark report ({meta['profile']['name']} run)", "",
            f"- Date: {meta['date']}; commit `{meta['commit'][:12]}`{dirty}; took {meta['seconds']} s",
            f"- Command: `{meta['command']}`",
            f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GiB; {m['os']}",
            f"- {m['java']}; {m['wrk']}; database {meta['database']}; Redis {meta['redis']}",
            f"- Data: {meta['articles']:,} articles (bodies of 1-4 KB). Each mode is its own instance of the same jar, "
            "with its own Redis key prefix and invalidation channel and its own database user; all run at once "
            "and are measured in turn.",
            f"- Database statements: counted {meta['db_counts']}; commits apart.",
            f"- Rounds: each mode warms up until two rounds differ by under 5 % (at most "
            f"{meta['profile']['warm_rounds']}), then {meta['profile']['rounds']} measured rounds of "
            f"{meta['profile']['seconds']} s, alternating. Figures are medians (min–max over the measured rounds).",
            f"- L1 sizes where there is an L1: {', '.join(s.split('=', 1)[1] + ' ' + s.split('.')[3] for s in meta['l1_sizes'])}.",
            ""]


def targets(t):
    rows = []
    r = ratio(t, "l1-hit", "full", "bare")
    if r is not None:
        rows.append(("L1-hit `GET /api/articles/{id}` at least 0.9x the bare endpoint", f"{r:.2f}x", r >= 0.9))
    r = ratio(t, "l2-hit", "l2", "bare-redis")
    if r is not None:
        rows.append(("L2 hits at least 0.7x bare Redis (one MGET)", f"{r:.2f}x", r >= 0.7))
    l2, l1 = t.get(("l2-hit", "l2")), t.get(("l1-hit", "full"))
    if l2 and l1:
        r = l2["rps"] / l1["rps"]
        rows.append(("L2 hits at least 0.6x the L1-hit read of the same run", f"{r:.2f}x", r >= 0.6))
    f, fa = t.get(("l1-hit", "feed-head")), t.get(("l1-hit", "full"))
    if f and fa:
        r = f["rps"] / fa["rps"]
        rows.append(("Feed page 1 from L1 at least 0.8x the L1-hit article read", f"{r:.2f}x", r >= 0.8))
    for scenario in ("l1-hit", "zipf-read"):
        r = ratio(t, scenario, "full", "without-counts")
        if r is not None:
            rows.append((f"{'L1 hits' if scenario == 'l1-hit' else 'Zipf'}: the detail with counts at least 0.8x "
                         "the same read without them", f"{r:.2f}x", r >= 0.8))
    for scenario in ("l1-hit", "zipf-read"):
        r = ratio(t, scenario, "full", "without-events")
        if r is not None:
            rows.append((f"{'L1 hits' if scenario == 'l1-hit' else 'Zipf'}: the detail with its read event at least "
                         "0.9x the same read without it", f"{r:.2f}x", r >= 0.9))
    r = ratio(t, "feed-paging", "full", "none")
    if r is not None:
        rows.append(("Feed paging: multi-level at least 5x no cache", f"{r:.2f}x", r >= 5))
    fp = t.get(("feed-paging", "full"))
    if fp:
        rows.append(("Feed paging, once warm: at most 5 DB statements per 1,000 pages",
                     spread(fp, "db_statements_per_1000", 2), fp["db_statements_per_1000"] <= 5))
    for base, want in (("none", 10), ("spring", 3), ("redis", 3)):
        r = ratio(t, "zipf-read", "full", base)
        if r is not None:
            rows.append((f"Zipf: multi-level at least {want}x {MODE_LABELS[base]}", f"{r:.2f}x", r >= want))
    for mode, base in (("redis-cluster", "redis"), ("full-cluster", "full")):
        r = ratio(t, "zipf-cluster", mode, base)
        if r is not None:
            rows.append((f"Zipf, {MODE_LABELS[base]}: L2 on a cluster at least 0.8x one Redis server", f"{r:.2f}x",
                         r >= 0.8))
    z = t.get(("zipf-read", "full"))
    if z:
        q = z["db_statements_per_1000"]
        rows.append(("Zipf, once warm: at most 5 DB statements per 1,000 reads", spread(z, "db_statements_per_1000",
                                                                                       2), q <= 5))
    s = t.get(("stampede", "full"))
    if s:
        per = max(s.get("loader_calls_per_expiry_article-info", 0), s.get("loader_calls_per_expiry_article-body", 0))
        rows.append(("one loader call per expiry (per cache, two instances, 200 clients)", f"{per:.2f}", per <= 1.0))
    p = t.get(("penetration", "full"))
    if p:
        rows.append(("at most 1% of missing-id requests reach the database", f"{p['db_share_pct']:.3f}%",
                     p["db_share_pct"] <= 1))
    j, jb = t.get(("jmh-L1HitBenchmark", "layeredCacheL1Hit")), t.get(("jmh-L1HitBenchmark", "bareCaffeineGetIfPresent"))
    if j and jb:
        r = j["ns_per_op"] / jb["ns_per_op"]
        rows.append(("JMH: an L1 hit within 1.5x a bare Caffeine `getIfPresent`", f"{r:.2f}x", r <= 1.5))
    out = ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    out += [f"| {name} | {value} | {verdict(ok)} |" for name, value, ok in rows]
    return out + ["", "What a missed target costs, and why, is discussed in `analysis.md` for the run it names.", ""]


def throughput_table(t, scenario, title, note, modes, columns):
    present = [m for m in modes if (scenario, m) in t]
    if not present:
        return []
    out = [f"## {title}", "", note, "", "| mode | " + " | ".join(c[0] for c in columns) + " |",
           "|---" * (len(columns) + 1) + "|"]
    for mode in present:
        r = t[(scenario, mode)]
        out.append(f"| {MODE_LABELS.get(mode, mode)} | " + " | ".join(c[1](r) for c in columns) + " |")
    return out + [""]


STANDARD = [("req/s", lambda r: spread(r, "rps")), ("p50 ms", lambda r: spread(r, "p50_ms", 2)),
            ("p99 ms", lambda r: spread(r, "p99_ms", 2)), ("p99.9 ms", lambda r: fmt(r.get("p999_ms"), 2)),
            ("DB statements / 1,000", lambda r: spread(r, "db_statements_per_1000", 2)),
            ("commits / 1,000", lambda r: fmt(r.get("db_commits_per_1000"), 2)),
            ("warm-up rounds", lambda r: fmt(r.get("warm_rounds"))), ("5xx", lambda r: fmt(r.get("server_errors")))]
HIT_RATIOS = [("L1 info / body / author", lambda r: " / ".join(fmt(r.get(f"{c}:l1_hit_ratio"), 3) for c in
                                                              ("article-info", "article-body", "user-profile"))),
              ("L2 info / body / author", lambda r: " / ".join(fmt(r.get(f"{c}:l2_hit_ratio"), 3) for c in
                                                              ("article-info", "article-body", "user-profile")))]


def write(directory: Path):
    directory = directory.resolve()
    t, meta = load(directory)
    out = header(meta) + targets(t)
    out += throughput_table(t, "l1-hit", "L1 hits against the bare endpoint",
                            "One path over and over (`hot.lua` for both): an article every read of which is an L1 "
                            "hit, the bare endpoint (a fixed body of about the same size, from memory), and the "
                            "first page of a channel's feed (20 infos; the list's head and every info in L1).",
                            ["full", "bare", "feed-head", "without-counts", "without-events"], STANDARD[:4])
    out += throughput_table(t, "l2-hit", "L2 hits against one MGET",
                            "Uniformly random ids (`uniform.lua`), every article in Redis and none in L1. Bare Redis "
                            "reads the info and body by one MGET on the cache's own connection and splices them "
                            "without decoding; `l2` keeps the author's L1 (profiles are few: one round trip for the "
                            "article's parts), `redis` has no L1 at all (a second round trip for the author).",
                            ["bare-redis", "l2", "redis"], STANDARD[:4] + HIT_RATIOS)
    zipf_modes = list(MODE_LABELS)
    out += throughput_table(t, "zipf-read", "Zipf reads (exponent 0.99) of an article detail",
                            "Zipf(0.99) over 100,000 articles (`zipf.lua`), 1 wrk thread, 32 connections.",
                            zipf_modes, STANDARD + HIT_RATIOS + [("heap after GC MB", lambda r: fmt(
                                r.get("heap_after_gc_mb")))])
    z = {m: t[("zipf-read", m)] for m in zipf_modes if ("zipf-read", m) in t}
    if z:
        out += [bars(directory, "zipf-throughput", "Zipf reads: requests per second", "req/s",
                     [(MODE_LABELS[m], z[m]["rps"]) for m in z], ["req/s"]),
                bars(directory, "zipf-latency", "Zipf reads: latency", "ms (log)",
                     [(MODE_LABELS[m], z[m]["p50_ms"], z[m]["p99_ms"], z[m]["p999_ms"]) for m in z],
                     ["p50", "p99", "p99.9"], logscale=True), ""]
    cluster_modes = ["redis", "redis-cluster", "full", "full-cluster"]
    out += throughput_table(t, "zipf-cluster", "Zipf reads with L2 on a Redis Cluster against one Redis server",
                            "The same Zipf(0.99) reads, every article in L2 first; the cluster is 3 masters and 3 "
                            "replicas on this machine's loopback (`.ci/redis-cluster`), the server one more "
                            "redis-server, both on the same 2 cores as the service.",
                            cluster_modes, STANDARD + HIT_RATIOS + [("article keys per master", lambda r: " / ".join(
                                fmt(r.get(f"article_keys_master_{i}")) for i in (1, 2, 3)))])
    out += throughput_table(t, "zipf-95-5", "Zipf, 95% reads / 5% updates (`PATCH` of the title)",
                            "The same distribution; 409s are concurrent writes to one row (optimistic locking).",
                            zipf_modes, STANDARD + [("409", lambda r: fmt(r.get("conflicts")))])
    out += throughput_table(t, "feed-paging", "Channel-feed paging (20 per page, 5 pages deep per reader)",
                            "Ids from the channel's cached list (head in L1, then the sorted set; no cache: an index-only "
                            "query); the infos from the caches (one batch) or one IN query.",
                            zipf_modes, STANDARD)
    bg = [m for m in zipf_modes if ("background", m) in t]
    if bg:
        out += ["## What each mode sends the database while idle", "",
                "Ours polls the invalidation outbox every 250 ms (one statement); per second, over 5 idle seconds.", "",
                "| mode | statements / s |", "|---|---|"]
        out += [f"| {MODE_LABELS[m]} | {fmt(t[('background', m)]['db_statements_per_second'], 1)} |" for m in bg] + [""]
    out += stampede_section(t) + penetration_section(t) + java_sections(directory, t)
    if (directory / "analysis.md").exists():
        out += ["Discussion of this run: [analysis.md](analysis.md).", ""]
    (directory / "report.md").write_text("\n".join(out) + "\n")


def stampede_section(t):
    rows = [m for m in ("full", "spring") if ("stampede", m) in t]
    if not rows:
        return []
    out = ["## Stampede: a hot article expires under 200 clients on two instances", "",
           "Two instances per mode, 100 wrk connections each on one article; once a second it is evicted at every "
           "level (ours: the admin endpoint; Spring: `DEL` of its key).", "",
           "| mode | expiries | loader calls per expiry (info / body) | DB statements per expiry | req/s | p99 ms | "
           "max ms | errors |", "|---|---|---|---|---|---|---|---|"]
    for mode in rows:
        r = t[("stampede", mode)]
        loads = (f"{r['loader_calls_per_expiry_article-info']:.2f} / {r['loader_calls_per_expiry_article-body']:.2f}"
                 if mode == "full" else "–")
        out.append(f"| {MODE_LABELS[mode]} | {fmt(r['expiries'])} | {loads} | {r['db_statements_per_expiry']:.2f} | "
                   f"{fmt(r['rps'])} | {r['p99_ms']:.2f} | {r['max_ms']:.1f} | {fmt(r['server_errors'])} |")
    return out + [""]


def penetration_section(t):
    rows = [m for m in MODE_LABELS if ("penetration", m) in t]
    if not rows:
        return []
    out = ["## Penetration: random ids that do not exist", "",
           "| mode | requests | req/s | p99 ms | DB statements | share reaching the DB | loader calls | bloom rejections |",
           "|---|---|---|---|---|---|---|---|"]
    for mode in rows:
        r = t[("penetration", mode)]
        out.append(f"| {MODE_LABELS[mode]} | {fmt(r['requests'])} | {fmt(r['rps'])} | {r['p99_ms']:.2f} | "
                   f"{fmt(r['db_statements'])} | {r['db_share_pct']:.3f}% | {fmt(r.get('loader_calls'))} | "
                   f"{fmt(r.get('bloom_rejections'))} |")
    return out + [""]


def java_sections(directory, t):
    out = []
    if ("avalanche", "jitter-on") in t:
        on, off = t[("avalanche", "jitter-on")], t[("avalanche", "jitter-off")]
        out += ["## Avalanche: entries written at one instant", "",
                f"{fmt(on['entries'])} entries written through the cache in batches of 1,000 (in {on['write_seconds']:.1f} s), "
                "then every key's TTL read back from Redis. L2 TTL 30 min, jitter [0, 10 min) against none.", "",
                "| | seconds with expirations | peak expirations in one second |", "|---|---|---|",
                f"| jitter on | {fmt(on['seconds_with_expirations'])} | {fmt(on['peak_per_second'])} |",
                f"| jitter off | {fmt(off['seconds_with_expirations'])} | {fmt(off['peak_per_second'])} |", ""]
        rows = []
        with (directory / "avalanche.csv").open() as f:
            for row in csv.DictReader(f):
                rows.append((int(row["second"]) - 1800, row.get("jitter-on", 0), row.get("jitter-off", 0)))
        out += [lines(directory, "avalanche", "Expirations per second after the write (0 = 30 min)",
                      "seconds after the 30-minute base TTL", "expirations / s (log)",
                      ["second", "jitter-on", "jitter-off"], [r for r in rows if r[0] >= -5], logy=True), ""]
    for scenario in sorted({s for s, _ in t if s.startswith("trace-replay")}):
        sizes = sorted((m for s, m in t if s == scenario), key=lambda m: int(m[3:-2]))
        out += [f"## Trace replay ({scenario.split('-', 2)[2]} trace) through L1 only", "",
                "Keys mapped onto article ids (key mod 100,000 + 1); the article-body L1 at several sizes.", "",
                "| L1 size | entries held | hit ratio |", "|---|---|---|"]
        out += [f"| {s[3:]} | {fmt(t[(scenario, s)]['entries'])} | {t[(scenario, s)]['hit_ratio']:.3f} |" for s in sizes]
        out += ["", lines(directory, "trace-hit-ratio", "L1 hit ratio by L1 size (trace replay)", "L1 size (MB)",
                          "hit ratio", ["mb", "hit-ratio"], [(int(s[3:-2]), t[(scenario, s)]["hit_ratio"]) for s in sizes],
                          logx=True), ""]
    if any(s.startswith("memory-") for s, _ in t):
        out += ["## Redis memory per entity (Redis of this run), and L2 read latency (JMH)", "",
                "| entity | string bytes/key | hash bytes/key | L2 read string µs | L2 read hash µs |", "|---|---|---|---|---|"]
        for entity in ("article-info", "user-profile"):
            s_, h_ = t.get((f"memory-{entity}", "string"), {}), t.get((f"memory-{entity}", "hash"), {})
            rs = t.get(("jmh-L2ReadBenchmark", f"read-{entity}-STRING"), {})
            rh = t.get(("jmh-L2ReadBenchmark", f"read-{entity}-HASH"), {})
            out.append(f"| {entity} | {fmt(s_.get('bytes_per_key'))} | {fmt(h_.get('bytes_per_key'))} | "
                       f"{jmh_cell(rs, 'us_per_op')} | {jmh_cell(rh, 'us_per_op')} |")
        out.append("")
    jb = t.get(("jmh-L1HitBenchmark", "bareCaffeineGetIfPresent"))
    if jb:
        out += ["## JMH: an L1 hit", "", "Score ± the 99.9 % error JMH reports; **unreliable** marks an error over 10 % "
                "of the score.", "", "| benchmark | ns/op |", "|---|---|",
                f"| bare Caffeine `getIfPresent` (size-bounded) | {jmh_cell(jb, 'ns_per_op')} |",
                f"| Caffeine configured as our L1 (weigher, per-entry expiry) | "
                f"{jmh_cell(t.get(('jmh-L1HitBenchmark', 'caffeineConfiguredLikeL1'), {}), 'ns_per_op')} |",
                f"| `LayeredCache.get` on an L1 hit | "
                f"{jmh_cell(t.get(('jmh-L1HitBenchmark', 'layeredCacheL1Hit'), {}), 'ns_per_op')} |", ""]
    return out


def jmh_cell(r, metric):
    if not r or metric not in r:
        return "–"
    error = r.get(metric + "_error")
    if error is None:
        return f"{r[metric]:.1f}"
    flag = " **unreliable**" if error > 0.1 * r[metric] else ""
    return f"{r[metric]:.1f} ± {error:.1f}{flag}"


if __name__ == "__main__":
    write(Path(sys.argv[1]))
