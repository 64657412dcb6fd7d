#!/usr/bin/env bash
# Berth: boots the cluster's one control plane with kubeadm, on Amazon Linux 2023, from the instance's user data.
#
# The instance is the only one of an Auto Scaling group of exactly one: when it is lost, its replacement runs this
# script again and takes the cluster back from the state bucket (the last hourly etcd snapshot and the PKI backup),
# under the same API endpoint (a Cloud Map A record: kubeadm's controlPlaneEndpoint and the API server's SAN).
#
#   1. containerd, kubeadm/kubelet/kubectl, the ECR credential provider and etcd's tools (unless pre-baked);
#   2. registers this instance's IP under BERTH_API_ENDPOINT (Cloud Map), removing a predecessor's;
#   3. restores etcd and the PKI when the bucket holds both, else a new cluster (and backs its PKI up);
#   4. Calico in VXLAN mode; the control plane keeps its NoSchedule taint;
#   5. the join command in the SSM parameter, refreshed every 12 h by berth-join-token.timer;
#   6. timers: hourly etcd snapshots, kubelet serving certificate approvals, secrets from Secrets Manager;
#   7. /usr/local/bin/berth-apply, which the CLI runs through SSM Run Command to deploy a release.
#
# Settings: /etc/berth/cluster.env (NodeBootstrap). Log: /var/log/berth/control-plane.log and the journal. Running
# it again on the same instance redoes the configuration and skips what is done (kubeadm init, the restore).
#
# State bucket layout: etcd/latest.db (hourly snapshot; the bucket is versioned), pki/pki.tar.gz (the CAs, the
# service account key and the Secret encryption key), manifests/RELEASE/ and manifests/current/ (berth-apply).
# Objects are written with SSE-KMS under BERTH_KMS_KEY. The instance role needs s3:ListBucket, so that a missing
# object answers 404 and not 403: only a 404 counts as "no backup".
set -euo pipefail
umask 022
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source-path=SCRIPTDIR source=node-common.sh
source "$here/node-common.sh"

PKI_DIR=/etc/kubernetes/pki
PKI_BACKUP_KEY=pki/pki.tar.gz
SNAPSHOT_KEY=etcd/latest.db
ENCRYPTION_CONFIG=$PKI_DIR/encryption-config.yaml
# What a replacement control plane needs to be the same cluster: the CAs (the workers' kubelets and every
# kubeconfig trust them), the service account signing key (tokens stay valid) and the Secret encryption key (the
# restored Secrets stay readable). kubeadm makes the rest (the serving and client certificates) from these.
PKI_FILES=(ca.crt ca.key sa.key sa.pub front-proxy-ca.crt front-proxy-ca.key etcd/ca.crt etcd/ca.key
  encryption-config.yaml)
PROGRAMS=(berth-join-token berth-etcd-snapshot berth-csr-approver berth-secrets-sync berth-apply)
export KUBECONFIG=/etc/kubernetes/admin.conf

# etcdctl (snapshots) and etcdutl (restore) from a pinned etcd release, checked against the release's SHA256SUMS
# (integrity, not authenticity: see berth_download_verified). Installed on the host rather than run from the etcd
# image with ctr: since etcd 3.6, etcdctl no longer restores, and kubeadm's etcd image is not documented to carry
# etcdutl; the restore also runs before kubeadm has pulled any image.
install_etcd_tools() {
  local version=$BERTH_ETCD_VERSION
  if [[ $BERTH_PREBAKED == true ]]; then
    if ! command -v etcdctl >/dev/null || ! command -v etcdutl >/dev/null; then
      berth_die "BERTH_PREBAKED=true, but the AMI lacks etcdctl or etcdutl"
    fi
    return 0
  fi
  [[ $(cat "$BERTH_LIB_DIR/etcd.version" 2>/dev/null) != "$version-$ARCH" ]] || return 0
  local name="etcd-v$version-linux-$ARCH" dir
  local base="https://github.com/etcd-io/etcd/releases/download/v$version"
  dir=$(mktemp -d)
  berth_download_verified "$base/$name.tar.gz" "$dir/$name.tar.gz" "$base/SHA256SUMS" "$name.tar.gz"
  tar -xzf "$dir/$name.tar.gz" -C "$dir" --no-same-owner "$name/etcdctl" "$name/etcdutl"
  install -m 0755 "$dir/$name/etcdctl" "$dir/$name/etcdutl" /usr/local/bin/
  rm -rf "$dir"
  printf '%s\n' "$version-$ARCH" >"$BERTH_LIB_DIR/etcd.version"
  berth_log "installed etcdctl and etcdutl v$version"
}

