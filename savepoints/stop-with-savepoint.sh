#!/usr/bin/env bash
# Stops the running checkout-lake job with a savepoint through Flink's REST API and prints the
# savepoint's path (the only line on stdout). Works against `java -jar ... --rest.port P` and any
# Flink cluster's JobManager (EMR: the YARN proxy URL of the Flink web UI).
#   savepoints/stop-with-savepoint.sh [--rest http://localhost:8081] [--job-id ID] --target DIR [--timeout 300]
# Then start the new jar with: --restore-from <printed path>
set -euo pipefail
rest=http://localhost:8081 job= target= timeout=300
while [ $# -gt 0 ]; do
  case $1 in
    --rest) rest=$2; shift 2 ;;
    --job-id) job=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$target" ] || { echo "--target DIR is required (a URI or an absolute path)" >&2; exit 2; }
case $target in /*) target="file://$target" ;; esac
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
if [ -z "$job" ]; then
  job=$(curl -fsS "$rest/jobs" | json "' '.join(j['id'] for j in d['jobs'] if j['status']=='RUNNING')")
  case $job in
    "") echo "no RUNNING job at $rest" >&2; exit 1 ;;
    *" "*) echo "more than one RUNNING job at $rest: pass --job-id ($job)" >&2; exit 1 ;;
  esac
fi
echo "stopping job $job at $rest with a savepoint under $target" >&2
trigger=$(curl -fsS -X POST -H 'Content-Type: application/json' \
  -d "{\"targetDirectory\": \"$target\", \"drain\": false, \"formatType\": \"CANONICAL\"}" \
  "$rest/jobs/$job/stop" | json "d['request-id']")
deadline=$(( $(date +%s) + timeout ))
while :; do
  status=$(curl -fsS "$rest/jobs/$job/savepoints/$trigger")
  state=$(printf '%s' "$status" | json "d['status']['id']")
  if [ "$state" = COMPLETED ]; then
    failure=$(printf '%s' "$status" | json "(d.get('operation') or {}).get('failure-cause',{}).get('stack-trace','') if 'failure-cause' in (d.get('operation') or {}) else ''")
    if [ -n "$failure" ]; then
      echo "stop-with-savepoint failed; the job keeps running:" >&2
      printf '%s\n' "$failure" | head -20 >&2
      exit 1
    fi
    printf '%s' "$status" | json "d['operation']['location']"
    exit 0
  fi
  [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out after ${timeout}s (state $state)" >&2; exit 1; }
  sleep 1
done
