#!/bin/sh
# `make windows-check`: every source file of the program compiles for
# Windows, and no POSIX-only (or Windows-only) header is included outside
# the platform layer (docs/windows.md).
#   sh tools/win/check.sh CC SHIM_DIR FILE...
# Dependency headers: Debian has no mingw-w64 builds of c-ares, curl,
# OpenSSL, PCRE2, expat, jansson or libarchive, so SHIM_DIR is made of links
# to Debian's own headers of exactly these libraries (their public headers
# are portable and switch on _WIN32), plus tools/win/include/ares_build.h
# instead of Debian's Linux one. Nothing else of /usr/include is visible, so
# <sys/socket.h> or <poll.h> cannot be borrowed from glibc.
set -u
cc=$1; shim=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "skipped: $cc not installed (sh tools/deps.sh test installs it)"
    exit 0
fi
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
rm -rf "$shim" && mkdir -p "$shim/openssl" || exit 1
for h in /usr/include/ares*.h /usr/include/pcre2*.h /usr/include/expat*.h \
         /usr/include/"$arch"/expat_config.h /usr/include/jansson*.h /usr/include/archive*.h; do
    [ -f "$h" ] && [ "$(basename "$h")" != ares_build.h ] && ln -s "$h" "$shim/"
done
for d in /usr/include/curl /usr/include/"$arch"/curl; do
    [ -d "$d" ] && [ ! -e "$shim/curl" ] && ln -s "$d" "$shim/curl"
done
for h in /usr/include/openssl/*.h /usr/include/"$arch"/openssl/*.h; do
    [ -f "$h" ] && ln -sf "$h" "$shim/openssl/"
done
cp "$here/include/ares_build.h" "$shim/"

bad=0; n=0
# Headers only the platform layer may include, and platform conditionals.
forbidden='^[[:space:]]*#[[:space:]]*(include[[:space:]]*<(windows|winsock2|ws2tcpip|wincrypt|wincred|shlobj|io|unistd|dirent|poll|netdb|iconv|fcntl|signal|sys/[a-z_]*|netinet/[a-z_]*|arpa/[a-z_]*)\.h>|if(n?def)?[[:space:]].*(_WIN32|__MINGW|__linux__|__unix__))'
for f in "$@"; do
    n=$((n + 1)); fbad=0
    case $f in
    core/platform_*|tests/win32/*) ;;
    *) if grep -En "$forbidden" "$f" >/dev/null; then
           grep -En "$forbidden" "$f" | sed "s|^|$f:|;s|\$|  <- only core/platform_*.c may do this|"
           fbad=1
       fi ;;
    esac
    if ! "$cc" -std=c11 -fsyntax-only -Wall -Wextra -Wpedantic -Werror \
            -Werror=implicit-function-declaration -D_WIN32_WINNT=0x0A00 \
            -D__USE_MINGW_ANSI_STDIO=1 -I. -I"$shim" "$f"; then
        fbad=1
    fi
    bad=$((bad + fbad))
done
if [ $bad -ne 0 ]; then
    echo "windows-check: $bad of $n files fail"
    exit 1
fi
echo "windows-check: $n files compile for Windows"
