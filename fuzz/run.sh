#!/bin/sh
# Runs every fuzz target built in BUILD/bin for SECONDS each from its seeds
# (fuzz/corpora.txt) and its regression inputs, JOBS targets at a time (one
# core each; default: the machine's cores, at most 2, so CI's two cores both
# fuzz). Prints one line a target with executions and time, in name order; a
# crash leaves its input in BUILD/crashes/<target>/ and fails the run
# (docs/hardening.md says how to turn it into a regression input).
#   sh fuzz/run.sh [BUILD [SECONDS [JOBS]]]
build=${1:-build/fuzz}
secs=${2:-20}
jobs=${3:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
[ "$jobs" -le 2 ] || jobs=2
src=$(cd "$(dirname "$0")/.." && pwd)

# One target: its summary goes to BUILD/fuzz-T.summary, its exit code to
# BUILD/fuzz-T.rc, its libFuzzer output to BUILD/fuzz-T.log.
run_one() {
    bin=$1
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
    {
        echo "fuzz $t: ${execs:-?} executions in ${took:-$secs} s, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs"
        if [ $rc -ne 0 ]; then
            echo "!! fuzz $t exited $rc; log $log; crash inputs:"
            ls "$crashes"
            grep -m5 -E 'ERROR|SUMMARY|invariant' "$log"
        fi
    } >"$build/fuzz-$t.summary"
    echo "${execs:-0} $rc" >"$build/fuzz-$t.rc"
}

# Lane k runs targets k, k+JOBS, k+2*JOBS, ... one after the other.
rm -f "$build"/fuzz-*.summary "$build"/fuzz-*.rc
bins=$(for b in "$build"/bin/fuzz_*; do [ -x "$b" ] && echo "$b"; done)
lane=0
pids=""
while [ $lane -lt "$jobs" ]; do
    (
        i=0
        for bin in $bins; do
            [ $((i % jobs)) -eq $lane ] && run_one "$bin"
            i=$((i + 1))
        done
    ) &
    pids="$pids $!"
    lane=$((lane + 1))
done
# shellcheck disable=SC2086
wait $pids

bad=""
total=0
for bin in $bins; do
    t=${bin##*/fuzz_}
    if [ ! -f "$build/fuzz-$t.rc" ]; then
        echo "!! fuzz $t did not finish (no $build/fuzz-$t.rc)"
        bad="$bad $t"
        continue
    fi
    cat "$build/fuzz-$t.summary"
    read -r execs rc <"$build/fuzz-$t.rc"
    total=$((total + execs))
    [ "$rc" -eq 0 ] || bad="$bad $t"
done
echo "fuzz: $total executions in all ($jobs at a time)"
[ -z "$bad" ] || { echo "fuzz: crashes in:$bad (see docs/hardening.md)"; exit 1; }
