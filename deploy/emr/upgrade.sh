#!/usr/bin/env bash
# Upgrades the job on an EMR cluster through a savepoint: builds and uploads the new cluster jar,
# then an EMR step stops the running job with a savepoint and starts the new jar from it. If the
# savepoint fails, the old job keeps running. Settings come from the stacks deploy.sh created.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/emr.sh"

usage() {
  cat <<'USAGE'
Usage: deploy/emr/upgrade.sh --cluster-id ID [options]

  --cluster-id ID       the cluster deploy.sh created or submitted to
  --region REGION       default: $AWS_REGION
  --stack-prefix NAME   as given to deploy.sh (default checkout-lake)
  --parallelism N       job parallelism after the upgrade (default 2)
  --source-kind KIND    as given to deploy.sh (default files)
  --skip-build          use the existing job/target/checkout-lake-cluster.jar
  --dry-run             print the commands instead of running them
USAGE
}

CLUSTER_ID="" PARALLELISM=2 SOURCE_KIND=files SKIP_BUILD=false
while [ "$#" -gt 0 ]; do
  case "$1" in
    --cluster-id) CLUSTER_ID="$2"; shift 2 ;;
    --region) REGION="$2"; shift 2 ;;
    --stack-prefix) STACK_PREFIX="$2"; shift 2 ;;
    --parallelism) PARALLELISM="$2"; shift 2 ;;
    --source-kind) SOURCE_KIND="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=true; shift ;;
    --dry-run) DRY_RUN=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
require_value --cluster-id "$CLUSTER_ID"
require_region

$SKIP_BUILD || build_cluster_jar
LAKE_BUCKET="$(stack_output "$STACK_PREFIX-storage" LakeBucketName)"
RAW_BUCKET="$(stack_parameter "$STACK_PREFIX-emr-roles" RawBucketName)"
RAW_PREFIX="$(stack_parameter "$STACK_PREFIX-emr-roles" RawPrefix)"
KINESIS_STREAM_ARN="$(stack_parameter "$STACK_PREFIX-emr-roles" KinesisStreamArn)"
# Registering partitions continues exactly when the roles stack grants it.
GLUE_DATABASE="$(stack_parameter "$STACK_PREFIX-emr-roles" GlueDatabaseName)"

JAR_KEY="$(jar_key)"
aws_run s3 cp "$CLUSTER_JAR" "s3://$LAKE_BUCKET/$JAR_KEY"
upload_on_master_script

mapfile -t JOB_ARGS < <(emr_job_args "$LAKE_BUCKET" "$RAW_BUCKET" "$RAW_PREFIX" "$PARALLELISM" \
  "$SOURCE_KIND" "$KINESIS_STREAM_ARN" "$GLUE_DATABASE")
add_step "$CLUSTER_ID" "checkout-lake upgrade" upgrade \
  --jar "s3://$LAKE_BUCKET/$JAR_KEY" -- "${JOB_ARGS[@]}"
log "upgraded checkout-lake on $CLUSTER_ID; savepoints under s3://$LAKE_BUCKET/savepoints/"
