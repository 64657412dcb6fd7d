#!/usr/bin/env bash
# Berth: approves the kubelets' serving certificate requests. Run every minute by berth-csr-approver.timer.
#
# The cluster's kubelets ask for serving certificates signed by the cluster CA (serverTLSBootstrap), which
# Kubernetes does not approve by itself. This approves a pending request only when all of these hold:
#   - its signer is kubernetes.io/kubelet-serving;
#   - its requestor is system:node:NAME, in the group system:nodes, and NAME is a Node of the cluster;
#   - its subject is CN=system:node:NAME, O=system:nodes;
#   - every DNS name and IP address it asks for is one of that Node's addresses.
# It approves nothing else, and denies nothing: a request it does not approve stays pending (and is logged).
set -euo pipefail
umask 077
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source-path=SCRIPTDIR source=node-common.sh
source "$here/node-common.sh"
export KUBECONFIG=/etc/kubernetes/admin.conf

# Whether the request in the PEM file is for NODE with names only from the node's addresses; says why not.
request_fits_node() {
  local pem=$1 node=$2 subject text names name
  if ! subject=$(openssl req -in "$pem" -noout -subject -nameopt RFC2253 2>/dev/null) \
    || ! text=$(openssl req -in "$pem" -noout -text 2>/dev/null); then
    echo "not a readable certificate request"
    return 1
  fi
  if [[ $subject != "subject=CN=system:node:$node,O=system:nodes" && $subject != "subject=O=system:nodes,CN=system:node:$node" ]]; then
    echo "its subject is ${subject#subject=}"
    return 1
  fi
  names=$(sed -n '/X509v3 Subject Alternative Name/{n;p;}' <<<"$text" | tr ',' '\n' \
    | sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//; s/^IP Address:/IP:/')
  if [[ -z $names ]]; then
    echo "it asks for no DNS name or IP address"
    return 1
  fi
  for name in $names; do
    case $name in
      DNS:* | IP:*)
        if ! jq -e --arg node "$node" --arg address "${name#*:}" \
          '.items[] | select(.metadata.name == $node) | .status.addresses // [] | any(.address == $address)' \
          "$work/nodes.json" >/dev/null; then
          echo "it asks for $name, which is not an address of Node $node"
          return 1
        fi
        ;;
      *)
        echo "it asks for $name"
        return 1
        ;;
    esac
  done
}

main() {
  berth_require_root
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  kubectl get nodes -o json >"$work/nodes.json"
  kubectl get certificatesigningrequests -o json >"$work/csrs.json"
  local name username groups node reason
  while IFS=$'\t' read -r name username groups; do
    node=${username#system:node:}
    if [[ $username != system:node:* || ! $node =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]]; then
      berth_log "left $name pending: requested by $username, not by a node"
      continue
    fi
    if [[ ,$groups, != *,system:nodes,* ]]; then
      berth_log "left $name pending: $username is not in the group system:nodes"
      continue
    fi
    if ! jq -e --arg node "$node" 'any(.items[]; .metadata.name == $node)' "$work/nodes.json" >/dev/null; then
      berth_log "left $name pending: $node is not a Node of the cluster"
      continue
    fi
    jq -r --arg name "$name" '.items[] | select(.metadata.name == $name) | .spec.request' "$work/csrs.json" \
      | base64 -d >"$work/request.pem"
    if ! reason=$(request_fits_node "$work/request.pem" "$node"); then
      berth_log "left $name pending: $reason"
      continue
    fi
    kubectl certificate approve "$name" >/dev/null
    berth_log "approved $name, the serving certificate of $node"
  done < <(jq -r '.items[]
    | select(.spec.signerName == "kubernetes.io/kubelet-serving")
    | select((.status.conditions // []) | length == 0)
    | [.metadata.name, .spec.username, ((.spec.groups // []) | join(","))] | @tsv' "$work/csrs.json")
}

work=""
main "$@"
