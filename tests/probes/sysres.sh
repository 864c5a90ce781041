#!/bin/sh
# Runs `oqsdiag --json ARGS... probe dns` where the system resolver meets only
# our servers: a user, mount and network namespace of its own (unshare -rmn)
# with loopback alone, DIR/hosts, DIR/resolv.conf and DIR/nsswitch.conf bound
# over /etc's, and dnsmasq (DIR/dnsmasq.conf) on 127.0.0.1:53. The real
# getaddrinfo and c-ares then read those files; nothing leaves the namespace.
#   sh tests/probes/sysres.sh DIR OQSDIAG [ARGS...]
# Writes DIR/out.json, DIR/rc (oqsdiag's exit status), DIR/dnsmasq.log.
# Exit 77 with the reason on stdout when namespaces or dnsmasq are missing.
dir=$1; bin=$2; shift 2
command -v unshare >/dev/null 2>&1 || { echo "unshare is not installed"; exit 77; }
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || { echo "dnsmasq is not installed"; exit 77; }
unshare -rmn true 2>/dev/null || { echo "user/mount/network namespaces are not permitted here"; exit 77; }
PATH=$PATH:/usr/sbin:/sbin
export PATH
exec unshare -rmn sh -c '
    dir=$1; bin=$2; shift 2
    ip link set lo up || { echo "cannot bring up loopback"; exit 77; }
    for f in hosts resolv.conf nsswitch.conf; do
        mount --bind "$dir/$f" "/etc/$f" || { echo "cannot bind $f"; exit 77; }
    done
    dnsmasq --keep-in-foreground --conf-file="$dir/dnsmasq.conf" --log-facility="$dir/dnsmasq.log" &
    pid=$!
    i=0
    until grep -q "started" "$dir/dnsmasq.log" 2>/dev/null; do
        i=$((i + 1))
        [ $i -gt 100 ] && { echo "dnsmasq did not start"; kill $pid; exit 77; }
        sleep 0.1
    done
    "$bin" --json "$@" probe dns >"$dir/out.json"
    echo $? >"$dir/rc"
    kill $pid
    wait $pid 2>/dev/null
    exit 0
' sh "$dir" "$bin" "$@"
