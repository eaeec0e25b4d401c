#!/usr/bin/env python3
"""Turns results.csv and meta.json into report.md, with SVG plots drawn by gnuplot (Debian's gnuplot-nox).
Usage: bench/lib/report.py <results directory>"""
import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

MODE_LABELS = {"bare": "bare endpoint", "none": "no cache", "redis": "Redis only", "caffeine": "Caffeine only",
               "full": "multi-level (ours)", "spring": "Spring @Cacheable"}


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


def verdict(ok):
    return "met" if ok else "**missed**"


def sweep_text(t, meta):
    if not meta["profile"]["sweep_seconds"]:
        return ", without a warm-up sweep (Redis starts cold, so the database counts include cold misses)"
    held = {mode: t.get(("sweep", mode), {}).get("articles_in_redis", 0) for mode in ("full", "spring")}
    return (f", after a {meta['profile']['sweep_seconds']} s sweep reading articles in id order through ours and "
            f"Spring's at once, which left {fmt(held['full'])} of {meta['articles']:,} article bodies in Redis for "
            f"ours and {fmt(held['spring'])} for Spring's (shared by multi-level and Redis-only)")


def write(directory: Path):
    directory = directory.resolve()
    t, meta = load(directory)
    m = meta["machine"]
    out = [f"# Benchmark report ({meta['profile']['name']} run)", "",
           f"- Date: {meta['date']}; commit `{meta['commit']}`; took {meta['seconds']} s",
           f"- Command: `{meta['command']}`",
           f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GiB; {m['os']}",
           f"- {m['java']}; {m['wrk']}; database {meta['database']}; Redis {meta['redis']}",
           f"- Data: {meta['articles']:,} articles (bodies of 1-4 KB), MariaDB over loopback; each mode is one "
           "instance of the same jar, all running at once and measured in turn (rounds rotate the order).",
           f"- L1 sizes (modes with an L1): {', '.join(s.split('=', 1)[1] + ' ' + s.split('.')[3] for s in meta['l1_sizes'])}"
           " (article bodies take about 5 KB each in L1: about 9% of the key space).", ""]
    zipf_modes = [mode for mode in MODE_LABELS if ("zipf-read", mode) in t]
    z = {mode: t[("zipf-read", mode)] for mode in zipf_modes}

    out += ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    targets = []
    hit = {mode: t[("l1-hit", mode)] for mode in ("full", "bare") if ("l1-hit", mode) in t}
    if len(hit) == 2:
        ratio = hit["full"]["rps"] / hit["bare"]["rps"]
        targets.append(("L1-hit `GET /api/articles/{id}` at 0.9 of the bare endpoint",
                        f"{ratio:.2f} ({fmt(hit['full']['rps'])} vs {fmt(hit['bare']['rps'])} req/s)", ratio >= 0.9))
    for base, want in (("redis", 3), ("none", 10)):
        if "full" in z and base in z:
            ratio = z["full"]["rps"] / z[base]["rps"]
            targets.append((f"multi-level at {want}x {MODE_LABELS[base]} (Zipf reads)", f"{ratio:.2f}x",
                            ratio >= want))
    if "full" in z and "spring" in z:
        ratio = z["full"]["rps"] / z["spring"]["rps"]
        targets.append(("ahead of Spring @Cacheable over Redis", f"{ratio:.2f}x", ratio > 1))
    if "full" in z:
        q = z["full"]["db_statements_per_1000"]
        targets.append(("at most 5 database queries per 1,000 Zipf reads", f"{q:.2f}", q <= 5))
    s = t.get(("stampede", "full"))
    if s:
        per = max(s.get("loader_calls_per_expiry_article-info", 0), s.get("loader_calls_per_expiry_article-body", 0))
        targets.append(("one loader call per stampede (per cache, two instances, 200 clients)", f"{per:.2f}",
                        per <= 1.0))
    p = t.get(("penetration", "full"))
    if p:
        targets.append(("at most 1% of missing-id requests reach the database", f"{p['db_share_pct']:.3f}%",
                        p["db_share_pct"] <= 1))
    j = t.get(("jmh-L1HitBenchmark", "layeredCacheL1Hit"))
    jb = t.get(("jmh-L1HitBenchmark", "bareCaffeineGetIfPresent"))
    if j and jb:
        ratio = j["ns_per_op"] / jb["ns_per_op"]
        targets.append(("L1 hit within 1.5x a bare Caffeine hit (JMH)", f"{ratio:.1f}x", ratio <= 1.5))
    out += [f"| {name} | {value} | {verdict(ok)} |" for name, value, ok in targets]
    out += ["", "Where a target is missed, the section below says by how much and why.", ""]

    if len(hit) == 2:
        out += ["## L1 hits against the bare endpoint", "",
                "One article read over and over through ours (every read an L1 hit) against the bare endpoint of "
                f"the same instance, {meta['profile']['rounds']} alternating rounds of "
                f"{meta['profile']['short_seconds']} s each. Medians.", "",
                "| | req/s | p50 ms | p99 ms | p99.9 ms |", "|---|---|---|---|---|"]
        for mode, label in (("full", "L1 hit (ours)"), ("bare", "bare endpoint")):
            r = hit[mode]
            out.append(f"| {label} | {fmt(r['rps'])} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['p999_ms']:.2f} |")
        out.append("")

    out += ["## Zipf reads (exponent 0.99) of `GET /api/articles/{id}`", "",
            f"wrk, 1 thread, 32 connections, {meta['profile']['rounds']} rounds of {meta['profile']['seconds']} s "
            f"per mode after {meta['profile']['warmup_seconds']} s of warm-up"
            + sweep_text(t, meta) + ". Medians.", "",
            "| mode | req/s | p50 ms | p99 ms | p99.9 ms | DB statements / 1,000 | L1 hit | L2 hit | heap after GC MB |"
            " 5xx |", "|---|---|---|---|---|---|---|---|---|---|"]
    for mode in zipf_modes:
        r = z[mode]
        out.append(f"| {MODE_LABELS[mode]} | {fmt(r['rps'])} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                   f"{r['p999_ms']:.2f} | {fmt(r.get('db_statements_per_1000'), 2)} | "
                   f"{fmt(r.get('l1_hit_ratio'), 3)} | {fmt(r.get('l2_hit_ratio'), 3)} | "
                   f"{fmt(r.get('heap_after_gc_mb'))} | {fmt(r.get('server_errors'))} |")
    out += ["", bars(directory, "zipf-throughput", "Zipf reads: requests per second", "req/s",
                     [(MODE_LABELS[m], z[m]["rps"]) for m in zipf_modes], ["req/s"]),
            bars(directory, "zipf-latency", "Zipf reads: latency", "ms (log)",
                 [(MODE_LABELS[m], z[m]["p50_ms"], z[m]["p99_ms"], z[m]["p999_ms"]) for m in zipf_modes],
                 ["p50", "p99", "p99.9"], logscale=True),
            bars(directory, "zipf-hit-ratio", "Zipf reads: hit ratio by level", "hit ratio",
                 [(MODE_LABELS[m], z[m].get("l1_hit_ratio", 0), z[m].get("l2_hit_ratio", 0))
                  for m in zipf_modes if m in ("redis", "caffeine", "full")], ["L1", "L2"]), ""]

    mixed = [m for m in MODE_LABELS if ("zipf-95-5", m) in t]
    if mixed:
        out += ["## Zipf, 95% reads / 5% updates (`PATCH` of the title, same distribution)", "",
                f"{meta['profile']['short_rounds']} rounds of {meta['profile']['short_seconds']} s per mode. Medians.",
                "",
                "| mode | req/s | p50 ms | p99 ms | p99.9 ms | DB statements / 1,000 | L1 hit | 409 conflicts | 5xx |",
                "|---|---|---|---|---|---|---|---|---|"]
        for mode in mixed:
            r = t[("zipf-95-5", mode)]
            out.append(f"| {MODE_LABELS[mode]} | {fmt(r['rps'])} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                       f"{r['p999_ms']:.2f} | {fmt(r.get('db_statements_per_1000'), 2)} | "
                       f"{fmt(r.get('l1_hit_ratio'), 3)} | {fmt(r.get('conflicts'))} | {fmt(r.get('server_errors'))} |")
        out.append("")

    feed = [m for m in MODE_LABELS if ("feed-paging", m) in t]
    if feed:
        out += ["## Channel-feed paging (20 per page, 5 pages deep per reader)", "",
                "| mode | pages/s | p50 ms | p99 ms | DB statements / 1,000 pages | 5xx |", "|---|---|---|---|---|---|"]
        for mode in feed:
            r = t[("feed-paging", mode)]
            out.append(f"| {MODE_LABELS[mode]} | {fmt(r['rps'])} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                       f"{fmt(r.get('db_statements_per_1000'), 1)} | {fmt(r.get('server_errors'))} |")
        out.append("")

    if ("stampede", "full") in t:
        out += ["## Stampede: a hot article expires under 200 clients on two instances", "",
                "Two instances per mode, 100 wrk connections each on one article; once a second it is evicted at "
                "every level (ours: the admin endpoint, which also drops both L1s; Spring: `DEL` of its key).", "",
                "| mode | expiries | loader calls per expiry (info / body) | DB statements per expiry | req/s | "
                "p99 ms | max ms | errors |", "|---|---|---|---|---|---|---|---|"]
        for mode in ("full", "spring"):
            r = t.get(("stampede", mode))
            if r:
                loads = (f"{r['loader_calls_per_expiry_article-info']:.2f} / "
                         f"{r['loader_calls_per_expiry_article-body']:.2f}") if mode == "full" else "–"
                out.append(f"| {MODE_LABELS[mode]} | {fmt(r['expiries'])} | {loads} | "
                           f"{r['db_statements_per_expiry']:.2f} | {fmt(r['rps'])} | {r['p99_ms']:.2f} | "
                           f"{r['max_ms']:.1f} | {fmt(r['server_errors'])} |")
        out.append("")

    pen = [m for m in MODE_LABELS if ("penetration", m) in t]
    if pen:
        out += ["## Penetration: random ids that do not exist", "",
                "| mode | requests | req/s | p99 ms | DB statements | share reaching the DB | loader calls | "
                "bloom rejections |", "|---|---|---|---|---|---|---|---|"]
        for mode in pen:
            r = t[("penetration", mode)]
            out.append(f"| {MODE_LABELS[mode]} | {fmt(r['requests'])} | {fmt(r['rps'])} | {r['p99_ms']:.2f} | "
                       f"{fmt(r['db_statements'])} | {r['db_share_pct']:.3f}% | {fmt(r.get('loader_calls'))} | "
                       f"{fmt(r.get('bloom_rejections'))} |")
        out.append("")

    if ("avalanche", "jitter-on") in t:
        on, off = t[("avalanche", "jitter-on")], t[("avalanche", "jitter-off")]
        out += ["## Avalanche: entries written at one instant", "",
                f"{fmt(on['entries'])} entries written through the cache in batches of 1,000 (in "
                f"{on['write_seconds']:.1f} s), then every key's TTL read back from Redis. L2 TTL 30 min, jitter "
                "[0, 10 min) against none.", "",
                "| | seconds with expirations | peak expirations in one second |", "|---|---|---|",
                f"| jitter on | {fmt(on['seconds_with_expirations'])} | {fmt(on['peak_per_second'])} |",
                f"| jitter off | {fmt(off['seconds_with_expirations'])} | {fmt(off['peak_per_second'])} |", ""]
        rows = []
        with (directory / "avalanche.csv").open() as f:
            reader = csv.DictReader(f)
            for row in reader:
                rows.append((int(row["second"]) - 1800, row.get("jitter-on", 0), row.get("jitter-off", 0)))
        out += [lines(directory, "avalanche", "Expirations per second after the write (0 = 30 min)",
                      "seconds after the 30-minute base TTL", "expirations / s (log)",
                      ["second", "jitter-on", "jitter-off"], [r for r in rows if r[0] >= -5], logy=True), ""]

    traces = sorted({s for s, _ in t if s.startswith("trace-replay")})
    for scenario in traces:
        sizes = sorted((m for s, m in t if s == scenario), key=lambda m: int(m[3:-2]))
        out += [f"## Trace replay ({scenario.split('-', 2)[2]} trace) through L1 only", "",
                "Keys mapped onto article ids (key mod 100,000 + 1); the article-body L1 at several sizes.", "",
                "| L1 size | entries held | hit ratio |", "|---|---|---|"]
        for size in sizes:
            r = t[(scenario, size)]
            out.append(f"| {size[3:]} | {fmt(r['entries'])} | {r['hit_ratio']:.3f} |")
        out += ["", lines(directory, "trace-hit-ratio", "L1 hit ratio by L1 size (trace replay)", "L1 size (MB)",
                          "hit ratio", ["mb", "hit-ratio"],
                          [(int(s[3:-2]), t[(scenario, s)]["hit_ratio"]) for s in sizes], logx=True), ""]

    mem = [s for s, _ in t if s.startswith("memory-")]
    if mem:
        out += ["## Redis memory per entity, and L2 read latency (JMH)", "",
                "| entity | string bytes/key | hash bytes/key | L2 read string µs | L2 read hash µs |",
                "|---|---|---|---|---|"]
        for entity in ("article-info", "user-profile"):
            s_, h_ = t.get((f"memory-{entity}", "string"), {}), t.get((f"memory-{entity}", "hash"), {})
            # JMH lists the parameters by name: entity, then layout
            rs = t.get(("jmh-L2ReadBenchmark", f"read-{entity}-STRING"), {})
            rh = t.get(("jmh-L2ReadBenchmark", f"read-{entity}-HASH"), {})
            out.append(f"| {entity} | {fmt(s_.get('bytes_per_key'))} | {fmt(h_.get('bytes_per_key'))} | "
                       f"{fmt(rs.get('us_per_op'), 1)} | {fmt(rh.get('us_per_op'), 1)} |")
        out.append("")

    if j and jb:
        jc = t.get(("jmh-L1HitBenchmark", "caffeineConfiguredLikeL1"), {})
        out += ["## JMH: an L1 hit", "", "| benchmark | ns/op |", "|---|---|",
                f"| bare Caffeine `getIfPresent` (size-bounded) | {jb['ns_per_op']:.1f} |",
                f"| Caffeine configured as our L1 (weigher, per-entry expiry, stats, inline maintenance) | "
                f"{jc.get('ns_per_op', float('nan')):.1f} |",
                f"| `LayeredCache.get` on an L1 hit | {j['ns_per_op']:.1f} |", ""]
    notes = directory / "analysis.md"
    if notes.exists():
        out += [notes.read_text()]
    (directory / "report.md").write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
