#!/usr/bin/env bash
# Notejam's image with rootful podman on this machine, from notejam/Dockerfile and the local base images:
#   1. build time: cold (--no-cache; the base images and Maven's repository already here), warm with nothing
#      changed, and warm after a change to one main source file (in a copy of the build context);
#   2. size: the image, its parts, gzip-compressed as a registry stores it, and the JDK image it would sit on
#      without jlink;
#   3. start to ready (readiness answers 200) in the container with --memory 1g at --cpus 0.5 and --cpus 1,
#      STARTS runs of each, interleaved, against a PostgreSQL of its own (Debian's, TLS on, like RDS) through
#      DB_SECRET; for each run the JVM's CPU time at ready by thread, and the milestones of its log.
# Needs root, podman and debootstrap (scripts/container-base-images), Debian's postgresql, openssl and python3;
# prints a Markdown report. The cold build's layers stay in podman's cache, as any build's do (about 1 GB a run):
# `podman image prune` reclaims the untagged ones.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/jdk25.sh
export CONTAINERS_CONF=$PWD/tools/containers/containers.conf

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55433}
APP_PORT=${APP_PORT:-18091}
STARTS=${STARTS:-5}
TAG=localhost/notejam:bench
for tool in podman curl openssl python3 psql "$PG_BIN/initdb" "$PG_BIN/pg_ctl"; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install podman postgresql openssl python3)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/notejam-image-bench.XXXXXX)
container=notejam-image-bench-$$
as_postgres() { runuser -u postgres -- "$@"; }
cleanup() {
  podman rm --force --time 0 "$container" >/dev/null 2>&1 || true
  as_postgres "$PG_BIN/pg_ctl" -D "$work/pg" stop -m fast >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
chown postgres "$work"

mapfile -t base_images < <(scripts/container-base-images)
jdk_image=${base_images[0]#--build-arg=JDK_IMAGE=}
seconds_since() { awk -v ns=$(($(date +%s%N) - $1)) 'BEGIN {printf "%.2f", ns / 1e9}'; }
# Builds CONTEXT's notejam/Dockerfile (extra podman options after it) as the test does; prints the seconds it took.
build() {
  local context=$1 begin
  shift
  begin=$(date +%s%N)
  podman build --format docker "${base_images[@]}" --build-arg MAVEN_OFFLINE=true --volume "$HOME/.m2:/root/.m2:O" \
    --tag "$TAG" --file "$context/notejam/Dockerfile" "$@" "$context" >"$work/build.log" 2>&1 \
    || { tail -40 "$work/build.log" >&2; echo "bench: the build failed" >&2; exit 1; }
  seconds_since "$begin"
}

echo "bench: building the image: cold, warm, warm after a source change" >&2
cold=$(build . --no-cache)
warm=$(build .)
# The build context (see .dockerignore) copied, with one main source file changed as an edit would change it.
mkdir "$work/context"
cp --parents -r mvnw pom.xml .mvn berth-config/pom.xml berth-platform/pom.xml berth-cli/pom.xml notejam/pom.xml \
  notejam/src/main notejam/Dockerfile .dockerignore "$work/context"
# A change of its own each run: one the layer cache has seen would be no change.
echo "// bench/image.sh: a change made at $(date +%s%N)" \
  >>"$work/context/notejam/src/main/java/dev/berth/notejam/NotejamApplication.java"
changed=$(build "$work/context")
# The image the starts below run: the repository's own.
build . >/dev/null

size() { podman image inspect --format '{{.Size}}' "$1" | awk '{printf "%.0f", $1 / 1e6}'; }
image_mb=$(size "$TAG")
compressed_mb=$(podman save --format docker-archive "$TAG" 2>/dev/null | gzip -6 | wc -c | awk '{printf "%.0f", $1 / 1e6}')
read -r jre_mb lib_mb jar_mb cache_mb < <(podman run --rm --entrypoint sh "$TAG" -c \
  'du -sb /opt/java /app/lib /app/notejam.jar /app/notejam.aot' | awk '{printf "%.1f ", $1 / 1e6} END {print ""}')
base_mb=$(size "${base_images[1]#--build-arg=RUNTIME_BASE_IMAGE=}")
jdk_mb=$(size "$jdk_image")

echo "bench: starting PostgreSQL on $PG_PORT, TLS on" >&2
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 \
  -keyout "$work/server.key" -out "$work/server.crt" 2>/dev/null
chown postgres "$work/server.key" "$work/server.crt"
as_postgres "$PG_BIN/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w start -o "-p $PG_PORT -k $work -c ssl=on \
  -c ssl_cert_file=$work/server.crt -c ssl_key_file=$work/server.key" >/dev/null
password=$(openssl rand -hex 16)
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE USER notejam PASSWORD '$password'" \
  -c "CREATE DATABASE notejam OWNER notejam" postgres
secret="{\"username\":\"notejam\",\"password\":\"$password\",\"host\":\"127.0.0.1\",\"port\":$PG_PORT,\"dbname\":\"notejam\"}"

# One start: podman run at CPUS, readiness polled every 50 ms. Writes the run's log and its threads' CPU times
# at ready to $work/start-NAME.*; prints the seconds from podman run to ready, and when podman run began (ns).
start_once() {
  local cpus=$1 name=$2 begin polls=0
  begin=$(date +%s%N)
  podman run --detach --name "$container" --network host --cpus "$cpus" --memory 1g \
    --env PORT="$APP_PORT" --env DB_SECRET="$secret" "$TAG" >/dev/null
  until curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$APP_PORT/actuator/health/readiness"; do
    if (( ++polls % 40 == 0 )) && [[ $(podman inspect --format '{{.State.Running}}' "$container") != true ]]; then
      podman logs "$container" 2>&1 | tail -30 >&2; echo "bench: the container stopped before it was ready" >&2; exit 1
    fi
    (( polls < 3600 )) || { echo "bench: not ready in 180 s" >&2; exit 1; }
    sleep 0.05
  done
  echo "$(seconds_since "$begin") $begin"
  podman exec "$container" sh -c 'for t in /proc/1/task/*; do printf "%s|" "$(cat "$t/comm")"; cat "$t/stat"; done
    printf "process|"; cat /proc/1/stat' >"$work/start-$name.threads"
  podman logs "$container" >"$work/start-$name.log" 2>&1
  podman rm --force --time 0 "$container" >/dev/null
}

echo "bench: one start to migrate the schema, then $STARTS starts at each of 0.5 and 1 vCPU, interleaved" >&2
start_once 1 warm-up >/dev/null
for run in $(seq "$STARTS"); do
  for cpus in 0.5 1; do
    result=$(start_once "$cpus" "$cpus-$run")
    echo "$cpus $run $result" >>"$work/starts"
  done
done

cat <<EOF
Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); podman $(podman version --format '{{.Client.Version}}') (runc, cgroups v$(podman info --format '{{.Host.CgroupsVersion}}' | tr -dc 0-9)); JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2); PostgreSQL $(psql -X -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 'SHOW server_version' postgres) on the same host.

