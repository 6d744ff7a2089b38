#!/usr/bin/env bash
# Builds and runs the benchmarks, printing their figures. Not a pass/fail
# gate: compare the figures with the aims in the issues and docs.
#
# 1. CPU benchmarks of the core: bank import, and finalize's pure part over
#    100,000 entries (tests/load/bench_finalize).
# 2. The answer path end to end: a private Redis on a free port (data in a
#    temporary folder), the shipped bank, a contest made here, the gateway,
#    and tests/load/loadgen with BENCH_CONNECTIONS contestants (2000) who
#    register, start an attempt and answer, every reply timed, in two runs of
#    BENCH_SECONDS (20): a closed loop (each connection keeps BENCH_INFLIGHT
#    answers outstanding: the most the gateway takes, with queueing in the
#    reply times), then paced at BENCH_RATE answers/s (20000) in total.
#    Aim: ≥ 20,000 answers/s from 2,000 connections with p99 ≤ 25 ms.
# 3. Finalize over the organiser API: round ky-1 (one entry per contestant)
#    and round ky-2, filled after the load with BENCH_FINALIZE_ENTRIES entries
#    (default: 2 per contestant; at most 10, the most a round allows, so
#    100,000 entries need BENCH_CONNECTIONS=10000, whose registration alone
#    takes minutes of scrypt). Aim: 100,000 entries in ≤ 2 s; the pure core
#    part over 100,000 entries is bench_finalize in step 1.
#
#   BENCH_CONNECTIONS=500 BENCH_SECONDS=10 scripts/bench.sh
#   BENCH_RATE=10000 …      the paced run's total rate
#   BENCH_INFLIGHT=2 …      answers outstanding per connection in the closed loop (1)
#   BENCH_SKIP_LOAD=1 …     only the CPU benchmarks
# Everything listens on 127.0.0.1 only and is stopped at the end.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CONNECTIONS="${BENCH_CONNECTIONS:-2000}"
SECONDS_MEASURED="${BENCH_SECONDS:-20}"
INFLIGHT="${BENCH_INFLIGHT:-1}"
RATE="${BENCH_RATE:-20000}"
MAX_ENTRIES=$((CONNECTIONS * 10))
ENTRIES="${BENCH_FINALIZE_ENTRIES:-$((CONNECTIONS * 2))}"
if [ "$ENTRIES" -gt "$MAX_ENTRIES" ]; then
  log "BENCH_FINALIZE_ENTRIES=$ENTRIES is more than 10 per contestant; using $MAX_ENTRIES"
  ENTRIES=$MAX_ENTRIES
fi

"$ROOT/scripts/setup.sh"
build bench_bank_import bench_finalize reformquiz-server reformquiz loadgen
"$BUILD_DIR/tests/load/bench_bank_import"
"$BUILD_DIR/tests/load/bench_finalize"
if [ -n "${BENCH_SKIP_LOAD:-}" ]; then exit 0; fi

CLI="$BUILD_DIR/server/cli/reformquiz"
SERVER="$BUILD_DIR/server/app/reformquiz-server"
LOADGEN="$BUILD_DIR/tests/load/loadgen"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/reformquiz-bench.XXXXXX")"
REDIS_PID=""
SERVER_PID=""
cleanup() {
  trap - EXIT INT TERM
  for pid in "$SERVER_PID" "$REDIS_PID"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      # Bounded: the gateway's grace is 5 s; then it is killed.
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# Two cores or so: thousands of sockets need descriptors (one each here, and
# one each in the gateway).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((CONNECTIONS + 200)) ]; then
  log "ulimit -n is $(ulimit -n): too few descriptors for $CONNECTIONS connections; set BENCH_CONNECTIONS lower"
  exit 1
fi

REDIS_PORT="$(free_port_from 6500)"
start_private_redis "$REDIS_PORT" "$WORK/redis"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

# The organiser-free setup: the shipped bank, an organiser account for
# finalize, and a contest whose rounds opened an hour ago for a day.
"$CLI" --redis "$REDIS_URL" bank import "$ROOT/question_banks/cchc-2021-2030.vi.json" --id cchc-2021-2030 >/dev/null
ADMIN_PASSWORD="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
echo "$ADMIN_PASSWORD" | "$CLI" --redis "$REDIS_URL" admin add bench >/dev/null
OPENS="$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)"
CLOSES="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"
round() {  # id, attempts
  cat <<EOF
{"id": "$1", "title": "$1", "opens_at": "$OPENS", "closes_at": "$CLOSES", "bank": "cchc-2021-2030",
 "draw": {"count": 20}, "time_limit_s": 3600, "attempts": $2,
 "prediction": {"prompt": "Bao nhiêu bài thi đúng tất cả?", "target": "perfect_entries"},
 "prizes": [{"category": "cbccvc", "tiers": [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2},
                                             {"name": "Giải Ba", "count": 3}, {"name": "Khuyến khích", "count": 10}]}]}
EOF
}
cat >"$WORK/contest.json" <<EOF
{"id": "bench", "title": "Benchmark", "timezone": "Asia/Ho_Chi_Minh",
 "categories": [{"id": "cbccvc", "name": "Cán bộ, công chức, viên chức"}],
 "units": [{"id": "u1", "name": "Sở Nội vụ", "headcount": $CONNECTIONS}],
 "rounds": [$(round ky-1 1), $(round ky-2 10)]}
EOF
"$CLI" --redis "$REDIS_URL" contest create "$WORK/contest.json"

"$SERVER" --listen 127.0.0.1:0 --redis "$REDIS_URL" --web "$ROOT/web" 2>"$WORK/gateway.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT="$(grep -m1 '"msg":"listening"' "$WORK/gateway.log" | sed -n 's/.*"port":\([0-9]*\).*/\1/p' || true)"
  if [ -n "$PORT" ]; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$PORT" ]; then
  log "reformquiz-server did not start:"
  cat "$WORK/gateway.log" >&2
  exit 1
fi
for _ in $(seq 1 100); do  # until the gateway has Redis
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3 && head -1 <&3 | grep -q ' 200') 2>/dev/null; then break; fi
  sleep 0.1
done

echo
echo "machine: $(nproc) cores; load average before the load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$LOADGEN" answers --port "$PORT" --contest bench --round ky-1 --connections "$CONNECTIONS" \
  --seconds "$SECONDS_MEASURED" --inflight "$INFLIGHT" --rates "0,$RATE" \
  --entries-round ky-2 --entries "$ENTRIES" \
  --watch "gateway=$SERVER_PID" --watch "redis=$REDIS_PID"
echo "$ADMIN_PASSWORD" | "$LOADGEN" finalize --port "$PORT" --contest bench --round ky-1 --round ky-2 --user bench \
  --timeout 90 || echo "(finalize did not complete: see above)"
# Where finalize spent its time, from the gateway's own log line.
echo "finalize steps (ms since the request: entries read, people read, computed, saved):"
grep '"msg":"round finalized"' "$WORK/gateway.log" | while read -r line; do
  echo "  $(grep -o '"round":"[^"]*"' <<<"$line") $(grep -o '"entries":[0-9]*' <<<"$line") $(grep -o '"ms":{[^}]*}' <<<"$line")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "redis: $(redis-cli -p "$REDIS_PORT" info memory | grep -m1 '^used_memory_human' | tr -d '\r')"
if grep -q '"level":"error"' "$WORK/gateway.log"; then
  echo "gateway errors logged: $(grep -c '"level":"error"' "$WORK/gateway.log"); the first:"
  grep -m1 '"level":"error"' "$WORK/gateway.log"
fi
