#!/bin/sh
# Runs every fuzz target built in BUILD/bin for SECONDS each, one after the
# other on one core, from its seeds (fuzz/corpora.txt) and its regression
# inputs. Prints one line a target with executions and time; a crash leaves
# its input in BUILD/crashes/<target>/ and fails the run (docs/hardening.md
# says how to turn it into a regression input).
#   sh fuzz/run.sh [BUILD [SECONDS]]
build=${1:-build/fuzz}
secs=${2:-20}
src=$(cd "$(dirname "$0")/.." && pwd)
bad=""
total=0
for bin in "$build"/bin/fuzz_*; do
    [ -x "$bin" ] || continue
    t=${bin##*/fuzz_}
    corpus="$build/corpus/$t"
    crashes="$build/crashes/$t"
    mkdir -p "$corpus" "$crashes"
    seeds=$(awk -v t="$t" '$1 == t { for (i = 2; i <= NF; i++) print $i }' "$src/fuzz/corpora.txt")
    [ -n "$seeds" ] || seeds="fuzz/seeds/$t tests/fixtures/$t"
    dirs=""
    for d in $seeds "tests/fuzz/regressions/$t"; do
        [ -d "$src/$d" ] && dirs="$dirs $src/$d"
    done
    log="$build/fuzz-$t.log"
    # The first directory is the working corpus; the seed directories are
    # read only. -timeout: one input taking 10 s is a hang; -rss_limit_mb
    # bounds memory; leaks are reported (ASan's LeakSanitizer).
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" $dirs >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    took=$(sed -n 's/.*Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "fuzz $t: ${execs:-?} executions in ${took:-$secs} s, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs"
    total=$((total + ${execs:-0}))
    if [ $rc -ne 0 ]; then
        bad="$bad $t"
        echo "!! fuzz $t exited $rc; log $log; crash inputs:"
        ls "$crashes"
        grep -m5 -E 'ERROR|SUMMARY|invariant' "$log"
    fi
done
echo "fuzz: $total executions in all"
[ -z "$bad" ] || { echo "fuzz: crashes in:$bad (see docs/hardening.md)"; exit 1; }
