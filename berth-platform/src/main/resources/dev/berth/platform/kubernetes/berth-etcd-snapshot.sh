#!/usr/bin/env bash
# Berth: snapshots the control plane's etcd and uploads it to s3://BERTH_STATE_BUCKET/etcd/latest.db with SSE-KMS.
# Run hourly by berth-etcd-snapshot.timer. The bucket is versioned: each upload keeps the former ones as older
# versions (its lifecycle rules decide how long). A replacement control plane restores the latest (control-plane.sh).
set -euo pipefail
umask 077
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source-path=SCRIPTDIR source=node-common.sh
source "$here/node-common.sh"

main() {
  berth_require_root
  berth_load_env
  berth_require BERTH_REGION BERTH_STATE_BUCKET BERTH_KMS_KEY
  [[ -f /etc/kubernetes/manifests/etcd.yaml ]] || berth_die "no etcd on this node (kubeadm init has not run)"
  local dir
  # The snapshot holds the whole cluster (Secrets are encrypted in it, the rest is not): a private directory.
  berth_private_dir etcd-snapshot dir
  etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt \
    --cert=/etc/kubernetes/pki/apiserver-etcd-client.crt --key=/etc/kubernetes/pki/apiserver-etcd-client.key \
    snapshot save "$dir/snapshot.db" >/dev/null
  etcdutl snapshot status "$dir/snapshot.db" -w table
  aws s3 cp "$dir/snapshot.db" "s3://$BERTH_STATE_BUCKET/etcd/latest.db" --sse aws:kms \
    --sse-kms-key-id "$BERTH_KMS_KEY" --only-show-errors
  berth_log "etcd snapshot uploaded to s3://$BERTH_STATE_BUCKET/etcd/latest.db"
}

main "$@"
