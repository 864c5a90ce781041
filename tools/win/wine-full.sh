#!/bin/sh
# The complete oqsdiag.exe under Wine (docs/windows.md). Called by
# wine-test.sh in its Wine prefix, after wt_platform.exe has set up the
# "clinic" there (registry, files, tasks, credentials, certificates):
#   sh tools/win/wine-full.sh SRC LINUX_BUILD WIN_FULL_DIR OUT_DIR
# 1. the cmocka suite cross-built (WIN_FULL_DIR/tests/*/*.exe);
# 2. `--jsonl analyze` of every fixture snapshot, as a folder and as a
#    bundle, in one program start: per input the same finding ids and
#    statuses and the same KB entries as the Linux binary;
# 3. `probe dns ntp proxy tls` against the real loopback servers of
#    tests/probes/harness.sh: the same verdicts as the Linux binary;
# 4. doctor, verify and collect on the clinic; the bundle collect wrote
#    is analysed on Linux and under Wine with the same result;
# 5. the zip of `make dist`: complete, checksums right, and its exe alone
#    in an empty folder runs doctor.
# Prints cmocka-style summary lines, which tests/run.sh adds up.
# WIN_FULL_SECTIONS="0 0b 2" runs only those sections (default: all), for
# iterating by hand in a prefix wt_platform.exe has set up.
set -u
src=$1; lbuild=$2; wf=$3; out=$4
wine=${WINE:-/usr/lib/wine/wine64}
exe=$wf/../oqsdiag.exe
linux=$lbuild/oqsdiag
mkdir -p "$out"
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
abs() { (cd "$1" && pwd); }
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "[  FAILED  ] $*"; }
section_end() {
    echo "section $section: $(($(date +%s) - t0)) s"
    echo "[  PASSED  ] $pass test(s)."
    [ $fail -gt 0 ] && echo "[  FAILED  ] $fail test(s)."
    total_fail=$((total_fail + fail)); pass=0; fail=0
}
total_fail=0
# want SECTION: chosen (WIN_FULL_SECTIONS); its start time, for section_end.
want() {
    case " ${WIN_FULL_SECTIONS:-0 0b 1 2 3 4 5} " in *" $1 "*) section=$1; t0=$(date +%s); return 0 ;; esac
    return 1
}

# ---- 0. one file: only Windows' own DLLs in the import table ----
if want 0; then
echo "== oqsdiag.exe imports only Windows system DLLs"
dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr -d '\r')
other=$(printf '%s\n' "$dlls" | grep -Eiv '^(kernel32|advapi32|crypt32|ws2_32|winhttp|shell32|ole32|oleaut32|bcrypt|user32|gdi32|msvcrt|iphlpapi|secur32|normaliz|wldap32|ntdll|shlwapi|rpcrt4|api-ms-win-[a-z0-9-]+)\.dll$')
if [ -n "$dlls" ] && [ -z "$other" ]; then ok; echo "imports: $(printf '%s' "$dlls" | tr '\n' ' ')"
else bad "oqsdiag.exe imports other DLLs: $other"; fi
section_end
fi

