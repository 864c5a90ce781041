#!/bin/sh
# Real servers for the network-probe tests, on 127.0.53.x and ::1 only.
#   harness.sh start DIR BUILD COMPONENT...   (dns ntp family proxy tls)
#   harness.sh stop DIR
#   (and http: a plain HTTP site on cert.obn.managedpki.ne.jp's address)
# start writes DIR/env (KEY=VALUE lines: ports, addresses, files) and DIR/pids,
# and prints nothing on success; when a server cannot start it stops what it
# started and prints "skip: <reason>" (exit 0): the test then skips with it.
# stop ends exactly the processes listed in DIR/pids, by pid.
# Ports come from this shell's pid so parallel test runs do not collide.
set -u
cmd=$1; dir=$2
PATH=$PATH:/usr/sbin:/sbin

stop() {
    if [ -f "$dir/watchdog" ]; then
        kill "$(cat "$dir/watchdog")" 2>/dev/null; rm -f "$dir/watchdog"
    fi
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
SILENT_PORT=$((base + 7)); HTTP_PORT=$((base + 8))
env_set DNS "127.0.53.1:$DNS_PORT"
env_set FAKEDNS "127.0.53.3:$FAKEDNS_PORT"
env_set NTP_PORT $NTP_PORT
env_set FAM_PORT $FAM_PORT
env_set FAM4_PORT $FAM4_PORT
env_set PROXY_PORT $PROXY_PORT
env_set TLS_PORT $TLS_PORT
env_set SILENT "127.0.53.4:$SILENT_PORT"
env_set SILENT_PORT $SILENT_PORT
env_set HTTP_PORT $HTTP_PORT
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
        --host-record=d2vhvuj0j7c8bh.cloudfront.net,127.0.53.30 \
        --host-record=tls-valid.oqs.onshikaku.org,127.0.53.30 \
        --host-record=tls-expired.oqs.onshikaku.org,127.0.53.31 \
        --host-record=tls-wronghost.oqs.onshikaku.org,127.0.53.32 \
        --host-record=tls-nochain.oqs.onshikaku.org,127.0.53.33 \
        --host-record=tls-clientauth.oqs.onshikaku.org,127.0.53.34
    for i in 10 11 12; do set -- "$@" --host-record=ntp.base.oqs-pdl.org,127.0.53.$i; done
    for i in 10 11 12 16 17; do set -- "$@" --host-record=ntp-partial.oqs-pdl.org,127.0.53.$i; done
    for i in 16 17; do set -- "$@" --host-record=ntp-dead.oqs-pdl.org,127.0.53.$i; done
    set -- "$@" --host-record=ntp-unsync.oqs-pdl.org,127.0.53.13
    set -- "$@" --host-record=ntp-dual.oqs-pdl.org,127.0.53.10,::1
    # More round-robin records than fit in 512 bytes (field notes: pweb, ntp).
    i=1; while [ $i -le 40 ]; do set -- "$@" --host-record=pweb.base.oqs-pdl.org,127.0.54.$i; i=$((i + 1)); done
    run dnsmasq dnsmasq "$@"
    wait_for "$dir/dnsmasq.log" "started" || skip "dnsmasq did not start: $(tail -n 2 "$dir/dnsmasq.log")"
    ;;
ntp)
    need chronyd
    for i in 10 11 12 13 6; do
        a=127.0.53.$i; [ $i = 6 ] && a=::1
        {
            echo "port $NTP_PORT"
            echo "bindaddress $a"
            # chronyd binds the wildcard of a family it has no bindaddress for.
            [ $i = 6 ] && echo "bindaddress 127.0.53.6"
            echo "cmdport 0"
            echo "allow 127.0.0.0/8"
            echo "allow ::1"
            echo "pidfile $dir/chrony$i.pid"
            # .13 has no time source: it answers unsynchronised (leap 3);
            # "6" serves on ::1 for the IPv6 path.
            [ $i -ne 13 ] && echo "local stratum 10"
        } > "$dir/chrony$i.conf"
        run chrony$i chronyd -x -d -u root -f "$dir/chrony$i.conf"
    done
    for i in 10 11 12 13 6; do
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
tls)
    need openssl
    certs="$dir/certs"; mkdir -p "$certs/new"
    : > "$certs/index.txt"; echo 1000 > "$certs/serial"
    cat > "$certs/ca.cnf" <<CNF
