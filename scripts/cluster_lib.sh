# The multi-machine shape on one machine, piece by piece: a Redis primary and
# a replica, three Sentinels, GATEWAYS gateways and nginx in front, all on
# 127.0.0.1. Sourced, not run: by scripts/cluster.sh, and by soak scripts
# that kill, freeze and restart single pieces while the rest runs.
#
# Every piece has a folder under $CLUSTER_DIR (var/cluster/ by default) with
# its configuration, its log and three small files: "port", "pid" and "cmd"
# (the command line, NUL separated, so a restart runs exactly the same). The
# functions read those files back rather than shell variables, so a script in
# another shell can act on a cluster that scripts/cluster.sh started: source
# this file with the same CLUSTER_DIR.
#
# Pieces: redis-1 and redis-2 (which of them is the primary changes with every
# failover: ask cluster_master_index), sentinel-1..3, gateway-1..N, nginx.
#
#   source scripts/cluster_lib.sh
#   trap cluster_stop_all EXIT
#   cluster_start_store; cluster_start_front; cluster_print_summary
#   cluster_kill_gateway 2; cluster_restart_gateway 2
#   n=$(cluster_kill_primary); cluster_wait_failover; cluster_restart_redis "$n"
#   cluster_freeze_primary 5
#
# Functions log to stderr and print only results (an instance number) on stdout.
# They return non-zero on failure and never exit, so they work under set -e.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER_DIR="${CLUSTER_DIR:-$ROOT/var/cluster}"
CLUSTER_MASTER_NAME="${CLUSTER_MASTER_NAME:-reformquiz}"
SENTINEL_QUORUM="${SENTINEL_QUORUM:-2}"
SENTINEL_DOWN_AFTER_MS="${SENTINEL_DOWN_AFTER_MS:-2000}"
SENTINEL_FAILOVER_TIMEOUT_MS="${SENTINEL_FAILOVER_TIMEOUT_MS:-10000}"
GATEWAYS="${GATEWAYS:-3}"
PORT="${PORT:-8080}"
TLS="${TLS:-0}"
HTTP_PORT="${HTTP_PORT:-$((PORT + 1))}"  # with TLS=1: plain HTTP here redirects to https
GATEWAY_ARGS="${GATEWAY_ARGS:-}"         # more flags for every gateway, split on spaces
CLUSTER_REDIS_ARGS="${CLUSTER_REDIS_ARGS:-}"  # more flags for both Redis instances, split on spaces
CLUSTER_WEB="${REFORMQUIZ_WEB:-$ROOT/web}"
CLUSTER_REDIS_BASE_PORT="${CLUSTER_REDIS_BASE_PORT:-6400}"
CLUSTER_SENTINEL_BASE_PORT="${CLUSTER_SENTINEL_BASE_PORT:-26400}"
CLUSTER_GATEWAY_BASE_PORT="${CLUSTER_GATEWAY_BASE_PORT:-8100}"
CLUSTER_NGINX_WORKERS="${CLUSTER_NGINX_WORKERS:-1}"
CLUSTER_NGINX_CONNECTIONS="${CLUSTER_NGINX_CONNECTIONS:-4096}"
CLUSTER_NGINX_FAIL_TIMEOUT="${CLUSTER_NGINX_FAIL_TIMEOUT:-5s}"
GATEWAY_BIN="${GATEWAY_BIN:-$BUILD_DIR/server/app/reformquiz-server}"
# Ports handed out by this shell and not listening yet, so two pieces started
# one after the other never get the same one; nginx's ports are kept free.
CLUSTER_TAKEN=" $PORT "
if [ "$TLS" = 1 ]; then CLUSTER_TAKEN+="$HTTP_PORT "; fi

# ---------------------------------------------------------------- state files

# The value of a piece's state file ($1 piece, $2 name), or nothing.
# Always succeeds, so `x=$(_cluster_get …)` is safe under set -e.
_cluster_get() {
  local f="$CLUSTER_DIR/$1/$2"
  if [ -s "$f" ]; then cat "$f"; fi
  return 0
}
_cluster_set() { mkdir -p "$CLUSTER_DIR/$1" && printf '%s\n' "$3" >"$CLUSTER_DIR/$1/$2"; }
cluster_port() { _cluster_get "$1" port; }

# True when process $1 exists and is not a zombie (kill -0 alone says yes to
# a zombie, which a killed child is until someone reaps it).
_cluster_alive() {
  local pid=$1 state
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1 || true)
  [ -n "$state" ] && [ "$state" != Z ]
}

# The pid of a piece while it runs, else nothing. The process must also look
# like the piece, so a pid file left by an earlier run whose number now
# belongs to something else is never signalled.
cluster_pid() {
  local piece=$1 pid want cmdline
  pid=$(_cluster_get "$piece" pid)
  _cluster_alive "$pid" || return 0
  case $piece in
    redis-* | sentinel-*) want=redis ;;
    gateway-*) want=reformquiz-server ;;
    nginx) want=nginx ;;
    *) want= ;;
  esac
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 0
  if [[ $cmdline == *"$want"* ]]; then echo "$pid"; fi
  return 0
}

# Every piece with a folder, in the order they start.
cluster_pieces() {
  local d n
  for d in redis-1 redis-2 sentinel-1 sentinel-2 sentinel-3; do
    if [ -d "$CLUSTER_DIR/$d" ]; then echo "$d"; fi
  done
  for n in $(cluster_gateway_numbers); do echo "gateway-$n"; done
  if [ -d "$CLUSTER_DIR/nginx" ]; then echo nginx; fi
  return 0
}