| build (podman build --format docker, Maven offline from ~/.m2) | seconds |
| --- | --- |
| cold: --no-cache, base images present | $cold |
| warm: nothing changed | $warm |
| warm: one main source file changed (build, jar, training run again) | $changed |

| size | MB |
| --- | --- |
| **the image** | **$image_mb** |
| the image gzip-compressed (podman save, gzip -6), about what a registry stores and a task pulls | $compressed_mb |
| its parts: Debian base / jlinked runtime / dependencies / app jar / JDK AOT cache | $base_mb / $jre_mb / $lib_mb / $jar_mb / $cache_mb |
| the JDK image the build stages use (Debian base, full JDK 25, binutils) | $jdk_mb |
| the same app and cache on that JDK image instead of a jlinked runtime (computed, not built) | $(awk -v a="$jdk_mb" -v l="$lib_mb" -v j="$jar_mb" -v c="$cache_mb" 'BEGIN {printf "%.0f", a + l + j + c}') |

EOF
python3 - "$work" "$(getconf CLK_TCK)" <<'PYEOF'
import json, pathlib, re, statistics, sys
from datetime import datetime

work, ticks = pathlib.Path(sys.argv[1]), int(sys.argv[2])
starts = [line.split() for line in (work / "starts").read_text().splitlines()]

