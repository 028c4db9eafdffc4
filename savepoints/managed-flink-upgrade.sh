#!/usr/bin/env bash
# Upgrades a Managed Service for Apache Flink application to a new jar, restoring its state:
# takes a named snapshot first (the rollback point), then updates the code and restarts from the
# latest snapshot (the service snapshots the running app again when it stops it for the update).
#   savepoints/managed-flink-upgrade.sh --application NAME --bucket-arn arn:aws:s3:::B --key jars/checkout-lake-1.1.0.jar
#       [--snapshot NAME] [--allow-non-restored-state] [--endpoint-url URL] [--dry-run]
# --dry-run prints the mutating calls instead of making them (read-only calls still run).
set -euo pipefail
app= bucket= key= snapshot= allow=false endpoint=() dry=false
while [ $# -gt 0 ]; do
  case $1 in
    --application) app=$2; shift 2 ;;
    --bucket-arn) bucket=$2; shift 2 ;;
    --key) key=$2; shift 2 ;;
    --snapshot) snapshot=$2; shift 2 ;;
    --allow-non-restored-state) allow=true; shift ;;
    --endpoint-url) endpoint=(--endpoint-url "$2"); shift 2 ;;
    --dry-run) dry=true; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$app" ] && [ -n "$bucket" ] && [ -n "$key" ] || { echo "--application, --bucket-arn and --key are required" >&2; exit 2; }
snapshot=${snapshot:-pre-upgrade-$(date -u +%Y%m%dT%H%M%SZ)}
aws=(aws "${endpoint[@]}" kinesisanalyticsv2)
run() { if $dry; then printf '%q ' "$@"; echo; else "$@"; fi; }

version=$("${aws[@]}" describe-application --application-name "$app" \
  --query 'ApplicationDetail.ApplicationVersionId' --output text)
status=$("${aws[@]}" describe-application --application-name "$app" \
  --query 'ApplicationDetail.ApplicationStatus' --output text)
echo "application $app: version $version, $status" >&2

# 1. The rollback point: a named snapshot of the running release.
run "${aws[@]}" create-application-snapshot --application-name "$app" --snapshot-name "$snapshot"
if ! $dry; then
  for _ in $(seq 1 120); do
    s=$("${aws[@]}" describe-application-snapshot --application-name "$app" --snapshot-name "$snapshot" \
      --query 'SnapshotDetails.SnapshotStatus' --output text)
    [ "$s" = READY ] && break
    [ "$s" = FAILED ] && { echo "snapshot $snapshot FAILED: not upgrading" >&2; exit 1; }
    sleep 5
  done
  [ "$s" = READY ] || { echo "snapshot $snapshot not READY in 10 min: not upgrading" >&2; exit 1; }
fi

# 2. New code, restored from the latest snapshot. AllowNonRestoredState=false makes the restart
#    fail (instead of silently dropping state) when a savepoint state finds no operator uid.
run "${aws[@]}" update-application --application-name "$app" \
  --current-application-version-id "$version" \
  --application-configuration-update "{\"ApplicationCodeConfigurationUpdate\":{\"CodeContentTypeUpdate\":\"ZIPFILE\",\"CodeContentUpdate\":{\"S3ContentLocationUpdate\":{\"BucketARNUpdate\":\"$bucket\",\"FileKeyUpdate\":\"$key\"}}}}" \
  --run-configuration-update "{\"ApplicationRestoreConfiguration\":{\"ApplicationRestoreType\":\"RESTORE_FROM_LATEST_SNAPSHOT\"},\"FlinkRunConfiguration\":{\"AllowNonRestoredState\":$allow}}"
echo "rollback point: snapshot $snapshot (savepoints/managed-flink-rollback.sh --snapshot $snapshot ...)" >&2