# ---- 0b. the plain commands print what the Linux binary prints ----
if want 0b; then
echo "== wine: version, help, analyze (text), Linux vs oqsdiag.exe"
# text_same NAME ARG...: the same command's output on Linux and under Wine,
# CRs gone, paths written one way, the report's own time (now) and how
# long it took masked.
norm() { tr -d '\r' | sed -E 's|Z:\\|/|g; s|\\|/|g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g; s/\([0-9]+ ms\)/(N ms)/g'; }
text_same() {
    name=$1; shift
    "$linux" "$@" 2>&1 | norm >"$out/l.txt"
    wargs=""
    for a in "$@"; do
        case $a in /*) a=$(winpath "$a") ;; esac
        wargs="$wargs $a"
    done
    # shellcheck disable=SC2086
    "$wine" "$exe" $wargs 2>&1 | norm >"$out/w.txt"
    if [ -s "$out/w.txt" ] && cmp -s "$out/l.txt" "$out/w.txt"; then ok; else
        bad "$name: Linux and Windows print differently"
        diff "$out/l.txt" "$out/w.txt" | head -n 10
    fi
}
# version: the first line (the libraries' versions differ by build).
"$linux" version | head -n 1 >"$out/l.txt"
"$wine" "$exe" version 2>&1 | tr -d '\r' >"$out/w.txt"
if [ -s "$out/l.txt" ] && [ "$(head -n 1 "$out/w.txt")" = "$(cat "$out/l.txt")" ] &&
   grep -q '^  openssl ' "$out/w.txt"; then ok; echo "windows: $(tr '\n' ' ' <"$out/w.txt")"; else
    bad "version under Wine: $(head -c 300 "$out/w.txt")"; fi
text_same "help" help
text_same "help analyze" help analyze
text_same "analyze healthy-ja (ja)" --lang ja analyze "$src/tests/fixtures/snapshots/healthy-ja"
text_same "analyze task-missing (en)" --lang en analyze "$src/tests/fixtures/snapshots/task-missing"
# The exit status says the verdict on Windows too (fail = 2).
"$wine" "$exe" --json analyze "$(winpath "$src/tests/fixtures/snapshots/task-missing")" >/dev/null 2>&1
wa=$?
"$linux" --json analyze "$src/tests/fixtures/snapshots/task-missing" >/dev/null 2>&1
la=$?
if [ $wa -eq $la ] && [ $wa -eq 2 ]; then ok; else bad "analyze task-missing: exit $wa under Wine, $la on Linux (want 2)"; fi
section_end
fi

# ---- 1. the cmocka suite ----
# The programs mk/windows.mk built (WIN_FULL_DIR/tests/list), WIN_TEST_JOBS
# (2) at a time in this prefix's one wineserver, longest first by the last
# run's times (OUT_DIR/cmocka-times.txt), so the two queues end together;
# the results are printed in name order.
if want 1; then
echo "== wine: cmocka suite cross-built"
list=$wf/tests/list
[ -s "$list" ] || find "$wf/tests" -name 'test_*.exe' | sort >"$list"
times=$out/cmocka-times.txt
touch "$times"
while read -r t; do
    ms=$(sed -n "s|^\([0-9]*\) ${t#"$wf"/tests/}\$|\1|p" "$times" | head -n 1)
    echo "${ms:-999999} $t"
done <"$list" | sort -rn | cut -d' ' -f2- >"$out/cmocka-order"
export WINE_T_OUT="$out" WINE_T_WF="$wf" WINE_T_WINE="$wine"
# One program: its log, exit status and wall time (ms) beside it.
# shellcheck disable=SC2016
xargs -P "${WIN_TEST_JOBS:-2}" -n 1 sh -c '
    log=$WINE_T_OUT/cmocka-$(printf %s "${1#"$WINE_T_WF"/tests/}" | tr / _).log
    s=$(date +%s%N)
    "$WINE_T_WINE" "$1" >"$log" 2>&1
    echo $? >"$log.rc"
    echo $((($(date +%s%N) - s) / 1000000)) >"$log.ms"' sh <"$out/cmocka-order"
: >"$times.new"
while read -r t; do
    name=${t#"$wf"/tests/}
    log=$out/cmocka-$(printf %s "$name" | tr / _).log
    rc=$(cat "$log.rc" 2>/dev/null || echo 127)
    echo "$(cat "$log.ms" 2>/dev/null || echo 0) $name" >>"$times.new"
    echo "-- $name"
    tr -d '\r' <"$log" | grep -E '^\[  (PASSED|FAILED|SKIPPED) \]|^\[  ERROR   \]|^\[   LINE   \]|^ERROR: '
    if [ "$rc" -ne 0 ] && ! grep -q 'FAILED' "$log"; then
        echo "[  FAILED  ] 1 test(s)."
        echo "!! $name exited $rc under Wine (log: $log)"
        total_fail=$((total_fail + 1))
    fi
    [ "$rc" -ne 0 ] && total_fail=$((total_fail + 1))
done <"$list"
mv "$times.new" "$times"
echo "cmocka suite under Wine: $(wc -l <"$list") programs, slowest: $(sort -rn "$times" | head -n 3 | awk '{printf "%s %.1f s; ", $2, $1 / 1000}')"
echo "section 1: $(($(date +%s) - t0)) s"
fi

# ---- 2. analyze: Linux and Windows agree ----
# The verdicts of a report: finding id and status, and the KB entries.
verdicts() { jq -S -c '{f: ([.findings[] | [.id, .status]] | sort), kb: ([.kb[]?.id] | sort)}'; }
# same NAME LINUX_FILE WINE_FILE [EXTRA]: the same verdicts; EXTRA, a JSON
# list of [id, status], names findings only Windows gives (the store's
# client certificate): they must be there, and are left out of the rest.
same() {
    if [ ! -s "$2" ] || [ ! -s "$3" ]; then bad "$1: no report ($(head -c 200 "$2" "$3" 2>/dev/null | tr '\n' ' '))"; return; fi
    a=$(verdicts <"$2" 2>/dev/null)
    b=$(tr -d '\r' <"$3" | jq -S -c --argjson x "${4:-[]}" '([.findings[] | [.id, .status]] | sort) as $f |
        if all($x[]; . as $p | any($f[]; . == $p)) then {f: ($f - $x), kb: ([.kb[]?.id] | sort)}
        else "Windows lacks one of \($x)" end' 2>/dev/null)
    if [ -n "$a" ] && [ "$a" = "$b" ]; then ok; else
        bad "$1: Linux and Windows differ"
        echo "  linux:   $(printf '%s' "$a" | head -c 600)"
        echo "  windows: $(printf '%s' "$b" | head -c 600)"
    fi
}
if want 2; then
echo "== wine: analyze --jsonl, Linux vs oqsdiag.exe"
# Every fixture snapshot as a folder and as a bundle (one top-level folder,
# snapshot-layout.md): one input each, their names in $out/inputs.names.
bundles=$out/bundles; rm -rf "$bundles"; mkdir -p "$bundles"
: >"$out/inputs.names"; : >"$out/inputs.linux"; : >"$out/inputs.wine"
for d in "$src"/tests/fixtures/snapshots/*/ "$src"/tests/fixtures/bundle/snapshot/; do
    d=${d%/}; n=$(basename "$(dirname "$d")")-$(basename "$d")
    tar -C "$(dirname "$d")" -czf "$bundles/$n.tar.gz" "$(basename "$d")" || { bad "$n: tar"; continue; }
    printf '%s (folder)\n%s (bundle)\n' "$n" "$n" >>"$out/inputs.names"
    printf '%s\n%s\n' "$d" "$bundles/$n.tar.gz" >>"$out/inputs.linux"
    printf '%s\n%s\n' "$(winpath "$d")" "$(winpath "$bundles/$n.tar.gz")" >>"$out/inputs.wine"
done
# One program start per side: `analyze --jsonl` writes one report per input,
# in input order (Wine starts a program in about 1.4 s; one start per input
# took minutes). xargs splits the list only if it outgrows a Windows command
# line (32767 characters).
tr '\n' '\0' <"$out/inputs.linux" | xargs -0 "$linux" analyze --jsonl --jobs 2 >"$out/l.jsonl" 2>"$out/l.err"
tr '\n' '\0' <"$out/inputs.wine" |
    xargs -0 -s 30000 "$wine" "$exe" analyze --jsonl --jobs 2 2>"$out/w.err" | tr -d '\r' >"$out/w.jsonl"
# One line per input: the verdicts, or the error that stopped it.
per_input() { jq -S -c 'if .error then {error: .error} else
    {f: ([.findings[] | [.id, .status]] | sort), kb: ([.kb[]?.id] | sort)} end' 2>/dev/null; }
per_input <"$out/l.jsonl" >"$out/l.verdicts"
per_input <"$out/w.jsonl" >"$out/w.verdicts"
ni=$(wc -l <"$out/inputs.names")
if [ "$(wc -l <"$out/l.verdicts")" -ne "$ni" ] || [ "$(wc -l <"$out/w.verdicts")" -ne "$ni" ]; then
    bad "analyze --jsonl: $ni inputs, $(wc -l <"$out/l.verdicts") reports on Linux, $(wc -l <"$out/w.verdicts") under Wine ($(head -c 300 "$out/w.err" | tr '\n' ' '))"
fi
# Input by input: the same finding ids and statuses and KB entries, and an
# error on either side (no report) a failure of its own.
i=0
while IFS= read -r n; do
    i=$((i + 1))
    a=$(sed -n "${i}p" "$out/l.verdicts"); b=$(sed -n "${i}p" "$out/w.verdicts")
    case "$a$b" in
    *'"error":'*|'') bad "$n: no report (linux: $(printf '%s' "$a" | head -c 200); windows: $(printf '%s' "$b" | head -c 200))" ;;
    *) if [ "$a" = "$b" ]; then ok; else
           bad "$n: Linux and Windows differ"
           echo "  linux:   $(printf '%s' "$a" | head -c 600)"
           echo "  windows: $(printf '%s' "$b" | head -c 600)"
       fi ;;
    esac
