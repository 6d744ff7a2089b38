#!/usr/bin/env bash
# Builds and runs the benchmarks, printing their figures. Not a pass/fail
# gate: compare the figures with the aims in the issues and docs. Each
# section gets a private Redis (data in a temporary folder) and gateways of
# its own; everything listens on 127.0.0.1 only and is stopped at the end.
#
# Sections (BENCH_SECTIONS, comma separated; all by default):
#   cpu       bank import and finalize's pure part over 100,000 entries
#   answers   the answer path: BENCH_CONNECTIONS contestants (2000) register,
#             start an attempt and answer, every reply timed, for
#             BENCH_SECONDS (20): a closed loop (BENCH_INFLIGHT answers
#             outstanding per connection), then paced at BENCH_RATE answers/s
#             (20000). Then finalize over the organiser API of round ky-1 (one
#             entry each) and ky-2 (BENCH_FINALIZE_ENTRIES, default 2 per
#             contestant, at most 10). Aim: 20,000 answers/s with p99 ≤ 25 ms.
#   capacity  registrations per second with --workers 1 (BENCH_REG_PEOPLE_1,
#             300 people) and --workers 2 (BENCH_CAP_PEOPLE, 1000), then each
#             of the latter makes BENCH_CAP_ENTRIES (2) full entries: Redis
#             bytes per person, per entry and per audit event, and the
#             footprint of a 100,000-person, 4-round contest.
#   wait      what --redis-wait-replicas 1 costs on the answer path: a
#             primary with one replica, BENCH_CONNECTIONS contestants, a
#             closed loop then paced at BENCH_WAIT_RATE (10000) answers/s,
#             once with the gateway acknowledging after the primary
#             (0) and once after the replica confirmed too (1).
#   publish   the publish rush: a round of BENCH_PUBLISH_ENTRIES (100000)
#             entries by BENCH_PUBLISH_PEOPLE (10000) people, all connected;
#             it is published and every page asks `results` on the push.
#             Aim: all answered within 1 s.
#
#   BENCH_SECTIONS=publish BENCH_PUBLISH_PEOPLE=2000 scripts/bench.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SECTIONS=",${BENCH_SECTIONS:-cpu,answers,wait,capacity,publish},"
CONNECTIONS="${BENCH_CONNECTIONS:-2000}"
SECONDS_MEASURED="${BENCH_SECONDS:-20}"
INFLIGHT="${BENCH_INFLIGHT:-1}"
RATE="${BENCH_RATE:-20000}"
WAIT_RATE="${BENCH_WAIT_RATE:-10000}"
MAX_ENTRIES=$((CONNECTIONS * 10))
ENTRIES="${BENCH_FINALIZE_ENTRIES:-$((CONNECTIONS * 2))}"
if [ "$ENTRIES" -gt "$MAX_ENTRIES" ]; then
  log "BENCH_FINALIZE_ENTRIES=$ENTRIES is more than 10 per contestant; using $MAX_ENTRIES"
  ENTRIES=$MAX_ENTRIES
fi
REG_PEOPLE_1="${BENCH_REG_PEOPLE_1:-300}"
CAP_PEOPLE="${BENCH_CAP_PEOPLE:-1000}"
CAP_ENTRIES="${BENCH_CAP_ENTRIES:-2}"
PUBLISH_PEOPLE="${BENCH_PUBLISH_PEOPLE:-10000}"
PUBLISH_ENTRIES="${BENCH_PUBLISH_ENTRIES:-100000}"
wants() { [[ "$SECTIONS" == *",$1,"* ]]; }

"$ROOT/scripts/setup.sh"
build bench_bank_import bench_finalize reformquiz-server reformquiz loadgen
if wants cpu; then
  "$BUILD_DIR/tests/load/bench_bank_import"
  "$BUILD_DIR/tests/load/bench_finalize"
fi

CLI="$BUILD_DIR/server/cli/reformquiz"
SERVER="$BUILD_DIR/server/app/reformquiz-server"
LOADGEN="$BUILD_DIR/tests/load/loadgen"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/reformquiz-bench.XXXXXX")"
PIDS=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$WORK"
}
# SIGTERM, bounded: the gateway's grace is 5 s; then it is killed.
stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

# Thousands of sockets need descriptors (one each here, and one each in the gateway).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NEEDED=$((CONNECTIONS > PUBLISH_PEOPLE ? CONNECTIONS : PUBLISH_PEOPLE))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((NEEDED + 200)) ]; then
  log "ulimit -n is $(ulimit -n): too few descriptors for $NEEDED connections; set BENCH_CONNECTIONS lower"
  exit 1