# The numbers of the gateways that have a folder, ascending.
cluster_gateway_numbers() {
  local d
  for d in "$CLUSTER_DIR"/gateway-*; do
    if [ -d "$d" ]; then echo "${d##*-}"; fi
  done | sort -n
}

# --------------------------------------------------------------- processes

# Sets CLUSTER_PORT to the first free port at or after $1 that this shell has
# not handed out yet (free_port_from alone would give two pieces started one
# after the other the same port).
_cluster_pick_port() {
  local p=$1
  while port_in_use "$p" || [[ $CLUSTER_TAKEN == *" $p "* ]]; do p=$((p + 1)); done
  CLUSTER_TAKEN+="$p "
  CLUSTER_PORT=$p
}

# Starts a piece ($1) in the background with its output appended to $2:
# the command is the rest. It gets a session of its own, so Ctrl-C in the
# terminal reaches only the script, which then stops the pieces in order
# (every piece here would otherwise shut down on the same SIGINT at once).
# The pid is written from inside, before exec, because setsid forks when its
# caller leads a process group and $! would then be setsid's.
_cluster_spawn() {
  local piece=$1 logfile=$2 dir="$CLUSTER_DIR/$1"
  shift 2
  mkdir -p "$dir"
  rm -f "$dir/pid"
  printf '%s\0' "$logfile" "$@" >"$dir/cmd"
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$dir/pid" "$@" </dev/null >>"$logfile" 2>&1 &
  # Out of the job table: a piece killed on purpose is no "Killed" message
  # from bash (the script notices pieces that end by themselves).
  disown $!
  local _
  for _ in $(seq 1 100); do
    if [ -s "$dir/pid" ]; then return 0; fi
    sleep 0.02
  done
  log "cluster: $piece did not start"
  return 1
}

# Starts a piece again with the command it was last started with.
_cluster_respawn() {
  local piece=$1 args=()
  mapfile -d '' args <"$CLUSTER_DIR/$piece/cmd"
  _cluster_spawn "$piece" "${args[@]}"
}

# Waits up to $2 seconds (default 10) until the piece ($1) listens on its port.
# Fails, with the end of its log, when it exits first.
_cluster_wait_listening() {
  local piece=$1 limit=${2:-10} port pid _
  port=$(cluster_port "$piece")
  for _ in $(seq 1 $((limit * 10))); do
    if port_in_use "$port"; then return 0; fi
    pid=$(cluster_pid "$piece")
    if [ -z "$pid" ]; then break; fi
    sleep 0.1
  done
  log "cluster: $piece did not come up on 127.0.0.1:$port; the end of its log:"
  _cluster_log_tail "$piece"
  return 1
}

_cluster_log_tail() {
  local logfile
  logfile=$(head -zn1 "$CLUSTER_DIR/$1/cmd" 2>/dev/null | tr -d '\0' || true)
  if [ -n "$logfile" ]; then tail -n 15 "$logfile" >&2 || true; fi
}

