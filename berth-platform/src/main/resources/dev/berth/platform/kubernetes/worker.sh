#!/usr/bin/env bash
# Berth: joins this instance to the cluster as a worker, on Amazon Linux 2023, from the instance's user data. Workers
# are an Auto Scaling group: no SSH, no one at a keyboard.
#
#   1. containerd, kubeadm/kubelet/kubectl and the ECR credential provider (unless pre-baked), as on the control
#      plane;
#   2. the join command from the SSM parameter BERTH_JOIN_PARAMETER (a SecureString), retried with a growing wait
#      for up to 30 minutes: the control plane may still be booting, or being replaced;
#   3. kubeadm join, from a JoinConfiguration file holding the token and the CA certificate hash, so that the token
#      is never on a command line (ps shows those to every user); the file lives in a private directory on tmpfs and
#      is removed;
#   4. berth-drain.service: on shutdown (a scale-in, a replacement), the node cordons itself before the kubelet stops,
#      and the kubelet's graceful shutdown stops the pods, whose controllers start them elsewhere. This is best effort:
#      the node's own credentials cannot evict pods, so PodDisruptionBudgets are not consulted, and an instance that
#      is cut off (a hardware failure, a Spot reclaim without notice) does not drain at all.
#
# Settings: /etc/berth/cluster.env (NodeBootstrap). Log: /var/log/berth/worker.log and the journal. Running it again
# on a node that has joined only redoes the configuration.
set -euo pipefail
umask 022
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source-path=SCRIPTDIR source=node-common.sh
source "$here/node-common.sh"

# How long to wait for a usable join command: the control plane's boot, or its replacement's restore.
JOIN_WAIT_SECONDS=${BERTH_JOIN_WAIT_SECONDS:-1800}

# The join command from the parameter into FILE (0600, private directory). JSON from the CLI, the value taken out by
# jq from a file: it is never an argument.
fetch_join_command() {
  local file=$1
  aws ssm get-parameter --name "$BERTH_JOIN_PARAMETER" --with-decryption --output json >"$file.json" || return 1
  jq -r '.Parameter.Value' "$file.json" >"$file" || return 1
  rm -f "$file.json"
}

# Turns the join command in FILE ("kubeadm join HOST:PORT --token T --discovery-token-ca-cert-hash sha256:H") into a
# JoinConfiguration in CONFIG. The token only goes through bash's own read and heredoc.
write_join_configuration() {
  local file=$1 config=$2 words endpoint="" token="" hashes=() i
  read -r -a words <"$file" || true
  if ((${#words[@]} < 3)) || [[ ${words[0]} != kubeadm || ${words[1]} != join ]]; then
    berth_warn "$BERTH_JOIN_PARAMETER does not hold a kubeadm join command"
    return 1
  fi
  endpoint=${words[2]}
  for ((i = 3; i < ${#words[@]}; i++)); do
    case ${words[i]} in
      --token) token=${words[++i]:-} ;;
      --discovery-token-ca-cert-hash) hashes+=("${words[++i]:-}") ;;
      *)
        berth_warn "$BERTH_JOIN_PARAMETER: unexpected word in the join command: ${words[i]}"
        return 1
        ;;
    esac
  done
  [[ $endpoint =~ ^[a-z0-9.-]+:[0-9]+$ ]] || { berth_warn "$BERTH_JOIN_PARAMETER: bad endpoint $endpoint"; return 1; }
  [[ $token =~ ^[a-z0-9]{6}\.[a-z0-9]{16}$ ]] || { berth_warn "$BERTH_JOIN_PARAMETER: no well-formed token"; return 1; }
  ((${#hashes[@]} > 0)) || { berth_warn "$BERTH_JOIN_PARAMETER: no CA certificate hash"; return 1; }
  local hash hash_lines=""
  for hash in "${hashes[@]}"; do
    [[ $hash =~ ^sha256:[a-f0-9]{64}$ ]] || { berth_warn "$BERTH_JOIN_PARAMETER: bad CA certificate hash"; return 1; }
    hash_lines+="      - \"$hash\""$'\n'
  done
  if [[ $endpoint != "$BERTH_API_ENDPOINT:$BERTH_API_PORT" ]]; then
    berth_warn "the join command names $endpoint, not $BERTH_API_ENDPOINT:$BERTH_API_PORT; joining $endpoint"
  fi
  cat >"$config" <<EOF
apiVersion: kubeadm.k8s.io/v1beta4
kind: JoinConfiguration
discovery:
  bootstrapToken:
    apiServerEndpoint: "$endpoint"
    token: "$token"
    caCertHashes:
$hash_lines
nodeRegistration:
  name: "$NODE_NAME"
  criSocket: "$BERTH_CRI_SOCKET"
EOF
}

# One attempt: a fresh join command, then kubeadm join. A failed join is reset, so that the next attempt starts
# clean. Runs as berth_retry's condition, where set -e does not apply: every failure returns.
try_join() {
  local dir
  berth_private_dir join dir || return 1
  if ! fetch_join_command "$dir/join"; then
    rm -rf "$dir"
    return 1
  fi
  if ! write_join_configuration "$dir/join" "$dir/join.yaml"; then
    rm -rf "$dir"
    return 1
  fi
  if kubeadm join --config "$dir/join.yaml"; then
    rm -rf "$dir"
    return 0
  fi
  rm -rf "$dir"
  berth_warn "kubeadm join failed; resetting this node before the next attempt"
  kubeadm reset --force >/dev/null 2>&1 || berth_warn "kubeadm reset failed"
  return 1
}

install_drain_unit() {
  cat >/etc/systemd/system/berth-drain.service <<'EOF'
[Unit]
Description=Berth: cordon this node when it shuts down, before the kubelet stops (best effort)
# Started after the kubelet, so stopped before it: the node is cordoned while the kubelet still runs, and the
# kubelet's graceful shutdown then stops the pods.
After=kubelet.service network-online.target
Wants=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
ExecStop=/usr/local/bin/berth-drain
TimeoutStopSec=30

[Install]
WantedBy=multi-user.target
EOF
  systemctl daemon-reload
  systemctl enable --now berth-drain.service
}

main() {
  berth_require_root
  berth_log_to_file worker
  berth_load_env
  berth_require BERTH_REGION BERTH_CLUSTER BERTH_KUBERNETES_VERSION BERTH_API_ENDPOINT BERTH_JOIN_PARAMETER \
    BERTH_ECR_REGISTRY BERTH_ECR_CREDENTIAL_PROVIDER_VERSION
  berth_node_facts
  berth_install_programs "$here" berth-drain
  berth_prepare_node
  if [[ -f /etc/kubernetes/kubelet.conf ]]; then
    berth_log "this node has joined already"
  else
    berth_retry "$JOIN_WAIT_SECONDS" "joining the cluster through $BERTH_JOIN_PARAMETER" try_join \
      || berth_die "could not join the cluster within $JOIN_WAIT_SECONDS s"
    berth_log "joined the cluster at $BERTH_API_ENDPOINT as $NODE_NAME"
  fi
  install_drain_unit
}

main "$@"