[ ca ]
default_ca = harness
[ harness ]
database = $certs/index.txt
new_certs_dir = $certs/new
serial = $certs/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ v3_ca ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
[ server ]
basicConstraints = CA:false
keyUsage = digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = \$ENV::SAN
[ client ]
basicConstraints = CA:false
keyUsage = digitalSignature
extendedKeyUsage = clientAuth
[ serveronly ]
basicConstraints = CA:false
keyUsage = digitalSignature
extendedKeyUsage = serverAuth
CNF
    # key NAME: a P-256 key (fast to make).
    key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$certs/$1.key" 2>>"$dir/openssl.log"; }
    root() { key "$1" && openssl req -x509 -new -key "$certs/$1.key" -subj "/CN=$2" -days 3650 \
        -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign \
        -out "$certs/$1.pem" 2>>"$dir/openssl.log"; }
    # sign NAME CN ISSUER EXTENSIONS [dates...]
    sign() {
        n=$1; cn=$2; is=$3; ext=$4; shift 4
        key "$n" && openssl req -new -key "$certs/$n.key" -subj "/CN=$cn" -out "$certs/$n.csr" 2>>"$dir/openssl.log" &&
        SAN=${SAN:-DNS:unused.example} openssl ca -batch -notext -config "$certs/ca.cnf" -cert "$certs/$is.pem" \
            -keyfile "$certs/$is.key" -in "$certs/$n.csr" -out "$certs/$n.pem" -extensions "$ext" "$@" \
            >>"$dir/openssl.log" 2>&1
    }
    good_san="DNS:*.oqs.onshikaku.org,DNS:hweb.oqs.onshikaku.org,DNS:d2vhvuj0j7c8bh.cloudfront.net"
    { root root "Harness Root CA" &&
      sign inter "Harness Intermediate CA" root v3_ca -days 3650 &&
      SAN=$good_san sign valid "hweb.oqs.onshikaku.org" inter server -days 365 &&
      SAN=$good_san sign expired "hweb.oqs.onshikaku.org" inter server -startdate 20200101000000Z -enddate 20210101000000Z &&
      SAN=DNS:wrong.example sign wronghost "wrong.example" inter server -days 365 &&
      root obnroot "Online Billing NW Common Root CA" &&
      sign client "R0123456789" obnroot client -days 365 &&
      sign client_expired "R0123456789" obnroot client -startdate 20200101000000Z -enddate 20210101000000Z &&
      sign client_serveronly "R0123456789" obnroot serveronly -days 365 &&
      root otherroot "Some Other CA" &&
      sign client_other "R0123456789" otherroot client -days 365 &&
      openssl pkcs12 -export -inkey "$certs/client.key" -in "$certs/client.pem" -certfile "$certs/obnroot.pem" \
          -passout pass:harness-pfx-pass -out "$certs/client.pfx" 2>>"$dir/openssl.log" &&
      for c in client client_expired client_serveronly client_other; do
          cat "$certs/$c.pem" "$certs/$c.key" > "$certs/$c-bundle.pem" || exit 1
      done; } || skip "openssl could not make the test certificates: $(tail -n 2 "$dir/openssl.log")"
    env_set CA_FILE "$certs/root.pem"
    env_set CERTS "$certs"
    # s_server NAME ADDR CERT [options]: one TLS server per fault, on TLS_PORT.
    s_server() {
        n=$1; a=$2; c=$3; shift 3
        run "tls_$n" openssl s_server -accept "$a:$TLS_PORT" -cert "$certs/$c.pem" -key "$certs/$c.key" -www "$@"
    }
    s_server valid 127.0.53.30 valid -cert_chain "$certs/inter.pem"
    s_server expired 127.0.53.31 expired -cert_chain "$certs/inter.pem"
    s_server wronghost 127.0.53.32 wronghost -cert_chain "$certs/inter.pem"
    s_server nochain 127.0.53.33 valid
    s_server clientauth 127.0.53.34 valid -cert_chain "$certs/inter.pem" -Verify 1 \
        -CAfile "$certs/obnroot.pem" -verify_return_error
    for n in valid expired wronghost nochain clientauth; do
        wait_for "$dir/tls_$n.log" "ACCEPT" || skip "openssl s_server did not start: $(tail -n 2 "$dir/tls_$n.log")"
    done
    ;;