done <"$out/inputs.names"
section_end
fi

# ---- 3. probes against the real loopback servers ----
if want 3; then
echo "== wine: probes against the harness servers, Linux vs oqsdiag.exe"
hx=$(mktemp -d "${TMPDIR:-/tmp}/oqsdiag-winehx.XXXXXX")
msg=$(sh "$src/tests/probes/harness.sh" start "$hx" "$lbuild" dns ntp proxy tls http 2>&1)
if [ -n "$msg" ]; then
    echo "skipped: probes under Wine: $msg"
    echo "[  SKIPPED ] 1 test(s)."
else
    get() { sed -n "s/^$1=//p" "$hx/env"; }
    dns=$(get DNS); tlsp=$(get TLS_PORT); ntpp=$(get NTP_PORT); proxyp=$(get PROXY_PORT)
    ca=$(get CA_FILE); certs=$(get CERTS); httpp=$(get HTTP_PORT)
    site=cert.obn.managedpki.ne.jp
    base="--set dns.servers=$dns --set timeout_ms=4000"
    # The PFX password from the environment (Wine passes it on), under the
    # default name, another one, a wrong one and none (no terminal here, so
    # no prompt: the probe names the variable).
    export OQSDIAG_PFX_PASSWORD=harness-pfx-pass OQSDIAG_WT_PFX_PASS=harness-pfx-pass
    export OQSDIAG_WT_PFX_WRONG=not-the-password
    unset OQSDIAG_WT_PFX_NONE
    # probe_pair NAME PROBE LINUX_SETTINGS WINDOWS_SETTINGS [EXTRA]
    probe_pair() {
        # shellcheck disable=SC2086
        "$linux" --json probe $2 $base $3 >"$out/l.json" 2>/dev/null
        # shellcheck disable=SC2086
        "$wine" "$exe" --json probe $2 $base $4 >"$out/w.json" 2>/dev/null
        same "probe $1" "$out/l.json" "$out/w.json" "${5:-}"
    }
    # name|probe|settings|extra (paths are Linux paths; Wine reads them
    # through Z:). Without tls.client_cert the Windows probe takes the
    # client certificate from CurrentUser\My, so the rows that are not about
    # it give both the same file; "client missing" on Windows is the
    # clinic's store, which holds no certificate of that issuer (extra).
    # The Linux probes one after another; the Windows ones afterwards, two
    # at a time (WIN_PROBE_JOBS): most of a Wine start is waiting, and the
    # servers take one client after another as they do on Linux.
    rm -f "$out"/row-*
    i=0
    while IFS='|' read -r name probe sets extra; do
        [ -n "$name" ] || continue
        i=$((i + 1)); r=$out/row-$(printf %02d $i)
        printf '%s\n' "$name" >"$r.name"; printf '%s\n' "$extra" >"$r.extra"
        # shellcheck disable=SC2086
        "$linux" --json probe $probe $base $sets >"$r.l.json" 2>/dev/null
        printf '%s\n' "$probe $base $(printf '%s' "$sets" | sed "s|=/|=Z:/|g")" >"$r.args"
    done <<EOF
