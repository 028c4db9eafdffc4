"""Prints the benchmarks' JSON lines as one Markdown table per benchmark, targets alongside."""
import json
import sys
from collections import OrderedDict

SKIP = {"benchmark", "measured_at"}


def main(path):
    by_benchmark = OrderedDict()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                row = json.loads(line)
                by_benchmark.setdefault(row["benchmark"], []).append(row)
    targets(by_benchmark)
    for name, rows in by_benchmark.items():
        columns = []
        for row in rows:
            for key in row:
                if key not in SKIP and key not in columns:
                    columns.append(key)
        print(f"### {name} ({rows[-1].get('measured_at', '')[:10]})\n")
        print("| " + " | ".join(columns) + " |")
        print("|" + "|".join("---:" for _ in columns) + "|")
        for row in rows:
            print("| " + " | ".join(cell(row.get(c, "")) for c in columns) + " |")
        print()


def targets(b):
    """The issue's targets next to what this run measured."""
    lines = []
    job = [r for r in b.get("backfill-throughput", []) if r.get("codec") == "zstd"]
    duck = b.get("duckdb-conversion", [])
    for r in job:
        got = r["raw_mb_per_cpu_s"]
        lines.append((f"raw JSON per core into zstd Parquet, {r['slots']} slot(s)",
                      "≥ 60 MB/CPU-s", f"{got:.1f} MB/CPU-s ({r['docs_per_cpu_s']:,} docs/CPU-s)",
                      verdict(got >= 60, f"{60 / got:.1f}x short")))
    if job and duck:
        best = max(r["raw_mb_per_cpu_s"] for r in job)
        d = duck[-1]["raw_mb_per_cpu_s"]
        lines.append(("ahead of DuckDB per core (1 thread, same data)",
                      f"> DuckDB's {d:.1f} MB/CPU-s", f"{best:.1f} MB/CPU-s, ratio {best / d:.2f}",
                      verdict(best > d, f"DuckDB {d / best:.1f}x faster")))
    for r in b.get("visibility-latency", []):
        lines.append((f"visibility p99 at {r['checkpoint_interval_s']:g} s checkpoints",
                      f"≤ {r['target_p99_s']:g} s",
                      f"p50 {r['p50_s']:.1f} s, p95 {r['p95_s']:.1f} s, p99 {r['p99_s']:.1f} s",
                      verdict(r["p99_s"] <= r["target_p99_s"], "over")))
    for r in b.get("s3-small-objects", []):
        lines.append((f"small objects from S3 at {r['latency_ms']} ms, {r['source_kind']}",
                      "≥ 2,000 docs/CPU-s", f"{r['docs_per_cpu_s']:,.0f} docs/CPU-s, "
                      f"{r.get('docs_per_cpu_s_fetching', 0):,.0f} while fetching "
                      f"({r['docs_per_s_wall']:,.0f}/s wall)",
                      verdict(r["docs_per_cpu_s"] >= 2000,
                              f"{2000 / max(r['docs_per_cpu_s'], 1):.1f}x short")))
    heap = [r for r in b.get("backfill-heap", []) if r.get("variant") == "sorted-writers"
            and "live_heap_mib" in r]
    if heap:
        lo = min(heap, key=lambda r: r["partitions"])
        hi = max(heap, key=lambda r: r["partitions"])
        lines.append(("peak heap flat in open partitions (backfill)", "flat",
                      f"{lo['live_heap_mib']} MiB at {lo['partitions']:,}, "
                      f"{hi['live_heap_mib']} MiB at {hi['partitions']:,}",
                      verdict(hi["live_heap_mib"] <= 2 * max(lo["live_heap_mib"], 64), "grows")))
    if not lines:
        return
    print("### Targets\n")
    print("| target | wanted | measured | |")
    print("|---|---|---|---|")
    for line in lines:
        print("| " + " | ".join(line) + " |")
    print()


def verdict(met, miss):
    return "met" if met else f"missed: {miss}"


def cell(value):
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "\\|")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/target/bench/results.jsonl")
