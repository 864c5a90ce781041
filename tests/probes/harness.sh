#!/bin/sh
# Real servers for the network-probe tests, on 127.0.53.x and ::1 only.
#   harness.sh start DIR BUILD COMPONENT...   (dns ntp family proxy tls)
#   harness.sh stop DIR
# start writes DIR/env (KEY=VALUE lines: ports, addresses, files) and DIR/pids,
# and prints nothing on success; when a server cannot start it stops what it
# started and prints "skip: <reason>" (exit 0): the test then skips with it.
# stop ends exactly the processes listed in DIR/pids, by pid.
# Ports come from this shell's pid so parallel test runs do not collide.
set -u
cmd=$1; dir=$2
PATH=$PATH:/usr/sbin:/sbin

stop() {
    [ -f "$dir/pids" ] || return 0
    while read -r pid; do kill "$pid" 2>/dev/null; done < "$dir/pids"
    sleep 0.1
    while read -r pid; do kill -9 "$pid" 2>/dev/null; done < "$dir/pids"
    rm -f "$dir/pids"
}
if [ "$cmd" = stop ]; then stop; exit 0; fi

build=$3; shift 3
mkdir -p "$dir"
: > "$dir/pids"
: > "$dir/env"
skip() { stop; echo "skip: $*"; exit 0; }
env_set() { echo "$1=$2" >> "$dir/env"; }
# Starts a server in the background, output to DIR/NAME.log, pid recorded.
run() { name=$1; shift; "$@" > "$dir/$name.log" 2>&1 & echo $! >> "$dir/pids"; }
# Waits (up to 10 s) until FILE holds PATTERN; false when it never does.
wait_for() {
    i=0
    while [ $i -lt 100 ]; do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (sh tools/deps.sh test)"; }

base=$((20000 + ($$ % 3000) * 10))
DNS_PORT=$base; FAKEDNS_PORT=$((base + 1)); NTP_PORT=$((base + 2)); FAM_PORT=$((base + 3))
FAM4_PORT=$((base + 4)); PROXY_PORT=$((base + 5)); TLS_PORT=$((base + 6))
SILENT_PORT=$((base + 7))
env_set DNS "127.0.53.1:$DNS_PORT"
env_set FAKEDNS "127.0.53.3:$FAKEDNS_PORT"
env_set NTP_PORT $NTP_PORT
env_set FAM_PORT $FAM_PORT
env_set FAM4_PORT $FAM4_PORT
env_set PROXY_PORT $PROXY_PORT
env_set TLS_PORT $TLS_PORT
env_set SILENT "127.0.53.4:$SILENT_PORT"
env_set SILENT_PORT $SILENT_PORT
env_set DIR "$dir"

testsrv="$build/tools/testsrv"
for c in "$@"; do
case $c in
dns)
    need dnsmasq
    [ -x "$testsrv" ] || skip "$testsrv is not built (make test-run builds it)"
    run fakedns "$testsrv" dns 127.0.53.3 $FAKEDNS_PORT
    set -- --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
        --bind-interfaces --listen-address=127.0.53.1 --port=$DNS_PORT --user=root \
        --log-queries --log-facility=- \
        --local=/oqs-pdl.org/ --local=/onshikaku.org/ --local=/managedpki.ne.jp/ \
        --local=/cloudfront.net/ --server=/slow.oqs-pdl.org/127.0.53.3#$FAKEDNS_PORT \
        --txt-record=nodata.oqs-pdl.org,no-address-records \
        --host-record=hweb.oqs.onshikaku.org,127.0.53.20,::1 \
        --host-record=cert.obn.managedpki.ne.jp,127.0.53.21 \
        --host-record=proxy.base.oqs-pdl.org,127.0.53.2 \
        --host-record=v4only.oqs-pdl.org,127.0.53.20 \
        --host-record=d2vhvuj0j7c8bh.cloudfront.net,127.0.53.30
    for i in 10 11 12; do set -- "$@" --host-record=ntp.base.oqs-pdl.org,127.0.53.$i; done
    for i in 10 11 12 16 17; do set -- "$@" --host-record=ntp-partial.oqs-pdl.org,127.0.53.$i; done
    for i in 16 17; do set -- "$@" --host-record=ntp-dead.oqs-pdl.org,127.0.53.$i; done
    set -- "$@" --host-record=ntp-unsync.oqs-pdl.org,127.0.53.13
    # More round-robin records than fit in 512 bytes (field notes: pweb, ntp).
    i=1; while [ $i -le 40 ]; do set -- "$@" --host-record=pweb.base.oqs-pdl.org,127.0.54.$i; i=$((i + 1)); done
    run dnsmasq dnsmasq "$@"
    wait_for "$dir/dnsmasq.log" "started" || skip "dnsmasq did not start: $(tail -n 2 "$dir/dnsmasq.log")"
    ;;
ntp)
    need chronyd
    for i in 10 11 12 13; do
        {
            echo "port $NTP_PORT"
            echo "bindaddress 127.0.53.$i"
            echo "cmdport 0"
            echo "allow 127.0.0.0/8"
            echo "pidfile $dir/chrony$i.pid"
            # .13 has no time source: it answers unsynchronised (leap 3).
            [ $i -ne 13 ] && echo "local stratum 10"
        } > "$dir/chrony$i.conf"
        run chrony$i chronyd -x -d -u root -f "$dir/chrony$i.conf"
    done
    for i in 10 11 12 13; do
        wait_for "$dir/chrony$i.log" "Disabled control" ||
            skip "chronyd did not start: $(tail -n 2 "$dir/chrony$i.log")"
    done
    [ -x "$testsrv" ] || skip "$testsrv is not built"
    run ntpkod "$testsrv" ntp 127.0.53.14 $NTP_PORT kod
    run ntpbad "$testsrv" ntp 127.0.53.15 $NTP_PORT badorigin
    ;;
family)
    [ -x "$testsrv" ] || skip "$testsrv is not built"
    run listen4 "$testsrv" listen 127.0.53.20 $FAM_PORT
    run listen6 "$testsrv" listen ::1 $FAM_PORT
    run listen4only "$testsrv" listen 127.0.53.20 $FAM4_PORT
    ;;
silent)
    [ -x "$testsrv" ] || skip "$testsrv is not built"
    run silent "$testsrv" silent 127.0.53.4 $SILENT_PORT
    ;;
*) skip "unknown component $c" ;;
esac
done
# The servers above that print nothing when ready get a moment to bind.
sleep 0.2
while read -r pid; do
    kill -0 "$pid" 2>/dev/null || skip "a test server (pid $pid) exited at start: $(cat "$dir"/*.log | tail -n 3)"
done < "$dir/pids"
exit 0