def cpu(name):
    """CPU seconds at ready: the process's (exited threads included) and by thread group."""
    groups = {"main (the launcher's, named java)": 0.0, "C2 compiler": 0.0, "C1 compiler": 0.0,
              "VM thread (safepoints, Serial GC)": 0.0}
    total = 0.0
    for line in (work / f"start-{name}.threads").read_text().splitlines():
        comm, stat = line.split("|", 1)
        fields = stat[stat.rindex(")") + 2:].split()
        seconds = (int(fields[11]) + int(fields[12])) / ticks
        if comm == "process":
            total = seconds
        elif comm == "java":
            groups["main (the launcher's, named java)"] += seconds
        elif comm.startswith("C2 CompilerThre"):
            groups["C2 compiler"] += seconds
        elif comm.startswith("C1 CompilerThre"):
            groups["C1 compiler"] += seconds
        elif comm == "VM Thread":
            groups["VM thread (safepoints, Serial GC)"] += seconds
    groups["other threads"] = total - sum(groups.values())
    return total, groups

MILESTONES = [("the log's first line (Spring starting)", "Starting AOT-processed NotejamApplication"),
              ("Tomcat initialized", "Tomcat initialized"),
              ("connected to PostgreSQL (pool started)", "Start completed"),
              ("Flyway checked the schema", "Schema \"public\" is up to date"),
              ("Tomcat started (port open)", "Tomcat started on port"),
              ("Started NotejamApplication", "Started NotejamApplication")]

def instant(text):
    """Seconds since the epoch of an ISO instant as Java prints it (0 to 9 fraction digits, Z)."""
    whole, _, fraction = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(whole + "+00:00").timestamp() + float("0." + (fraction or "0"))

def milestones(name):
    """When the JVM started (epoch seconds, from Spring's 'process running for'), and the seconds from then to each
    milestone."""
    at = {}
    for line in (work / f"start-{name}.log").read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        when = instant(entry["@timestamp"])
        for label, text in MILESTONES:
            if text in entry.get("message", "") and label not in at:
                at[label] = when
        match = re.search(r"process running for ([0-9.]+)", entry.get("message", ""))
        if match:
            jvm_start = when - float(match.group(1))
    return jvm_start, {label: at[label] - jvm_start for label in at}

def median(values):
    return statistics.median(values)

print(f"| start to ready, --memory 1g, median of {len(starts) // 2} (interleaved) | --cpus 0.5 | --cpus 1 |")
print("| --- | --- | --- |")
rows = {}
for cpus in ("0.5", "1"):
    runs = [s for s in starts if s[0] == cpus]
    names = [f"{cpus}-{s[1]}" for s in runs]
    walls = [float(s[2]) for s in runs]
    cpus_used = [cpu(n) for n in names]
    jvm_starts, marks = zip(*(milestones(n) for n in names))
    rows.setdefault("**podman run to readiness 200**", []).append(f"**{median(walls):.2f} s**")
    rows.setdefault("every run", []).append(" ".join(f"{w:.2f}" for w in sorted(walls)))
    rows.setdefault("podman run to the JVM's start", []).append(
        f"{median([j - int(s[3]) / 1e9 for j, s in zip(jvm_starts, runs)]):.2f} s")
    for label, _ in MILESTONES:
        values = [m[label] for m in marks if label in m]
        rows.setdefault(f"JVM start to {label}", []).append(f"{median(values):.2f} s" if values else "n/a")
    rows.setdefault("CPU used by the JVM at ready", []).append(f"{median([c[0] for c in cpus_used]):.2f} s")
    for group in cpus_used[0][1]:
        rows.setdefault(f"  of which {group}", []).append(f"{median([c[1][group] for c in cpus_used]):.2f} s")
for label, values in rows.items():
    print(f"| {label} | {' | '.join(values)} |")
PYEOF
