#!/bin/sh
# Installs what the build (or the test suite) needs when it is missing.
#   sh tools/deps.sh build   libraries for `make`
#   sh tools/deps.sh test    plus cmocka and the real servers the tests start
#   sh tools/deps.sh bench   plus what `make bench` compares against (test included)
#   sh tools/deps.sh msys2   prints the MSYS2 (UCRT64) packages for Windows
# What is needed is listed in tools/deps.d/*.txt, one requirement a line:
#   <mode> <kind> <name> <debian-package>
# mode: build, test or bench (test includes build; bench includes test); kind: pc (a pkg-config module),
# cmd (a command on PATH or in /usr/sbin), file (a path glob that must exist).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-build}

if [ "$mode" = msys2 ]; then
    p=mingw-w64-ucrt-x86_64
    echo "pacman -S --needed make $p-gcc $p-pkgconf $p-c-ares $p-curl $p-openssl $p-pcre2 $p-expat $p-jansson $p-libarchive $p-cmocka"
    exit 0
fi
case $mode in build|test|bench) ;; *) echo "usage: deps.sh build|test|bench|msys2" >&2; exit 2 ;; esac

missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
add() { case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac; }
for list in "$here"/deps.d/*.txt; do
    while read -r m kind name deb; do
        case $m in ''|'#'*) continue ;; esac
        case $m:$mode in build:* | test:test | test:bench | bench:bench) ;; *) continue ;; esac
        case $kind in
        pc) pkg-config --exists "$name" 2>/dev/null || add "$deb" ;;
        cmd) command -v "$name" >/dev/null 2>&1 || [ -x "/usr/sbin/$name" ] || add "$deb" ;;
        file) # shellcheck disable=SC2086
              ls $name >/dev/null 2>&1 || add "$deb" ;;
        esac
    done < "$list"
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "deps: missing packages:$missing; as root run: apt-get install$missing" >&2
        exit 1
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: no apt-get here; install:$missing (Windows: sh tools/deps.sh msys2)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