fi

# A private Redis for a section: sets REDIS_PORT, REDIS_URL, REDIS_PID.
fresh_redis() {
  REDIS_PORT="$(free_port_from 6500)"
  start_private_redis "$REDIS_PORT" "$WORK/redis-$1"
  PIDS+=("$REDIS_PID")
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  "$CLI" --redis "$REDIS_URL" bank import "$ROOT/question_banks/cchc-2021-2030.vi.json" --id cchc-2021-2030 >/dev/null
  ADMIN_PASSWORD="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  echo "$ADMIN_PASSWORD" | "$CLI" --redis "$REDIS_URL" admin add bench >/dev/null
}

# The gateway on a free port with extra flags: sets SERVER_PID and PORT.
start_gateway() {
  local log_file="$WORK/gateway-$1.log"
  shift
  "$SERVER" --listen 127.0.0.1:0 --redis "$REDIS_URL" --web "$ROOT/web" "$@" 2>"$log_file" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  PORT=""
  for _ in $(seq 1 100); do
    PORT="$(grep -m1 '"msg":"listening"' "$log_file" | sed -n 's/.*"port":\([0-9]*\).*/\1/p' || true)"
    if [ -n "$PORT" ]; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$PORT" ]; then
    log "reformquiz-server did not start:"
    cat "$log_file" >&2
    exit 1
  fi
  for _ in $(seq 1 100); do  # until the gateway has Redis
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3 && head -1 <&3 | grep -q ' 200') 2>/dev/null; then break; fi
    sleep 0.1
  done
  GATEWAY_LOG="$log_file"
}

