#!/usr/bin/env bash
# Wall time of `./berth plan ENV`: the first run on a fresh checkout (it builds the berth command) and warm
# runs (command built; each run is still a new JVM that starts the CDK's Node process). Median of RUNS.
# With BASE=REV, the same warm runs of the berth command built at REV, interleaved with this tree's, so the
# machine's noise falls on both alike; the ratio of the medians is the figure to compare.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/jdk25.sh
environment=${1:-dev}
runs=${RUNS:-5}
base=${BASE:-}

seconds() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); awk -v ns=$((end - start)) 'BEGIN {printf "%.2f\n", ns / 1e9}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
plan_with() { (cd "$1" && JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 "$JAVA_HOME/bin/java" -Dberth.home="$1" \
  -jar berth-cli/target/berth-cli.jar plan "$environment" --out "$1/target/bench-plan"); }

./mvnw -q -B clean >/dev/null 2>&1
first=$(seconds ./berth plan "$environment")

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
echo "berth plan $environment, first run (builds the command): ${first} s"
if [[ -z "$base" ]]; then
  warm=$(for _ in $(seq "$runs"); do seconds ./berth plan "$environment"; done | median)
  echo "berth plan $environment, warm (median of $runs):          ${warm} s"
  exit 0
fi

tree=$(mktemp -d)
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$tree" "$base"
(cd "$tree" && ./mvnw -q -B -o -pl berth-cli -am package -DskipTests >/dev/null 2>&1 || ./mvnw -q -B -pl berth-cli -am package -DskipTests >/dev/null)
here=() there=()
for _ in $(seq "$runs"); do
  there+=("$(seconds plan_with "$tree")")
  here+=("$(seconds plan_with "$PWD")")
done
warm_base=$(printf '%s\n' "${there[@]}" | median)
warm=$(printf '%s\n' "${here[@]}" | median)
echo "berth plan $environment, warm at $(git rev-parse --short "$base") (median of $runs): ${warm_base} s  [${there[*]}]"
echo "berth plan $environment, warm here (median of $runs):     ${warm} s  [${here[*]}]"
awk -v a="$warm" -v b="$warm_base" 'BEGIN {printf "ratio here / base: %.2f\n", a / b}'
