# Shared by .ci/pcscd.sh and .ci/redis.sh (sourced, not run): the daemons this checkout starts are
# tracked by PID, and only those are ever stopped.

alive() { # a zombie still passes kill -0, so read its state from /proc
    local pid=$1
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
    local state
    state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null)
    [ "$state" != "Z" ] && [ "$state" != "X" ]
}

stop_pid() { # SIGTERM, up to 3 s to finish, then SIGKILL
    local pid=$1
    alive "$pid" || return 0
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 300); do alive "$pid" || return 0; sleep 0.01; done
    kill -9 "$pid" 2>/dev/null
}
