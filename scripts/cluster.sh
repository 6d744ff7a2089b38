#!/usr/bin/env bash
# The multi-machine shape of docs/deploy.md, started on this machine (on
# 127.0.0.1 only) until Ctrl-C: a Redis primary and its replica (AOF,
# appendfsync everysec), three Sentinels (master name "reformquiz", quorum 2)
# that promote the replica when the primary dies, GATEWAYS gateways that find
# the primary through the Sentinels, and nginx in front on
# http://localhost:8080, serving the pages itself and spreading /api/,
# /healthz, /metrics and the WebSocket /ws over the gateways. The demo contest
# and the organiser account "admin" are loaded as by scripts/run.sh.
#
#   GATEWAYS=5 scripts/cluster.sh       five gateways (default 3)
#   PORT=9000 scripts/cluster.sh        nginx on another port
#   TLS=1 scripts/cluster.sh            https on PORT with a self-signed certificate
#                                       (var/cluster/tls/), and plain HTTP on
#                                       HTTP_PORT (PORT+1) redirecting to it
#   scripts/cluster.sh status           what runs, from var/cluster/
#   scripts/cluster.sh stop             stops a cluster whose script was killed
#
# More: SENTINEL_DOWN_AFTER_MS (2000), SENTINEL_FAILOVER_TIMEOUT_MS (10000),
# GATEWAY_ARGS (more gateway flags), CLUSTER_REDIS_ARGS (more redis-server
# flags), CLUSTER_REDIS_URL (another URL for the gateways and the CLI;
# "primary" for redis://<primary>/0), CLUSTER_FRESH=1 (empty Redis),
# CLUSTER_SKIP_BUILD=1 (use the binaries in build/ as they are), CLUSTER_DIR
# (var/cluster). Redis keeps its data in var/cluster/redis-*/
# between runs. scripts/cluster_lib.sh has the functions that start, kill,
# freeze and restart each piece, for soak scripts.
set -euo pipefail
source "$(dirname "$0")/cluster_lib.sh"

case ${1:-} in
  "") ;;
  status)
    cluster_status
    exit 0
    ;;
  stop)
    cluster_stop_all
    exit 0
    ;;
  *)
    echo "usage: scripts/cluster.sh [status|stop]   (GATEWAYS=, PORT=, TLS=1: see the head of this script)" >&2
    exit 2
    ;;
esac

"$ROOT/scripts/setup.sh"
if [ "${CLUSTER_SKIP_BUILD:-0}" != 1 ]; then
  log "Building (Release)…"
  build reformquiz-server reformquiz
fi

ports=("$PORT")
if [ "$TLS" = 1 ]; then ports+=("$HTTP_PORT"); fi
for p in "${ports[@]}"; do
  if port_in_use "$p"; then
    log "Port $p is already in use. Stop what runs there or choose another: PORT=9000 scripts/cluster.sh"
    exit 1
  fi
done

# Before the trap below: stopping would stop the cluster that runs.
cluster_check_not_running || exit 1

stopping=0
sleeper=""
cleanup() {
  if [ "$stopping" = 1 ]; then return; fi
  stopping=1
  trap '' INT TERM HUP
  if [ -n "$sleeper" ]; then kill "$sleeper" 2>/dev/null || true; fi
  log ""
  log "Stopping the cluster…"
  cluster_stop_all
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

log "Starting Redis (primary and replica) and three Sentinels under $CLUSTER_DIR/…"
cluster_start_store || exit 1
REDIS_URL="$(cluster_redis_url)"
export REDIS_URL
export DEMO_PASSWORD_FILE="$CLUSTER_DIR/demo-admin-password"
"$ROOT/scripts/demo.sh"

log "Starting $GATEWAYS gateways and nginx…"
cluster_start_front || exit 1
cluster_print_summary

# Says so once when a piece ends without this script or cluster_lib.sh
# stopping it (the functions remove the pid file of what they stop or kill).
# Builtins only, no subshell: bash ignores a SIGINT sent to it alone (kill
# -INT, not Ctrl-C) while a foreground child runs, so the script should
# spend its time in `wait`.
reported=" "
while true; do
  sleep 2 &
  sleeper=$!
  wait "$sleeper" || true
  for f in "$CLUSTER_DIR"/*/pid; do
    pid=""
    if [ -f "$f" ]; then read -r pid <"$f" || true; fi
    if [ -n "$pid" ] && [[ $reported != *" $pid "* ]] && [ ! -d "/proc/$pid" ]; then
      piece=${f%/pid}
      log "cluster: ${piece##*/} (pid $pid) has ended; its log is in $piece/"
      reported+="$pid "
    fi
  done
done
