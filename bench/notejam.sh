#!/usr/bin/env bash
# Notejam under load on one machine, with the database on the same host:
#   1. a PostgreSQL server of its own (Debian's), seeded with 100 users x 10 pads x 500 notes;
#   2. wrk at 32 connections on a signed-in GET /, GET /notes/{id} and POST /notes/create;
#   3. pgbench running the statements GET / issues, as one transaction, at the same concurrency: the
#      database's own ceiling for the list page;
#   4. time from process start to ready (readiness probe answers 200), with and without the JDK AOT cache,
#      median of 5.
# Needs wrk, pgbench and Debian's PostgreSQL server (apt-get install wrk postgresql); prints a Markdown report.
# APP_JAVA_OPTS go to the app under load (not to the timed starts), e.g. a JFR recording to profile it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/jdk25.sh

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55432}
APP_PORT=${APP_PORT:-18090}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-15s}
STARTS=${STARTS:-5}
for tool in wrk pgbench psql curl "$PG_BIN/initdb" "$PG_BIN/pg_ctl"; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk postgresql)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/notejam-bench.XXXXXX)
app_pid=""
cleanup() {
  [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl" -D "$work/pg" stop -m fast >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) -eq 0 ]] && chown postgres "$work"

echo "bench: building Notejam" >&2
./mvnw -q -B -pl notejam package -DskipTests
"$JAVA_HOME/bin/java" -Djarmode=tools -jar notejam/target/notejam.jar extract --destination "$work/app" >/dev/null
jar="$work/app/notejam.jar"

echo "bench: starting PostgreSQL on $PG_PORT" >&2
as_postgres "$PG_BIN/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w start \
  -o "-p $PG_PORT -k /tmp -c shared_buffers=512MB -c max_connections=100" >/dev/null
psql() { command psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
psql -c "CREATE DATABASE notejam" postgres

db_args=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/notejam" --spring.datasource.username=postgres
  --server.port="$APP_PORT" --logging.level.root=WARN)
start_app() { "$JAVA_HOME/bin/java" "$@" -jar "$jar" "${db_args[@]}" >"$work/app.log" 2>&1 & app_pid=$!; }
wait_ready() {
  for _ in $(seq 1 3000); do
    curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/actuator/health/readiness" && return 0
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; return 1; }
    sleep 0.01
  done
  return 1
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }

read -r -a app_java_opts <<<"${APP_JAVA_OPTS:-}"
start_app "${app_java_opts[@]}"
wait_ready

# One account through the app itself (its Argon2 hash then seeds the others), then the data set.
cookies="$work/cookies"
csrf() { curl -s -c "$cookies" -b "$cookies" "http://127.0.0.1:$APP_PORT$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
password="bench-pass-1"
token=$(csrf /signup)
curl -s -o /dev/null -c "$cookies" -b "$cookies" "http://127.0.0.1:$APP_PORT/signup" \
  --data "_csrf=$(urlencode "$token")&email=seed@bench.example&password=$password&repeatPassword=$password"
hash=$(psql -At -c "SELECT password FROM users WHERE email = 'seed@bench.example'" notejam)
echo "bench: seeding 100 users x 10 pads x 500 notes" >&2
psql -v hash="$hash" -f bench/notejam/seed.sql notejam

# One signed-in user per connection: their sessions, a note of each, and a CSRF token of each session.
users="$work/users"
psql -c "CREATE TABLE bench_sessions (client int PRIMARY KEY, sid text, pid text, uid bigint)" notejam
for n in $(seq 1 "$CONNECTIONS"); do
  cookies="$work/cookies-$n"
  token=$(csrf /signin)
  curl -s -o /dev/null -c "$cookies" -b "$cookies" "http://127.0.0.1:$APP_PORT/signin" \
    --data "_csrf=$(urlencode "$token")&email=user$n@bench.example&password=$password"
  session=$(awk '$6 == "SESSION" {print $7}' "$cookies")
  [[ -n "$session" ]] || { echo "bench: sign-in of user$n failed" >&2; exit 1; }
  session_id=$(printf '%s' "$session" | base64 -d)
  uid=$(psql -At -c "SELECT id FROM users WHERE email = 'user$n@bench.example'" notejam)
  note=$(psql -At -c "SELECT id FROM notes WHERE user_id = $uid ORDER BY id LIMIT 1" notejam)
  echo "$session /notes/$note $(urlencode "$(csrf /notes/create)")" >>"$users"
  psql -c "INSERT INTO bench_sessions SELECT $((n - 1)), session_id, primary_id, $uid FROM spring_session
           WHERE session_id = '$session_id'" notejam
done
notes=$(psql -At -c "SELECT count(*) FROM notes" notejam)

# wrk: 2 threads, one connection per user; 5 s of warm-up first, then the measured run.
load() {
  local label=$1 mode=$2
  export NOTEJAM_USERS=$users NOTEJAM_MODE=$mode
  wrk -t2 -c"$CONNECTIONS" -d5s -s bench/notejam/sessions.lua "http://127.0.0.1:$APP_PORT" >/dev/null
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/notejam/sessions.lua "http://127.0.0.1:$APP_PORT")
  if grep -q "Non-2xx or 3xx" <<<"$out"; then echo "bench: $label had error responses:" >&2; echo "$out" >&2; exit 1; fi
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '| %s | %.0f | %s | %s |\n' "$label" "$rps" "$p50" "$p99"
}

echo "bench: load" >&2
results=$(
  load "GET / (first page, signed in)" list
  load "GET /notes/{id}" note
  load "POST /notes/create" create
)
index_rps=$(awk -F'|' 'NR == 1 {gsub(/ /, "", $3); print $3}' <<<"$results")
stop_app

echo "bench: pgbench ceiling of GET /" >&2
pgbench_out=$(command pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -M prepared -c "$CONNECTIONS" -j 2 -T "${DURATION%s}" \
  -f bench/notejam/get-index.sql notejam)
ceiling=$(awk '/^tps = / {print $3}' <<<"$pgbench_out")
pgbench_latency=$(awk '/^latency average/ {print $4}' <<<"$pgbench_out")

echo "bench: start to ready, $STARTS runs each" >&2
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
time_start() {
  local begin end
  begin=$(date +%s%N)
  start_app "$@"
  wait_ready
  end=$(date +%s%N)
  stop_app
  awk -v ns=$((end - begin)) 'BEGIN {printf "%.3f\n", ns / 1e9}'
}
# Training run: the app starts, refreshes its context (connects, validates migrations, builds every bean) and exits.
"$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$work/app/notejam.aot" -Dspring.context.exit=onRefresh -jar "$jar" "${db_args[@]}" \
  >"$work/training.log" 2>&1
without=$(for _ in $(seq "$STARTS"); do time_start; done | median)
with=$(for _ in $(seq "$STARTS"); do time_start -XX:AOTCache="$work/app/notejam.aot"; done | median)

cat <<EOF
Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2); PostgreSQL $(psql -At -c 'SHOW server_version' postgres) on the same host.
Data: $notes notes of 101 users; load: wrk, 2 threads, $CONNECTIONS connections (one signed-in user each), $DURATION after 5 s of warm-up.

| request | requests/s | p50 | p99 |
| --- | --- | --- | --- |
$results

| database ceiling of GET / | value |
| --- | --- |
| pgbench, the statements of one GET / as one transaction, $CONNECTIONS clients (one user each) | $(printf '%.0f' "$ceiling") transactions/s (average latency $pgbench_latency ms) |
| GET / as a share of that ceiling | $(awk -v a="$index_rps" -v c="$ceiling" 'BEGIN {printf "%.0f %%", 100 * a / c}') |

| start to ready (readiness answers 200), median of $STARTS | seconds |
| --- | --- |
| without the AOT cache | $without |
| with the AOT cache (-XX:AOTCache, trained by a start with spring.context.exit=onRefresh) | $with |
EOF
