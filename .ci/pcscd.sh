#!/usr/bin/env bash
# Start, stop and query a pcscd owned by this checkout, tracked by PID.
#   bash .ci/pcscd.sh start|stop|status
# The PID of the pcscd we started is kept in $CASD_PCSCD_PIDFILE (default .ci/.pcscd.pid), so
# .ci/run and the integration tests (which stop and restart the daemon to prove recovery) stop
# only what we started. Facts behind each step are in docs/ci.md.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pidfile="${CASD_PCSCD_PIDFILE:-$here/.pcscd.pid}"
logfile="${CASD_PCSCD_LOG:-$here/.pcscd.log}"
rundir=/run/pcscd

# shellcheck source=pid.sh
. "$here/pid.sh"

daemon_pid() { # pcscd.pid ends in a NUL byte: keep digits only
    [ -r "$rundir/pcscd.pid" ] && tr -cd '0-9' < "$rundir/pcscd.pid"
}

start() {
    if [ -r "$pidfile" ] && alive "$(cat "$pidfile")"; then
        echo "pcscd already running (PID $(cat "$pidfile"))"; return 0
    fi
    local other
    other=$(daemon_pid || true)
    if [ -n "$other" ] && ! alive "$other"; then
        # a pcscd killed with SIGKILL leaves these behind, and a new one then refuses to start
        rm -f "$rundir/pcscd.pid" "$rundir/pcscd.comm"
    elif [ -n "$other" ]; then
        echo "another pcscd (PID $other) is running; not starting a second one" >&2; return 1
    fi
    mkdir -p "$rundir"
    # no --auto-exit: without socket activation pcscd would quit about 60 s after start
    /usr/sbin/pcscd --foreground >>"$logfile" 2>&1 &
    local pid=$!
    echo "$pid" > "$pidfile"
    for _ in $(seq 1 500); do
        if [ "$(daemon_pid || true)" = "$pid" ] && [ -S "$rundir/pcscd.comm" ]; then
            echo "pcscd ready (PID $pid)"; return 0
        fi
        alive "$pid" || { echo "pcscd exited at start; see $logfile" >&2; return 1; }
        sleep 0.01
    done
    echo "pcscd did not become ready in 5 s; see $logfile" >&2
    return 1
}

stop() {
    [ -r "$pidfile" ] || return 0
    local pid
    pid=$(cat "$pidfile")
    stop_pid "$pid"
    rm -f "$pidfile"
    # a killed daemon may leave its files; they would block the next start
    local left
    left=$(daemon_pid || true)
    if [ "$left" = "$pid" ]; then rm -f "$rundir/pcscd.pid" "$rundir/pcscd.comm"; fi
    echo "pcscd stopped (PID $pid)"
}

status() {
    if [ -r "$pidfile" ] && alive "$(cat "$pidfile")"; then echo "running $(cat "$pidfile")"; else echo "stopped"; return 1; fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
