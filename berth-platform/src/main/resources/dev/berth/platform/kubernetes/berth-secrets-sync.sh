#!/usr/bin/env bash
# Berth: copies the current release's secrets from AWS Secrets Manager into Kubernetes Secrets. Run every 5 minutes
# by berth-secrets-sync.timer (a rotated secret reaches the cluster within 5 minutes) and by berth-apply before it
# applies a release.
#
# It reads s3://BERTH_STATE_BUCKET/manifests/current/secrets.tsv, the renderer's list: lines starting with # are
# comments; every other line has five tab-separated columns
#
#   NAMESPACE  SECRET_OBJECT  KEY  SECRET_ID  JSON_FIELD
#
# meaning: key KEY of the generic Secret NAMESPACE/SECRET_OBJECT holds field JSON_FIELD of the Secrets Manager
# secret SECRET_ID (its name or ARN), or its whole SecretString when JSON_FIELD is -. Each Secret is applied whole,
# with every key listed for it (server-side apply: a key dropped from the list leaves the Secret). Its namespace is
# created when missing: the release's manifests have not been applied yet when berth-apply runs this.
#
# The values live only in a 0700 directory on tmpfs (removed on exit), travel through files and pipes, and are never
# on a command line or in a log; this script prints names and keys only.
set -euo pipefail
umask 077
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source-path=SCRIPTDIR source=node-common.sh
source "$here/node-common.sh"
export KUBECONFIG=/etc/kubernetes/admin.conf
LIST_KEY=manifests/current/secrets.tsv

# fail_line NUMBER MESSAGE
fail_line() {
  berth_die "secrets.tsv line $1: $2"
}

# Fetches SECRET_ID once a run and sets secret_file to the file of its get-secret-value answer.
declare -A fetched=()
fetch_secret() {
  local secret_id=$1 line=$2 file
  if [[ -z ${fetched[$secret_id]:-} ]]; then
    file="$dir/fetched/${#fetched[@]}.json"
    aws secretsmanager get-secret-value --secret-id "$secret_id" --output json >"$file" \
      || fail_line "$line" "could not read the secret $secret_id from Secrets Manager"
    jq -e 'has("SecretString")' "$file" >/dev/null 2>&1 \
      || fail_line "$line" "the secret $secret_id has no SecretString (binary secrets are not supported)"
    fetched[$secret_id]=$file
  fi
  secret_file=${fetched[$secret_id]}
}

# Writes the value of one line to its Secret's key file. jq's messages are dropped: they can quote the value.
write_value() {
  local line=$1 secret_id=$2 field=$3 target=$4
  if [[ $field == - ]]; then
    jq -j '.SecretString' "$secret_file" >"$target"
  else
    jq -e --arg field "$field" '.SecretString | fromjson | type == "object" and has($field)' "$secret_file" \
      >/dev/null 2>&1 || fail_line "$line" "the secret $secret_id is not a JSON object with the field $field"
    jq -j --arg field "$field" '.SecretString | fromjson | .[$field] | if type == "string" then . else tojson end' \
      "$secret_file" >"$target" 2>/dev/null
  fi
}

read_list() {
  local namespace object key secret_id field rest number=0
  while IFS=$'\t' read -r namespace object key secret_id field rest || [[ -n $namespace ]]; do
    number=$((number + 1))
    [[ -z ${namespace//[[:space:]]/} || $namespace == \#* ]] && continue
    [[ -n $field && -z $rest ]] \
      || fail_line "$number" "five tab-separated columns: NAMESPACE SECRET_OBJECT KEY SECRET_ID JSON_FIELD"
    [[ $namespace =~ ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$ ]] || fail_line "$number" "bad namespace '$namespace'"
    [[ $object =~ ^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$ ]] || fail_line "$number" "bad Secret name '$object'"
    [[ $key =~ ^[-._a-zA-Z0-9]{1,253}$ && $key != . && $key != .. ]] || fail_line "$number" "bad key '$key'"
    [[ $secret_id =~ ^[-A-Za-z0-9/_+=.@:]{1,2048}$ ]] || fail_line "$number" "bad secret id '$secret_id'"
    [[ $field == - || $field =~ ^[-A-Za-z0-9_.]{1,256}$ ]] || fail_line "$number" "bad JSON field '$field'"
    local target="$dir/objects/$namespace/$object"
    mkdir -p "$target"
    [[ ! -e $target/$key ]] || fail_line "$number" "key $key of $namespace/$object is listed twice"
    fetch_secret "$secret_id" "$number"
    write_value "$number" "$secret_id" "$field" "$target/$key"
  done <"$dir/secrets.tsv"
}

apply_secrets() {
  local object_dir namespace object file keys from_files
  for object_dir in "$dir"/objects/*/*; do
    [[ -d $object_dir ]] || continue
    namespace=$(basename "$(dirname "$object_dir")")
    object=$(basename "$object_dir")
    from_files=()
    keys=()
    for file in "$object_dir"/*; do
      from_files+=("--from-file=$(basename "$file")=$file")
      keys+=("$(basename "$file")")
    done
    kubectl create namespace "$namespace" --dry-run=client -o yaml \
      | kubectl apply --server-side --field-manager=berth-secrets-sync -f - >/dev/null
    kubectl create secret generic "$object" --namespace "$namespace" "${from_files[@]}" --dry-run=client -o yaml \
      | kubectl apply --server-side --force-conflicts --field-manager=berth-secrets-sync -f - >/dev/null
    berth_log "Secret $namespace/$object: ${keys[*]}"
  done
}

main() {
  berth_require_root
  berth_load_env
  berth_require BERTH_REGION BERTH_STATE_BUCKET
  mkdir -p "$BERTH_RUN_DIR"
  exec 9>"$BERTH_RUN_DIR/secrets-sync.lock"
  flock -w 600 9 || berth_die "another secrets sync has held the lock for 10 minutes"
  if ! berth_in_bucket "$LIST_KEY"; then
    berth_log "no s3://$BERTH_STATE_BUCKET/$LIST_KEY: no secrets to copy"
    return 0
  fi
  berth_private_dir secrets-sync dir
  [[ $(stat -f -c %T "$dir") == tmpfs ]] || berth_die "$dir is not on tmpfs: secret values are not written to disk"
  mkdir -p "$dir/fetched" "$dir/objects"
  aws s3 cp "s3://$BERTH_STATE_BUCKET/$LIST_KEY" "$dir/secrets.tsv" --only-show-errors
  read_list
  apply_secrets
}

dir=""
secret_file=""
main "$@"
