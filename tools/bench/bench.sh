#!/bin/sh
# `make bench`: oqsdiag's figures side by side with what a helpdesk would run
# instead, as ratios measured in one run (these machines are noisy). Prints a
# table and writes docs/benchmarks.md. Everything binds 127.0.0.0/8 only.
#   sh tools/bench/bench.sh BUILD_DIR
set -eu
B=$(cd "${1:-build}" && pwd)
OQS=$B/oqsdiag
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/oqsdiag-bench.XXXXXX")
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"; }
trap cleanup EXIT INT TERM
LOG_MB=${BENCH_LOG_MB:-1024}
NBUNDLES=${BENCH_BUNDLES:-1000}
TIMEOUT_MS=${BENCH_TIMEOUT_MS:-3000}
ROWS=$W/rows.md

now_ms() { date +%s%3N; }
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >>"$ROWS"; }
# peak RSS (KiB) and wall seconds of a command: "SECONDS KIB"
timed() { /usr/bin/time -f '%e %M' -o "$W/time" "$@" >/dev/null 2>"$W/stderr" || true; cat "$W/time" | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
built() { # a command that is not built exits 3 with "not built yet"
    "$OQS" "$@" >/dev/null 2>"$W/nb" || true
    ! grep -q "not built yet" "$W/nb"
}

: >"$ROWS"

# 1. doctor with every endpoint silent: one deadline, not the sum.
"$B/tools/bench/blackhole" 127.0.0.77 15353 15123 18080 18443 >"$W/bh.out" &
PIDS="$PIDS $!"
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q ready "$W/bh.out" 2>/dev/null && break; sleep 0.2; done
SILENT="--set dns.servers=127.0.0.77:15353 --set ntp.server=127.0.0.77 --set ntp.port=15123
 --set proxy.server=127.0.0.77:18080 --set proxy.target=127.0.0.77:18443
 --set tls.target=127.0.0.77:18443 --set timeout_ms=$TIMEOUT_MS"
if built doctor; then
    t0=$(now_ms); "$OQS" $SILENT --json doctor >"$W/silent.json" || true; t1=$(now_ms)
    doctor_ms=$((t1 - t0))
    seq_ms=0
    for p in dns ntp proxy tls; do
        t0=$(now_ms); "$OQS" $SILENT --json probe "$p" >/dev/null || true; t1=$(now_ms)
        seq_ms=$((seq_ms + t1 - t0))
    done
    row "doctor, every endpoint silent" "${doctor_ms} ms" \
        "timeout_ms ${TIMEOUT_MS} ms; probes one after another ${seq_ms} ms" \
        "$(ratio "$doctor_ms" "$TIMEOUT_MS") × timeout_ms (target ≤ 1.10); $(ratio "$doctor_ms" "$seq_ms") × sequential"
else
    row "doctor, every endpoint silent" "not built" "" ""
fi

# 2. doctor against the healthy loopback harness (the probe tests' servers).
if [ -x "$ROOT/tests/probes/harness.sh" ] && built doctor; then
    if sh "$ROOT/tests/probes/harness.sh" start "$W/harness" >"$W/harness.env" 2>"$W/harness.err"; then
        t0=$(now_ms); "$OQS" --config "$W/harness/oqsdiag.ini" --json doctor >/dev/null || true; t1=$(now_ms)
        row "doctor, healthy loopback harness" "$((t1 - t0)) ms" "" ""
        sh "$ROOT/tests/probes/harness.sh" stop "$W/harness" || true
    else
        row "doctor, healthy loopback harness" "harness did not start" "$(head -1 "$W/harness.err")" ""
    fi
else
    row "doctor, healthy loopback harness" "not built" "" ""
fi

# 3. log scan: the KB's log patterns over a generated log, against grep and rg.
if [ -x "$B/tools/gen_log" ] && built kb list; then
    grep -h '^trigger: log ' "$ROOT"/kb/entries/*.kb | cut -d' ' -f4- | sed 's/^(?-i)//' >"$W/patterns.pcre"
    # The same patterns for grep -E: PCRE's non-capturing groups are plain groups.
    sed 's/(?:/(/g' "$W/patterns.pcre" >"$W/patterns.ere"
    for mb in 10 "$LOG_MB"; do
        mkdir -p "$W/snap$mb/logs/comapp"
        "$B/tools/gen_log" "$((mb * 1024 * 1024))" >"$W/snap$mb/logs/comapp/OqsComApp.log"
    done
    set -- $(timed "$OQS" --json analyze "$W/snap10"); small_rss=$2
    set -- $(timed "$OQS" --json analyze "$W/snap$LOG_MB"); o_s=$1; o_rss=$2
    big=$W/snap$LOG_MB/logs/comapp/OqsComApp.log
    set -- $(timed grep -a -i -E -c -f "$W/patterns.ere" "$big"); g_s=$1; g_rss=$2
    if command -v rg >/dev/null 2>&1; then
        set -- $(timed rg -a -i -c -f "$W/patterns.pcre" "$big"); r_s=$1; r_rss=$2
    else
        r_s=0; r_rss=0
    fi
    mbps() { awk -v m="$LOG_MB" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f MB/s", m / s; else print "n/a" }'; }
    row "log scan ${LOG_MB} MiB, oqsdiag analyze" "$(mbps "$o_s"), RSS ${o_rss} KiB" \
        "RSS at 10 MiB: ${small_rss} KiB" "$(ratio "$o_rss" "$small_rss") × RSS (flat ≈ 1)"
    row "log scan, grep -E -f" "$(mbps "$g_s"), RSS ${g_rss} KiB" "" "oqsdiag $(ratio "$g_s" "$o_s") × faster"
    row "log scan, rg -f" "$(mbps "$r_s"), RSS ${r_rss} KiB" "" "oqsdiag $(ratio "$r_s" "$o_s") × faster (target ≥ 1)"
else
    row "log scan" "not built" "" ""
fi

# 4. analyze of many bundles, one and two jobs.
FIX=$ROOT/tests/fixtures/snapshots/healthy-ja
if [ -d "$FIX" ] && built collect --from "$FIX" -o "$W/one.tar.gz"; then
    mkdir -p "$W/bundles"
    i=0
    while [ $i -lt "$NBUNDLES" ]; do cp "$W/one.tar.gz" "$W/bundles/b$i.tar.gz"; i=$((i + 1)); done
    for j in 1 2; do
        t0=$(now_ms); "$OQS" analyze --jsonl --jobs $j "$W"/bundles/*.tar.gz >"$W/jsonl$j" || true; t1=$(now_ms)
        n=$(wc -l <"$W/jsonl$j")
        row "analyze ${NBUNDLES} bundles, --jobs $j" "$((t1 - t0)) ms" \
            "$(awk -v t=$((t1 - t0)) -v n="$NBUNDLES" 'BEGIN { printf "%.2f ms per bundle", t / n }')" \
            "$n reports (target < 10 s on 2 cores)"
    done
else
    row "analyze bundles" "not built" "" ""
fi

{
    echo "# Benchmarks"
    echo
    echo "Measured by \`make bench\` (tools/bench/bench.sh) on $(date -u +%Y-%m-%d),"
    echo "$(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)."
    echo "Reproduce: \`make bench\` (BENCH_LOG_MB, BENCH_BUNDLES, BENCH_TIMEOUT_MS override the sizes)."
    echo
    echo "| what | figure | against | ratio |"
    echo "| --- | --- | --- | --- |"
    cat "$ROWS"
} >"$ROOT/docs/benchmarks.md"
tail -n +6 "$ROOT/docs/benchmarks.md"
