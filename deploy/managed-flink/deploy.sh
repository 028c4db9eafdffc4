#!/usr/bin/env bash
# Deploys checkout-lake to Amazon Managed Service for Apache Flink: builds the cluster jar,
# deploys the storage and catalog stacks, uploads the jar, creates or updates the application
# stack and starts the application if it is not running. Safe to re-run; a re-run with a new jar
# updates the running application (the service snapshots it and restores from the snapshot).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

usage() {
  cat <<'USAGE'
Usage: deploy/managed-flink/deploy.sh --raw-bucket BUCKET --raw-prefix PREFIX [options]

  --raw-bucket BUCKET          bucket of the raw order documents (read only)
  --raw-prefix PREFIX          their key prefix, without leading or trailing slash
  --raw-kms-key-arn ARN        the raw bucket's KMS key, if it uses SSE-KMS
  --region REGION              default: $AWS_REGION
  --stack-prefix NAME          stack names NAME-storage, NAME-catalog, NAME-managed-flink (default checkout-lake)
  --application-name NAME      default checkout-lake
  --parallelism N              initial parallelism; autoscaling adjusts it (default 2)
  --source-kind KIND           files (default), kinesis or s3-events (both need --kinesis-stream-arn)
  --kinesis-stream-arn ARN     the stream of the kinesis and s3-events sources
  --glue-partitions            grant partition writes on the Glue database
  --glue-database NAME         default checkout_lake
  --savepoint-retention-days N 3, 7, 14 or 30 (default 7): see the README's Deploy section
  --skip-build                 use the existing job/target/checkout-lake-cluster.jar
  --dry-run                    print the commands instead of running them
USAGE
}

RAW_BUCKET="" RAW_PREFIX="" RAW_KMS_KEY_ARN="" APPLICATION_NAME=checkout-lake PARALLELISM=2
SOURCE_KIND=files KINESIS_STREAM_ARN="" GLUE_PARTITIONS=false SKIP_BUILD=false
while [ "$#" -gt 0 ]; do
  case "$1" in
    --raw-bucket) RAW_BUCKET="$2"; shift 2 ;;
    --raw-prefix) RAW_PREFIX="$2"; shift 2 ;;
    --raw-kms-key-arn) RAW_KMS_KEY_ARN="$2"; shift 2 ;;
    --region) REGION="$2"; shift 2 ;;
    --stack-prefix) STACK_PREFIX="$2"; shift 2 ;;
    --application-name) APPLICATION_NAME="$2"; shift 2 ;;
    --parallelism) PARALLELISM="$2"; shift 2 ;;
    --source-kind) SOURCE_KIND="$2"; shift 2 ;;
    --kinesis-stream-arn) KINESIS_STREAM_ARN="$2"; shift 2 ;;
    --glue-partitions) GLUE_PARTITIONS=true; shift ;;
    --glue-database) GLUE_DATABASE="$2"; shift 2 ;;
    --savepoint-retention-days) SAVEPOINT_RETENTION_DAYS="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=true; shift ;;
    --dry-run) DRY_RUN=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
require_value --raw-bucket "$RAW_BUCKET"
require_value --raw-prefix "$RAW_PREFIX"
require_region

$SKIP_BUILD || build_cluster_jar
deploy_storage_and_catalog

CODE_KEY="$(jar_key)"
aws_run s3 cp "$CLUSTER_JAR" "s3://$LAKE_BUCKET/$CODE_KEY"

GLUE_PARTITION_DATABASE=""
$GLUE_PARTITIONS && GLUE_PARTITION_DATABASE="$GLUE_DATABASE"
deploy_stack "$STACK_PREFIX-managed-flink" "$REPO_ROOT/deploy/managed-flink/application.yaml" \
  "ApplicationName=$APPLICATION_NAME" \
  "LakeBucketName=$LAKE_BUCKET" \
  "LakeKeyArn=$LAKE_KEY_ARN" \
  "CodeKey=$CODE_KEY" \
  "RawBucketName=$RAW_BUCKET" \
  "RawPrefix=$RAW_PREFIX" \
  "RawKmsKeyArn=$RAW_KMS_KEY_ARN" \
  "SourceKind=$SOURCE_KIND" \
  "KinesisStreamArn=$KINESIS_STREAM_ARN" \
  "GlueDatabaseName=$GLUE_PARTITION_DATABASE" \
  "Parallelism=$PARALLELISM"

# CloudFormation creates the application READY (stopped); a running one it updates in place.
STATUS="$(aws_capture READY kinesisanalyticsv2 describe-application \
  --application-name "$APPLICATION_NAME" \
  --query ApplicationDetail.ApplicationStatus --output text)"
if [ "$STATUS" = READY ]; then
  aws_run kinesisanalyticsv2 start-application --application-name "$APPLICATION_NAME" \
    --run-configuration '{"ApplicationRestoreConfiguration":{"ApplicationRestoreType":"RESTORE_FROM_LATEST_SNAPSHOT"},"FlinkRunConfiguration":{"AllowNonRestoredState":false}}'
fi
log "application $APPLICATION_NAME: lake s3://$LAKE_BUCKET/lake, dead letters s3://$LAKE_BUCKET/deadletter," \
  "logs /aws/kinesis-analytics/$APPLICATION_NAME, Glue database $GLUE_DATABASE"
