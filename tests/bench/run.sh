#!/usr/bin/env bash
# The benchmark command (README "Performance"): builds the job, generates the seeded data set once
# (about 1 GB of raw documents, kept under tests/target/bench/data), runs every benchmark in turn and
# prints their results as JSON lines (tests/target/bench/results.jsonl) and as tables
# (tests/target/bench/results.md), issue 14's targets first. Takes about 30 minutes on 2 cores;
# --quick runs every benchmark small (about 8 minutes), to check that they work, not to measure.
# Installs the project's modules into the local Maven repository first (the benchmarks run from
# tests/ against them); BENCH_MVN_FLAGS (e.g. -o) go to every mvn call.
#
#   bash tests/bench/run.sh [--quick] [BenchmarkName ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

quick=false
only=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) only+=("$arg") ;;
  esac
done

# The S3 benchmark runs moto and S3Proxy: find the Python that has moto (see .ci/run).
for dir in $(dirname "$(command -v python3 2>/dev/null || echo /usr/bin/python3)") /root/.pyenv/versions/*/bin; do
  if [ -x "$dir/python3" ] && "$dir/python3" -c 'import moto.server, boto3' 2>/dev/null; then
    export PATH="$dir:$PATH"
    break
  fi
done
if ! locale 2>/dev/null | grep -qi 'utf-\?8'; then
  export LC_ALL=C.UTF-8
fi

results="$root/tests/target/bench/results.jsonl"
mkdir -p "$(dirname "$results")"
: > "$results"

props=(-Dbench.results="$results" -Dbench.data="$root/tests/target/bench/data")
if $quick; then
  props+=(-Dbench.data-mb=100 -Dbench.jmh.quick=true -Dbench.heap-args="1,10 4000 1g"
          -Dbench.slots=1,2 -Dbench.codecs=zstd -Dbench.latency.seconds=45
          -Dbench.latency.intervals=10 -Dbench.s3.documents=500
          -Dbench.sparse-folders=32 -Dbench.sparse-days=4)
fi

benchmarks=(DecodeJmhBenchmark StageCostBenchmark BackfillThroughputBenchmark DuckDbConversionBenchmark
            BackfillHeapBenchmark VisibilityLatencyBenchmark S3SmallObjectsBenchmark)
if [ ${#only[@]} -gt 0 ]; then
  benchmarks=("${only[@]}")
fi

# shellcheck disable=SC2206 # BENCH_MVN_FLAGS is a list of flags
mvn_flags=(-B -ntp ${BENCH_MVN_FLAGS:-})
mvn "${mvn_flags[@]}" install -pl .,functions,job,tests/tools,tests/spark-reader -DskipTests
status=0
for b in "${benchmarks[@]}"; do
  echo "=== $b"
  if ! mvn "${mvn_flags[@]}" -pl tests verify -Dit.test="$b" -Dtest=NONE \
      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
      -Dspotless.check.skip=true "${props[@]}"; then
    echo "=== $b FAILED" >&2
    status=1
  fi
done

python3 "$root/tests/bench/report.py" "$results" | tee "${results%.jsonl}.md"
exit $status