dns|dns|
ntp|ntp|--set ntp.port=$ntpp
ntp partial|ntp|--set ntp.port=$ntpp --set ntp.server=ntp-partial.oqs-pdl.org
proxy open|proxy|--set proxy.server=127.0.53.40:$proxyp --set proxy.target=d2vhvuj0j7c8bh.cloudfront.net:$tlsp --set tls.ca_file=$ca
proxy auth|proxy|--set proxy.server=127.0.53.41:$proxyp --set proxy.target=d2vhvuj0j7c8bh.cloudfront.net:$tlsp --set tls.ca_file=$ca
proxy deny|proxy|--set proxy.server=127.0.53.42:$proxyp --set proxy.target=d2vhvuj0j7c8bh.cloudfront.net:$tlsp --set tls.ca_file=$ca
tls valid|tls|--set tls.target=tls-valid.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca --set tls.client_cert=$certs/client.pfx
tls expired|tls|--set tls.target=tls-expired.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca --set tls.client_cert=$certs/client.pfx
tls wrong host|tls|--set tls.target=tls-wronghost.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca --set tls.client_cert=$certs/client.pfx
tls no chain|tls|--set tls.target=tls-nochain.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca --set tls.client_cert=$certs/client.pfx
tls client PFX|tls|--set tls.target=tls-clientauth.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca --set tls.client_cert=$certs/client.pfx
tls client missing|tls|--set tls.target=tls-clientauth.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca|[["tls.client_cert.load","fail"]]
tls client expired|tls|--set tls.target=tls-clientauth.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca --set tls.client_cert=$certs/client_expired-bundle.pem
tls client PFX, password in another variable|tls|--set tls.target=tls-clientauth.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca --set tls.client_cert=$certs/client.pfx --set tls.client_cert_password_env=OQSDIAG_WT_PFX_PASS
tls client PFX, wrong password|tls|--set tls.target=tls-clientauth.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca --set tls.client_cert=$certs/client.pfx --set tls.client_cert_password_env=OQSDIAG_WT_PFX_WRONG
tls client PFX, no password|tls|--set tls.target=tls-clientauth.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca --set tls.client_cert=$certs/client.pfx --set tls.client_cert_password_env=OQSDIAG_WT_PFX_NONE
http direct (bypass list)|http|--set http.target=$site:$httpp --set proxy.server=127.0.0.1:9
http through the proxy|http|--set http.target=$site:$httpp --set proxy.server=127.0.53.40:$proxyp --set proxy.bypass=.onshikaku.org
http proxy asks for a password|http|--set http.target=$site:$httpp --set proxy.server=127.0.53.41:$proxyp --set proxy.bypass=.onshikaku.org
http proxy refuses|http|--set http.target=$site:$httpp --set proxy.server=127.0.53.42:$proxyp --set proxy.bypass=.onshikaku.org
http port closed|http|--set http.target=$site:9 --set proxy.server=127.0.0.1:9
EOF
    export WINE_T_WINE="$wine" WINE_T_EXE="$exe"
    # shellcheck disable=SC2016
    ls "$out"/row-*.args | xargs -P "${WIN_PROBE_JOBS:-2}" -n 1 sh -c \
        '"$WINE_T_WINE" "$WINE_T_EXE" --json probe $(cat "$1") >"${1%.args}.w.json" 2>/dev/null' sh
    for a in "$out"/row-*.args; do
        r=${a%.args}
        same "probe $(cat "$r.name")" "$r.l.json" "$r.w.json" "$(cat "$r.extra")"
    done
    # The client certificate from the Wine user's store, as a server keeps
    # it: an RSA key (Wine imports no P-256 key) in a container of its own,
    # not exportable, and the certificate in My pointing at it. Linux gets
    # the same certificate and key as a file; the verdicts are the same.
    # Then one issued by another CA under the same name: both refused.
    tca="--set tls.target=tls-clientauth.oqs.onshikaku.org:$tlsp --set tls.ca_file=$ca"
    wtexe=$wf/../tests/wt_schannel.exe
    printf 'basicConstraints = CA:false\nkeyUsage = digitalSignature\nextendedKeyUsage = clientAuth\n' >"$certs/store.ext"
    # store_cert NAME ISSUER DAYS: made, and put into the Wine user's store.
    store_cert() {
        { openssl req -new -newkey rsa:2048 -nodes -keyout "$certs/$1.key" -subj /CN=R0123456789 \
              -out "$certs/$1.csr" &&
          openssl x509 -req -in "$certs/$1.csr" -CA "$certs/$2.pem" -CAkey "$certs/$2.key" -CAcreateserial \
              -days "$3" -extfile "$certs/store.ext" -out "$certs/$1.pem" &&
          cat "$certs/$1.pem" "$certs/$1.key" >"$certs/$1-bundle.pem" &&
          openssl rsa -in "$certs/$1.key" -outform PVK -pvk-none -out "$certs/$1.pvk" &&
          openssl x509 -in "$certs/$1.pem" -outform DER -out "$certs/$1.der"; } >>"$out/store.log" 2>&1 &&
        "$wine" "$wtexe" --install "$(winpath "$certs/$1.der")" "$(winpath "$certs/$1.pvk")" "oqsdiag-$1" \
            2>&1 | tr -d '\r' | grep -q '^install: ok'
    }
    thumb() { openssl x509 -in "$certs/$1.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g'; }
    # from_store NAME: the Windows report offered NAME's certificate from the
    # store through Schannel.
    from_store() {
        t=$(tr -d '\r' <"$out/w.json" | jq -r '[.findings[] | select(.id == "tls.client_cert.accepted")
            | .evidence | select(.offered_by == "schannel") | .client_cert] | first // ""' 2>/dev/null)
        if [ "$t" = "CurrentUser\\My\\$(thumb "$1")" ]; then ok; else
            bad "the store's certificate $1 was not the one Schannel offered (${t:-none})"; fi
    }
    if store_cert store_rsa obnroot 365; then
        ok
        # Wine's own answer, without oqsdiag: its crypt32 exports no key,
        # its Schannel offers the certificate (docs/windows.md).
        "$wine" "$wtexe" --my "$(thumb store_rsa)" 127.0.53.34 "$tlsp" 2>&1 | tr -d '\r' >"$out/schannel.txt"
        sed 's/^/  wine: /' "$out/schannel.txt"
        if grep -q '^schannel: ok' "$out/schannel.txt"; then ok; else bad "Wine's Schannel does not offer the store's certificate"; fi
        probe_pair "tls client from the store" tls "$tca --set tls.client_cert=$certs/store_rsa-bundle.pem" "$tca"
        from_store store_rsa
        openssl req -x509 -newkey rsa:2048 -nodes -keyout "$certs/fakeobn.key" -subj "/CN=Online Billing NW Common Root CA" \
            -days 3650 -addext basicConstraints=critical,CA:true -out "$certs/fakeobn.pem" >>"$out/store.log" 2>&1
        if store_cert store_other fakeobn 400; then
            probe_pair "tls client from the store, refused" tls \
                "$tca --set tls.client_cert=$certs/store_other-bundle.pem" "$tca"
            from_store store_other
        else bad "the second certificate could not be put into the store: $(tail -n 3 "$out/store.log")"; fi
    else
        bad "the certificate could not be put into the Wine user's store: $(tail -n 3 "$out/store.log")"
    fi
    # The PFX password typed at the prompt: a console (Wine's, on the pty
    # script(1) makes) on standard input and error, no variable set; the
    # report goes to a file. It is typed once the prompt shows (Wine's
    # console drops what comes before it sets itself up); the console's
    # cursor codes are taken out to see it. Wine's console has now and then
    # echoed the typed line and never handed it over to ReadConsoleW, though
    # the program turned echo off before printing the prompt (one full run
    # in several, more often under load): a second try, said in a line;
    # both failing is a failure.
    if command -v script >/dev/null 2>&1; then
        # What the console showed, without its CRs and cursor codes.
        shown() { tr -d '\r' <"$out/prompt.txt" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g'; }
        prompted() { shown | grep -q 'shown)\|表示されません'; }
        prompt_try() {
            rm -f "$out/prompt.json"
            : >"$out/prompt.txt"
            (i=0; while [ $i -lt 900 ] && ! prompted; do sleep 0.1; i=$((i + 1)); done
             printf 'harness-pfx-pass\r') | env -u OQSDIAG_PFX_PASSWORD timeout 60 script -qec \
                "'$wine' '$exe' --json -o '$(winpath "$out")\\prompt.json' probe tls $base $tca --set tls.client_cert=Z:$certs/client.pfx" \
                /dev/null >"$out/prompt.txt" 2>&1
            jq -e 'any(.findings[]; .id == "tls.client_cert.load" and .status == "ok" and .evidence.private_key) and
                   any(.findings[]; .id == "tls.client_cert.accepted" and .status == "ok")' \
                "$out/prompt.json" >/dev/null 2>&1 && ! grep -q harness-pfx-pass "$out/prompt.json"
        }
        if prompt_try; then ok
        else
            echo "retried: the PFX prompt under Wine: $(shown | tail -c 200)"
            if prompt_try; then ok; else
                bad "the PFX password typed at the prompt under Wine was not taken (twice): $(shown | tail -c 300)"
            fi
        fi
    else
        echo "skipped: the PFX password prompt under Wine: script(1) is not installed"
        echo "[  SKIPPED ] 1 test(s)."
    fi
    sh "$src/tests/probes/harness.sh" stop "$hx"
    # The system resolver (dns.system, issue 16) through Winsock's
    # getaddrinfo (core/platform_win32_net.c): Wine answers it with the host's getaddrinfo, so it
    # runs where /etc/hosts and resolv.conf are ours (tests/probes/sysres.sh:
    # namespaces of its own, dnsmasq on 127.0.0.1 there), Linux and Wine
    # alike. Wine's server must start inside them: the one of this prefix
    # is ended first (waiting for it would take its 60 s of persistence,
    # wine-test.sh), the one started there is waited for, and the prefix's
    # own is started again for the sections after.
    sr=$(mktemp -d "${TMPDIR:-/tmp}/oqsdiag-winesr.XXXXXX")
    printf '127.0.0.1 localhost\n127.0.0.99 pinned.oqs.test\n127.0.0.98 hostsonly.oqs.test\n' >"$sr/hosts"
    printf 'nameserver 127.0.0.1\n' >"$sr/resolv.conf"
    printf 'hosts: files dns\n' >"$sr/nsswitch.conf"
    printf '%s\n' no-resolv no-hosts bind-interfaces listen-address=127.0.0.1 port=53 user= group= \
        log-queries local=/oqs.test/ address=/localhost/ host-record=agree.oqs.test,127.0.0.20 \
        host-record=pinned.oqs.test,127.0.0.21 >"$sr/dnsmasq.conf"
    printf '#!/bin/sh\n"%s" "%s" "$@"\nrc=$?\n"%s" -w\nexit $rc\n' "$wine" "$exe" "$(dirname "$wine")/wineserver" >"$sr/wine-oqsdiag"
    chmod +x "$sr/wine-oqsdiag"
    sargs="--set names=agree.oqs.test,pinned.oqs.test,hostsonly.oqs.test,localhost --set ntp.server=agree.oqs.test
           --set dns.servers=127.0.0.1:53 --set dns.system=yes --set dns.rr_queries=2 --set timeout_ms=4000"
    # shellcheck disable=SC2086
    why=$(sh "$src/tests/probes/sysres.sh" "$sr" "$linux" $sargs)
    if [ -n "$why" ]; then
        echo "skipped: the system resolver under Wine: $why"
        echo "[  SKIPPED ] 1 test(s)."
    else
        cp "$sr/out.json" "$out/l.json"
        "$(dirname "$wine")/wineserver" -k
        "$(dirname "$wine")/wineserver" -w
        # shellcheck disable=SC2086
        sh "$src/tests/probes/sysres.sh" "$sr" "$sr/wine-oqsdiag" $sargs >/dev/null
        "$(dirname "$wine")/wineserver" -p60
        cp "$sr/out.json" "$out/w.json"
        same "probe dns, the system resolver" "$out/l.json" "$out/w.json"
        # It did run: the hosts file's pinned name is told apart from DNS.
        if tr -d '\r' <"$out/w.json" | jq -e 'any(.findings[]; .id == "dns.system.pinned" and
               .evidence.system_addresses[0] == "127.0.0.99")' >/dev/null 2>&1; then ok; else
            bad "probe dns under Wine: the system resolver did not see the hosts file's pinned name"; fi
    fi
    rm -rf "$sr"
    section_end
fi
rm -rf "$hx"
fi

# ---- 4. doctor, verify and collect on the clinic ----
pd='C:\ProgramData\OQS\OQSDistroApp'
# No network here: the probes fail fast against a closed loopback port.
clinic="--set distroapp.record_file=$pd\\record.txt --set distroapp.settings_file=$pd\\settings.txt
        --set dns.servers=127.0.53.1:9 --set timeout_ms=1500"
if want 4; then
echo "== wine: doctor, verify, collect on the Wine clinic"
# The three at once: most of each is Wine starting the clinic's commands
# and waiting on the closed loopback port; their exit statuses in *.rc.
rm -f "$out/clinic.tar.gz"
for c in doctor verify; do
    # shellcheck disable=SC2086
    { "$wine" "$exe" --json $c $clinic >"$out/$c.json" 2>"$out/$c.err"; echo $? >"$out/$c.rc"; } &
done
# shellcheck disable=SC2086
{ "$wine" "$exe" collect $clinic -o "$(winpath "$(abs "$out")")\\clinic.tar.gz" >"$out/collect.log" 2>&1
  echo $? >"$out/collect.rc"; } &
wait
for c in doctor verify; do
    rc=$(cat "$out/$c.rc")
    n=$(tr -d '\r' <"$out/$c.json" | jq '[.findings[]?, .checklist[]?] | length' 2>/dev/null || echo 0)
    if [ "${n:-0}" -gt 0 ] && [ "$rc" -le 3 ]; then ok; else bad "$c under Wine: exit $rc, $(head -c 300 "$out/$c.err")"; fi
done
# doctor read the clinic: its five tasks, the credentials it judges in
# place, and the delivery record's TerminalID judged once (the name to
# compare it with is unknown under Wine: systeminfo prints nothing).
read_clinic=$(tr -d '\r' <"$out/doctor.json" | jq '
    ([.findings[] | select(.id == "tasks.exists" and .status == "ok")] | length) == 5 and
    any(.findings[]; .id == "creds.login_key" and .status == "ok") and
    [.findings[] | select(.id == "distroapp.record.terminal_id") | .status] == ["ok"]' 2>/dev/null)
if [ "$read_clinic" = true ]; then ok; else
    bad "doctor under Wine did not read the clinic: $(tr -d '\r' <"$out/doctor.json" | jq -c '[.findings[]? |
        select(.id | test("^(tasks.exists|creds.login_key|distroapp.record.terminal_id)$")) | [.id, .status]]' 2>/dev/null)"
fi
# Who ran it: the live run knows its user (the Wine user, not OqsComApp:
# warn) and, having no manifest.json, judges none.
me=$(id -un)
by=$(tr -d '\r' <"$out/doctor.json" | jq -c '[.findings[] | select(.id | test("^snapshot\\.(collected_by|manifest)")) |
    [.id, .status, .evidence.seen]]' 2>/dev/null)
if [ "$by" = "[[\"snapshot.collected_by\",\"warn\",\"$me\"]]" ]; then ok; else
    bad "doctor under Wine: who collected: $by (want [[\"snapshot.collected_by\",\"warn\",\"$me\"]])"; fi
# The clinic has OQS-Auth 1.2.0.0 in Program Files (tests/win32/wt_platform.c),
# against the manual (作業の流れ 注意: face authentication on a separate
# 資格確認端末): doctor must find its Version.info and say warn.
fa=$(tr -d '\r' <"$out/doctor.json" | jq -c '[.findings[] | select(.id == "system.face_auth") |
    [.status, .source, .evidence.seen]]' 2>/dev/null)
if [ "$fa" = '[["warn","apps/version/OQS-Auth.info","1.2.0.0"]]' ]; then ok; else
    bad "doctor under Wine: the clinic's OQS-Auth 1.2.0.0 not found: $fa"; fi
rc=$(cat "$out/collect.rc")
if [ -s "$out/clinic.tar.gz" ]; then
    ok
    "$linux" --json analyze "$out/clinic.tar.gz" >"$out/l.json" 2>/dev/null
    "$wine" "$exe" --json analyze "$(winpath "$(abs "$out")")\\clinic.tar.gz" >"$out/w.json" 2>/dev/null
    same "the clinic's bundle" "$out/l.json" "$out/w.json"
    # The bundle holds what the clinic has: the delivery record and the tasks.
    if tar -tzf "$out/clinic.tar.gz" | grep -q '^[^/]*/tasks/OQS_exec_comappstart.xml$' &&
       tar -tzf "$out/clinic.tar.gz" | grep -q '^[^/]*/distroapp/delivery-record.txt$'; then ok; else
        bad "the clinic's bundle lacks the tasks or the delivery record"; fi
else
    bad "collect under Wine wrote no bundle (exit $rc): $(tr -d '\r' <"$out/collect.log" | tail -n 3)"
fi
section_end
fi

# ---- 5. the zip (make dist): complete, and its exe runs alone ----
if want 5; then
echo "== wine: the zip make dist writes"
prefix=$(sh "$src/tools/win/deps.sh" --key 2>/dev/null)
version=$(sed -n 's/^#define OQSDIAG_VERSION "\(.*\)"/\1/p' "$src/core/version.h")
rm -rf "$out/dist" "$out/unzip" "$out/alone"
zipf=$(sh "$src/tools/win/dist.sh" "$version" "$exe" "$prefix" "$out/dist" 2>&1 | head -n 1)
if [ -f "$zipf" ] && mkdir -p "$out/unzip" && (cd "$out/unzip" && unzip -q "$zipf"); then
    z=$out/unzip/oqsdiag-$version-win64
    missing=""
    for f in oqsdiag.exe README.txt SHA256SUMS LICENSES/VERSIONS.txt; do [ -s "$z/$f" ] || missing="$missing $f"; done
    for l in openssl c-ares curl pcre2 expat jansson libarchive zlib; do
        [ -n "$(ls "$z/LICENSES/$l" 2>/dev/null)" ] || missing="$missing LICENSES/$l"
    done
    if [ -z "$missing" ]; then ok; else bad "the zip lacks:$missing"; fi
    if (cd "$z" && sha256sum -c --quiet SHA256SUMS); then ok; else bad "the zip's SHA256SUMS do not match"; fi
    # Japanese first: the README's first section heading after the title.
    if head -c 3 "$z/README.txt" | od -An -tx1 | grep -q 'ef bb bf' &&
       grep -n '^\[日本語\]\|^\[English\]' "$z/README.txt" | head -n 1 | grep -q '日本語'; then ok; else
        bad "README.txt is not UTF-8 with a BOM, Japanese first"; fi
    # The exe alone in an empty folder (no DLL beside it) runs doctor.
    mkdir -p "$out/alone" && cp "$z/oqsdiag.exe" "$out/alone/"
    # shellcheck disable=SC2086
    (cd "$out/alone" && "$wine" ./oqsdiag.exe --json doctor $clinic >"$out/alone.json" 2>"$out/alone.err")
    rc=$?
    n=$(tr -d '\r' <"$out/alone.json" | jq '[.findings[]?] | length' 2>/dev/null || echo 0)
    if [ "$(ls "$out/alone")" = oqsdiag.exe ] && [ "${n:-0}" -gt 0 ] && [ $rc -le 3 ]; then ok; else
        bad "the zip's oqsdiag.exe alone: doctor exit $rc, $n findings, folder: $(ls "$out/alone" | tr '\n' ' ')"; fi
else
    bad "make dist's script wrote no zip: $zipf"
fi
section_end
fi
[ $total_fail -eq 0 ]
