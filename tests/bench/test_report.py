"""Checks report.py on hand-made results: every target of issue 14 gets a row, missing and failed
measurements read as such, and the stage costs print in their order.

    python3 -m unittest discover -s tests/bench -p 'test_*.py'
"""
import contextlib
import io
import json
import os
import tempfile
import unittest

import report

SAMPLE = os.path.join(os.path.dirname(__file__), "testdata", "results-sample.jsonl")


def render(rows=None, path=SAMPLE):
    if rows is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")
            path = f.name
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        report.main(path)
    if rows is not None:
        os.unlink(path)
    return out.getvalue()


def target_rows(text):
    """The Targets table's rows as lists of cells."""
    section = text.split("### Targets (issue 14)", 1)[1].split("\n### ", 1)[0]
    return [[c.strip() for c in line.strip("|").split(" | ")]
            for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]


def row(rows, prefix):
    found = [r for r in rows if r[0].startswith(prefix)]
    assert len(found) == 1, (prefix, rows)
    return found[0]


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.text = render()
        self.rows = target_rows(self.text)

    def test_throughput_against_one_and_a_half_duckdb_per_density(self):
        dense = row(self.rows, "backfill raw JSON per CPU-s into zstd Parquet, dense")
        self.assertIn("1.5 × DuckDB's 46.4 = 69.6 MB/CPU-s", dense[1])
        self.assertIn("20.0 MB/CPU-s", dense[2])
        self.assertEqual("missed: needs 3.5× more", dense[3])
        sparse = row(self.rows, "backfill raw JSON per CPU-s into zstd Parquet, sparse")
        self.assertIn("= 12.0 MB/CPU-s", sparse[1])
        self.assertIn("0.28 MB/CPU-s", sparse[2])
        self.assertTrue(sparse[3].startswith("missed"))

    def test_throughput_met_and_unmeasured(self):
        rows = target_rows(render([
            {"benchmark": "backfill-throughput", "slots": 1, "codec": "zstd",
             "raw_mb_per_cpu_s": 75.0, "docs_per_cpu_s": 6000},
            {"benchmark": "duckdb-conversion", "raw_mb_per_cpu_s": 46.4},
        ]))
        self.assertEqual("met", row(rows, "backfill raw JSON per CPU-s into zstd Parquet, dense")[3])
        sparse = row(rows, "backfill raw JSON per CPU-s into zstd Parquet, sparse")
        self.assertEqual(["not measured in this run", "unknown"], sparse[2:])

    def test_file_shape_counts_partitions_that_meet_the_rule(self):
        dense = row(self.rows, "backfill file shape, dense")
        self.assertIn("2,048 files in 32 partitions, max 64 per partition", dense[2])
        self.assertIn("min 0.1, p50 0.5", dense[2])
        self.assertEqual("missed: 32 of 32 partitions not", dense[3])
        row(self.rows, "backfill file shape, sparse")
        rows = target_rows(render([
            {"benchmark": "backfill-throughput", "density": "sparse", "slots": 1, "codec": "zstd",
             "raw_mb_per_cpu_s": 1.0, "docs_per_cpu_s": 80, "files": 16, "file_mb_min": 0.5,
             "file_mb_p50": 1.0, "partitions": 16, "max_files_per_partition": 1,
             "partitions_shaped_well": 16},
        ]))
        self.assertEqual("met", row(rows, "backfill file shape, sparse")[3])

    def test_s3_steady_state_with_startup_and_jit_or_older_rows(self):
        old = row(self.rows, "from S3 at 20 ms per request, files")
        self.assertIn("no steady-state split", old[2])
        self.assertIn("run too small (2,000 < 50,000 docs)", old[3])
        new = row(self.rows, "from S3 at 20 ms per request, s3-events")
        self.assertIn("2,300 docs/CPU-s steady", new[2])
        self.assertIn("start-up 4.2 CPU-s, JIT 6.1 CPU-s", new[2])
        self.assertIn("0 HEADs", new[2])
        self.assertEqual("met", new[3])

    def test_visibility_uses_checkpoint_plus_fifteen_without_target_field(self):
        self.assertEqual("met", row(self.rows, "visibility p99 at 30 s")[3])
        ten = row(self.rows, "visibility p99 at 10 s")
        self.assertIn("= 25 s", ten[1])
        self.assertEqual("missed: 6.5 s over", ten[3])

    def test_heap_at_ten_and_a_thousand_partitions_with_out_of_memory(self):
        backfill = row(self.rows, "heap flat from 10 to 1,000 open partitions (backfill")
        self.assertEqual("77 MiB at 10, 103 MiB at 1,000", backfill[2])
        self.assertEqual("met", backfill[3])
        sink = row(self.rows, "heap flat from 10 to 1,000 open partitions (stream")
        self.assertIn("218 MiB at 10, OutOfMemoryError at -Xmx3g at 1,000", sink[2])
        self.assertEqual("missed: OutOfMemoryError at -Xmx3g", sink[3])

    def test_heap_falls_back_to_smallest_and_largest(self):
        rows = target_rows(render([
            {"benchmark": "backfill-heap", "variant": "sorted-writers", "partitions": 1,
             "live_heap_mib": 70},
            {"benchmark": "backfill-heap", "variant": "sorted-writers", "partitions": 100,
             "live_heap_mib": 400},
        ]))
        r = row(rows, "heap flat from 10 to 1,000 open partitions (backfill")
        self.assertIn("70 MiB at 1, 400 MiB at 100 (rows at 10 and 1,000 missing", r[2])
        self.assertEqual("missed: grows 5.7×", r[3])
        self.assertEqual("unknown", row(rows, "heap flat from 10 to 1,000 open partitions (stream")[3])

    def test_every_target_has_a_row_even_with_no_results(self):
        rows = target_rows(render([{"benchmark": "compaction", "files": 3}]))
        for prefix in ("backfill raw JSON per CPU-s into zstd Parquet, dense",
                       "backfill raw JSON per CPU-s into zstd Parquet, sparse",
                       "backfill file shape", "from S3 at 20 ms", "visibility p99",
                       "heap flat from 10 to 1,000 open partitions (backfill",
                       "heap flat from 10 to 1,000 open partitions (stream"):
            self.assertEqual("unknown", row(rows, prefix)[3])
        self.assertIn("### compaction", render([{"benchmark": "compaction", "files": 3}]))

    def test_stage_costs_in_given_order_with_shares(self):
        section = self.text.split("### Where the time goes per document", 1)[1].split("\n### ")[0]
        lines = [l for l in section.splitlines() if l.startswith("| ")]
        self.assertEqual("| list and read | 12.3 | 3% | file system calls |", lines[1])
        self.assertEqual("| decode | 300 | 65% | Jackson \\| trees |", lines[2])
        self.assertEqual("| parquet write | 150.5 | 33% | zstd |", lines[3])
        self.assertEqual("| sum | 462.8 | 100% | |", lines[4])
        self.assertLess(self.text.index("### Targets"), self.text.index("### Where the time goes"))
        self.assertNotIn("Where the time goes", render([{"benchmark": "compaction", "files": 3}]))

    def test_a_stage_row_not_in_the_sum_keeps_its_place_without_a_share(self):
        text = render([
            {"benchmark": "stage-costs", "stage": "parse", "us_per_doc": 30, "bound": "trees"},
            {"benchmark": "stage-costs", "stage": "per file (sparse)", "us_per_doc": 9000,
             "bound": "set-up", "in_sum": False},
            {"benchmark": "stage-costs", "stage": "commit", "us_per_doc": 10, "bound": "footer"},
        ])
        section = text.split("### Where the time goes per document", 1)[1].split("\n### ")[0]
        lines = [l for l in section.splitlines() if l.startswith("| ")]
        self.assertEqual("| parse | 30 | 75% | trees |", lines[1])
        self.assertEqual("| per file (sparse) | 9,000 | not in sum | set-up |", lines[2])
        self.assertEqual("| commit | 10 | 25% | footer |", lines[3])
        self.assertEqual("| sum | 40 | 100% | |", lines[4])

    def test_every_benchmark_keeps_its_own_table(self):
        for name in ("backfill-throughput", "duckdb-conversion", "s3-small-objects",
                     "visibility-latency", "backfill-heap", "stage-costs"):
            self.assertIn(f"### {name} (", self.text)


if __name__ == "__main__":
    unittest.main()
