#!/usr/bin/env bash
# Berth: what the control plane's and the workers' bootstrap scripts share. Sourced, never run.
#
# The scripts of a node come as one bundle (NodeBootstrap.scripts()): the instance's user data writes
# /etc/berth/cluster.env, puts every file of the bundle in one directory and runs control-plane.sh or worker.sh
# from it. The entry script copies the bundle to /usr/local/lib/berth and links the programs the node keeps
# (berth-apply, the timers' programs) into /usr/local/bin; each of them sources this file from its own directory.
#
# Nodes run Amazon Linux 2023 (dnf, systemd, the SSM agent and AWS CLI v2 preinstalled), x86_64 or arm64, with
# IMDSv2 only. Every version is pinned in cluster.env; BERTH_PREBAKED=true means the AMI already holds the
# binaries, images and manifests (see berth_prepare_node), and nothing is fetched from the internet.

# shellcheck disable=SC2034 # some are used only by the scripts that source this file
{
  BERTH_ENV_FILE=/etc/berth/cluster.env
  BERTH_LIB_DIR=/usr/local/lib/berth
  BERTH_LOG_DIR=/var/log/berth
  BERTH_RUN_DIR=/run/berth
  BERTH_STATE_DIR=/var/lib/berth
  # The kubelet runs the provider whose file name is the provider's name in the config, from this directory.
  BERTH_CREDENTIAL_PROVIDER_BIN_DIR=/opt/berth/credential-providers
  BERTH_CREDENTIAL_PROVIDER_CONFIG=/etc/berth/credential-provider-config.yaml
  # Where the CNI manifest is kept (downloaded once, or baked into the AMI).
  BERTH_CNI_DIR=/opt/berth/cni
  BERTH_CRI_SOCKET=unix:///run/containerd/containerd.sock
  BERTH_API_PORT=6443
}

berth_log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
berth_warn() { berth_log "WARNING: $*" >&2; }
berth_die() {
  berth_log "ERROR: $*" >&2
  exit 1
}

berth_require_root() {
  [[ $(id -u) -eq 0 ]] || berth_die "run as root"
}

# Everything the script prints also goes to /var/log/berth/NAME.log. Run from the user data, its output reaches the
# journal and /var/log/cloud-init-output.log through cloud-init; run by a systemd unit, the journal.
berth_log_to_file() {
  mkdir -p "$BERTH_LOG_DIR"
  chmod 0750 "$BERTH_LOG_DIR"
  exec > >(tee -a "$BERTH_LOG_DIR/$1.log") 2>&1
}