# This instance's IP under the API endpoint: the Cloud Map service's only instance. A predecessor's registration is
# removed first, or the name would keep answering with a dead address. On this host the name is this host, through
# /etc/hosts: kubeadm reaches the endpoint before Cloud Map's record has propagated.
register_api_endpoint() {
  local others id
  others=$(aws servicediscovery list-instances --service-id "$BERTH_API_SERVICE_ID" --output json \
    | jq -r --arg self "$INSTANCE_ID" '.Instances[].Id | select(. != $self)')
  for id in $others; do
    berth_log "removing the former control plane $id from $BERTH_API_ENDPOINT"
    aws servicediscovery deregister-instance --service-id "$BERTH_API_SERVICE_ID" --instance-id "$id" >/dev/null
  done
  aws servicediscovery register-instance --service-id "$BERTH_API_SERVICE_ID" --instance-id "$INSTANCE_ID" \
    --attributes "AWS_INSTANCE_IPV4=$PRIVATE_IP" >/dev/null
  berth_log "registered $PRIVATE_IP as $BERTH_API_ENDPOINT"
  local hosts
  hosts=$(grep -v ' # berth-api-endpoint$' /etc/hosts || true)
  printf '%s\n%s %s # berth-api-endpoint\n' "$hosts" "$PRIVATE_IP" "$BERTH_API_ENDPOINT" >/etc/hosts
}

restore_pki() {
  local dir file
  dir=$(mktemp -d)
  aws s3 cp "s3://$BERTH_STATE_BUCKET/$PKI_BACKUP_KEY" - --only-show-errors | tar -xzf - -C "$dir" --no-same-owner
  install -d -m 0755 "$PKI_DIR" "$PKI_DIR/etcd"
  for file in "${PKI_FILES[@]}"; do
    [[ -f $dir/$file ]] || berth_die "the PKI backup lacks $file"
    case $file in
      *.crt | *.pub) install -m 0644 "$dir/$file" "$PKI_DIR/$file" ;;
      *) install -m 0600 "$dir/$file" "$PKI_DIR/$file" ;;
    esac
  done
  rm -rf "$dir"
  berth_log "restored the cluster's CAs, service account key and Secret encryption key"
}

backup_pki() {
  tar -C "$PKI_DIR" -czf - "${PKI_FILES[@]}" \
    | aws s3 cp - "s3://$BERTH_STATE_BUCKET/$PKI_BACKUP_KEY" --sse aws:kms --sse-kms-key-id "$BERTH_KMS_KEY" \
      --only-show-errors
  berth_log "backed the PKI up to s3://$BERTH_STATE_BUCKET/$PKI_BACKUP_KEY"
}

# The etcd snapshot into /var/lib/etcd, as the one member of a cluster whose name and peer URL are this node's: the
# ones kubeadm gives its etcd. The revision is bumped past any a client has seen, and the old ones are marked
# compacted, so that watches (the API server's caches, controllers) start over instead of missing changes.
restore_etcd() {
  local work=$BERTH_STATE_DIR/etcd-restore
  [[ ! -d /var/lib/etcd/member ]] || berth_die "/var/lib/etcd already holds an etcd member: not restoring over it"
  rm -rf "$work"
  install -d -m 0700 "$work"
  aws s3 cp "s3://$BERTH_STATE_BUCKET/$SNAPSHOT_KEY" "$work/snapshot.db" --only-show-errors
  etcdutl snapshot restore "$work/snapshot.db" --data-dir "$work/etcd" --name "$NODE_NAME" \
    --initial-cluster "$NODE_NAME=https://$PRIVATE_IP:2380" --initial-advertise-peer-urls "https://$PRIVATE_IP:2380" \
    --bump-revision 1000000000 --mark-compacted
  rm -rf /var/lib/etcd
  mv "$work/etcd" /var/lib/etcd
  chmod 0700 /var/lib/etcd
  rm -rf "$work"
  berth_log "restored etcd from s3://$BERTH_STATE_BUCKET/$SNAPSHOT_KEY"
}

# Kubernetes Secrets encrypted at rest with a key made once for the cluster (secretbox: XSalsa20 and Poly1305) and
# kept with the PKI backup, so that a replacement reads the Secrets it restores. Secrets written before the key (none:
# the key predates the API server) would stay readable through identity.
write_encryption_config() {
  [[ -f $ENCRYPTION_CONFIG ]] && return 0
  install -d -m 0755 "$PKI_DIR"
  local key
  key=$(head -c 32 /dev/urandom | base64 -w0)
  (
    umask 077
    cat >"$ENCRYPTION_CONFIG" <<EOF
# Berth: Secrets are encrypted in etcd with this key. Backed up with the PKI; never shown.
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - secretbox:
          keys:
            - name: berth-1
              secret: $key
      - identity: {}
EOF
  )
  berth_log "made the cluster's Secret encryption key"
}