proxy)
    need squid
    # squid drops root for its own user: it needs to reach its directory.
    chmod 711 "$dir"
    printf '127.0.53.30 d2vhvuj0j7c8bh.cloudfront.net\n127.0.53.21 cert.obn.managedpki.ne.jp\n' > "$dir/hosts"
    chmod 644 "$dir/hosts"
    for kind in open auth deny; do
        case $kind in open) a=127.0.53.40 ;; auth) a=127.0.53.41 ;; deny) a=127.0.53.42 ;; esac
        sd="$dir/squid-$kind"; mkdir -p "$sd"; chmod 777 "$sd"
        {
            echo "http_port $a:$PROXY_PORT"
            echo "pid_filename $sd/squid.pid"
            echo "cache_log $sd/cache.log"
            echo "access_log none"
            echo "cache deny all"
            echo "cache_mem 8 MB"
            echo "hosts_file $dir/hosts"
            echo "icp_port 0"
            echo "htcp_port 0"
            echo "shutdown_lifetime 0 seconds"
            echo "pinger_enable off"
            echo "coredump_dir $sd"
            echo "logfile_rotate 0"
            echo "visible_hostname harness-$kind"
            echo "udp_incoming_address $a"
            case $kind in
            auth)
                echo "auth_param basic program /usr/lib/squid/basic_fake_auth"
                echo "auth_param basic children 1 startup=0 idle=1"
                echo "acl authed proxy_auth REQUIRED"
                echo "http_access allow authed"
                echo "http_access deny all" ;;
            deny)
                echo "acl cloud dstdomain d2vhvuj0j7c8bh.cloudfront.net cert.obn.managedpki.ne.jp"
                echo "http_access deny cloud"
                echo "http_access allow all" ;;
            open)
                echo "http_access allow all" ;;
            esac
        } > "$sd/squid.conf"
        run "squid_$kind" squid -N -f "$sd/squid.conf"
    done
    env_set PROXY_OPEN "127.0.53.40:$PROXY_PORT"
    env_set PROXY_AUTH "127.0.53.41:$PROXY_PORT"
    env_set PROXY_DENY "127.0.53.42:$PROXY_PORT"
    for kind in open auth deny; do
        wait_for "$dir/squid-$kind/cache.log" "Accepting HTTP" ||
            skip "squid did not start: $(tail -n 2 "$dir/squid-$kind/cache.log" "$dir/squid_$kind.log" 2>/dev/null)"
    done
    ;;
http)
    [ -x "$testsrv" ] || skip "$testsrv is not built"
    run http "$testsrv" http 127.0.53.21 $HTTP_PORT
    ;;
silent)
    [ -x "$testsrv" ] || skip "$testsrv is not built"
    run silent "$testsrv" silent 127.0.53.4 $SILENT_PORT
    ;;
*) skip "unknown component $c" ;;
esac
done
# A test that crashes never calls stop: a watchdog ends the servers when the
# process that started the harness (the test binary) is gone.
owner=$PPID
( while kill -0 "$owner" 2>/dev/null; do sleep 1; done; rm -f "$dir/watchdog"; stop ) \
    </dev/null >/dev/null 2>&1 &
echo $! > "$dir/watchdog"
# The servers above that print nothing when ready get a moment to bind.
sleep 0.2
while read -r pid; do
    kill -0 "$pid" 2>/dev/null || skip "a test server (pid $pid) exited at start: $(cat "$dir"/*.log | tail -n 3)"
done < "$dir/pids"
exit 0
