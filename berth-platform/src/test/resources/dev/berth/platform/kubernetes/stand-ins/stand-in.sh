#!/usr/bin/env bash
# Sourced by every stand-in of bin/: the commands of the node bootstrap scripts that would need a cluster, AWS or the
# internet (BootstrapScriptContainerTest puts bin/ first on PATH in a container without a network). Each logs its
# arguments, one call a line, to $STANDIN_OUT/calls.log, and answers what the real command would.

# shellcheck disable=SC2034 # used by the stand-ins that source this file
{
  STANDIN_OUT=${STANDIN_OUT:-/test-out}
  STANDIN_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  STANDIN_FIXTURES=$STANDIN_HOME/fixtures
  # What the stand-ins keep between calls in one container (downloads, counters); not the test's business.
  STANDIN_STATE=/tmp/stand-ins
  # The cluster the stand-ins pretend to be.
  STANDIN_TOKEN=abcdef.0123456789abcdef
  STANDIN_CA_HASH=sha256:7a1c3ee6b4e5c37ae7c1a9e9a4f27a6e1b1c1d0b8b2d9d4e4c1b3a5f6e7d8c9b
  STANDIN_JOIN_COMMAND="kubeadm join kube-api.notejam.local:6443 --token $STANDIN_TOKEN --discovery-token-ca-cert-hash $STANDIN_CA_HASH"
  STANDIN_INSTANCE_ID=${STANDIN_INSTANCE_ID:-i-0123456789abcdef0}
  STANDIN_PRIVATE_IP=${STANDIN_PRIVATE_IP:-10.0.1.23}
  STANDIN_HOSTNAME=${STANDIN_HOSTNAME:-ip-10-0-1-23.eu-west-1.compute.internal}
  STANDIN_REGION=${STANDIN_REGION:-eu-west-1}
}
mkdir -p "$STANDIN_STATE" "$STANDIN_OUT"

# standin_log NAME ARGS...: one line, the arguments quoted as bash would need them.
standin_log() {
  {
    printf '%s' "$1"
    shift
    if (($#)); then
      printf ' %q' "$@"
    fi
    printf '\n'
  } >>"$STANDIN_OUT/calls.log"
}

# standin_count NAME: counts the calls of NAME in this container, and prints the count.
standin_count() {
  local file=$STANDIN_STATE/count-$1 count
  count=$(($(cat "$file" 2>/dev/null || echo 0) + 1))
  echo "$count" >"$file"
  echo "$count"
}
