#!/usr/bin/env bash
# Notejam under load on one machine, with the database on the same host:
#   1. a PostgreSQL server of its own (Debian's), seeded with 100 users x 10 pads x 500 notes;
#   2. ROUNDS rounds of wrk at 32 connections on a signed-in GET /, each followed by pgbench running the
#      statements the page needs at the same concurrency (the database's own ceiling for the page): the two
#      interleaved so that both see the same machine, medians reported;
#   3. wrk on GET /notes/{id} and POST /notes/create;
#   4. time from process start to ready (readiness probe answers 200), median of STARTS, the variants
#      interleaved: the regular start and Spring's build-time AOT, with the JDK AOT cache trained for each.
# Needs wrk, pgbench and Debian's PostgreSQL server (apt-get install wrk postgresql); prints a Markdown report.
# APP_JAVA_OPTS go to the app under load (not to the timed starts), e.g. a JFR recording to profile it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/jdk25.sh

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55432}
APP_PORT=${APP_PORT:-18090}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-5}
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
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

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

# Signed-in users, one per connection: their sessions, a note of each, and a CSRF token of each session.
users="$work/users"
for n in $(seq 1 "$CONNECTIONS"); do
  cookies="$work/cookies-$n"
  token=$(csrf /signin)
  curl -s -o /dev/null -c "$cookies" -b "$cookies" "http://127.0.0.1:$APP_PORT/signin" \
    --data "_csrf=$(urlencode "$token")&email=user$n@bench.example&password=$password"
  session=$(awk '$6 == "SESSION" {print $7}' "$cookies")
  [[ -n "$session" ]] || { echo "bench: sign-in of user$n failed" >&2; exit 1; }
  uid=$(psql -At -c "SELECT id FROM users WHERE email = 'user$n@bench.example'" notejam)
  note=$(psql -At -c "SELECT id FROM notes WHERE user_id = $uid ORDER BY id LIMIT 1" notejam)
  echo "$session /notes/$note $(urlencode "$(csrf /notes/create)")" >>"$users"
