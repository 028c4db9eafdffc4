"""Prints the benchmarks' JSON lines as Markdown: issue 14's targets (wanted, measured, met or\nmissed by how much), where the time goes per document, then one table per benchmark."""
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
    """Issue 14's targets next to what this run measured: wanted, measured, met or by how much not."""
    lines = []
    lines += throughput_targets(b)
    lines += shape_targets(b)
    lines += s3_targets(b)
    for r in b.get("visibility-latency", []):
        wanted = r.get("target_p99_s", r["checkpoint_interval_s"] + 15)
        lines.append((f"visibility p99 at {r['checkpoint_interval_s']:g} s checkpoints (stream)",
                      f"≤ checkpoint + 15 s = {wanted:g} s",
                      f"p50 {r['p50_s']:.1f} s, p95 {r['p95_s']:.1f} s, p99 {r['p99_s']:.1f} s",
                      verdict(r["p99_s"] <= wanted, f"{r['p99_s'] - wanted:.1f} s over")))
    if not b.get("visibility-latency"):
        lines.append(("visibility p99 (stream)", "≤ checkpoint + 15 s", "not measured in this run",
                      "unknown"))
    lines += heap_targets(b)
    if lines:
        print("### Targets (issue 14)\n")
        print("| target | wanted | measured | |")
        print("|---|---|---|---|")
        for line in lines:
            print("| " + " | ".join(line) + " |")
        print()
    stage_costs(b.get("stage-costs", []))


def density(r):
    # Rows from before the sparse set was added measured the dense one.
    return r.get("density", "dense")


def throughput_targets(b):
    """Backfill raw MB per CPU-second into zstd Parquet, 1 slot, against 1.5 x DuckDB's."""
    lines = []
    job = [r for r in b.get("backfill-throughput", [])
           if r.get("codec") == "zstd" and r.get("slots") == 1]
    duck = b.get("duckdb-conversion", [])
    for d in ("dense", "sparse"):
        jobs = [r for r in job if density(r) == d]
        ducks = [r for r in duck if density(r) == d]
        name = f"backfill raw JSON per CPU-s into zstd Parquet, {d} data, 1 slot"
        if not jobs and not ducks:
            lines.append((name, "≥ 1.5 × DuckDB", "not measured in this run", "unknown"))
            continue
        duck_rate = ducks[-1]["raw_mb_per_cpu_s"] if ducks else None
        wanted = (f"≥ 1.5 × DuckDB's {mb(duck_rate)} = {mb(1.5 * duck_rate)} MB/CPU-s"
                  if duck_rate else "≥ 1.5 × DuckDB (DuckDB not measured in this run)")
        if not jobs:
            lines.append((name, wanted, "backfill not measured in this run", "unknown"))
            continue
        r = jobs[-1]
        got = r["raw_mb_per_cpu_s"]
        measured = f"{mb(got)} MB/CPU-s ({r['docs_per_cpu_s']:,} docs/CPU-s"
        if r.get("us_per_doc"):
            measured += f", {r['us_per_doc']:,.0f} µs/doc"
        measured += ")"
        if not duck_rate:
            lines.append((name, wanted, measured, "unknown"))
            continue
        measured += f"; {got / duck_rate:.2f} × DuckDB"
        want = 1.5 * duck_rate
        lines.append((name, wanted, measured,
                      verdict(got >= want, f"needs {want / got:.1f}× more" if got > 0 else "0")))
    return lines


def shape_targets(b):
    """File shape of a backfill: per (table, day) partition ≥ 64 MB files or one file, ≤ 2."""
    lines = []
    job = [r for r in b.get("backfill-throughput", []) if "partitions" in r]
    # One row per density: the 1-slot zstd run if there is one, else the last run of it.
    for d in ("dense", "sparse"):
        rows = [r for r in job if density(r) == d]
        if not rows:
            continue
        preferred = [r for r in rows if r.get("codec") == "zstd" and r.get("slots") == 1]
        r = (preferred or rows)[-1]
        n = r["partitions"]
        ok = r["partitions_shaped_well"]
        measured = (f"{r['files']:,} files in {n:,} partitions, max {r['max_files_per_partition']:,}"
                    f" per partition; file MB min {r['file_mb_min']:g}, p50 {r['file_mb_p50']:g};"
                    f" {ok:,} of {n:,} partitions meet it")
        slots = f"{r['slots']} slot" + ("" if r["slots"] == 1 else "s")
        lines.append((f"backfill file shape, {d} data ({slots}, {r['codec']})",
                      "per (table, day): files ≥ 64 MB, or one file if smaller; ≤ 2 files",
                      measured,
                      verdict(n > 0 and ok == n, f"{n - ok:,} of {n:,} partitions not")))
    if not lines:
        lines.append(("backfill file shape", "per (table, day): files ≥ 64 MB, or one file"
                      " if smaller; ≤ 2 files", "not measured in this run", "unknown"))
    return lines


