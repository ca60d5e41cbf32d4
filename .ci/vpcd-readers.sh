#!/usr/bin/env bash
# Declares extra vpcd readers for the many-readers load test (docs/reliability.md):
#   bash .ci/vpcd-readers.sh [CONFDIR] [ENTRIES] [LIBDIR]
# writes CONFDIR/casd-load (default /etc/reader.conf.d, 7 entries) and one copy of the vpcd driver
# per entry in LIBDIR (default /usr/local/lib/casd-vpcd). Entry k has two slots: "Casd Load PCD k
# 00 00" on TCP 35965+2(k-1) and "... 00 01" on the next port.
# - pcsc-lite serves at most 16 readers: Debian's own vpcd entry ('Virtual PCD 00 00'/'00 01' on
#   35963/35964) plus 7 entries make 16.
# - The driver keeps its sockets in a static array indexed by slot only, so entries that share one
#   library file overwrite each other's slots (every reader then shows the last entry's cards).
#   A copy per entry is a separate library for the loader, with its own state.
# - pcscd reads the folder at start only: start (or restart) it after writing.
set -euo pipefail
conf="${1:-/etc/reader.conf.d}"
entries="${2:-7}"
libdir="${3:-/usr/local/lib/casd-vpcd}"
driver=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
[ -e "$driver" ] || { echo "$driver missing: apt-get install vsmartcard-vpcd" >&2; exit 1; }
mkdir -p "$conf" "$libdir"
{
    echo "# written by .ci/vpcd-readers.sh for the Casd.Card load test"
    for k in $(seq 1 "$entries"); do
        port=$((35965 + 2 * (k - 1)))
        cp -L "$driver" "$libdir/libifdvpcd-$k.so"
        printf 'FRIENDLYNAME "Casd Load PCD %d"\nDEVICENAME   /dev/null:0x%X\nLIBPATH      %s\nCHANNELID    0x%X\n\n' "$k" "$port" "$libdir/libifdvpcd-$k.so" "$port"
    done
} > "$conf/casd-load"
