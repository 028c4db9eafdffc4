# Sourced by the deploy scripts: dry-run, AWS CLI calls, stack deployment, the shared stacks.
# With --dry-run nothing is built, uploaded or called: every command is printed (shell-quoted,
# one per line, to stdout) instead, and values that would come from AWS are <placeholders>.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER_JAR="$REPO_ROOT/job/target/checkout-lake-cluster.jar"
DRY_RUN=false
REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
STACK_PREFIX=checkout-lake
SAVEPOINT_RETENTION_DAYS=7
GLUE_DATABASE=checkout_lake
# Printed commands go to the script's stdout even from inside $(...).
exec 3>&1

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Prints a command as it could be pasted into a shell: words with shell syntax single-quoted.
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

# Runs a command, or prints it under --dry-run.
run() {
  if $DRY_RUN; then print_command "$@"; else "$@"; fi
}

# Runs a command for its output; under --dry-run prints it and outputs $1 instead.
capture() {
  local placeholder="$1"
  shift
  if $DRY_RUN; then print_command "$@"; printf '%s\n' "$placeholder"; else "$@"; fi
}

aws_run() { run aws --region "$REGION" "$@"; }
aws_capture() { local placeholder="$1"; shift; capture "$placeholder" aws --region "$REGION" "$@"; }

require_value() { [ -n "$2" ] || die "$1 is required (--help lists the options)"; }

require_region() {
  require_value "--region (or AWS_REGION)" "$REGION"
}

# Builds job/target/checkout-lake-cluster.jar (Flink's own modules provided, the rest bundled).
build_cluster_jar() {
  run mvn -B -ntp -q -f "$REPO_ROOT/pom.xml" -DskipTests -Dspotless.check.skip=true package -pl job -am
  if ! $DRY_RUN && [ ! -f "$CLUSTER_JAR" ]; then die "the build did not produce $CLUSTER_JAR"; fi
}

# A key that changes with the jar's content, so CloudFormation and EMR see a new version.
jar_key() {
  local sum="<sha256-of-jar>"
  if [ -f "$CLUSTER_JAR" ]; then sum="$(sha256sum "$CLUSTER_JAR" | cut -c1-16)"; fi
  printf 'artifacts/checkout-lake-cluster-%s.jar\n' "$sum"
}

# deploy_stack NAME TEMPLATE [Key=Value ...]: creates or updates a stack, idempotently.
deploy_stack() {
  local name="$1" template="$2"
  shift 2
  local overrides=()
  [ "$#" -gt 0 ] && overrides=(--parameter-overrides "$@")
  aws_run cloudformation deploy --stack-name "$name" --template-file "$template" \
    --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset ${overrides[@]+"${overrides[@]}"}
}

stack_output() {
  aws_capture "<$2 of $1>" cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text
}

stack_parameter() {
  aws_capture "<$2 of $1>" cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Parameters[?ParameterKey=='$2'].ParameterValue" --output text
}

# The lake bucket and key (shared by both targets), then the Glue catalog on top of it.
# Sets LAKE_BUCKET and LAKE_KEY_ARN.
deploy_storage_and_catalog() {
  deploy_stack "$STACK_PREFIX-storage" "$REPO_ROOT/deploy/storage/lake-storage.yaml" \
    "SavepointRetentionDays=$SAVEPOINT_RETENTION_DAYS"
  LAKE_BUCKET="$(stack_output "$STACK_PREFIX-storage" LakeBucketName)"
  LAKE_KEY_ARN="$(stack_output "$STACK_PREFIX-storage" LakeKeyArn)"
  deploy_stack "$STACK_PREFIX-catalog" "$REPO_ROOT/deploy/catalog/glue-catalog.yaml" \
    "LakeBucketName=$LAKE_BUCKET" "DatabaseName=$GLUE_DATABASE"
}