# Signals every listed piece that runs ($1 signal, $2 seconds to wait, then
# the pieces) and waits for all of them together; what is still there after
# the wait gets SIGKILL. A frozen process (SIGSTOP) would never handle the
# signal, so each first gets SIGCONT. Counts into CLUSTER_STOPPED and
# CLUSTER_FORCED for the summary line.
_cluster_signal_and_wait() {
  local sig=$1 limit=$2 piece pid left _
  shift 2
  local pids=()
  for piece in "$@"; do
    pid=$(cluster_pid "$piece")
    rm -f "$CLUSTER_DIR/$piece/pid"
    if [ -z "$pid" ]; then continue; fi
    kill -CONT "$pid" 2>/dev/null || true
    kill "-$sig" "$pid" 2>/dev/null || true
    pids+=("$pid")
  done
  for _ in $(seq 1 $((limit * 10))); do
    left=0
    for pid in "${pids[@]}"; do if _cluster_alive "$pid"; then left=1; fi; done
    if [ "$left" = 0 ]; then break; fi
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if _cluster_alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      CLUSTER_FORCED=$((${CLUSTER_FORCED:-0} + 1))
    fi
    # Reaps it when it is this shell's child; a no-op otherwise.
    wait "$pid" 2>/dev/null || true
  done
  CLUSTER_STOPPED=$((${CLUSTER_STOPPED:-0} + ${#pids[@]}))
  return 0
}

# kill -9 of one piece ($1), as a crash would; waits until it is gone.
cluster_kill() {
  local piece=$1 pid _
  pid=$(cluster_pid "$piece")
  if [ -z "$pid" ]; then
    log "cluster: $piece is not running"
    return 1
  fi
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    if ! _cluster_alive "$pid"; then break; fi
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
  rm -f "$CLUSTER_DIR/$piece/pid"
  log "cluster: killed $piece (pid $pid) with SIGKILL"
}

# Stops one piece ($1) the way an operator would (SIGTERM), up to $2 seconds.
cluster_stop() { _cluster_signal_and_wait TERM "${2:-10}" "$1"; }

# SIGSTOP for $2 seconds, then SIGCONT: a process that hangs (a long fork, a
# swapped-out machine, a VM pause) without its sockets closing.
cluster_freeze() {
  local piece=$1 seconds=$2 pid
  pid=$(cluster_pid "$piece")
  if [ -z "$pid" ]; then
    log "cluster: $piece is not running"
    return 1
  fi
  kill -STOP "$pid" || return 1
  log "cluster: froze $piece (pid $pid) for ${seconds}s"
  sleep "$seconds"
  kill -CONT "$pid" 2>/dev/null || true
  log "cluster: $piece (pid $pid) runs again"
}

# redis-cli against 127.0.0.1:$1 that gives up after 2 s: a frozen server
# would otherwise hang the caller.
_cluster_cli() {
  local port=$1
  shift
  timeout 2 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>/dev/null
}

# ---------------------------------------------------------------- Redis

# Starts Redis instance $1 (1 or 2) on port $2 with the flags of every private
# Redis (lib.sh: AOF, appendfsync everysec) and the rest of the arguments
# (--replicaof HOST PORT, or --replicaof no one). It reads its own config
# file first, empty at the cluster's start: Sentinel sends CONFIG REWRITE
# after it changes an instance's role, which needs a writable file.
_cluster_start_redis() {
  local n=$1 port=$2 dir="$CLUSTER_DIR/redis-$1" extra=()
  shift 2
  mkdir -p "$dir"
  if [ ! -f "$dir/redis.conf" ]; then : >"$dir/redis.conf"; fi
  private_redis_args "$port" "$dir"
  read -r -a extra <<<"$CLUSTER_REDIS_ARGS"
  _cluster_set "redis-$n" port "$port"
  _cluster_spawn "redis-$n" "$dir/redis.log" redis-server "$dir/redis.conf" "${REDIS_ARGS[@]}" "${extra[@]}" "$@" || return 1
  if ! wait_redis_up "$port" "$(_cluster_get "redis-$n" pid)"; then
    log "cluster: redis-$n did not start on 127.0.0.1:$port; the end of $dir/redis.log:"
    tail -n 15 "$dir/redis.log" >&2 || true
    return 1
  fi
}

# The instance (1 or 2) that was the primary when the cluster last stopped,
# so its data is the one kept; 1 at the first start.
_cluster_primary_at_start() {
  local n
  n=$(cat "$CLUSTER_DIR/primary" 2>/dev/null || true)
  if [ "$n" = 2 ]; then echo 2; else echo 1; fi
}

# Starts the primary: the instance that was primary last time, with its data.
cluster_start_redis_primary() {
  local n
  n=$(_cluster_primary_at_start)
  _cluster_pick_port "$CLUSTER_REDIS_BASE_PORT"
  _cluster_start_redis "$n" "$CLUSTER_PORT" --replicaof no one || return 1
  log "cluster: redis-$n is the primary on 127.0.0.1:$CLUSTER_PORT"
}

# Starts the other instance as the primary's replica and waits until its
# first sync is done: a failover before that would promote an empty replica.
cluster_start_replica() {
  local p r pport
  p=$(_cluster_primary_at_start)
  r=$((3 - p))
  pport=$(cluster_port "redis-$p")
  _cluster_pick_port $((pport + 1))
  _cluster_start_redis "$r" "$CLUSTER_PORT" --replicaof 127.0.0.1 "$pport" || return 1
  cluster_wait_replica_synced "$r" 30 || return 1
  log "cluster: redis-$r is its replica on 127.0.0.1:$CLUSTER_PORT"
}

# Waits up to $2 seconds until instance $1 is a replica whose link to its
# primary is up.
cluster_wait_replica_synced() {
  local n=$1 limit=${2:-30} port info _
  port=$(cluster_port "redis-$n")
  for _ in $(seq 1 $((limit * 10))); do
    info=$(_cluster_cli "$port" INFO replication || true)
    if [[ $info == *master_link_status:up* ]]; then return 0; fi
    sleep 0.1
  done
  log "cluster: redis-$n (127.0.0.1:$port) has not synced with its primary after ${limit}s"
  return 1
}

# The role ("master", "slave") instance $1 reports itself, or nothing.
cluster_redis_role() {
  local port out=""
  port=$(cluster_port "redis-$1")
  if [ -n "$port" ]; then out=$(_cluster_cli "$port" ROLE || true); fi
  echo "${out%%$'\n'*}"
}

# ---------------------------------------------------------------- Sentinel

# Writes sentinel-$1's configuration: port $2, watching the primary on
# 127.0.0.1:$3. Sentinel rewrites this file as it learns (replicas, the other
# Sentinels, each failover's new primary), so it is its own, writable, and
# written afresh at every start of the cluster.
_cluster_sentinel_conf() {
  local n=$1 port=$2 pport=$3 dir="$CLUSTER_DIR/sentinel-$1"
  mkdir -p "$dir"
  cat >"$dir/sentinel.conf" <<EOF
# Written by scripts/cluster_lib.sh; Sentinel rewrites it as it runs.
port $port
bind 127.0.0.1
daemonize no
dir $dir
logfile $dir/sentinel.log
sentinel resolve-hostnames no
sentinel monitor $CLUSTER_MASTER_NAME 127.0.0.1 $pport $SENTINEL_QUORUM
sentinel down-after-milliseconds $CLUSTER_MASTER_NAME $SENTINEL_DOWN_AFTER_MS
sentinel failover-timeout $CLUSTER_MASTER_NAME $SENTINEL_FAILOVER_TIMEOUT_MS
sentinel parallel-syncs $CLUSTER_MASTER_NAME 1
EOF
  _cluster_set "sentinel-$n" port "$port"
}

# Starts sentinel-$1 with its configuration file (Debian's redis-sentinel,
# or redis-server --sentinel where that package is missing).
_cluster_start_sentinel() {
  local n=$1 dir="$CLUSTER_DIR/sentinel-$1" cmd
  if command -v redis-sentinel >/dev/null 2>&1; then cmd=(redis-sentinel "$dir/sentinel.conf")
  else cmd=(redis-server "$dir/sentinel.conf" --sentinel); fi
  _cluster_spawn "sentinel-$n" "$dir/sentinel.log" "${cmd[@]}" || return 1
  _cluster_wait_listening "sentinel-$n"
}

# Starts three Sentinels watching the current primary, and waits until they
# could fail over: each knows the replica and the two others, and the quorum
# can be reached (SENTINEL CKQUORUM).
cluster_start_sentinels() {
  local pport base=$CLUSTER_SENTINEL_BASE_PORT n
  pport=$(cluster_port "redis-$(_cluster_primary_at_start)")
  for n in 1 2 3; do
    _cluster_pick_port "$base"
    base=$((CLUSTER_PORT + 1))
    _cluster_sentinel_conf "$n" "$CLUSTER_PORT" "$pport"
    _cluster_start_sentinel "$n" || return 1
  done
  cluster_wait_sentinels_ready 30
}

# A field ($2) of SENTINEL MASTER as Sentinel $1 (a port) reports it.
_cluster_sentinel_field() {
  { _cluster_cli "$1" SENTINEL MASTER "$CLUSTER_MASTER_NAME" || true; } | awk -v k="$2" 'prev == k { print; exit } { prev = $0 }'
}

# Waits up to $1 seconds until every running Sentinel sees a replica and the
# two other Sentinels, and agrees the quorum is reachable.
cluster_wait_sentinels_ready() {
  local limit=${1:-30} n port ok replicas others quorum _
  for _ in $(seq 1 $((limit * 5))); do
    ok=1
    for n in 1 2 3; do
      if [ -z "$(cluster_pid "sentinel-$n")" ]; then continue; fi
      port=$(cluster_port "sentinel-$n")
      replicas=$(_cluster_sentinel_field "$port" num-slaves)
      others=$(_cluster_sentinel_field "$port" num-other-sentinels)
      quorum=$(_cluster_cli "$port" SENTINEL CKQUORUM "$CLUSTER_MASTER_NAME" || true)
      if [[ $quorum != OK* ]] || [ "${replicas:-0}" -lt 1 ] || [ "${others:-0}" -lt 2 ]; then
        ok=0
      fi
    done
    if [ "$ok" = 1 ]; then return 0; fi
    sleep 0.2
  done
  log "cluster: the Sentinels do not all see the replica and each other after ${limit}s; see $CLUSTER_DIR/sentinel-*/sentinel.log"
  return 1
}

# "HOST PORT" of the primary as the first Sentinel that answers names it.
cluster_master_addr() {
  local n port out
  for n in 1 2 3; do
    port=$(cluster_port "sentinel-$n")
    if [ -z "$port" ]; then continue; fi
    out=$(_cluster_cli "$port" SENTINEL get-master-addr-by-name "$CLUSTER_MASTER_NAME" | paste -sd' ' || true)
    if [[ $out =~ ^[0-9.]+\ [0-9]+$ ]]; then
      echo "$out"
      return 0
    fi
  done
  return 1
}

# The instance (1 or 2) the Sentinels name primary.
cluster_master_index() {
  local addr n
  addr=$(cluster_master_addr) || return 1
  for n in 1 2; do
    if [ "$(cluster_port "redis-$n")" = "${addr#* }" ]; then
      echo "$n"
      return 0
    fi
  done
  return 1
}

# Waits up to $2 seconds (default 30) until the Sentinels name a primary other
# than instance $1 and that instance says it is one: a failover is complete.
cluster_wait_failover() {
  local old=$1 limit=${2:-30} n _
  for _ in $(seq 1 $((limit * 5))); do
    n=$(cluster_master_index || true)
    if [ -n "$n" ] && [ "$n" != "$old" ] && [ "$(cluster_redis_role "$n")" = master ]; then
      log "cluster: failover done, redis-$n (127.0.0.1:$(cluster_port "redis-$n")) is the primary"
      return 0
    fi
    sleep 0.2
  done
  log "cluster: no failover away from redis-$old within ${limit}s"
  return 1
}

# kill -9 of whichever instance the Sentinels name primary; prints its number
# for cluster_restart_redis.
cluster_kill_primary() {
  local n
  n=$(cluster_master_index) || {
    log "cluster: no Sentinel names a primary"
    return 1
  }
  cluster_kill "redis-$n" || return 1
  echo "$n"
}

# Freezes the primary for $1 seconds (longer than SENTINEL_DOWN_AFTER_MS and
# the Sentinels fail over while it is stopped; when it runs again it is a
# stale primary, and the Sentinels turn it into a replica). Prints its number.
cluster_freeze_primary() {
  local n
  n=$(cluster_master_index) || {
    log "cluster: no Sentinel names a primary"
    return 1
  }
  cluster_freeze "redis-$n" "$1" || return 1
  echo "$n"
}

# Starts a stopped or killed instance ($1) again on its old port with its own
# data and config, as a replica of the primary the Sentinels name now (they
# would reconfigure it anyway, but until then it would be a second primary).
# When they still name it primary (back before down-after-milliseconds), it
# comes back as the primary it was.
cluster_restart_redis() {
  local n=$1 port addr
  port=$(cluster_port "redis-$n")
  if [ -z "$port" ]; then
    log "cluster: redis-$n was never started"
    return 1
  fi
  if [ -n "$(cluster_pid "redis-$n")" ]; then
    log "cluster: redis-$n is running"
    return 0
  fi
  addr=$(cluster_master_addr || true)
  if [ -z "$addr" ] || [ "${addr#* }" = "$port" ]; then
    _cluster_start_redis "$n" "$port" --replicaof no one || return 1
    log "cluster: redis-$n is back on 127.0.0.1:$port as the primary"
  else
    _cluster_start_redis "$n" "$port" --replicaof "${addr% *}" "${addr#* }" || return 1
    log "cluster: redis-$n is back on 127.0.0.1:$port as a replica of ${addr/ /:}"
  fi
}

# Starts a killed Sentinel ($1: 1..3) again with the configuration it rewrote.
cluster_restart_sentinel() {
  if [ -n "$(cluster_pid "sentinel-$1")" ]; then return 0; fi
  _cluster_respawn "sentinel-$1" && _cluster_wait_listening "sentinel-$1"
}

# ---------------------------------------------------------------- gateways

# The Redis URL the gateways and the CLI get: the Sentinels, which name the
# primary and follow a failover. CLUSTER_REDIS_URL overrides it with a URL,
# or with "primary" for redis://<the primary at start>/0 (which does not follow
# a failover: for a gateway that does not take Sentinel URLs yet).
cluster_redis_url() {
  local hosts="" n
  case ${CLUSTER_REDIS_URL:-} in
    "") ;;
    primary)
      echo "redis://127.0.0.1:$(cluster_port "redis-$(_cluster_primary_at_start)")/0"
      return 0
      ;;
    *)
      echo "$CLUSTER_REDIS_URL"
      return 0
      ;;
  esac
  for n in 1 2 3; do hosts+="${hosts:+,}127.0.0.1:$(cluster_port "sentinel-$n")"; done
  echo "redis+sentinel://$hosts/$CLUSTER_MASTER_NAME/0"
}

