#!/usr/bin/env bash
# Berth: cordons this worker as it shuts down (berth-drain.service's ExecStop), so that no pod is scheduled onto it
# while the kubelet's graceful shutdown stops the pods it has (shutdownGracePeriod). Best effort: with the node's own
# credentials it may cordon its own Node, not evict pods (PodDisruptionBudgets are not consulted), and a failure here
# never holds the shutdown.
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source-path=SCRIPTDIR source=node-common.sh
source "$here/node-common.sh"

main() {
  local node
  node=$(cat /etc/berth/node-name) || {
    berth_warn "no /etc/berth/node-name: this node never joined; nothing to cordon"
    return 0
  }
  if timeout 20 kubectl --kubeconfig /etc/kubernetes/kubelet.conf cordon "$node"; then
    berth_log "cordoned $node; the kubelet stops its pods as the node shuts down"
  else
    berth_warn "could not cordon $node; shutting down anyway"
  fi
  return 0
}

main "$@"
