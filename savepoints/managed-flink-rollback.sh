#!/usr/bin/env bash
# Rolls a Managed Flink application back to the previous jar and the snapshot taken before the
# upgrade. Without --snapshot it uses the service's rollback-application (previous version, its
# latest snapshot), which only works while the failed update is still the current version.
#   savepoints/managed-flink-rollback.sh --application NAME [--snapshot NAME --bucket-arn ARN --key PREVIOUS_JAR_KEY]
#       [--endpoint-url URL] [--dry-run]
set -euo pipefail
app= snapshot= bucket= key= endpoint=() dry=false
while [ $# -gt 0 ]; do
  case $1 in
    --application) app=$2; shift 2 ;;
    --snapshot) snapshot=$2; shift 2 ;;
    --bucket-arn) bucket=$2; shift 2 ;;
    --key) key=$2; shift 2 ;;
    --endpoint-url) endpoint=(--endpoint-url "$2"); shift 2 ;;
    --dry-run) dry=true; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$app" ] || { echo "--application is required" >&2; exit 2; }
aws=(aws "${endpoint[@]}" kinesisanalyticsv2)
run() { if $dry; then printf '%q ' "$@"; echo; else "$@"; fi; }
version=$("${aws[@]}" describe-application --application-name "$app" \
  --query 'ApplicationDetail.ApplicationVersionId' --output text)
if [ -z "$snapshot" ]; then
  run "${aws[@]}" rollback-application --application-name "$app" --current-application-version-id "$version"
  exit 0
fi
[ -n "$bucket" ] && [ -n "$key" ] || { echo "--snapshot needs --bucket-arn and --key of the previous jar" >&2; exit 2; }
run "${aws[@]}" update-application --application-name "$app" \
  --current-application-version-id "$version" \
  --application-configuration-update "{\"ApplicationCodeConfigurationUpdate\":{\"CodeContentUpdate\":{\"S3ContentLocationUpdate\":{\"BucketARNUpdate\":\"$bucket\",\"FileKeyUpdate\":\"$key\"}}}}" \
  --run-configuration-update "{\"ApplicationRestoreConfiguration\":{\"ApplicationRestoreType\":\"RESTORE_FROM_CUSTOM_SNAPSHOT\",\"SnapshotName\":\"$snapshot\"},\"FlinkRunConfiguration\":{\"AllowNonRestoredState\":false}}"