# Starts gateway $1 on a new free port; cluster_restart_gateway reuses it.
# --trusted-proxy 127.0.0.1: nginx connects from there, and its
# X-Forwarded-For names the client for the limits per address.
cluster_start_gateway() {
  local n=$1 dir="$CLUSTER_DIR/gateway-$1" extra=()
  mkdir -p "$dir"
  _cluster_pick_port "$CLUSTER_GATEWAY_BASE_PORT"
  _cluster_set "gateway-$n" port "$CLUSTER_PORT"
  read -r -a extra <<<"$GATEWAY_ARGS"
  _cluster_spawn "gateway-$n" "$dir/gateway.log" "$GATEWAY_BIN" \
    --listen "127.0.0.1:$CLUSTER_PORT" --web "$CLUSTER_WEB" --redis "$(cluster_redis_url)" \
    --trusted-proxy 127.0.0.1 "${extra[@]}" || return 1
  _cluster_wait_listening "gateway-$n"
}

# kill -9 of gateway $1: its WebSockets drop, nginx skips it for HTTP.
cluster_kill_gateway() { cluster_kill "gateway-$1"; }

# SIGTERM to gateway $1: a deploy's graceful stop (close 1001 to every client).
cluster_stop_gateway() { cluster_stop "gateway-$1" 10; }

