#!/usr/bin/env bash
# Deploys checkout-lake to Amazon EMR 7.x: builds the cluster jar, deploys the storage, catalog
# and IAM role stacks, uploads the jar, creates a cluster (unless --cluster-id names one) and
# submits the job to YARN. To deploy a new jar to a running job, use upgrade.sh.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/emr.sh"

usage() {
  cat <<'USAGE'
Usage: deploy/emr/deploy.sh --raw-bucket BUCKET --raw-prefix PREFIX (--subnet-id ID | --cluster-id ID) [options]

  --raw-bucket BUCKET          bucket of the raw order documents (read only)
  --raw-prefix PREFIX          their key prefix, without leading or trailing slash
  --raw-kms-key-arn ARN        the raw bucket's KMS key, if it uses SSE-KMS
  --subnet-id ID               create a cluster in this subnet (tag it
                               for-use-with-amazon-emr-managed-policies=true)
  --cluster-id ID              submit to this running cluster instead (created by this script)
  --region REGION              default: $AWS_REGION
  --stack-prefix NAME          stack names NAME-storage, NAME-catalog, NAME-emr-roles (default checkout-lake)
  --release-label LABEL        default emr-7.8.0 (Flink 1.20.0)
  --instance-type TYPE         default m5.xlarge, for the primary and the core nodes
  --core-nodes N               default 2
  --key-name NAME              EC2 key pair for SSH to the primary node (optional)
  --parallelism N              job parallelism (default 2)
  --source-kind KIND           files (default), kinesis or s3-events (both need --kinesis-stream-arn)
  --kinesis-stream-arn ARN     the stream of the kinesis and s3-events sources
  --glue-partitions            grant partition writes on the Glue database
  --glue-database NAME         default checkout_lake
  --savepoint-retention-days N 3, 7, 14 or 30 (default 7): see the README's Deploy section
  --skip-build                 use the existing job/target/checkout-lake-cluster.jar
  --dry-run                    print the commands instead of running them
USAGE
}

RAW_BUCKET="" RAW_PREFIX="" RAW_KMS_KEY_ARN="" SUBNET_ID="" CLUSTER_ID="" KEY_NAME=""
RELEASE_LABEL=emr-7.8.0 INSTANCE_TYPE=m5.xlarge CORE_NODES=2 PARALLELISM=2
SOURCE_KIND=files KINESIS_STREAM_ARN="" GLUE_PARTITIONS=false SKIP_BUILD=false
while [ "$#" -gt 0 ]; do
  case "$1" in
    --raw-bucket) RAW_BUCKET="$2"; shift 2 ;;
    --raw-prefix) RAW_PREFIX="$2"; shift 2 ;;
    --raw-kms-key-arn) RAW_KMS_KEY_ARN="$2"; shift 2 ;;
    --subnet-id) SUBNET_ID="$2"; shift 2 ;;
    --cluster-id) CLUSTER_ID="$2"; shift 2 ;;
    --region) REGION="$2"; shift 2 ;;
    --stack-prefix) STACK_PREFIX="$2"; shift 2 ;;
    --release-label) RELEASE_LABEL="$2"; shift 2 ;;
    --instance-type) INSTANCE_TYPE="$2"; shift 2 ;;
    --core-nodes) CORE_NODES="$2"; shift 2 ;;
    --key-name) KEY_NAME="$2"; shift 2 ;;
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
[ -n "$SUBNET_ID" ] || [ -n "$CLUSTER_ID" ] || die "--subnet-id or --cluster-id is required"
[ "$SOURCE_KIND" = files ] || [ -n "$KINESIS_STREAM_ARN" ] ||
  die "--source-kind $SOURCE_KIND needs --kinesis-stream-arn"

$SKIP_BUILD || build_cluster_jar
deploy_storage_and_catalog

GLUE_PARTITION_DATABASE=""
$GLUE_PARTITIONS && GLUE_PARTITION_DATABASE="$GLUE_DATABASE"
ROLES_STACK="$STACK_PREFIX-emr-roles"
deploy_stack "$ROLES_STACK" "$REPO_ROOT/deploy/emr/emr-roles.yaml" \
  "LakeBucketName=$LAKE_BUCKET" \
  "LakeKeyArn=$LAKE_KEY_ARN" \
  "RawBucketName=$RAW_BUCKET" \
  "RawPrefix=$RAW_PREFIX" \
  "RawKmsKeyArn=$RAW_KMS_KEY_ARN" \
  "KinesisStreamArn=$KINESIS_STREAM_ARN" \
  "GlueDatabaseName=$GLUE_PARTITION_DATABASE"

JAR_KEY="$(jar_key)"
aws_run s3 cp "$CLUSTER_JAR" "s3://$LAKE_BUCKET/$JAR_KEY"
upload_on_master_script

if [ -z "$CLUSTER_ID" ]; then
  CONFIGURATIONS="$(mktemp "${TMPDIR:-/tmp}/checkout-lake-emr-configurations.XXXXXX.json")"
  trap 'rm -f "$CONFIGURATIONS"' EXIT
  sed "s/@LAKE_BUCKET@/$LAKE_BUCKET/g" "$REPO_ROOT/deploy/emr/configurations.json" >"$CONFIGURATIONS"
  EC2_ATTRIBUTES="InstanceProfile=$(stack_output "$ROLES_STACK" InstanceProfileName),SubnetId=$SUBNET_ID"
  [ -n "$KEY_NAME" ] && EC2_ATTRIBUTES+=",KeyName=$KEY_NAME"
  CLUSTER_ID="$(aws_capture "<cluster-id>" emr create-cluster \
    --name checkout-lake \
    --release-label "$RELEASE_LABEL" \
    --applications Name=Hadoop Name=Flink \
    --configurations "file://$CONFIGURATIONS" \
    --service-role "$(stack_output "$ROLES_STACK" ServiceRoleName)" \
    --ec2-attributes "$EC2_ATTRIBUTES" \
    --instance-groups \
      "InstanceGroupType=MASTER,InstanceCount=1,InstanceType=$INSTANCE_TYPE" \
      "InstanceGroupType=CORE,InstanceCount=$CORE_NODES,InstanceType=$INSTANCE_TYPE" \
    --log-uri "s3://$LAKE_BUCKET/emr-logs/" \
    --tags for-use-with-amazon-emr-managed-policies=true \
    --query ClusterId --output text)"
  log "cluster $CLUSTER_ID: waiting until it runs"
  aws_run emr wait cluster-running --cluster-id "$CLUSTER_ID"
fi

mapfile -t JOB_ARGS < <(emr_job_args "$LAKE_BUCKET" "$RAW_BUCKET" "$RAW_PREFIX" "$PARALLELISM" \
  "$SOURCE_KIND" "$KINESIS_STREAM_ARN" "$GLUE_PARTITION_DATABASE")
add_step "$CLUSTER_ID" "checkout-lake submit" submit \
  --jar "s3://$LAKE_BUCKET/$JAR_KEY" -- "${JOB_ARGS[@]}"
log "checkout-lake runs on $CLUSTER_ID: lake s3://$LAKE_BUCKET/lake; upgrade with" \
  "deploy/emr/upgrade.sh --cluster-id $CLUSTER_ID"
