#!/usr/bin/env bash
# Berth: deploys a release of the app to the cluster. Usage: berth-apply RELEASE
#
# The CLI uploads the rendered release to s3://BERTH_STATE_BUCKET/manifests/RELEASE/ (manifests.yaml, and
# secrets.tsv when the release has secrets) and runs this on the control plane through SSM Run Command; what it
# prints is what the user sees. It
#   1. downloads the release and copies it to manifests/current/, what the secrets timer and a replacement control
#      plane read;
#   2. copies the release's secrets from Secrets Manager into Kubernetes Secrets (berth-secrets-sync);
#   3. applies manifests.yaml (server-side apply, field manager berth);
#   4. waits for every Deployment it applied to roll out, up to BERTH_ROLLOUT_TIMEOUT each (default 300s);
# and when one does not, shows, for each of its pods that is not Ready, its status and events, and exits 1.
# Exit status: 0 deployed, 1 failed, 2 usage.
set -euo pipefail
umask 077
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source-path=SCRIPTDIR source=node-common.sh
source "$here/node-common.sh"
export KUBECONFIG=/etc/kubernetes/admin.conf

say() { printf '%s\n' "$*"; }
indent() { sed "s/^/$1/"; }

# The status of each pod of deployment NAMESPACE/NAME that is not Ready, and its events.
explain_deployment() {
  local namespace=$1 name=$2 selector pod pods
  selector=$(kubectl get deployment "$name" --namespace "$namespace" -o json \
    | jq -r '.spec.selector.matchLabels // {} | to_entries | map("\(.key)=\(.value)") | join(",")')
  kubectl get pods --namespace "$namespace" --selector "$selector" -o json >"$work/pods.json"
  pods=$(jq -r '.items[] | select([.status.conditions[]? | select(.type == "Ready" and .status == "True")]
    | length == 0) | .metadata.name' "$work/pods.json")
  if [[ -z $pods ]]; then
    say "    Every pod of it is Ready: the rollout ran out of time (more replicas than the nodes fit, or a slow start)."
    return 0
  fi
  for pod in $pods; do
    say "    Pod $pod:"
    jq -r --arg pod "$pod" '
      def state: if .state.waiting then "waiting (\(.state.waiting.reason // "?"))"
          + (if .state.waiting.message then ": \(.state.waiting.message)" else "" end)
        elif .state.terminated then "terminated (\(.state.terminated.reason // "?"), exit code \(.state.terminated.exitCode))"
        else "running, not ready" end
        + (if .lastState.terminated then "; last exit: \(.lastState.terminated.reason // "?")"
          + " (code \(.lastState.terminated.exitCode))" else "" end);
      .items[] | select(.metadata.name == $pod)
      | "      phase: \(.status.phase // "Unknown")",
        (.status.conditions[]? | select(.status != "True")
          | "      \(.type): \(.reason // "")\(if .message then " - \(.message)" else "" end)"),
        (((.status.initContainerStatuses // []) + (.status.containerStatuses // []))[]
          | "      container \(.name): \(state), restarts \(.restartCount)")' "$work/pods.json"
    say "      events:"
    kubectl get events --namespace "$namespace" --field-selector "involvedObject.name=$pod" 2>&1 | indent '        '
  done
}

main() {
  if [[ $# -ne 1 ]]; then
    say "usage: berth-apply RELEASE" >&2
    exit 2
  fi
  local release=$1
  if [[ ! $release =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ ]]; then
    say "berth-apply: '$release' is not a release name (letters, digits, . _ -)" >&2
    exit 2
  fi
  berth_require_root
  berth_load_env
  berth_require BERTH_REGION BERTH_STATE_BUCKET BERTH_KMS_KEY
  mkdir -p "$BERTH_RUN_DIR"
  exec 8>"$BERTH_RUN_DIR/apply.lock"
  flock -n 8 || berth_die "another berth-apply is running on this control plane"
  local bucket=s3://$BERTH_STATE_BUCKET/manifests
  work=$(mktemp -d)
  trap 'rm -rf "$work"; berth_remove_private_dirs' EXIT

  say "Release $release"
  berth_in_bucket "manifests/$release/manifests.yaml" \
    || berth_die "no release $release: $bucket/$release/manifests.yaml is missing"
  aws s3 cp "$bucket/$release/manifests.yaml" "$work/manifests.yaml" --only-show-errors
  aws s3 cp "$bucket/$release/manifests.yaml" "$bucket/current/manifests.yaml" --sse aws:kms \
    --sse-kms-key-id "$BERTH_KMS_KEY" --only-show-errors
  if berth_in_bucket "manifests/$release/secrets.tsv"; then
    aws s3 cp "$bucket/$release/secrets.tsv" "$bucket/current/secrets.tsv" --sse aws:kms \
      --sse-kms-key-id "$BERTH_KMS_KEY" --only-show-errors
  else
    aws s3 rm "$bucket/current/secrets.tsv" --only-show-errors
  fi

  say "  Secrets:"
  /usr/local/bin/berth-secrets-sync 2>&1 | indent '    '

  if ! kubectl apply --server-side --force-conflicts --field-manager=berth -f "$work/manifests.yaml" -o json \
    >"$work/applied.json" 2>"$work/apply-errors"; then
    say "  Applying the manifests failed:"
    indent '    ' <"$work/apply-errors"
    exit 1
  fi
  jq -rs '[.[] | if .kind == "List" then .items[] else . end] | group_by(.kind)
    | "  Applied " + (map("\(length) \(.[0].kind)") | join(", "))' "$work/applied.json"
  local deployments failed=() deployment
  deployments=$(jq -rs '[.[] | if .kind == "List" then .items[] else . end] | .[] | select(.kind == "Deployment")
    | "\(.metadata.namespace // "default")/\(.metadata.name)"' "$work/applied.json")

  for deployment in $deployments; do
    say "  Deployment $deployment:"
    if ! kubectl rollout status "deployment/${deployment#*/}" --namespace "${deployment%%/*}" \
      --timeout="${BERTH_ROLLOUT_TIMEOUT:-300s}" 2>&1 | indent '    '; then
      failed+=("$deployment")
      say "    Not rolled out within ${BERTH_ROLLOUT_TIMEOUT:-300s}."
      explain_deployment "${deployment%%/*}" "${deployment#*/}"
    fi
  done
  if ((${#failed[@]} > 0)); then
    say "Release $release failed: ${failed[*]} did not roll out."
    exit 1
  fi
  say "Release $release is deployed."
}

work=""
main "$@"