write_kubeadm_config() {
  cat >/etc/berth/kubeadm-init.yaml <<EOF
# Berth: kubeadm init's configuration for $BERTH_CLUSTER (control-plane.sh). No secret in it.
apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: "$PRIVATE_IP"
  bindPort: $BERTH_API_PORT
nodeRegistration:
  name: "$NODE_NAME"
  criSocket: "$BERTH_CRI_SOCKET"
  taints:
    - key: node-role.kubernetes.io/control-plane
      effect: NoSchedule
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
clusterName: "$BERTH_CLUSTER"
kubernetesVersion: "v$BERTH_KUBERNETES_VERSION"
# The same name for every control plane this cluster will have: a replacement keeps the workers' and kubeconfigs'
# endpoint, and the API server's certificate names it.
controlPlaneEndpoint: "$BERTH_API_ENDPOINT:$BERTH_API_PORT"
networking:
  podSubnet: "$BERTH_POD_CIDR"
  serviceSubnet: "$BERTH_SERVICE_CIDR"
apiServer:
  certSANs:
    - "$BERTH_API_ENDPOINT"
  extraArgs:
    - name: encryption-provider-config
      value: "$ENCRYPTION_CONFIG"
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
# Kubelets ask for serving certificates signed by the cluster's CA (berth-csr-approver approves them), so that the
# API server and metrics-server check the kubelets they talk to.
serverTLSBootstrap: true
# On shutdown the kubelet stops its pods first: their controllers replace them elsewhere.
shutdownGracePeriod: 60s
shutdownGracePeriodCriticalPods: 20s
EOF
}

# kubeadm init, with the token it would print left out of the logs (the join command goes to the parameter only).
kubeadm_init() {
  write_kubeadm_config
  kubeadm init --config /etc/berth/kubeadm-init.yaml --skip-token-print "$@"
}

api_ready() {
  kubectl get --raw /readyz >/dev/null 2>&1
}

wait_for_api() {
  berth_retry 600 "the API server answering" api_ready
}

# After a restore, the Node of the control plane this one replaces is still in the cluster: deleted, its pods go.
delete_former_control_planes() {
  local node
  for node in $(kubectl get nodes -l node-role.kubernetes.io/control-plane \
    -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}'); do
    if [[ $node != "$NODE_NAME" ]]; then
      berth_log "deleting the Node of the former control plane $node"
      kubectl delete node "$node" --wait=false
    fi
  done
}

init_or_restore() {
  if [[ -f /etc/kubernetes/admin.conf ]]; then
    berth_log "kubeadm init has run on this instance: keeping the cluster as it is"
    return 0
  fi
  local have_pki=false have_snapshot=false
  berth_in_bucket "$PKI_BACKUP_KEY" && have_pki=true
  berth_in_bucket "$SNAPSHOT_KEY" && have_snapshot=true
  if [[ $have_pki == true && $have_snapshot == true ]]; then
    berth_log "the state bucket holds an etcd snapshot and the PKI: restoring the cluster"
    restore_pki
    restore_etcd
    kubeadm_init --ignore-preflight-errors=DirAvailable--var-lib-etcd
    wait_for_api
    delete_former_control_planes
  elif [[ $have_pki == true ]]; then
    berth_warn "the state bucket holds the PKI but no etcd snapshot: the cluster starts empty, with its former" \
      "CAs and keys, so that its workers' credentials stay valid"
    restore_pki
    kubeadm_init
  else
    if [[ $have_snapshot == true ]]; then
      berth_warn "the state bucket holds an etcd snapshot but no PKI backup, without which it cannot be read:" \
        "starting a new cluster (the bucket's versions keep the snapshot)"
    fi
    berth_log "starting a new cluster"
    write_encryption_config
    kubeadm_init
    backup_pki
  fi
}

