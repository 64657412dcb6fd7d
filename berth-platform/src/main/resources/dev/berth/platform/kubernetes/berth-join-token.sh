#!/usr/bin/env bash
# Berth: puts a fresh join command for workers in the SSM parameter BERTH_JOIN_PARAMETER, a SecureString encrypted
# with BERTH_KMS_KEY. Run by control-plane.sh at boot and by berth-join-token.timer every 12 hours: the token lives
# 24 hours, so the parameter always holds one valid for at least 12 more, and a worker that scales out days later
# still joins. Older tokens expire by themselves.
#
# The join command holds a bootstrap token: it never appears on a command line (ps shows those to every user) nor in
# a log. It goes from kubeadm's output through a pipe into a 0600 file in a private directory on tmpfs, which the AWS
# CLI reads (--cli-input-json file://), and the file is removed.
set -euo pipefail
umask 077
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source-path=SCRIPTDIR source=node-common.sh
source "$here/node-common.sh"
export KUBECONFIG=/etc/kubernetes/admin.conf

main() {
  berth_require_root
  berth_load_env
  berth_require BERTH_REGION BERTH_JOIN_PARAMETER BERTH_KMS_KEY
  local dir join
  berth_private_dir join-token dir
  join=$(kubeadm token create --ttl 24h --description "berth: workers join with it (berth-join-token)" \
    --print-join-command)
  if [[ ! $join =~ ^kubeadm\ join\ [^[:space:]]+\ --token\ [a-z0-9]{6}\.[a-z0-9]{16}\ --discovery-token-ca-cert-hash\ sha256:[a-f0-9]{64}[[:space:]]*$ ]]; then
    berth_die "kubeadm token create printed something other than a join command"
  fi
  join=${join%"${join##*[![:space:]]}"}
  # printf is bash's own: the value reaches jq through a pipe, not through its arguments.
  printf '%s' "$join" | jq -Rs '{Value: .}' >"$dir/parameter.json"
  aws ssm put-parameter --name "$BERTH_JOIN_PARAMETER" --type SecureString --key-id "$BERTH_KMS_KEY" --overwrite \
    --cli-input-json "file://$dir/parameter.json" >/dev/null
  rm -f "$dir/parameter.json"
  berth_log "the join command in $BERTH_JOIN_PARAMETER is fresh (its token lasts 24 h)"
}

main "$@"