done
notes=$(psql -At -c "SELECT count(*) FROM notes" notejam)
# The signed-in users' ids are consecutive (seed.sql inserts them in order): pgbench picks among them.
read -r first_uid last_uid < <(psql -At -F' ' -c "SELECT min(id), max(id) FROM users
  WHERE email ~ '^user([1-9]|[12][0-9]|3[0-2])@bench\.example$'" notejam)
(( last_uid - first_uid + 1 == CONNECTIONS )) || { echo "bench: the signed-in users' ids are not consecutive" >&2; exit 1; }

# wrk: 2 threads, requests spread over the signed-in users. Prints "requests/s p50 p99", latencies in ms.
wrk_run() {
  local mode=$1 duration=$2
  export NOTEJAM_USERS=$users NOTEJAM_MODE=$mode
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$duration" --latency -s bench/notejam/sessions.lua "http://127.0.0.1:$APP_PORT")
  if grep -q "Non-2xx or 3xx" <<<"$out"; then
    echo "bench: $mode had error responses:" >&2; echo "$out" >&2; tail -c 20000 "$work/app.log" >&2; exit 1
  fi
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       /^Requests\/sec/ {rps = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
       END {printf "%.0f %.1f %.1f\n", rps, p50, p99}' <<<"$out"
}
# pgbench: the page's statements, one transaction per page, the same concurrency. Prints transactions/s.
pgbench_run() {
  command pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -M prepared -c "$CONNECTIONS" -j 2 -T "${DURATION%s}" \
    -D first_uid="$first_uid" -D last_uid="$last_uid" -f bench/notejam/index-page.sql notejam |
    awk '/^tps = / {printf "%.0f\n", $3}'
}

echo "bench: GET / and its database ceiling, $ROUNDS rounds after 30 s of warm-up" >&2
# Until the JIT has compiled the page's code: with less, the first rounds measured 40 % below the last.
wrk_run list 30s >/dev/null
rounds=""
for r in $(seq "$ROUNDS"); do
  read -r rps p50 p99 < <(wrk_run list "$DURATION")
  ceiling=$(pgbench_run)
  share=$(awk -v a="$rps" -v c="$ceiling" 'BEGIN {printf "%.0f", 100 * a / c}')
  echo "bench: round $r: GET / $rps/s, p50 $p50 ms, p99 $p99 ms; ceiling $ceiling/s; share $share %" >&2
  rounds+="$rps $p50 $p99 $ceiling $share"$'\n'
done
column_median() { awk -v c="$1" 'NF {print $c}' <<<"$rounds" | median; }

echo "bench: GET /notes/{id} and POST /notes/create" >&2
others=""
for request in "GET /notes/{id}|note" "POST /notes/create|create"; do
  wrk_run "${request#*|}" 5s >/dev/null
  read -r rps p50 p99 < <(wrk_run "${request#*|}" "$DURATION")
  others+="| ${request%|*} | $rps | $p50 ms | $p99 ms |"$'\n'
done
stop_app

echo "bench: start to ready, $STARTS runs of each variant, interleaved" >&2
time_start() {
  local begin end
  begin=$(date +%s%N)
  start_app "$@"
  wait_ready
  end=$(date +%s%N)
  stop_app
  awk -v ns=$((end - begin)) 'BEGIN {printf "%.3f\n", ns / 1e9}'
}
# A training run per mode, as the image makes one: the app starts, refreshes its context (connects, validates the
# migrations, builds every bean) and exits; the JVM writes what it loaded, linked and profiled to the cache.
train() {
  "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$1" "${@:2}" -Dspring.context.exit=onRefresh -jar "$jar" "${db_args[@]}" \
    >"$1.log" 2>&1
}
train "$work/app/regular.aot" -Dspring.aot.enabled=false
train "$work/app/spring-aot.aot"
variants=("regular start (-Dspring.aot.enabled=false), no JDK AOT cache|-Dspring.aot.enabled=false"
  "regular start, JDK AOT cache|-Dspring.aot.enabled=false -XX:AOTCache=$work/app/regular.aot"
  "Spring AOT and the JDK AOT cache: the image's start|-XX:AOTCache=$work/app/spring-aot.aot"
  "the same with C1 only (-XX:TieredStopAtLevel=1), not shipped|-XX:AOTCache=$work/app/spring-aot.aot -XX:TieredStopAtLevel=1")
starts=""
for _ in $(seq "$STARTS"); do
  for v in "${!variants[@]}"; do
    read -r -a opts <<<"${variants[$v]#*|}"
    starts+="$v $(time_start "${opts[@]}")"$'\n'
  done
done
start_rows=$(for v in "${!variants[@]}"; do
  times=$(awk -v v="$v" '$1 == v {print $2}' <<<"$starts")
  printf '| %s | %s | %s |\n' "${variants[$v]%%|*}" "$(median <<<"$times")" "$(sort -n <<<"$times" | tr '\n' ' ')"
done)

cat <<EOF
Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2); PostgreSQL $(psql -At -c 'SHOW server_version' postgres) on the same host.
Data: $notes notes of 101 users; load: wrk, 2 threads, $CONNECTIONS connections, requests spread over $CONNECTIONS signed-in users, $DURATION per run.

GET / (first page, signed in), each round followed by pgbench on the page's statements ($CONNECTIONS clients, $DURATION):

| round | requests/s | p50 | p99 | ceiling, transactions/s | share of the ceiling |
| --- | --- | --- | --- | --- | --- |
$(awk 'NF {printf "| %d | %s | %s ms | %s ms | %s | %s %% |\n", NR, $1, $2, $3, $4, $5}' <<<"$rounds")
| **median** | **$(column_median 1)** | **$(column_median 2) ms** | **$(column_median 3) ms** | **$(column_median 4)** | **$(column_median 5) %** |

| request | requests/s | p50 | p99 |
| --- | --- | --- | --- |
${others%$'\n'}

| start to ready (readiness answers 200), median of $STARTS | seconds | every run |
| --- | --- | --- |
$start_rows
EOF
