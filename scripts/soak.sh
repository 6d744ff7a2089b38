#!/usr/bin/env bash
# The chaos soak: SOAK_CONTESTANTS contestants (2000) enter a round through
# nginx and three gateways for SOAK_MINUTES (5) while, on a schedule, a
# gateway is killed with SIGKILL and restarted, the Redis primary is killed
# (Sentinel promotes the replica, the old primary comes back as its replica),
# the primary is frozen with SIGSTOP for 3 s, and nginx is restarted. Then it
# checks that nothing acknowledged was lost and prints a table:
#
#   - every answer a contestant got "answered" for (the last one per attempt
#     and question) and every "submitted" is in Redis (must be 0 missing);
#   - no attempt is left running after its deadline (abandoned entries are
#     the server's to expire; must be 0);
#   - `reformquiz results verify` of the round after close, finalize and
#     publish (must pass);
#   - each gateway's RSS at the start and the end;
#   - the time from each failure to the contestants' next acknowledged answer.
#
# Exits 1 when anything must-be-0 is not, or verify fails. The contestants
# behave as the page does (tests/load/loadgen_chaos.cpp): a request answered
# `unavailable` or lost with its connection is not acknowledged; the client
# reconnects through nginx with backoff, says hello with its token, resumes
# with attempt.start and sends it again. Some reload mid-entry, some change
# answers, some leave their entry to expire at the round's time limit.
#
# Its own cluster (scripts/cluster_lib.sh) in CLUSTER_DIR (var/soak/), on free
# ports, empty at the start, so a running scripts/cluster.sh is not touched;
# Redis with AOF, gateways with --redis-wait-replicas 1 (an acknowledged
# write is on the replica too, so a failover keeps it). Everything is stopped
# at the end, on Ctrl-C and on error.
#
#   scripts/soak.sh                                   the full soak (about 6 minutes)
#   SOAK_MINUTES=1 SOAK_CONTESTANTS=200 scripts/soak.sh   what CTest runs
#
# More: SOAK_QUESTIONS (20, or 10 under 3 minutes), SOAK_CYCLES (rounds of
# the four failures: one per 2.5 minutes, at least 1), SOAK_GATEWAY_ARGS (more
# gateway flags), SOAK_REDIS_ARGS (redis-server flags: --repl-diskless-sync-delay
# 0, see below), SOAK_GEN (the generator: build/tests/load/soakgen),
# CLUSTER_SKIP_BUILD=1 (use the binaries in BUILD_DIR as they are; no setup).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

MINUTES="${SOAK_MINUTES:-5}"
CONTESTANTS="${SOAK_CONTESTANTS:-2000}"
SECONDS_TOTAL=$((MINUTES * 60))
# Contestants arrive over ARRIVE (a share of the soak) and each entry takes
# about ENTRY from start to submit. A short soak keeps more of its time limit
# for the outages (a frozen primary costs writes ~15 s, see docs/deploy.md).
if [ "$MINUTES" -ge 3 ]; then
  QUESTIONS="${SOAK_QUESTIONS:-20}" ARRIVE=0.4 ENTRY=0.45
else
  QUESTIONS="${SOAK_QUESTIONS:-10}" ARRIVE=0.45 ENTRY=0.3
fi
CYCLES="${SOAK_CYCLES:-$(((MINUTES * 2 + 4) / 5))}"
if [ "$CYCLES" -lt 1 ]; then CYCLES=1; fi
# The time limit ends every entry within the soak: 60 % leaves a margin for
# the failures beyond ENTRY, and the abandoned entries expire near the end.
TIME_LIMIT_S=$((SECONDS_TOTAL * 6 / 10))
if [ "$TIME_LIMIT_S" -lt 30 ]; then TIME_LIMIT_S=30; fi
CONTEST=soak
ROUND=r1

