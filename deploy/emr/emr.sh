# Sourced by deploy/emr/deploy.sh and upgrade.sh: the job's arguments on EMR and EMR steps.

# The job's keys (LakeOptions) as command-line arguments. s3a:// selects flink-s3-fs-hadoop, the
# file system with the RecoverableWriter that FileSink needs (EMRFS behind s3:// has none).
emr_job_args() {
  local lake_bucket="$1" raw_bucket="$2" raw_prefix="$3" parallelism="$4" source_kind="$5"
  local stream_arn="$6" glue_database="${7:-}"
  printf '%s\n' \
    --mode stream \
    --source.kind "$source_kind" \
    --source.path "s3a://$raw_bucket/$raw_prefix" \
    --lake.path "s3a://$lake_bucket/lake" \
    --deadletter.path "s3a://$lake_bucket/deadletter" \
    --checkpoint.dir "s3a://$lake_bucket/checkpoints/checkout-lake" \
    --parallelism "$parallelism"
  if [ "$source_kind" != files ]; then
    # The stream's name is the last segment of its ARN.
    printf '%s\n' --kinesis.stream "${stream_arn##*/}"
  fi
  if [ -n "$glue_database" ]; then
    # The roles stack grants partition writes on exactly this database.
    printf '%s\n' --glue.register-partitions true --glue.database "$glue_database"
  fi
  if [ "$source_kind" != files ] || [ -n "$glue_database" ]; then
    printf '%s\n' --aws.region "$REGION"
  fi
}

json_string() {
  local text="${1//\\/\\\\}"
  printf '"%s"' "${text//\"/\\\"}"
}

# add_step CLUSTER_ID NAME ARGS...: runs on-master.sh with ARGS as a step, waits for it to end.
add_step() {
  local cluster_id="$1" name="$2"
  shift 2
  local args="" arg
  for arg in "$@"; do args+="${args:+,}$(json_string "$arg")"; done
  local step
  step="[{\"Type\":\"CUSTOM_JAR\",\"Name\":$(json_string "$name"),\"ActionOnFailure\":\"CONTINUE\","
  step+="\"Jar\":\"s3://$REGION.elasticmapreduce/libs/script-runner/script-runner.jar\","
  step+="\"Args\":[$(json_string "s3://$LAKE_BUCKET/$ON_MASTER_KEY"),$args]}]"
  local step_id
  step_id="$(aws_capture "<step-id>" emr add-steps --cluster-id "$cluster_id" --steps "$step" \
    --query 'StepIds[0]' --output text)"
  log "step $name: $step_id (logs under s3://$LAKE_BUCKET/emr-logs/)"
  aws_run emr wait step-complete --cluster-id "$cluster_id" --step-id "$step_id"
}

# The step script, under a key that changes with its content.
upload_on_master_script() {
  local script="$REPO_ROOT/deploy/emr/on-master.sh"
  ON_MASTER_KEY="artifacts/emr/on-master-$(sha256sum "$script" | cut -c1-16).sh"
  aws_run s3 cp "$script" "s3://$LAKE_BUCKET/$ON_MASTER_KEY"
}
