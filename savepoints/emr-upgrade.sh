#!/usr/bin/env bash
# Upgrades the job on EMR (Flink on YARN): stop with a savepoint, start the new jar from it.
# On the master node (default) it runs `flink` directly; with --via-steps it submits both as EMR
# steps (`aws emr add-steps`, command-runner.jar). --dry-run prints the commands only.
#   savepoints/emr-upgrade.sh --yarn-app application_..._0001 --job-id JOBID --savepoint-dir s3://b/savepoints \
#       --jar /home/hadoop/checkout-lake-1.1.0.jar [--cluster-id j-XXXX --via-steps] [--endpoint-url URL] [--dry-run] -- <job args>
set -euo pipefail
yarn= job= dir= jar= cluster= steps=false endpoint=() dry=false
while [ $# -gt 0 ]; do
  case $1 in
    --yarn-app) yarn=$2; shift 2 ;;
    --job-id) job=$2; shift 2 ;;
    --savepoint-dir) dir=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --cluster-id) cluster=$2; shift 2 ;;
    --via-steps) steps=true; shift ;;
    --endpoint-url) endpoint=(--endpoint-url "$2"); shift 2 ;;
    --dry-run) dry=true; shift ;;
    --) shift; break ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$yarn" ] && [ -n "$job" ] && [ -n "$dir" ] && [ -n "$jar" ] || { echo "--yarn-app, --job-id, --savepoint-dir and --jar are required" >&2; exit 2; }
stop=(flink stop --savepointPath "$dir" -yid "$yarn" "$job")
if $steps; then
  [ -n "$cluster" ] || { echo "--via-steps needs --cluster-id" >&2; exit 2; }
  # A step cannot hand the savepoint path to the next one: the second step restores the newest
  # savepoint under the directory (the one the first step just wrote). The AWS CLI lists s3://;
  # Flink restores through the directory's own scheme (s3a:// in deploy/emr/configurations.json).
  case $dir in s3://*|s3a://*) ;; *) echo "--via-steps needs an s3:// or s3a:// --savepoint-dir" >&2; exit 2 ;; esac
  scheme=${dir%%://*}; path=${dir#*://}; path=${path%/}; bucket=${path%%/*}
  start="key=\$(aws s3 ls --recursive s3://$path/ | grep '/_metadata\$' | sort | tail -1 | awk '{print \$4}'); [ -n \"\$key\" ] || { echo 'no savepoint under $dir' >&2; exit 1; }; flink run -d -yid $yarn -s $scheme://$bucket/\${key%/_metadata} $jar $*"
  steps_json=$(python3 -c 'import json,sys; print(json.dumps([
    {"Type":"CUSTOM_JAR","Name":"stop-with-savepoint","ActionOnFailure":"CANCEL_AND_WAIT","Jar":"command-runner.jar","Args":sys.argv[1].split()},
    {"Type":"CUSTOM_JAR","Name":"start-from-savepoint","ActionOnFailure":"CANCEL_AND_WAIT","Jar":"command-runner.jar","Args":["bash","-c",sys.argv[2]]}]))' "${stop[*]}" "$start")
  cmd=(aws "${endpoint[@]}" emr add-steps --cluster-id "$cluster" --steps "$steps_json")
  if $dry; then printf '%q ' "${cmd[@]}"; echo; else "${cmd[@]}"; fi
  exit 0
fi
if $dry; then
  printf '%q ' "${stop[@]}"; echo
  printf '%q ' flink run -d -yid "$yarn" -s "<savepoint path printed by flink stop>" "$jar" "$@"; echo
  exit 0
fi
out=$("${stop[@]}")
echo "$out" >&2
savepoint=$(printf '%s\n' "$out" | sed -n 's/.*Savepoint completed\. Path: \([^ ]*\).*/\1/p' | tail -1)
[ -n "$savepoint" ] || { echo "no savepoint path in flink stop output: not starting" >&2; exit 1; }
flink run -d -yid "$yarn" -s "$savepoint" "$jar" "$@"
echo "started from $savepoint; roll back with: flink run -d -yid $yarn -s $savepoint <previous jar>" >&2