# The cluster: its own folder and ports away from scripts/cluster.sh's
# (each piece still takes the first free port from its base).
export CLUSTER_DIR="${CLUSTER_DIR:-$ROOT/var/soak}"
export CLUSTER_FRESH=1
export CLUSTER_REDIS_BASE_PORT="${CLUSTER_REDIS_BASE_PORT:-6450}"
export CLUSTER_SENTINEL_BASE_PORT="${CLUSTER_SENTINEL_BASE_PORT:-26450}"
export CLUSTER_GATEWAY_BASE_PORT="${CLUSTER_GATEWAY_BASE_PORT:-8150}"
export GATEWAYS=3
export TLS=0
PORT="$(free_port_from "${SOAK_PORT:-8190}")"
export PORT
# Two connections in nginx per WebSocket, and reconnects overlapping.
export CLUSTER_NGINX_CONNECTIONS=$((CONTESTANTS * 3 + 1024))
# Every contestant here comes from 127.0.0.1, so the failed-login limit per
# address (50 in 15 minutes, each login counted as failed until its password
# matches) would lock out the honest logins that follow a lost `registered`
# reply when dozens come at once (after nginx restarts): lifted. People
# behind one office NAT meet the same limit; docs/deploy.md, chaos soak.
export GATEWAY_ARGS="--redis-wait-replicas 1 --login-limit-address 1000000 ${SOAK_GATEWAY_ARGS:-}"
# With --redis-wait-replicas 1 no write is acknowledged while the replica
# resynchronises, and a restarted replica always needs a full sync: Redis'
# default waits 5 s before starting one (for more replicas to join it), 5 s
# more without writes after every restart. SOAK_REDIS_ARGS= keeps the default.
export CLUSTER_REDIS_ARGS="${SOAK_REDIS_ARGS---repl-diskless-sync-delay 0}"
source "$ROOT/scripts/cluster_lib.sh"

CLI="$BUILD_DIR/server/cli/reformquiz"
SOAK_GEN="${SOAK_GEN:-$BUILD_DIR/tests/load/soakgen}"
if [ "${CLUSTER_SKIP_BUILD:-0}" != 1 ]; then
  "$ROOT/scripts/setup.sh"
  log "Building (Release)…"
  build reformquiz-server reformquiz soakgen
fi
for bin in "$GATEWAY_BIN" "$CLI" "$SOAK_GEN"; do
  if [ ! -x "$bin" ]; then
    log "soak: $bin is not built"
    exit 1
  fi
done

# Thousands of sockets: one descriptor each here, in nginx (two) and the gateways.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((CONTESTANTS * 2 + 1024)) ]; then
  log "soak: ulimit -n is $(ulimit -n), too few for $CONTESTANTS contestants"
  exit 1
fi

cluster_check_not_running || exit 1
WORK="$CLUSTER_DIR/run"
EVENTS="$WORK/events.tsv"
FAILURES="$WORK/failures.txt"
gen_pid=""
chaos_pid=""
stopping=0
cleanup() {
  if [ "$stopping" = 1 ]; then return; fi
  stopping=1
  trap '' INT TERM HUP
  for pid in "$chaos_pid" "$gen_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  log "soak: stopping the cluster…"
  cluster_stop_all
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

now_ms() { date +%s%3N; }

# ------------------------------------------------------------------ setup

log "soak: $CONTESTANTS contestants for $MINUTES min, $QUESTIONS questions, time limit ${TIME_LIMIT_S}s, $CYCLES round(s) of failures; cluster in $CLUSTER_DIR/, nginx on 127.0.0.1:$PORT"
cluster_start_store || exit 1
rm -rf "$WORK"
mkdir -p "$WORK"
REDIS_URL="$(cluster_redis_url)"
export REDIS_URL

"$CLI" bank import "$ROOT/question_banks/cchc-2021-2030.vi.json" --id cchc-2021-2030 >/dev/null
opens="$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)"
closes="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"
cat >"$WORK/contest.json" <<EOF
{"id": "$CONTEST", "title": "Chaos soak", "timezone": "Asia/Ho_Chi_Minh",
 "categories": [{"id": "cbccvc", "name": "Cán bộ, công chức, viên chức"}],
 "units": [{"id": "u1", "name": "Sở Nội vụ", "headcount": $CONTESTANTS}],
 "rounds": [{"id": "$ROUND", "title": "Kỳ thi thử", "opens_at": "$opens", "closes_at": "$closes",
   "bank": "cchc-2021-2030", "draw": {"count": $QUESTIONS}, "time_limit_s": $TIME_LIMIT_S, "attempts": 1,
   "prediction": {"prompt": "Bao nhiêu bài thi đúng tất cả?", "target": "perfect_entries"},
   "prizes": [{"category": "cbccvc", "tiers": [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2},
                                              {"name": "Giải Ba", "count": 3}]}]}]}
