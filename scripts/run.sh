#!/usr/bin/env bash
# Installs what is missing, builds, starts a private Redis and the gateway
# with the sample contest, and serves http://localhost:8080 (PORT changes it)
# until Ctrl-C, which stops both cleanly.
#
# The sample: the shipped bank, a demo contest (two categories, a few units
# with headcounts, a first round open from its creation for 7 days with 10
# questions in 10 minutes, two attempts, the prediction on), and an organiser
# account "admin" whose new password is printed at every start. The private
# Redis keeps its data in var/redis/ between runs; delete that folder to
# start afresh (the demo round then opens again from now).
#
#   PORT=9000 scripts/run.sh            another port
#   REDIS_URL=redis://host:6379/0 ...   use that Redis instead of a private one
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
log "Building (Release)…"
build reformquiz-server reformquiz

PORT="${PORT:-8080}"
if port_in_use "$PORT"; then
  log "Port $PORT is already in use. Stop what runs there or choose another: PORT=9000 scripts/run.sh"
  exit 1
fi

REDIS_PID=""
SERVER_PID=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$REDIS_PID" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
    # SIGTERM makes Redis flush its AOF before it exits.
    kill -TERM "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
  fi
  log "Stopped."
}
trap cleanup EXIT INT TERM

if [ -z "${REDIS_URL:-}" ]; then
  REDIS_PORT="$(free_port_from 6390)"
  log "Starting a private Redis on 127.0.0.1:$REDIS_PORT (data in var/redis/)…"
  start_private_redis "$REDIS_PORT" "$ROOT/var/redis"
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
fi
export REDIS_URL

"$ROOT/scripts/demo.sh"

"$BUILD_DIR/server/app/reformquiz-server" \
  --listen "${REFORMQUIZ_LISTEN:-127.0.0.1:$PORT}" \
  --web "${REFORMQUIZ_WEB:-$ROOT/web}" &
SERVER_PID=$!

for _ in $(seq 1 100); do
  if port_in_use "$PORT"; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "reformquiz-server did not start (see the messages above)."
    exit 1
  fi
  sleep 0.1
done

log ""
log "  reformquiz is running at http://localhost:$PORT/"
log "  Redis: $REDIS_URL    Press Ctrl-C to stop."
log "  Organiser account: admin / $(cat "$ROOT/var/demo-admin-password")   (demo contest: demo-cchc)"
log ""
wait "$SERVER_PID"
