#!/usr/bin/env bash
# Start, stop and query a redis-server owned by this checkout, tracked by PID: the shared login
# state the tests and benchmarks reach through CASD_REDIS=127.0.0.1:PORT.
#   bash .ci/redis.sh start|stop|status
# Private port (CASD_REDIS_PORT, default 6391), loopback only, nothing persisted (no RDB, no AOF),
# so no system Redis is touched and nothing is left on disk. The PID is kept in
# $CASD_REDIS_PIDFILE (default .ci/.redis.pid); stop ends only that process.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${CASD_REDIS_PORT:-6391}"
pidfile="${CASD_REDIS_PIDFILE:-$here/.redis.pid}"
logfile="${CASD_REDIS_LOG:-$here/.redis.log}"

# shellcheck source=pid.sh
. "$here/pid.sh"

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; }

start() {
    if [ -r "$pidfile" ] && alive "$(cat "$pidfile")"; then
        echo "redis-server already running on 127.0.0.1:$port (PID $(cat "$pidfile"))"; return 0
    fi
    if answers; then
        echo "another Redis answers on 127.0.0.1:$port; not starting a second one (set CASD_REDIS_PORT)" >&2; return 1
    fi
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "${TMPDIR:-/tmp}" \
        --daemonize no >>"$logfile" 2>&1 &
    local pid=$!
    echo "$pid" > "$pidfile"
    for _ in $(seq 1 500); do
        if answers; then echo "redis-server ready on 127.0.0.1:$port (PID $pid)"; return 0; fi
        alive "$pid" || { echo "redis-server exited at start; see $logfile" >&2; rm -f "$pidfile"; return 1; }
        sleep 0.01
    done
    echo "redis-server did not answer PING in 5 s; see $logfile" >&2
    return 1
}

stop() {
    [ -r "$pidfile" ] || return 0
    local pid
    pid=$(cat "$pidfile")
    stop_pid "$pid"
    rm -f "$pidfile"
    echo "redis-server stopped (PID $pid)"
}

status() {
    if [ -r "$pidfile" ] && alive "$(cat "$pidfile")"; then echo "running $(cat "$pidfile") on 127.0.0.1:$port"; else echo "stopped"; return 1; fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