# Gateway $1 again on the same port with the same flags, so nginx's upstream
# (which lists the port) finds it without a reload. Stops it first if it runs.
cluster_restart_gateway() {
  local n=$1
  if [ ! -f "$CLUSTER_DIR/gateway-$n/cmd" ]; then
    log "cluster: gateway-$n was never started"
    return 1
  fi
  cluster_stop "gateway-$n" 10
  _cluster_respawn "gateway-$n" || return 1
  _cluster_wait_listening "gateway-$n" || return 1
  log "cluster: gateway-$n is back on 127.0.0.1:$(cluster_port "gateway-$n") (pid $(cluster_pid "gateway-$n"))"
}

# Waits up to $2 seconds (default 10) until gateway $1 answers /healthz with
# 200, i.e. it reaches the primary.
cluster_wait_gateway_healthy() {
  local port limit=${2:-10} _
  port=$(cluster_port "gateway-$1")
  for _ in $(seq 1 $((limit * 5))); do
    if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/healthz" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  log "cluster: gateway-$1 (127.0.0.1:$port) is not healthy after ${limit}s; see $CLUSTER_DIR/gateway-$1/gateway.log"
  return 1
}

# ---------------------------------------------------------------- nginx

# A self-signed certificate for localhost and 127.0.0.1 (TLS=1), made once
# and again when it expires within a day.
cluster_make_certificate() {
  local dir="$CLUSTER_DIR/tls"
  mkdir -p "$dir"
  if [ -s "$dir/cert.pem" ] && openssl x509 -checkend 86400 -noout -in "$dir/cert.pem" >/dev/null 2>&1; then
    return 0
  fi
  log "cluster: making a self-signed certificate for localhost in $dir/"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc -days 30 \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -addext "basicConstraints=critical,CA:FALSE" \
    -addext "keyUsage=critical,digitalSignature" \
    -addext "extendedKeyUsage=serverAuth" 2>/dev/null || {
    log "cluster: openssl could not make the certificate"
    return 1
  }
  chmod 600 "$dir/key.pem"
}

