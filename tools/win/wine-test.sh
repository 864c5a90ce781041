#!/bin/sh
# Runs the cross-built Win32 tests under Wine in a throwaway prefix, which
# is removed afterwards (with the wineserver that served it).
#   sh tools/win/wine-test.sh EXE_DIR FIXTURES_DIR [SNAPSHOT_DIR]
# Prints cmocka-style summary lines (tests/run.sh counts them) and closes
# with "N passed, N failed". Without Wine or the cross compiler: skipped.
set -u
exes=$1; fixtures=$2; snapshot=${3:-}
wine=${WINE:-/usr/lib/wine/wine64}
if [ ! -x "$wine" ] || [ ! -f "$exes/wt_platform.exe" ]; then
    echo "skipped: wine64/mingw not installed (sh tools/deps.sh test installs them)"
    echo "[  SKIPPED ] 1 test(s)."
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
# Wine sees the Linux root as drive Z:.
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
abs() { (cd "$1" && pwd); }

prefix=$(mktemp -d "${TMPDIR:-/tmp}/oqsdiag-wine.XXXXXX") || exit 1
log=$(mktemp "${TMPDIR:-/tmp}/oqsdiag-wine-log.XXXXXX") || exit 1
# A home of its own: Wine links the user's Desktop and Documents to $HOME
# (the clinic's shortcuts would land in the tester's home) and its menu
# builder writes icons and menus under it; the menu builder is off too.
home=$(mktemp -d "${TMPDIR:-/tmp}/oqsdiag-wine-home.XXXXXX") || exit 1
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
    XDG_CACHE_HOME="$home/.cache"
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
cleanup() {
    WINEPREFIX="$prefix" "$(dirname "$wine")/wineserver" -k 2>/dev/null
    rm -rf "$prefix" "$log" "$home"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# One wineserver for the whole run (each wine64 otherwise starts one when
# none is left): it stays a minute after its last client, and cleanup ends it.
"$(dirname "$wine")/wineserver" -p60 2>/dev/null

args="$(winpath "$(abs "$fixtures")")"
emit="$(winpath "$(abs "$exes")")\\wt_emit.exe"
if [ -n "$snapshot" ]; then
    rm -rf "$snapshot" && mkdir -p "$snapshot"
    "$wine" "$exes/wt_platform.exe" "$args" "$emit" "$(winpath "$(abs "$snapshot")")" >"$log" 2>&1
else
    "$wine" "$exes/wt_platform.exe" "$args" "$emit" >"$log" 2>&1
fi
rc=$?
tr -d '\r' <"$log"
if [ $rc -ne 0 ] && ! grep -q '^[0-9]* passed, [0-9]* failed' "$log"; then
    echo "wine exited $rc before the tests ended"
    echo "[  FAILED  ] 1 test(s)."
    echo "0 passed, 1 failed"
fi
# The clinic's desktop (its shortcuts) is inside the test's own folders,
# never the tester's home.
desk=$(readlink -f "$prefix/drive_c/users/$(id -un)/Desktop" 2>/dev/null)
case $desk in
"$home"*|"$prefix"*) echo "[  PASSED  ] 1 test(s)." ;;
*) echo "the Wine desktop is ${desk:-missing}, outside the test's folders"
   echo "[  FAILED  ] 1 test(s)."; rc=1 ;;
esac
# The complete oqsdiag.exe, in this prefix where wt_platform.exe has just
# set up the clinic: WINE_FULL="SRC LINUX_BUILD WIN_FULL_DIR OUT_DIR".
if [ -n "${WINE_FULL:-}" ]; then
    # shellcheck disable=SC2086
    sh "$(dirname "$0")/wine-full.sh" $WINE_FULL || rc=1
fi
exit $rc