EOF
"$CLI" contest create "$WORK/contest.json" >/dev/null
ADMIN_PASSWORD="soak-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
echo "$ADMIN_PASSWORD" | "$CLI" admin add soak >/dev/null

cluster_start_front || exit 1
cluster_print_summary

rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status" 2>/dev/null || true; }
declare -A pid_start rss_start
for n in $(cluster_gateway_numbers); do
  pid_start[$n]=$(cluster_pid "gateway-$n")
  rss_start[$n]=$(rss_kb "${pid_start[$n]}")
done

# ------------------------------------------------------------------ the failures

# One line per failure as it begins ("<wall ms> <kind>"), for the recovery
# times: the generator's log has the same clock.
failure() { echo "$(now_ms) $1" >>"$FAILURES"; }

chaos_gateway() {
  local n=$1
  failure gateway_kill
  cluster_kill_gateway "$n"
  sleep 2
  cluster_restart_gateway "$n"
}
chaos_primary() {
  local n
  failure primary_kill
  n=$(cluster_kill_primary) || return 1
  cluster_wait_failover "$n" 30 || return 1
  cluster_restart_redis "$n"
}
chaos_freeze() {
  failure primary_freeze
  cluster_freeze_primary 3 >/dev/null
}
chaos_nginx() {
  failure nginx_restart
  cluster_restart_nginx
}

# 4 × CYCLES failures spread evenly from 8 % to 85 % of the soak, in the order
# gateway, primary, freeze, nginx; each waits for its time and for the one
# before to have finished (a failover takes seconds). Gateways in turn.
chaos_schedule() {
  local start=$1 count=$((4 * CYCLES)) i at now gw=1
  for i in $(seq 0 $((count - 1))); do
    at=$((start + SECONDS_TOTAL * 1000 * (8 + 77 * i / (count > 1 ? count - 1 : 1)) / 100))
    now=$(now_ms)
    if [ "$at" -gt "$now" ]; then sleep "$(awk "BEGIN {print ($at - $now) / 1000}")"; fi
    case $((i % 4)) in
      0)
        chaos_gateway "$gw" || log "soak: the gateway failure did not complete"
        gw=$((gw % GATEWAYS + 1))
        ;;
      1) chaos_primary || log "soak: the primary's failover did not complete" ;;
      2) chaos_freeze || log "soak: the freeze did not complete" ;;
      3) chaos_nginx || log "soak: nginx did not come back" ;;
    esac
  done
}

# ------------------------------------------------------------------ the load

: >"$FAILURES"
started=$(now_ms)
"$SOAK_GEN" chaos --port "$PORT" --contest "$CONTEST" --round "$ROUND" --contestants "$CONTESTANTS" \
  --seconds "$SECONDS_TOTAL" --arrive-share "$ARRIVE" --entry-share "$ENTRY" --log "$EVENTS" &