# The proxy headers every proxied location sets (a location that sets any
# proxy_set_header inherits none from the server, so each includes these).
_cluster_nginx_proxy_headers() {
  cat <<'EOF'
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
EOF
}

# nginx's configuration: every gateway in one upstream (round robin, a dead
# one skipped for HTTP), the static pages served by nginx itself as the
# gateway serves them (server/net/static_files.cpp, http_session.cpp),
# /api/, /healthz, /metrics and the WebSocket /ws proxied. docs/deploy.md
# explains each part for a real deployment.
_cluster_nginx_conf() {
  local dir="$CLUSTER_DIR/nginx" tls="$CLUSTER_DIR/tls" n servers="" listen user_line=""
  for n in $(cluster_gateway_numbers); do
    servers+="    server 127.0.0.1:$(cluster_port "gateway-$n") max_fails=1 fail_timeout=$CLUSTER_NGINX_FAIL_TIMEOUT;"$'\n'
  done
  # As root, the workers would otherwise run as nobody, who may not read web/.
  if [ "$(id -u)" -eq 0 ]; then user_line="user $(id -un) $(id -gn);"; fi
  if [ "$TLS" = 1 ]; then listen="127.0.0.1:$PORT ssl http2"; else listen="127.0.0.1:$PORT"; fi
  local headers
  headers=$(_cluster_nginx_proxy_headers)
  cat <<EOF
# Written by scripts/cluster_lib.sh at every start of the cluster.
$user_line
worker_processes $CLUSTER_NGINX_WORKERS;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;

events {
  worker_connections $CLUSTER_NGINX_CONNECTIONS;
}

http {
  # The gateway's content types (server/net/static_files.cpp), not mime.types.
  types {
    text/html html;
    text/css css;
    text/javascript js mjs;
    application/json json;
    image/svg+xml svg;
    image/png png;
    image/jpeg jpg jpeg;
    image/gif gif;
    image/webp webp;
    image/x-icon ico;
    font/woff2 woff2;
    text/plain txt;
    text/csv csv;
    application/manifest+json webmanifest;
  }
  default_type application/octet-stream;
  charset utf-8;
  # (text/html is always among them)
  charset_types text/css text/javascript application/json text/plain text/csv;
  server_tokens off;
  sendfile on;
  keepalive_timeout 65s;
  # The gateway's own bound: a 10 MiB bank file and headroom.
  client_max_body_size 11m;
  client_body_buffer_size 1m;

  log_format upstream '\$remote_addr [\$time_iso8601] "\$request" \$status \$body_bytes_sent '
                      '\$request_time upstream=\$upstream_addr \$upstream_status \$upstream_response_time';
  access_log $dir/logs/access.log upstream;
  client_body_temp_path $dir/temp/client_body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;

  map \$http_upgrade \$connection_upgrade {
    default upgrade;
    ''      close;
  }

  # No stickiness: a gateway keeps no state, any of them serves any client.
  upstream reformquiz_gateways {
    zone reformquiz_gateways 64k;
$servers
    keepalive 32;
    # Below the gateway's 30 s idle close, so nginx never reuses a
    # connection the gateway is closing.
    keepalive_timeout 20s;
  }

  server {
    listen $listen;
    server_name localhost;
    root $CLUSTER_WEB;
    index index.html;
    # Relative Location headers, as the gateway sends ("/admin" -> "/admin/").
    absolute_redirect off;
EOF
  if [ "$TLS" = 1 ]; then
    cat <<EOF
    ssl_certificate $tls/cert.pem;
    ssl_certificate_key $tls/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:reformquiz_tls:10m;
    ssl_session_timeout 1d;
    ssl_session_tickets off;
EOF
  fi
  cat <<EOF

    # Proxied HTTP: keep-alive to the gateways, and a gateway that refuses
    # the connection or does not answer in time is skipped (idempotent
    # requests only: nginx never resends a POST it has already sent).
    proxy_http_version 1.1;
    proxy_connect_timeout 2s;
    proxy_next_upstream error timeout;
    proxy_next_upstream_tries 3;

    # The static pages, as the gateway serves them: GET and HEAD only, an
    # index.html for a folder, no fallback page, hidden files refused,
    # revalidated every time (no content hashes in the names) with an ETag.
    location / {
      if (\$request_method !~ ^(GET|HEAD)\$) { return 405; }
      add_header Cache-Control "no-cache";
      add_header X-Content-Type-Options nosniff;
      log_not_found off;
      error_page 404 @no_such_page;
      error_page 405 @static_get_only;
      location ~ /\. { return 404; }
    }
    # "types {}": the body is JSON whatever the path's extension says.
    location @no_such_page {
      types {}
      default_type application/json;
      add_header Cache-Control no-store always;
      return 404 '{"error":{"code":"not_found","message":"no such page"}}';
    }
    location @static_get_only {
      types {}
      default_type application/json;
      add_header Cache-Control no-store always;
      add_header Allow "GET, HEAD" always;
      return 405 '{"error":{"code":"bad_request","message":"static files answer GET and HEAD only"}}';
    }
    # When no gateway answers, the API's error shape rather than nginx's page.
    location @no_gateway {
      types {}
      default_type application/json;
      add_header Cache-Control no-store always;
      return 503 '{"error":{"code":"unavailable","message":"no gateway answers"}}';
    }

    # The gateway's routes (server/app/http_routes.cpp): /api and everything
    # under it (^~: no regex location may take an /api/ path), /healthz
    # (which checks that gateway's Redis), /metrics.
    location ^~ /api/ {
      proxy_pass http://reformquiz_gateways;
$headers
      proxy_set_header Connection "";
      error_page 502 504 = @no_gateway;
    }
    location = /api {
      proxy_pass http://reformquiz_gateways;
$headers
      proxy_set_header Connection "";
      error_page 502 504 = @no_gateway;
    }
    location = /healthz {
      proxy_pass http://reformquiz_gateways;
$headers
      proxy_set_header Connection "";
      error_page 502 504 = @no_gateway;
    }
    # One gateway's figures, whichever answers: scrape each gateway on its
    # own port instead. From this machine only.
    location = /metrics {
      allow 127.0.0.1;
      deny all;
      proxy_pass http://reformquiz_gateways;
$headers
      proxy_set_header Connection "";
    }

    # The WebSocket (web/shared/ws-client.js connects to /ws). nginx picks a
    # gateway when it opens; once upgraded it cannot move to another, so when
    # that gateway dies the page reconnects and resumes through nginx again.
    # The gateway pings every 30 s (half its idle timeout); these timeouts
    # only bound a connection on which nothing at all moves.
    location = /ws {
      proxy_pass http://reformquiz_gateways;
$headers
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_read_timeout 3600s;
      proxy_send_timeout 3600s;
      proxy_buffering off;
      error_page 502 504 = @no_gateway;
    }
  }
EOF
  if [ "$TLS" = 1 ]; then
    cat <<EOF

  # Plain HTTP only sends browsers to https.
  server {
    listen 127.0.0.1:$HTTP_PORT;
    server_name localhost;
    location / {
      return 301 https://\$host:$PORT\$request_uri;
    }
  }
EOF
  fi
  echo "}"
}

# Writes nginx's configuration from the gateways' ports, checks it, and
# starts nginx in the foreground (daemon off) as a piece like the others,
# with every path (pid, logs, temp files) under $CLUSTER_DIR/nginx/.
cluster_start_nginx() {
  local dir="$CLUSTER_DIR/nginx"
  mkdir -p "$dir/logs" "$dir/temp"
  if [ "$TLS" = 1 ]; then cluster_make_certificate || return 1; fi
  _cluster_nginx_conf >"$dir/nginx.conf"
  _cluster_set nginx port "$PORT"
  if [ "$TLS" = 1 ]; then _cluster_set nginx http_port "$HTTP_PORT"; else rm -f "$dir/http_port"; fi
  # -e: the error log before the configuration is read (else /var/log/nginx/).
  local out
  if ! out=$(nginx -t -q -p "$dir/" -e "$dir/logs/error.log" -c "$dir/nginx.conf" 2>&1); then
    printf '%s\n' "$out" >&2
    log "cluster: nginx refuses $dir/nginx.conf (above)"
    return 1
  fi
  _cluster_spawn nginx "$dir/logs/nginx.out" nginx -p "$dir/" -e "$dir/logs/error.log" \
    -c "$dir/nginx.conf" -g 'daemon off;' || return 1
  _cluster_wait_listening nginx
}

# nginx stopped (SIGTERM: WebSockets drop at once, as when the proxy machine
# fails) and started again with the same configuration and ports.
cluster_restart_nginx() {
  cluster_stop nginx 5
  _cluster_respawn nginx || return 1
  _cluster_wait_listening nginx || return 1
  log "cluster: nginx is back (pid $(cluster_pid nginx))"
}

# ---------------------------------------------------------------- all of it

# Fails when a piece of a cluster still runs from $CLUSTER_DIR (another
# scripts/cluster.sh, or one that was killed and left its pieces running).
cluster_check_not_running() {
  local piece running=""
  for piece in $(cluster_pieces); do
    if [ -n "$(cluster_pid "$piece")" ]; then running+=" $piece"; fi
  done
  if [ -n "$running" ]; then
    log "cluster: a cluster still runs from $CLUSTER_DIR:$running. Stop it: scripts/cluster.sh stop"
    return 1
  fi
}

# Refuses to start over a running cluster, and forgets the ports and pids of
# the last run (the data stays).
_cluster_prepare() {
  local piece
  mkdir -p "$CLUSTER_DIR"
  cluster_check_not_running || return 1
  for piece in $(cluster_pieces); do rm -f "$CLUSTER_DIR/$piece/"{pid,port,cmd}; done
  rm -rf "$CLUSTER_DIR"/gateway-*
  # Redis' config files start empty (the roles come from the command line);
  # the Sentinels' are written afresh.
  rm -f "$CLUSTER_DIR"/redis-*/redis.conf "$CLUSTER_DIR"/sentinel-*/sentinel.conf
  if [ "${CLUSTER_FRESH:-0}" = 1 ]; then
    rm -rf "$CLUSTER_DIR"/redis-* "$CLUSTER_DIR/primary"
  fi
  return 0
}

# Redis primary and replica, then the Sentinels.
cluster_start_store() {
  _cluster_prepare || return 1
  cluster_start_redis_primary || return 1
  cluster_start_replica || return 1
  cluster_start_sentinels || return 1
}

# The gateways, then nginx in front of them; then the cluster's figures in
# $CLUSTER_DIR/cluster.env for scripts that only read.
cluster_start_front() {
  local n
  if ! [[ $GATEWAYS =~ ^[1-9][0-9]?$ ]]; then
    log "cluster: GATEWAYS must be a number from 1 to 99 (got \"$GATEWAYS\")"
    return 1
  fi
  for n in $(seq 1 "$GATEWAYS"); do cluster_start_gateway "$n" || return 1; done
  for n in $(seq 1 "$GATEWAYS"); do cluster_wait_gateway_healthy "$n" 15 || true; done
  cluster_start_nginx || return 1
  cluster_write_env
}

cluster_start_all() { cluster_start_store && cluster_start_front; }

# The public URL of the cluster.
cluster_url() {
  if [ "$TLS" = 1 ]; then echo "https://localhost:$PORT/"; else echo "http://localhost:$PORT/"; fi
}

# $CLUSTER_DIR/cluster.env: the URL, the Redis URL and every piece's port, as
# shell assignments (source it). Pids change with restarts: see */pid.
cluster_write_env() {
  local n gws="" sents=""
  for n in $(cluster_gateway_numbers); do gws+="${gws:+ }$(cluster_port "gateway-$n")"; done
  for n in 1 2 3; do sents+="${sents:+ }$(cluster_port "sentinel-$n")"; done
  cat >"$CLUSTER_DIR/cluster.env" <<EOF
CLUSTER_URL='$(cluster_url)'
REDIS_URL='$(cluster_redis_url)'
CLUSTER_MASTER_NAME='$CLUSTER_MASTER_NAME'
CLUSTER_GATEWAY_PORTS='$gws'
CLUSTER_REDIS_PORTS='$(cluster_port redis-1) $(cluster_port redis-2)'
CLUSTER_SENTINEL_PORTS='$sents'
CLUSTER_TLS='$TLS'
EOF
}

# One line per piece: its state, pid, port, and for Redis its role.
cluster_status() {
  local piece pid port extra
  for piece in $(cluster_pieces); do
    pid=$(cluster_pid "$piece")
    port=$(cluster_port "$piece")
    extra=""
    if [[ $piece == redis-* ]] && [ -n "$pid" ]; then extra=" $(cluster_redis_role "${piece#redis-}")"; fi
    printf '  %-11s %-8s pid %-8s 127.0.0.1:%s%s\n' "$piece" "$([ -n "$pid" ] && echo up || echo down)" \
      "${pid:--}" "${port:--}" "$extra" >&2
  done
}

# What runs where, once the cluster is up.
cluster_print_summary() {
  local n p r password_file="${DEMO_PASSWORD_FILE:-$CLUSTER_DIR/demo-admin-password}"
  p=$(cluster_master_index || _cluster_primary_at_start)
  r=$((3 - p))
  log ""
  log "  reformquiz (cluster) is running at $(cluster_url)"
  if [ "$TLS" = 1 ]; then
    log "  TLS with a self-signed certificate ($CLUSTER_DIR/tls/cert.pem); http://localhost:$HTTP_PORT/ redirects"
  fi
  for n in $(cluster_gateway_numbers); do
    log "  gateway $n: 127.0.0.1:$(cluster_port "gateway-$n")  pid $(cluster_pid "gateway-$n")"
  done
  log "  Redis primary: 127.0.0.1:$(cluster_port "redis-$p") (redis-$p)   replica: 127.0.0.1:$(cluster_port "redis-$r") (redis-$r)"
  log "  Sentinels: $(for n in 1 2 3; do printf '127.0.0.1:%s ' "$(cluster_port "sentinel-$n")"; done)(master name $CLUSTER_MASTER_NAME, quorum $SENTINEL_QUORUM)"
  log "  Gateways' Redis URL: $(cluster_redis_url)"
  if [ -s "$password_file" ]; then
    log "  Organiser account: admin / $(cat "$password_file")   (demo contest: demo-cchc)"
  fi
  log "  State and logs: $CLUSTER_DIR/   Press Ctrl-C to stop."
  log ""
}

# Stops everything in the order a deploy would: nginx (no new requests), the
# gateways (SIGTERM: each closes its WebSockets with 1001 and finishes what it
# has in flight), the Sentinels (so that stopping Redis starts no failover),
# then Redis (SIGTERM: each flushes its AOF). Remembers which instance is the
# primary, whose data the next start keeps. Prints one summary line.
cluster_stop_all() {
  local n gws=() primary
  CLUSTER_STOPPED=0
  CLUSTER_FORCED=0
  if [ ! -d "$CLUSTER_DIR" ]; then return 0; fi
  primary=$(cluster_master_index 2>/dev/null || true)
  for n in 1 2; do
    if [ -z "$primary" ] && [ "$(cluster_redis_role "$n")" = master ]; then primary=$n; fi
  done
  if [ -n "$primary" ]; then echo "$primary" >"$CLUSTER_DIR/primary"; fi
  _cluster_signal_and_wait TERM 5 nginx
  for n in $(cluster_gateway_numbers); do gws+=("gateway-$n"); done
  _cluster_signal_and_wait TERM 10 "${gws[@]}"
  _cluster_signal_and_wait TERM 5 sentinel-1 sentinel-2 sentinel-3
  _cluster_signal_and_wait TERM 15 redis-1 redis-2
  log "cluster: stopped $CLUSTER_STOPPED processes ($CLUSTER_FORCED needed SIGKILL); data kept in $CLUSTER_DIR/redis-*/"
}