# Reads /etc/berth/cluster.env (KEY='value' lines written by NodeBootstrap). Sourced as root, so it must be root's
# alone: a file others could write would run their commands as root.
berth_load_env() {
  [[ -f $BERTH_ENV_FILE ]] || berth_die "$BERTH_ENV_FILE is missing: the instance's user data writes it first"
  local owner mode
  read -r owner mode < <(stat -c '%u %a' "$BERTH_ENV_FILE")
  if [[ $owner != 0 ]] || (((8#$mode & 8#022) != 0)); then
    berth_die "$BERTH_ENV_FILE must be owned by root and writable by root only (owner $owner, mode $mode)"
  fi
  set -a
  # shellcheck source=/dev/null
  source "$BERTH_ENV_FILE"
  set +a
  : "${BERTH_POD_CIDR:=192.168.0.0/16}" "${BERTH_SERVICE_CIDR:=10.96.0.0/12}" "${BERTH_PREBAKED:=false}"
  [[ $BERTH_PREBAKED == true || $BERTH_PREBAKED == false ]] || berth_die "BERTH_PREBAKED is true or false, not $BERTH_PREBAKED"
  export BERTH_POD_CIDR BERTH_SERVICE_CIDR BERTH_PREBAKED
  export AWS_DEFAULT_REGION="${BERTH_REGION:-}" AWS_REGION="${BERTH_REGION:-}" AWS_PAGER="" AWS_RETRY_MODE=standard \
    AWS_MAX_ATTEMPTS=5
}

# Fails, naming the first missing key, unless every key given is set.
berth_require() {
  local key
  for key in "$@"; do
    [[ -n ${!key:-} ]] || berth_die "$key is not set in $BERTH_ENV_FILE"
  done
}

# berth_private_dir NAME VARIABLE: makes a private directory for secrets in transit (the join command, secret
# values) under /run, a tmpfs, mode 0700, and puts its path in VARIABLE. Removed when the script exits.
berth_private_dirs=()
berth_private_dir() {
  mkdir -p "$BERTH_RUN_DIR"
  chmod 0700 "$BERTH_RUN_DIR"
  local made
  made=$(mktemp -d "$BERTH_RUN_DIR/$1.XXXXXX")
  berth_private_dirs+=("$made")
  printf -v "$2" '%s' "$made"
}
berth_remove_private_dirs() {
  local dir
  for dir in "${berth_private_dirs[@]}"; do
    rm -rf -- "$dir"
  done
}
trap berth_remove_private_dirs EXIT

# berth_retry SECONDS WHAT COMMAND...: runs COMMAND until it succeeds, waiting 5 s, 10 s, 20 s ... (at most 60 s)
# between attempts, and gives up (status 1) once SECONDS have passed. COMMAND runs as a condition, where set -e does
# not apply: a function given here returns its failures itself. BERTH_RETRY_FIRST_DELAY and BERTH_RETRY_MAX_DELAY
# change the waits (the tests make them short).
berth_retry() {
  local within=$1 what=$2
  shift 2
  local started=$SECONDS delay=${BERTH_RETRY_FIRST_DELAY:-5} max=${BERTH_RETRY_MAX_DELAY:-60} attempt=1
  until "$@"; do
    if ((SECONDS - started + delay > within)); then
      berth_warn "$what: attempt $attempt failed; giving up after $((SECONDS - started)) s"
      return 1
    fi
    berth_log "$what: attempt $attempt failed; trying again in $delay s"
    sleep "$delay"
    attempt=$((attempt + 1))
    delay=$((delay * 2 > max ? max : delay * 2))
  done
}

# IMDSv2 only (hop limit 1): a session token first, then the instance's facts. The token is no secret on the host:
# any local process can ask IMDS for one.
berth_imds_token=""
berth_imds() {
  curl -fsS --retry 5 --retry-connrefused --max-time 5 -H "X-aws-ec2-metadata-token: $berth_imds_token" \
    "http://169.254.169.254/latest/meta-data/$1"
}

# Sets INSTANCE_ID, PRIVATE_IP, NODE_NAME (the instance's private DNS name, the kubelet's node name, also kept in
# /etc/berth/node-name) and ARCH (amd64 or arm64), and checks that the instance runs in BERTH_REGION.
berth_node_facts() {
  berth_imds_token=$(curl -fsS --retry 5 --retry-connrefused --max-time 5 -X PUT \
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token) \
    || berth_die "IMDSv2 gave no session token"
  INSTANCE_ID=$(berth_imds instance-id)
  PRIVATE_IP=$(berth_imds local-ipv4)
  NODE_NAME=$(berth_imds local-hostname | tr '[:upper:]' '[:lower:]')
  local region
  region=$(berth_imds placement/region)
  [[ $region == "$BERTH_REGION" ]] || berth_die "the instance runs in $region, the cluster in BERTH_REGION=$BERTH_REGION"
  [[ $INSTANCE_ID =~ ^i-[0-9a-f]+$ ]] || berth_die "IMDS: unexpected instance id '$INSTANCE_ID'"
  [[ $PRIVATE_IP =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || berth_die "IMDS: unexpected private IP '$PRIVATE_IP'"
  [[ $NODE_NAME =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || berth_die "IMDS: unexpected host name '$NODE_NAME'"
  case $(uname -m) in
    x86_64) ARCH=amd64 ;;
    aarch64) ARCH=arm64 ;;
    *) berth_die "unsupported architecture $(uname -m)" ;;
  esac
  export INSTANCE_ID PRIVATE_IP NODE_NAME ARCH
  install -d -m 0755 /etc/berth
  printf '%s\n' "$NODE_NAME" >/etc/berth/node-name
  berth_log "node $NODE_NAME ($INSTANCE_ID, $PRIVATE_IP, $ARCH) in $BERTH_REGION, cluster $BERTH_CLUSTER"
}

# Copies the bundle (this file and the given programs) to /usr/local/lib/berth and links each program into
# /usr/local/bin without its .sh: the node keeps them after the user data's copy is gone.
berth_install_programs() {
  local from=$1 program
  shift
  install -d -m 0755 "$BERTH_LIB_DIR"
  install -m 0644 "$from/node-common.sh" "$BERTH_LIB_DIR/node-common.sh"
  for program in "$@"; do
    install -m 0755 "$from/$program.sh" "$BERTH_LIB_DIR/$program.sh"
    ln -sfn "$BERTH_LIB_DIR/$program.sh" "/usr/local/bin/$program"
  done
}

# Downloads URL to FILE, checking it against the SHA-256 digest published at CHECKSUM_URL (a file holding the digest,
# or "digest  name" lines, of which the line for NAME is used). This is integrity, not authenticity: the digest comes
# from the same server as the file, so it catches a corrupted or truncated download, not a tampered server. For the
# latter, bake the binaries into the AMI (BERTH_PREBAKED=true) from a source you verified.
berth_download_verified() {
  local url=$1 file=$2 checksum_url=$3 name=${4:-} sums expected
  curl -fsSL --retry 5 --retry-connrefused -o "$file.part" "$url" || berth_die "could not download $url"
  sums=$(curl -fsSL --retry 5 --retry-connrefused "$checksum_url") || berth_die "could not download $checksum_url"
  if [[ -n $name ]]; then
    expected=$(awk -v name="$name" '$2 == name || $2 == "*" name { print $1; exit }' <<<"$sums")
  else
    expected=$(awk '{ print $1; exit }' <<<"$sums")
  fi
  [[ $expected =~ ^[0-9a-f]{64}$ ]] || berth_die "no SHA-256 digest for ${name:-$url} in $checksum_url"
  if ! sha256sum --check --quiet --status - <<<"$expected  $file.part"; then
    rm -f "$file.part"
    berth_die "$url does not match the SHA-256 checksum published beside it ($expected)"
  fi
  mv "$file.part" "$file"
}

# Whether the state bucket holds KEY. Only S3's 404 means no: any other failure (403, throttling, no route) stops
# the script, rather than act as if a backup or a release were missing. A missing object answers 404 only to a role
# allowed s3:ListBucket, which the nodes' role has.
berth_in_bucket() {
  local error
  if error=$(aws s3api head-object --bucket "$BERTH_STATE_BUCKET" --key "$1" 2>&1 >/dev/null); then
    return 0
  fi
  if [[ $error == *"(404)"* || $error == *"Not Found"* ]]; then
    return 1
  fi
  berth_die "could not tell whether s3://$BERTH_STATE_BUCKET/$1 exists: $error"
}

# Kernel modules and sysctls the kubelet and the CNI need: no download, so pre-baked or not.
berth_kernel_settings() {
  install -d -m 0755 /etc/modules-load.d /etc/sysctl.d
  cat >/etc/modules-load.d/berth-kubernetes.conf <<'EOF'
# Berth: containerd's overlay snapshotter, and bridged pod traffic seen by iptables.
overlay
br_netfilter
EOF
  modprobe overlay
  modprobe br_netfilter
  cat >/etc/sysctl.d/90-berth-kubernetes.conf <<'EOF'
# Berth: what kubeadm's preflight checks and the CNI need.
net.bridge.bridge-nf-call-iptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
net.ipv4.ip_forward = 1
EOF
  sysctl --system >/dev/null
}

# containerd from Amazon Linux 2023's repository. AL2023 locks its repositories to the AMI's release version, so the
# AMI (its release) pins containerd's version.
berth_install_containerd() {
  dnf install -y --quiet containerd
}

# kubeadm, kubelet and kubectl at BERTH_KUBERNETES_VERSION from pkgs.k8s.io's repository for that minor version,
# signatures checked; excluded from dnf upgrades, so that only a new version in cluster.env moves them.
berth_install_kubernetes_packages() {
  local version=$BERTH_KUBERNETES_VERSION minor=${BERTH_KUBERNETES_VERSION%.*}
  install -d -m 0755 /etc/yum.repos.d
  cat >/etc/yum.repos.d/kubernetes.repo <<EOF
# Berth: Kubernetes v$minor packages, pinned to $version by the bootstrap script.
[kubernetes]
name=Kubernetes v$minor (pkgs.k8s.io)
baseurl=https://pkgs.k8s.io/core:/stable:/v$minor/rpm/
enabled=1
gpgcheck=1
gpgkey=https://pkgs.k8s.io/core:/stable:/v$minor/rpm/repodata/repomd.xml.key
exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni
EOF
  dnf install -y --quiet --disableexcludes=kubernetes "kubelet-$version" "kubeadm-$version" "kubectl-$version"
  # What the scripts and kubeadm's preflight use besides: jq (the scripts), openssl (the CSR approver), conntrack,
  # socat, tc, ethtool (kubeadm preflight), iptables (kube-proxy and Calico on the host's tables).
  dnf install -y --quiet jq openssl conntrack-tools socat iproute-tc ethtool iptables-nft tar
}

# The AMI of a pre-baked node (BERTH_PREBAKED=true, for a VPC without NAT) must hold: containerd, kubeadm, kubelet
# and kubectl at BERTH_KUBERNETES_VERSION, jq, openssl and conntrack on PATH; the credential provider at
# $BERTH_CREDENTIAL_PROVIDER_BIN_DIR/ecr-credential-provider; the images of `kubeadm config images list` and of the
# Calico manifest in containerd's k8s.io namespace; on the control plane also etcdctl and etcdutl on PATH and Calico's
# manifest at $BERTH_CNI_DIR/calico-vxlan-vBERTH_CNI_VERSION.yaml. The app's images come from ECR (VPC endpoints).
berth_check_prebaked() {
  local missing=() tool
  for tool in containerd kubeadm kubelet kubectl jq openssl conntrack; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [[ -x $BERTH_CREDENTIAL_PROVIDER_BIN_DIR/ecr-credential-provider ]] \
    || missing+=("$BERTH_CREDENTIAL_PROVIDER_BIN_DIR/ecr-credential-provider")
  ((${#missing[@]} == 0)) || berth_die "BERTH_PREBAKED=true, but the AMI lacks: ${missing[*]}"
  local kubeadm_version
  kubeadm_version=$(kubeadm version -o short)
  [[ $kubeadm_version == "v$BERTH_KUBERNETES_VERSION" ]] \
    || berth_die "BERTH_PREBAKED=true: the AMI has kubeadm $kubeadm_version, the cluster wants v$BERTH_KUBERNETES_VERSION"
}

# containerd's configuration: the systemd cgroup driver (as the kubelet's), and the pause image of this kubeadm.
berth_configure_containerd() {
  local config=/etc/containerd/config.toml pause
  pause=$(kubeadm config images list --kubernetes-version "v$BERTH_KUBERNETES_VERSION" | grep '/pause:')
  install -d -m 0755 /etc/containerd
  containerd config default >"$config.new"
  # containerd 1.7 writes sandbox_image = "...", containerd 2 sandbox = '...'; both write SystemdCgroup = false.
  sed -E -i \
    -e 's/^([[:space:]]*SystemdCgroup[[:space:]]*=[[:space:]]*)false/\1true/' \
    -e "s#^([[:space:]]*sandbox_image[[:space:]]*=[[:space:]]*).*#\\1\"$pause\"#" \
    -e "s#^([[:space:]]*sandbox[[:space:]]*=[[:space:]]*)'.*'#\\1'$pause'#" \
    "$config.new"
  grep -Eq '^[[:space:]]*SystemdCgroup[[:space:]]*=[[:space:]]*true' "$config.new" \
    || berth_die "containerd's default configuration has no SystemdCgroup setting to turn on"
  mv "$config.new" "$config"
  systemctl enable containerd
  systemctl restart containerd
}

# The kubelet's image credential provider: ecr-credential-provider (kubernetes/cloud-provider-aws), asked for
# credentials for images of the environment's registry only, with the instance role's credentials.
berth_install_credential_provider() {
  local version=$BERTH_ECR_CREDENTIAL_PROVIDER_VERSION dir=$BERTH_CREDENTIAL_PROVIDER_BIN_DIR
  local bin=$BERTH_CREDENTIAL_PROVIDER_BIN_DIR/ecr-credential-provider
  if [[ $BERTH_PREBAKED == false && $(cat "$bin.version" 2>/dev/null) != "$version-$ARCH" ]]; then
    local url="https://artifacts.k8s.io/binaries/cloud-provider-aws/v$version/linux/$ARCH/ecr-credential-provider-linux-$ARCH"
    install -d -m 0755 "$dir"
    berth_download_verified "$url" "$bin.download" "$url.sha256"
    chmod 0755 "$bin.download"
    mv "$bin.download" "$bin"
    printf '%s\n' "$version-$ARCH" >"$bin.version"
    berth_log "installed ecr-credential-provider v$version ($ARCH)"
  fi
  install -d -m 0755 "$(dirname "$BERTH_CREDENTIAL_PROVIDER_CONFIG")"
  cat >"$BERTH_CREDENTIAL_PROVIDER_CONFIG" <<EOF
# Berth: the kubelet asks ecr-credential-provider for credentials to pull images of the environment's registry,
# and of no other. ECR's tokens last 12 hours.
apiVersion: kubelet.config.k8s.io/v1
kind: CredentialProviderConfig
providers:
  - name: ecr-credential-provider
    matchImages:
      - "$BERTH_ECR_REGISTRY"
    defaultCacheDuration: "12h"
    apiVersion: credentialprovider.kubelet.k8s.io/v1
EOF
}

# The kubelet's flags that kubeadm's configuration cannot carry (the credential provider's), in the file the
# kubelet package's kubeadm drop-in reads; and a graceful node shutdown: logind lets the kubelet delay a shutdown
# long enough to stop its pods (shutdownGracePeriod in the KubeletConfiguration).
berth_configure_kubelet() {
  install -d -m 0755 /etc/sysconfig
  cat >/etc/sysconfig/kubelet <<EOF
# Berth: read by the kubelet's kubeadm drop-in (EnvironmentFile=-/etc/sysconfig/kubelet).
KUBELET_EXTRA_ARGS="--node-ip=$PRIVATE_IP --image-credential-provider-config=$BERTH_CREDENTIAL_PROVIDER_CONFIG --image-credential-provider-bin-dir=$BERTH_CREDENTIAL_PROVIDER_BIN_DIR"
EOF
  install -d -m 0755 /etc/systemd/logind.conf.d
  cat >/etc/systemd/logind.conf.d/90-berth-kubelet.conf <<'EOF'
# Berth: the kubelet's graceful node shutdown holds a shutdown up to its shutdownGracePeriod (60 s).
[Login]
InhibitDelayMaxSec=90
EOF
  systemctl restart systemd-logind
  systemctl enable kubelet
}

# Everything a node needs before kubeadm: kernel settings, containerd, the Kubernetes packages, the credential
# provider and the kubelet's flags. Pre-baked, only checked and configured.
berth_prepare_node() {
  berth_kernel_settings
  if [[ $BERTH_PREBAKED == true ]]; then
    berth_check_prebaked
  else
    berth_install_containerd
    berth_install_kubernetes_packages
  fi
  berth_configure_containerd
  berth_install_credential_provider
  berth_configure_kubelet
}