gen_pid=$!
chaos_schedule "$started" &
chaos_pid=$!
gen_status=0
wait "$gen_pid" || gen_status=$?
gen_pid=""
wait "$chaos_pid" || true
chaos_pid=""
if [ "$gen_status" != 0 ]; then
  log "soak: the generator failed ($gen_status)"
  exit 1
fi

declare -A pid_end rss_end
for n in $(cluster_gateway_numbers); do
  pid_end[$n]=$(cluster_pid "gateway-$n")
  rss_end[$n]=$(rss_kb "${pid_end[$n]:-0}")
done

# ------------------------------------------------------------------ the checks

status=0
primary_port=$(cluster_master_addr | cut -d' ' -f2) || true
"$SOAK_GEN" chaos-check --log "$EVENTS" --failures "$FAILURES" --redis-port "${primary_port:-0}" \
  --contest "$CONTEST" --round "$ROUND" || status=1

# The organiser closes, finalizes and publishes through nginx, then the
# round is verified from what Redis holds.
api() {
  local method=$1 path=$2 body=${3:-} code _
  for _ in $(seq 1 20); do
    code=$(curl -sS -o "$WORK/api.out" -w '%{http_code}' -X "$method" ${body:+-H 'Content-Type: application/json'} \
      ${ADMIN_TOKEN:+-H "Authorization: Bearer $ADMIN_TOKEN"} --data "$body" --max-time 60 \
      "http://127.0.0.1:$PORT$path" 2>/dev/null || echo 000)
    if [ "$code" != 503 ] && [ "$code" != 502 ] && [ "$code" != 000 ]; then break; fi
    sleep 0.5
  done
  echo "$code"
}
ADMIN_TOKEN=""
verify="failed"
if [ "$(api POST /api/admin/login "{\"username\":\"soak\",\"password\":\"$ADMIN_PASSWORD\"}")" = 200 ]; then
  ADMIN_TOKEN=$(sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p' "$WORK/api.out")
  base="/api/admin/contests/$CONTEST/rounds/$ROUND"
  for step in close finalize publish; do
    code=$(api POST "$base/$step")
    if [ "$code" != 200 ]; then
      verify="$step answered $code: $(head -c 300 "$WORK/api.out")"
      break
    fi
  done
  if [ "$code" = 200 ]; then
    if out=$("$CLI" results verify "$CONTEST" "$ROUND" 2>&1); then verify="passes: $out"; else verify="FAILS: $out"; fi
  fi
else
  verify="organiser login failed: $(head -c 300 "$WORK/api.out")"
fi
if [[ $verify != passes:* ]]; then status=1; fi

row() { printf '  %-58s %s\n' "$1" "$2"; }
echo
echo "chaos soak: the round, the gateways"
row "results verify $CONTEST $ROUND (after close, finalize, publish)" "$verify"
for n in $(cluster_gateway_numbers); do
  note=""
  if [ "${pid_start[$n]}" != "${pid_end[$n]:-}" ]; then note=" (restarted: pid ${pid_start[$n]} → ${pid_end[$n]:-none})"; fi
  row "gateway $n RSS at the start → the end" "$((${rss_start[$n]:-0} / 1024)) MiB → $((${rss_end[$n]:-0} / 1024)) MiB$note"
done
row "failures caused" "$(awk '{print $2}' "$FAILURES" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')"
row "soak took" "$((($(now_ms) - started) / 1000)) s; event log $EVENTS"
if grep -q '"level":"error"' "$CLUSTER_DIR"/gateway-*/gateway.log 2>/dev/null; then
  row "gateway errors logged" "$(cat "$CLUSTER_DIR"/gateway-*/gateway.log | grep -c '"level":"error"'); the first: $(grep -h -m1 '"level":"error"' "$CLUSTER_DIR"/gateway-*/gateway.log | head -1 | cut -c1-200)"
fi
echo
if [ "$status" = 0 ]; then log "soak: passed"; else log "soak: FAILED (see above)"; fi
exit "$status"