def s3_targets(b):
    """Documents per CPU-second of the whole process from S3 at 20 ms, steady state."""
    lines = []
    for r in b.get("s3-small-objects", []):
        name = f"from S3 at {r['latency_ms']} ms per request, {r['source_kind']}"
        wanted = "≥ 2,000 docs/CPU-s steady, runs ≥ 50,000 objects"
        docs = r.get("documents", 0)
        whole = f"{r['docs_per_cpu_s']:,.0f} docs/CPU-s whole process"
        if "docs_per_cpu_s_steady" not in r:
            # Older rows: no start-up/JIT split, so the whole process stands for steady state.
            steady = r["docs_per_cpu_s"]
            measured = f"{whole} (no steady-state split in this row)"
        else:
            steady = r["docs_per_cpu_s_steady"]
            measured = (f"{steady:,.0f} docs/CPU-s steady; {whole}, start-up "
                        f"{r.get('startup_cpu_s', 0):g} CPU-s, JIT {r.get('jit_cpu_s', 0):g} CPU-s")
        requests = []
        if "gets" in r or "heads" in r:
            requests.append(f"{r.get('gets', 0):,} GETs, {r.get('heads', 0):,} HEADs")
        measured += f"; {docs:,} docs" + (f", {requests[0]}" if requests else "")
        miss = []
        if steady < 2000:
            miss.append(f"{2000 / max(steady, 1):.1f}× short")
        if docs < 50000:
            miss.append(f"run too small ({docs:,} < 50,000 docs)")
        lines.append((name, wanted, measured,
                      "met" if not miss else "missed: " + "; ".join(miss)))
    if not lines:
        lines.append(("from S3 at 20 ms per request", "≥ 2,000 docs/CPU-s steady",
                      "not measured in this run", "unknown"))
    return lines


def heap_targets(b):
    """Heap flat from 10 to 1,000 open partitions, for the backfill and the stream's FileSink."""
    lines = []
    rows = b.get("backfill-heap", [])
    wanted = "flat: at 1,000 ≤ 2 × at 10 (or 2 × 64 MiB)"
    for variant, what in (("sorted-writers", "backfill"), ("filesink", "stream's FileSink")):
        vrows = [r for r in rows if r.get("variant") == variant]
        name = f"heap flat from 10 to 1,000 open partitions ({what}, {variant})"
        if not vrows:
            lines.append((name, wanted, "not measured in this run", "unknown"))
            continue
        parts = sorted({r["partitions"] for r in vrows})
        lo_p = 10 if 10 in parts else parts[0]
        hi_p = 1000 if 1000 in parts else parts[-1]
        lo = [r for r in vrows if r["partitions"] == lo_p][-1]
        hi = [r for r in vrows if r["partitions"] == hi_p][-1]
        measured = f"{heap_text(lo)} at {lo_p:,}, {heap_text(hi)} at {hi_p:,}"
        if lo_p == hi_p or (lo_p, hi_p) != (10, 1000):
            measured += " (rows at 10 and 1,000 missing: nearest shown)"
        if "live_heap_mib" not in lo or "live_heap_mib" not in hi:
            lines.append((name, wanted, measured, "missed: " + (
                hi.get("failed") or lo.get("failed") or "no heap measured")))
            continue
        flat = hi["live_heap_mib"] <= 2 * max(lo["live_heap_mib"], 64)
        lines.append((name, wanted, measured, verdict(
            flat, f"grows {hi['live_heap_mib'] / max(lo['live_heap_mib'], 1):.1f}×")))
    return lines


def mb(rate):
    """A rate with three significant digits at most: 46.4, 0.28."""
    return f"{rate:.1f}" if rate >= 10 else f"{rate:.2g}" if rate < 1 else f"{rate:.2f}"


def heap_text(r):
    if "live_heap_mib" in r:
        return f"{r['live_heap_mib']:,} MiB"
    failed = r.get("failed", "failed")
    limit = r.get("heap_limit")
    return failed + (f" (heap limit {limit})" if limit and limit not in failed else "")


def stage_costs(rows):
    """Where the time goes per document, in the order the rows give the stages.

    A row with "in_sum": false (an alternative case, e.g. one document per file) is shown where it
    stands but left out of the sum and the shares.
    """
    if not rows:
        return
    total = sum(r.get("us_per_doc", 0) for r in rows if r.get("in_sum", True))
    print("### Where the time goes per document\n")
    print("| stage | µs/doc | share | bound |")
    print("|---|---:|---:|---|")
    for r in rows:
        us = r.get("us_per_doc", 0)
        if not r.get("in_sum", True):
            share = "not in sum"
        else:
            share = f"{100 * us / total:.0f}%" if total else ""
        print(f"| {cell(r.get('stage', ''))} | {cell(float(us))} | {share} | {cell(r.get('bound', ''))} |")
    print(f"| sum | {cell(float(total))} | 100% | |")
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
