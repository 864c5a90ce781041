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
# squid in the harness drops root: it must be able to pass through W.
chmod 711 "$W"
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

# 1. doctor with every endpoint silent (tools/testsrv silent: bound, never
#    answering): one deadline, not the sum of the probes' timeouts.
for port in 15353 15123 18080 18443; do
    "$B/tools/testsrv" silent 127.0.0.77 $port &
    PIDS="$PIDS $!"
done
sleep 0.3
SILENT="--set dns.servers=127.0.0.77:15353 --set ntp.server=127.0.0.77 --set ntp.port=15123
 --set proxy.server=127.0.0.77:18080 --set proxy.target=127.0.0.77:18443
 --set tls.target=127.0.0.77:18443 --set http.target=127.0.0.77:18081 --set timeout_ms=$TIMEOUT_MS"
if built doctor; then
    t0=$(now_ms); "$OQS" $SILENT --json doctor >"$W/silent.json" || true; t1=$(now_ms)
    doctor_ms=$((t1 - t0))
    seq_ms=0
    for p in dns ntp proxy tls; do
        t0=$(now_ms); "$OQS" $SILENT --json probe "$p" >/dev/null || true; t1=$(now_ms)
        seq_ms=$((seq_ms + t1 - t0))
    done
    row "doctor, every endpoint silent" "${doctor_ms} ms" \
        "timeout_ms ${TIMEOUT_MS} ms; the four probes one after another ${seq_ms} ms" \
        "$(ratio "$doctor_ms" "$TIMEOUT_MS") × timeout_ms (target ≤ 1.10); $(ratio "$doctor_ms" "$seq_ms") × sequential"
else
    row "doctor, every endpoint silent" "not built" "" ""
fi

# 2. doctor against the healthy loopback harness of the probe tests
#    (dnsmasq, chronyd, squid, openssl s_server on 127.0.53.x).
if built doctor && sh "$ROOT/tests/probes/harness.sh" start "$W/harness" "$B" dns ntp proxy tls http >"$W/harness.out" 2>&1 &&
    ! grep -q '^skip' "$W/harness.out"; then
    . "$W/harness/env"
    HEALTHY="--set dns.servers=$DNS --set ntp.port=$NTP_PORT --set proxy.server=$PROXY_OPEN
 --set proxy.target=d2vhvuj0j7c8bh.cloudfront.net:$TLS_PORT
 --set tls.target=tls-valid.oqs.onshikaku.org:$TLS_PORT --set tls.ca_file=$CA_FILE
 --set http.target=cert.obn.managedpki.ne.jp:$HTTP_PORT"
    t0=$(now_ms); "$OQS" $HEALTHY --json doctor >"$W/healthy.json" || true; t1=$(now_ms)
    nfail=$(grep -o '"status": *"fail"' "$W/healthy.json" | wc -l)
    row "doctor, healthy loopback harness" "$((t1 - t0)) ms" "timeout_ms 5000 ms" "$nfail fail findings (local checks skip off Windows)"
    sh "$ROOT/tests/probes/harness.sh" stop "$W/harness"
else
    row "doctor, healthy loopback harness" "harness did not start" "$(grep -m1 "^skip" "$W/harness.out" 2>/dev/null)" ""
fi

# 2b. doctor's live collection: the test double makes each command take
#     1 s; the commands run in a pool with the probes (LIVE_POOL threads).
if [ -x "$B/tools/bench_doctor" ]; then
    set -- $("$B/tools/bench_doctor")
    row "doctor, $1 commands of 1 s each (test double)" "$2 ms" "$1 s one after another" \
        "$(ratio "$2" $(($1 * 1000))) × sequential (goal: ≤ 1.5 s wall)"
else
    row "doctor, commands of 1 s each" "not built" "" ""
fi

# 3. log scan: the KB's log patterns over a generated log, against grep and rg.
if [ -x "$B/tools/gen_log" ] && built kb list; then
    grep -h '^trigger: log ' "$ROOT"/kb/entries/*.kb | cut -d' ' -f4- | sed 's/^(?-i)//' >"$W/patterns.pcre"
    # The same patterns for grep -E: PCRE's non-capturing groups are plain groups.
    sed 's/(?:/(/g' "$W/patterns.pcre" >"$W/patterns.ere"
    "$B/tools/gen_log" 10M >"$W/small.log"
    big=$W/big.log
    "$B/tools/gen_log" "${LOG_MB}M" >"$big"
    set -- $(timed "$OQS" --json kb scan "$W/small.log"); small_rss=$2
    set -- $(timed "$OQS" --json kb scan "$big"); o_s=$1; o_rss=$2
    set -- $(timed grep -a -i -E -c -f "$W/patterns.ere" "$big"); g_s=$1; g_rss=$2
    if command -v rg >/dev/null 2>&1; then
        set -- $(timed rg -a -i -c -f "$W/patterns.pcre" "$big"); r_s=$1; r_rss=$2
    else
        r_s=0; r_rss=0
    fi
    mbps() { awk -v m="$LOG_MB" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f MB/s", m / s; else print "n/a" }'; }
    row "log scan ${LOG_MB} MiB, oqsdiag kb scan" "$(mbps "$o_s"), RSS ${o_rss} KiB" \
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