# A contest whose rounds opened an hour ago for a day: id, then "round:attempts" pairs.
create_contest() {
  local id=$1 headcount=$2
  shift 2
  local opens closes rounds=""
  opens="$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)"
  closes="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"
  for spec in "$@"; do
    local r=${spec%%:*} attempts=${spec##*:}
    rounds+="${rounds:+,}{\"id\": \"$r\", \"title\": \"$r\", \"opens_at\": \"$opens\", \"closes_at\": \"$closes\",
      \"bank\": \"cchc-2021-2030\", \"draw\": {\"count\": 20}, \"time_limit_s\": 3600, \"attempts\": $attempts,
      \"prediction\": {\"prompt\": \"Bao nhiêu bài thi đúng tất cả?\", \"target\": \"perfect_entries\"},
      \"prizes\": [{\"category\": \"cbccvc\", \"tiers\": [{\"name\": \"Giải Nhất\", \"count\": 1}, {\"name\": \"Giải Nhì\", \"count\": 2},
                   {\"name\": \"Giải Ba\", \"count\": 3}, {\"name\": \"Khuyến khích\", \"count\": 10}]}]}"
  done
  cat >"$WORK/$id.json" <<EOF
{"id": "$id", "title": "Benchmark $id", "timezone": "Asia/Ho_Chi_Minh",
 "categories": [{"id": "cbccvc", "name": "Cán bộ, công chức, viên chức"}],
 "units": [{"id": "u1", "name": "Sở Nội vụ", "headcount": $headcount}],
 "rounds": [$rounds]}
EOF
  "$CLI" --redis "$REDIS_URL" contest create "$WORK/$id.json" >/dev/null
}

echo
echo "machine: $(nproc) cores; load average before the load: $(cut -d' ' -f1-3 /proc/loadavg)"

if wants answers; then
  echo; echo "== the answer path"
  fresh_redis answers
  create_contest bench "$CONNECTIONS" ky-1:1 ky-2:10
  # Each connection here stands for many people (10+ answers a second, which
  # no person sends): the request budget is raised so the load is not refused.
  start_gateway answers --ws-rate 10000 --ws-burst 100000
  "$LOADGEN" answers --port "$PORT" --contest bench --round ky-1 --connections "$CONNECTIONS" \
    --seconds "$SECONDS_MEASURED" --inflight "$INFLIGHT" --rates "0,$RATE" \
    --entries-round ky-2 --entries "$ENTRIES" \
    --watch "gateway=$SERVER_PID" --watch "redis=$REDIS_PID"
  echo "$ADMIN_PASSWORD" | "$LOADGEN" finalize --port "$PORT" --contest bench --round ky-1 --round ky-2 --user bench \
    --timeout 90 || echo "(finalize did not complete: see above)"
  # Where finalize spent its time, from the gateway's own log line.
  echo "finalize steps (ms since the request: entries read, people read, computed, saved):"
  grep '"msg":"round finalized"' "$GATEWAY_LOG" | while read -r line; do
    echo "  $(grep -o '"round":"[^"]*"' <<<"$line") $(grep -o '"entries":[0-9]*' <<<"$line") $(grep -o '"ms":{[^}]*}' <<<"$line")"
  done
  echo "redis: $(redis-cli -p "$REDIS_PORT" info memory | grep -m1 '^used_memory_human' | tr -d '\r')"
  stop_pid "$SERVER_PID"
  stop_pid "$REDIS_PID"
fi

if wants wait; then
  echo; echo "== acknowledged by a replica too (--redis-wait-replicas)"
  fresh_redis wait
  PRIMARY_PID=$REDIS_PID
  REPLICA_PORT="$(free_port_from $((REDIS_PORT + 1)))"
  start_private_redis "$REPLICA_PORT" "$WORK/redis-wait-replica" --replicaof 127.0.0.1 "$REDIS_PORT"
  PIDS+=("$REDIS_PID")
  REPLICA_PID=$REDIS_PID
  create_contest waitc "$((CONNECTIONS * 2))" ky-1:1
  offset=0
  for replicas in 0 1; do
    start_gateway "wait-$replicas" --ws-rate 10000 --ws-burst 100000 --redis-wait-replicas "$replicas"
    echo "-- --redis-wait-replicas $replicas (replica at offset $(redis-cli -p "$REDIS_PORT" info replication | grep -m1 '^slave0' | tr -d '\r'))"
    "$LOADGEN" answers --port "$PORT" --contest waitc --round ky-1 --connections "$CONNECTIONS" \
      --seconds "$SECONDS_MEASURED" --inflight "$INFLIGHT" --rates "0,$WAIT_RATE" --phone-offset "$offset" \
      --watch "gateway=$SERVER_PID" --watch "primary=$PRIMARY_PID" --watch "replica=$REPLICA_PID"
    offset=$((offset + CONNECTIONS))
    stop_pid "$SERVER_PID"
  done
  stop_pid "$REPLICA_PID"
  stop_pid "$PRIMARY_PID"
fi

if wants capacity; then
  echo; echo "== registrations and Redis capacity"
  fresh_redis capacity
  create_contest cap "$CAP_PEOPLE" ky-1:10
  start_gateway capacity-1 --workers 1
  echo "-- one password worker (--workers 1)"
  "$LOADGEN" capacity --port "$PORT" --redis-port "$REDIS_PORT" --contest cap --round ky-1 --people "$REG_PEOPLE_1" \
    --entries-per-person 0
  stop_pid "$SERVER_PID"
  start_gateway capacity-2 --workers 2
  echo "-- two password workers (--workers 2)"
  "$LOADGEN" capacity --port "$PORT" --redis-port "$REDIS_PORT" --contest cap --round ky-1 --people "$CAP_PEOPLE" \
    --entries-per-person "$CAP_ENTRIES" --phone-offset 100000
  stop_pid "$SERVER_PID"
  stop_pid "$REDIS_PID"
fi

if wants publish; then
  echo; echo "== the publish rush"
  fresh_redis publish
  PER=$(( (PUBLISH_ENTRIES + PUBLISH_PEOPLE - 1) / PUBLISH_PEOPLE ))
  create_contest rush "$PUBLISH_PEOPLE" "ky-1:$PER"
  start_gateway publish
  echo "$ADMIN_PASSWORD" | "$LOADGEN" publish --port "$PORT" --redis-port "$REDIS_PORT" --contest rush --round ky-1 \
    --people "$PUBLISH_PEOPLE" --entries "$PUBLISH_ENTRIES" --user bench --watch "gateway=$SERVER_PID" \
    --watch "redis=$REDIS_PID"
  stop_pid "$SERVER_PID"
  stop_pid "$REDIS_PID"
fi

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "$WORK"/gateway-*.log; do
  [ -f "$f" ] || continue
  if grep -q '"level":"error"' "$f"; then
    echo "gateway errors logged in $(basename "$f"): $(grep -c '"level":"error"' "$f"); the first:"
    grep -m1 '"level":"error"' "$f"
  fi
done
