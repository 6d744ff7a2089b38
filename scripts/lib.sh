# Shared by scripts/*.sh: paths, the build, and a private Redis.
# Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
JOBS="${JOBS:-2}"

log() { printf '\033[1m%s\033[0m\n' "$*" >&2; }

# Configures (once) and builds the given targets, or everything. Make decides
# what changed, so an unchanged tree builds in a second.
build() {
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  if [ $# -gt 0 ]; then
    local targets=()
    for t in "$@"; do targets+=(--target "$t"); done
    cmake --build "$BUILD_DIR" -j"$JOBS" "${targets[@]}"
  else
    cmake --build "$BUILD_DIR" -j"$JOBS"
  fi
}

# True when something listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first free port at or after $1.
free_port_from() {
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

# The flags of every private Redis, into the array REDIS_ARGS: 127.0.0.1:$1
# with its data in $2 (AOF, fsync every second: at most one second of
# acknowledged writes is at risk if the machine itself dies; no RDB
# snapshots, the AOF is the source of truth). Hashes stay compact (listpack)
# with values up to 1 KiB: an attempt's ordered question ids are longer than
# the default 64 bytes, which doubles its memory (docs/operations.md,
# capacity). scripts/cluster_lib.sh starts its primary and replica with these.
private_redis_args() {
  local port=$1 dir=$2
  REDIS_ARGS=(--port "$port" --bind 127.0.0.1 --dir "$dir"
    --appendonly yes --appendfsync everysec --save "" --daemonize no
    --hash-max-listpack-value 1024
    --logfile "$dir/redis.log")
}

# Waits until the Redis on 127.0.0.1:$1 (process $2) answers PING; false when
# the process ended first or 10 s passed.
wait_redis_up() {
  local port=$1 pid=$2
  for _ in $(seq 1 100); do
    if redis-cli -p "$port" ping >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  return 1
}

# Starts redis-server on 127.0.0.1:$1 with its data in $2 and the flags
# above, then any further arguments (e.g. --replicaof 127.0.0.1 6379). Sets
# REDIS_PID. Waits until it answers.
start_private_redis() {
  local port=$1 dir=$2
  mkdir -p "$dir"
  private_redis_args "$port" "$dir"
  redis-server "${REDIS_ARGS[@]}" "${@:3}" &
  REDIS_PID=$!
  if wait_redis_up "$port" "$REDIS_PID"; then return 0; fi
  log "redis-server did not start; see $dir/redis.log"
  return 1
}