# Calico from its pinned manifest (VXLAN, Kubernetes API datastore), with the cluster's pod CIDR. VXLAN always,
# within a subnet too: pod addresses never reach the VPC's routing, so the instances need no source/destination check
# change (the security groups must let UDP 4789 between nodes).
install_calico() {
  local version=$BERTH_CNI_VERSION manifest=$BERTH_CNI_DIR/calico-vxlan-v$BERTH_CNI_VERSION.yaml
  if [[ ! -f $manifest ]]; then
    [[ $BERTH_PREBAKED == false ]] || berth_die "BERTH_PREBAKED=true, but the AMI lacks $manifest"
    install -d -m 0755 "$BERTH_CNI_DIR"
    curl -fsSL --retry 5 --retry-connrefused -o "$manifest.part" \
      "https://raw.githubusercontent.com/projectcalico/calico/v$version/manifests/calico-vxlan.yaml"
    mv "$manifest.part" "$manifest"
  fi
  sed -E \
    -e "/^[[:space:]]*# - name: CALICO_IPV4POOL_CIDR$/{s/# //;n;s|#   value: \"[^\"]*\"|  value: \"$BERTH_POD_CIDR\"|;}" \
    -e '/^[[:space:]]*- name: CALICO_IPV4POOL_VXLAN$/{n;s/value: "[A-Za-z]*"/value: "Always"/;}' \
    "$manifest" >/etc/berth/calico.yaml
  grep -A1 -E '^[[:space:]]*- name: CALICO_IPV4POOL_CIDR$' /etc/berth/calico.yaml | grep -qF "value: \"$BERTH_POD_CIDR\"" \
    || berth_die "$manifest: could not set CALICO_IPV4POOL_CIDR (has the manifest changed?)"
  grep -A1 -E '^[[:space:]]*- name: CALICO_IPV4POOL_VXLAN$' /etc/berth/calico.yaml | grep -qF 'value: "Always"' \
    || berth_die "$manifest: could not set CALICO_IPV4POOL_VXLAN to Always (has the manifest changed?)"
  berth_retry 300 "applying Calico" apply_calico
  berth_log "applied Calico v$version (VXLAN, pods in $BERTH_POD_CIDR)"
}

# Server-side: Calico's CRDs are too large for the last-applied annotation of a client-side apply.
apply_calico() {
  kubectl apply --server-side --force-conflicts --field-manager=berth -f /etc/berth/calico.yaml >/dev/null
}

# A oneshot service and its timer.
install_timer() {
  local name=$1 description=$2 schedule=$3
  cat >"/etc/systemd/system/$name.service" <<EOF
[Unit]
Description=Berth: $description
After=network-online.target kubelet.service
Wants=network-online.target

[Service]
Type=oneshot
ExecStart=/usr/local/bin/$name
EOF
  cat >"/etc/systemd/system/$name.timer" <<EOF
[Unit]
Description=Berth: $description, on a schedule

[Timer]
$schedule

[Install]
WantedBy=timers.target
EOF
}

install_timers() {
  # The join token lives 24 h; refreshed every 12 h (and at once after a missed run), a worker that scales out at any
  # time finds a valid one.
  install_timer berth-join-token "refresh the workers' join command in SSM" \
    $'OnCalendar=*-*-* 00/12:00:00\nPersistent=true'
  install_timer berth-etcd-snapshot "snapshot etcd to the state bucket" \
    $'OnCalendar=hourly\nPersistent=true\nRandomizedDelaySec=5min'
  install_timer berth-csr-approver "approve the kubelets' serving certificates" \
    $'OnBootSec=1min\nOnUnitActiveSec=1min\nAccuracySec=5s'
  install_timer berth-secrets-sync "copy the release's secrets from Secrets Manager into Kubernetes Secrets" \
    $'OnBootSec=2min\nOnUnitActiveSec=5min'
  systemctl daemon-reload
  local timer
  for timer in berth-join-token berth-etcd-snapshot berth-csr-approver berth-secrets-sync; do
    systemctl enable --now "$timer.timer"
  done
}

main() {
  berth_require_root
  berth_log_to_file control-plane
  berth_load_env
  berth_require BERTH_REGION BERTH_CLUSTER BERTH_KUBERNETES_VERSION BERTH_POD_CIDR BERTH_SERVICE_CIDR \
    BERTH_API_ENDPOINT BERTH_API_SERVICE_ID BERTH_JOIN_PARAMETER BERTH_KMS_KEY BERTH_STATE_BUCKET BERTH_ECR_REGISTRY \
    BERTH_CNI_VERSION BERTH_ECR_CREDENTIAL_PROVIDER_VERSION BERTH_ETCD_VERSION
  berth_node_facts
  berth_install_programs "$here" "${PROGRAMS[@]}"
  berth_prepare_node
  install_etcd_tools
  register_api_endpoint
  init_or_restore
  wait_for_api
  install_calico
  /usr/local/bin/berth-join-token
  install_timers
  berth_log "control plane $NODE_NAME is up at $BERTH_API_ENDPOINT:$BERTH_API_PORT"
}

main "$@"
