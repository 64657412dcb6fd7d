#!/usr/bin/env bash
# Wall time of `./berth plan ENV`: the first run on a fresh checkout (it builds the berth command) and warm
# runs (command built; each run is still a new JVM that starts the CDK's Node process). Median of RUNS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
environment=${1:-dev}
runs=${RUNS:-5}

seconds() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); awk -v ns=$((end - start)) 'BEGIN {printf "%.2f\n", ns / 1e9}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

./mvnw -q -B clean >/dev/null 2>&1
first=$(seconds ./berth plan "$environment")
warm=$(for _ in $(seq "$runs"); do seconds ./berth plan "$environment"; done | median)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
echo "berth plan $environment, first run (builds the command): ${first} s"
echo "berth plan $environment, warm (median of $runs):          ${warm} s"
