#!/usr/bin/env bash
# Runs on the EMR master node, where the Flink client is, as an EMR step (script-runner.jar runs
# it from S3; deploy.sh and upgrade.sh add the steps):
#   on-master.sh [--dry-run] enable-s3a-plugin
#   on-master.sh [--dry-run] submit  --jar s3://BUCKET/artifacts/checkout-lake-cluster-X.jar -- JOB_ARGS...
#   on-master.sh [--dry-run] upgrade --jar s3://BUCKET/artifacts/checkout-lake-cluster-X.jar -- JOB_ARGS...
# submit starts the job in YARN application mode, resuming from its newest retained checkpoint if
# there is one; upgrade stops the running job with a savepoint and starts the new jar from it.
set -euo pipefail

APP_NAME=checkout-lake
FLINK_HOME="${FLINK_HOME:-/usr/lib/flink}"
FLINK="$FLINK_HOME/bin/flink"
WORK_DIR="${WORK_DIR:-/home/hadoop/checkout-lake}"
STOP_TIMEOUT_SECONDS=900
DRY_RUN=false
exec 3>&1

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

print_command() {
  local quoted=() arg
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
      quoted+=("$arg")
    else
      quoted+=("'${arg//\'/\'\\\'\'}'")
    fi
  done
  printf '%s\n' "${quoted[*]}" >&3
}

run() {
  if $DRY_RUN; then print_command "$@"; else "$@"; fi
}

# flink-s3-fs-hadoop is Flink's only S3 file system with the RecoverableWriter that FileSink needs;
# EMRFS, behind s3://, reaches Flink through its Hadoop fallback, which has none. The YARN client
# ships the master's plugins directory to every container, so enabling it here is enough.
enable_s3a_plugin() {
  if ls "$FLINK_HOME"/plugins/*/flink-s3-fs-hadoop-*.jar >/dev/null 2>&1; then
    log "flink-s3-fs-hadoop is already a plugin"
    return
  fi
  local jar
  jar="$(ls "$FLINK_HOME"/opt/flink-s3-fs-hadoop-*.jar 2>/dev/null | head -1 || true)"
  if [ -z "$jar" ]; then
    $DRY_RUN || die "no $FLINK_HOME/opt/flink-s3-fs-hadoop-*.jar on this node"
    jar="$FLINK_HOME/opt/flink-s3-fs-hadoop-<version>.jar"
  fi
  run sudo mkdir -p "$FLINK_HOME/plugins/s3-fs-hadoop"
  run sudo cp "$jar" "$FLINK_HOME/plugins/s3-fs-hadoop/"
}

# The YARN application id of the running job, empty if none.
running_app_id() {
  if $DRY_RUN; then
    print_command yarn application -list -appStates ACCEPTED,RUNNING
    printf '%s\n' "${DRY_RUN_APP_ID:-}"
    return
  fi
  yarn application -list -appStates ACCEPTED,RUNNING 2>/dev/null |
    awk -F'\t' -v name="$APP_NAME" '{ gsub(/^ +| +$/, "", $1); gsub(/^ +| +$/, "", $2) } $2 == name { print $1 }'
}

job_id_of() {
  if $DRY_RUN; then
    print_command "$FLINK" list -r -t yarn-application "-Dyarn.application.id=$1"
    echo "<job-id>"
    return
  fi
  "$FLINK" list -r -t yarn-application "-Dyarn.application.id=$1" | grep -oE '\b[0-9a-f]{32}\b' | head -1
}

# Copies the jar from S3 to the master and prints its local path.
fetch_jar() {
  local local_jar
  local_jar="$WORK_DIR/$(basename "$1")"
  run mkdir -p "$WORK_DIR"
  run aws s3 cp "$1" "$local_jar" >&2
  printf '%s\n' "$local_jar"
}

start_job() {
  local jar="$1"
  shift
  run "$FLINK" run-application -t yarn-application "-Dyarn.application.name=$APP_NAME" "$jar" "$@"
}

# Stop-with-savepoint ends the application; the new one must not start before it is gone.
wait_until_finished() {
  if $DRY_RUN; then
    print_command yarn application -status "$1"
    return
  fi
  local waited=0
  while yarn application -status "$1" 2>/dev/null | grep -qE 'State : (ACCEPTED|RUNNING)'; do
    [ "$waited" -lt "$STOP_TIMEOUT_SECONDS" ] || die "$1 still runs after ${STOP_TIMEOUT_SECONDS}s"
    sleep 5
    waited=$((waited + 5))
  done
}

submit() {
  enable_s3a_plugin
  local running
  running="$(running_app_id)"
  [ -z "$running" ] || die "$APP_NAME already runs as $running: use upgrade"
  local jar
  jar="$(fetch_jar "$JAR_URI")"
  start_job "$jar" "${JOB_ARGS[@]}" --restore-from latest
}

upgrade() {
  enable_s3a_plugin
  # The new jar first: a wrong URI fails while the old job still runs.
  local jar app job output savepoint
  jar="$(fetch_jar "$JAR_URI")"
  app="$(DRY_RUN_APP_ID='<application-id>' running_app_id)"
  [ -n "$app" ] || die "no running $APP_NAME to upgrade: use submit"
  job="$(job_id_of "$app")"
  [ -n "$job" ] || die "no job in $app"
  # The savepoint goes to execution.checkpointing.savepoint-dir (configurations.json).
  if $DRY_RUN; then
    print_command "$FLINK" stop -t yarn-application "-Dyarn.application.id=$app" "$job"
    output="Savepoint completed. Path: <savepoint-path>"
  else
    output="$("$FLINK" stop -t yarn-application "-Dyarn.application.id=$app" "$job")" ||
      die "flink stop failed; the old job keeps running: $output"
  fi
  savepoint="$(sed -n 's/.*Savepoint completed\. Path: \([^ ]*\).*/\1/p' <<<"$output" | tail -1)"
  [ -n "$savepoint" ] || die "no savepoint path in the output of flink stop: $output"
  log "savepoint: $savepoint"
  wait_until_finished "$app"
  start_job "$jar" "${JOB_ARGS[@]}" --restore-from "$savepoint"
}

[ "${1:-}" = --dry-run ] && { DRY_RUN=true; shift; }
COMMAND="${1:-}"
[ "$#" -gt 0 ] && shift
JAR_URI=""
JOB_ARGS=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --jar) JAR_URI="$2"; shift 2 ;;
    --) shift; JOB_ARGS=("$@"); break ;;
    *) die "unknown option $1" ;;
  esac
done

case "$COMMAND" in
  enable-s3a-plugin) enable_s3a_plugin ;;
  submit|upgrade)
    [ -n "$JAR_URI" ] || die "$COMMAND needs --jar s3://..."
    [ "${#JOB_ARGS[@]}" -gt 0 ] || die "$COMMAND needs the job's arguments after --"
    "$COMMAND" ;;
  *) die "usage: on-master.sh [--dry-run] enable-s3a-plugin | submit|upgrade --jar S3_URI -- JOB_ARGS..." ;;
esac
