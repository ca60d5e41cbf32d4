#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with AFL++ and SharpFuzz (docs/reliability.md).
#   bash fuzz/run.sh                      list the targets, one per line
#   bash fuzz/run.sh TARGET SECONDS       fuzz TARGET for SECONDS, then print its figures
#   bash fuzz/run.sh --minimise TARGET    shrink fuzz/out/findings/TARGET's queue with afl-cmin into fuzz/out/min/TARGET
# Needs afl++ (apt-get install afl++) and restores the SharpFuzz instrumenter (a local .NET tool,
# fuzz/dotnet-tools.json). Seeds: fuzz/corpus/TARGET. Findings: fuzz/out/findings/TARGET (not committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$here/out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Builds the tool once per state of the sources (two runs side by side, or one after the other on
# unchanged code, share the instrumented build), then instruments our two assemblies only:
# coverage of BouncyCastle or the BCL would drown the parsers' edges in AFL's map.
build() {
    local stamp bin
    stamp=$(cd "$root" && find src fuzz/Casd.Card.Reliability Directory.Build.props Directory.Packages.props \
        -path '*/bin' -prune -o -path '*/obj' -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print0 \
        | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-12)
    bin="$out/bin-$stamp"
    (
        flock 9
        if [ ! -f "$bin/.instrumented" ]; then
            rm -rf "$bin" "$out/artifacts-$stamp"
            # An artifacts folder of its own: no obj/ shared with an IDE build or another state.
            dotnet build "$here/Casd.Card.Reliability/Casd.Card.Reliability.csproj" -c Release --artifacts-path "$out/artifacts-$stamp" -p:UseAppHost=false >"$out/build-$stamp.log" 2>&1 \
                || { tail -20 "$out/build-$stamp.log" >&2; echo "build failed" >&2; exit 1; }
            cp -r "$out/artifacts-$stamp/bin/Casd.Card.Reliability/release" "$bin"
            (cd "$here" && dotnet tool restore >/dev/null)
            for dll in Casd.Card.dll Casd.Card.Simulator.dll; do
                (cd "$here" && dotnet sharpfuzz "$bin/$dll" >/dev/null)
            done
            touch "$bin/.instrumented"
        fi
    ) 9>"$out/build.lock" || exit 1
    echo "$bin"
}

mkdir -p "$out"
if [ $# -eq 0 ]; then
    bin="$out/bin-list"
    [ -f "$bin/Casd.Card.Reliability.dll" ] || dotnet build "$here/Casd.Card.Reliability/Casd.Card.Reliability.csproj" -c Release -o "$bin" -p:UseAppHost=false >/dev/null
    exec dotnet "$bin/Casd.Card.Reliability.dll" targets
fi

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }

# AFL++ in a container, as root, on shared cores: no core_pattern or CPU governor to set, no core
# to pin; the .NET host is not an AFL-compiled binary (SharpFuzz speaks the fork-server protocol).
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1

if [ "$1" = "--minimise" ]; then
    # afl-cmin keeps the fewest queue files that cover every edge the queue covers; the smallest 40
    # of them under 16 KB join the committed corpus as cmin-NNN (seeds and regressions stay).
    target=$2
    bin=$(build "$target")
    rm -rf "$out/min/$target"
    afl-cmin -i "$out/findings/$target/default/queue" -o "$out/min/$target" -t 5000 -m none -- "$(command -v dotnet)" "$bin/Casd.Card.Reliability.dll" fuzz "$target" >"$out/cmin-$target.log" 2>&1 \
        || { tail -20 "$out/cmin-$target.log"; exit 1; }
    rm -f "$here/corpus/$target"/cmin-*
    n=0
    while read -r file; do
        cp "$file" "$here/corpus/$target/$(printf 'cmin-%03d' "$n")"
        n=$((n + 1))
    done < <(find "$out/min/$target" -type f -size -16k -printf '%s %p\n' | sort -n | head -40 | cut -d' ' -f2-)
    echo "$target: $(ls "$out/min/$target" | wc -l) files after afl-cmin, $n committed, $(ls "$here/corpus/$target" | wc -l) in fuzz/corpus/$target"
    exit 0
fi

target=$1
seconds=$2
[ -d "$here/corpus/$target" ] || { echo "no corpus for '$target' (bash fuzz/run.sh lists the targets)" >&2; exit 2; }
bin=$(build "$target")
findings="$out/findings/$target"
rm -rf "$findings"
mkdir -p "$out/findings"
# -V stops after SECONDS; timeout is the backstop should afl-fuzz itself hang. -t 5000: the first
# run of a .NET target includes its JIT; a real hang still shows as one.
timeout --kill-after=30 $((seconds + 120)) \
    afl-fuzz -i "$here/corpus/$target" -o "$findings" -V "$seconds" -t 5000 -m none \
    -- "$(command -v dotnet)" "$bin/Casd.Card.Reliability.dll" fuzz "$target" >"$out/afl-$target.log" 2>&1 || true

stats="$findings/default/fuzzer_stats"
[ -f "$stats" ] || { tail -40 "$out/afl-$target.log"; echo "afl-fuzz did not start" >&2; exit 1; }
field() { sed -nE "s/^$1 +: (.*)$/\1/p" "$stats"; }
echo "target=$target seconds=$seconds execs=$(field execs_done) execs_per_sec=$(field execs_per_sec) edges=$(field edges_found)/$(field total_edges) map_density=$(field bitmap_cvg) corpus=$(field corpus_count) crashes=$(field saved_crashes) hangs=$(field saved_hangs)"
ls "$findings/default/crashes" "$findings/default/hangs" 2>/dev/null | grep -v README || true
