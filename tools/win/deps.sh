#!/bin/sh
# Cross-builds the Windows program's libraries with mingw-w64 from Debian's
# own source packages into a prefix outside the clone, keyed by the source
# versions, the compiler and the recipe number, so the second run takes seconds.
#   sh tools/win/deps.sh            build if needed; print the prefix
#   sh tools/win/deps.sh --key      print the prefix only (build nothing)
#   sh tools/win/deps.sh --check    exit 0 when the prefix is complete
# The prefix holds lib/*.a, include/, lib/pkgconfig/*.pc (what mk/windows.mk
# reads) and share/licenses/<lib>/ (what `make dist` ships).
# OQSDIAG_CACHE (default /var/cache/oqsdiag) is where prefixes live.
# Progress goes to stderr; the last stdout line is the prefix.
set -eu
mode=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
host=x86_64-w64-mingw32
cache=${OQSDIAG_CACHE:-/var/cache/oqsdiag}/win-deps
srcpkgs="openssl c-ares curl pcre2 expat jansson libarchive cmocka"
jobs=${WIN_DEPS_JOBS:-2}
# Part of the cache key: raise it whenever a build step below changes.
recipe=1

say() { echo "win-deps: $*" >&2; }
die() { say "$*"; exit 1; }
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

command -v $host-gcc >/dev/null 2>&1 || die "no $host-gcc (sh tools/deps.sh test installs it)"

# A deb-src entry for every suite the machine's deb entries already use, so
# `apt-get source` reaches the same archive and keyring (no other site).
has_deb_src() {
    grep -rqs -e '^deb-src ' -e '^Types:.*deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/
}
add_deb_src() {
    out=/etc/apt/sources.list.d/oqsdiag-deb-src.sources
    tmp=$(mktemp)
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # Each Debian archive stanza whose Types holds deb, copied with Types: deb-src.
        awk 'BEGIN { RS = ""; ORS = "" }
             {
                 n = split($0, l, "\n"); s = ""; isdeb = 0; isdebian = 0
                 for (i = 1; i <= n; i++) {
                     if (l[i] ~ /^#/) continue
                     if (l[i] ~ /^Types:/) {
                         if (l[i] ~ /[ \t]deb([ \t]|$)/) isdeb = 1
                         l[i] = "Types: deb-src"
                     }
                     if (l[i] ~ /debian\.org|debian-archive-keyring/) isdebian = 1
                     s = s l[i] "\n"
                 }
                 if (isdeb && isdebian) print s "\n"
             }' "$f" >>"$tmp"
    done
    if [ -f /etc/apt/sources.list ]; then
        sed -n 's/^deb \(.*debian\.org.*\)$/deb-src \1/p' /etc/apt/sources.list >"$tmp.list"
    fi
    if [ -s "$tmp" ]; then $SUDO cp "$tmp" "$out" && say "added $out"
    elif [ -s "$tmp.list" ]; then $SUDO cp "$tmp.list" "${out%.sources}.list" && say "added ${out%.sources}.list"
    else rm -f "$tmp" "$tmp.list"; die "no Debian deb entry to copy into a deb-src entry"
    fi
    rm -f "$tmp" "$tmp.list"
    $SUDO apt-get update -qq >&2
}

# Every version of source package $1 the indexes know, newest first. A
# mirror may list a version it cannot serve yet; fetch falls back to the next.
srcversions() {
    apt-cache showsrc --only-source "$1" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -rV | tr '\n' ' '
}

if ! has_deb_src || [ -z "$(srcversions openssl)" ]; then
    [ "$mode" = --key ] && die "no deb-src entry yet: run sh tools/win/deps.sh"
    [ "$mode" = --check ] && exit 1
    has_deb_src || add_deb_src
    [ -n "$(srcversions openssl)" ] || { $SUDO apt-get update -qq >&2; }
fi
if ! [ -f /usr/$host/lib/libz.a ]; then
    [ "$mode" = build ] || { [ "$mode" = --check ] && exit 1; }
    say "installing libz-mingw-w64-dev"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libz-mingw-w64-dev >&2
fi

versions=""
for p in $srcpkgs; do
    v=$(srcversions "$p"); [ -n "$v" ] || die "apt-cache knows no source package $p"
    versions="$versions$p=$v
"
done
zv=$(dpkg-query -W -f '${Version}' libz-mingw-w64-dev 2>/dev/null || echo none)
key=$( { printf '%s' "$versions"; echo "zlib=$zv"; $host-gcc -dumpversion; echo "recipe=$recipe"; } \
       | sha256sum | cut -c1-16)
prefix=$cache/$key

case $mode in
--key) echo "$prefix"; exit 0 ;;
--check) [ -f "$prefix/.complete" ]; exit $? ;;
build) ;;
*) die "usage: deps.sh [--key|--check]" ;;
esac
if [ -f "$prefix/.complete" ]; then echo "$prefix"; exit 0; fi

$SUDO mkdir -p "$cache"
[ -w "$cache" ] || $SUDO chown "$(id -u):$(id -g)" "$cache"
# One build at a time; a second caller waits, then finds it complete.
exec 9>"$cache/.lock"
flock 9
if [ -f "$prefix/.complete" ]; then echo "$prefix"; exit 0; fi

start=$(date +%s)
work=$(mktemp -d "$cache/build.XXXXXX")
stage=$work/prefix
mkdir -p "$stage/lib/pkgconfig" "$stage/include" "$stage/share/licenses"
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
log=$work/log

cat >"$work/toolchain.cmake" <<EOF
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER $host-gcc)
set(CMAKE_CXX_COMPILER $host-g++)
set(CMAKE_RC_COMPILER $host-windres)
set(CMAKE_FIND_ROOT_PATH /usr/$host $stage)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
EOF

# fetch PKG: unpacks Debian's source (with Debian's patches) into $work/PKG.
fetch() {
    got=""
    for v in $(printf '%s' "$versions" | sed -n "s/^$1=//p"); do
        say "$1 $v: apt-get source"
        if (cd "$work" && apt-get source -qq "$1=$v" >>"$log" 2>&1); then got=$v; break; fi
        rm -rf "$work/$1"-* "$work/$1"_*
    done
    [ -n "$got" ] || { tail -n 20 "$log" >&2; die "apt-get source $1 failed for every version"; }
    echo "$1=$got" >>"$work/built"
    d=$(find "$work" -maxdepth 1 -type d -name "$1-*" | head -n 1)
    [ -n "$d" ] || die "no source folder for $1"
    mv "$d" "$work/$1"
    rm -f "$work"/*.dsc "$work"/*.tar.* "$work"/*.diff.gz
}
# licence PKG FILE...: the upstream licence and Debian's copyright file.
licence() {
    p=$1; shift
    mkdir -p "$stage/share/licenses/$p"
    for f in "$@"; do cp "$work/$p/$f" "$stage/share/licenses/$p/"; done
    cp "$work/$p/debian/copyright" "$stage/share/licenses/$p/debian-copyright"
}
# cmake_build PKG [SUBDIR] -- ARGS: a static Release build installed into the stage.
cmake_build() {
    p=$1; shift
    src=$work/$p
    if [ "$1" != -- ]; then src=$src/$1; shift; fi
    shift
    say "$p: build"
    cmake -S "$src" -B "$work/$p-build" -DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$stage" -DCMAKE_INSTALL_LIBDIR=lib \
        -DCMAKE_PREFIX_PATH="$stage" -DBUILD_SHARED_LIBS=OFF "$@" >>"$log" 2>&1 \
        && cmake --build "$work/$p-build" -j "$jobs" >>"$log" 2>&1 \
        && cmake --install "$work/$p-build" >>"$log" 2>&1 \
        || { tail -n 30 "$log" >&2; die "$p failed (log: $log)"; }
}

# zlib: Debian's mingw-w64 build, copied so the prefix is self-contained.
cp /usr/$host/include/zlib.h /usr/$host/include/zconf.h "$stage/include/"
cp /usr/$host/lib/libz.a "$stage/lib/"
mkdir -p "$stage/share/licenses/zlib"
cp /usr/share/doc/libz-mingw-w64-dev/copyright "$stage/share/licenses/zlib/debian-copyright"
cat >"$stage/lib/pkgconfig/zlib.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include
Name: zlib
Description: zlib (Debian libz-mingw-w64-dev $zv)
Version: $zv
Libs: -L\${libdir} -lz
Cflags: -I\${includedir}
EOF

fetch openssl
say "openssl: build"
(cd "$work/openssl" && ./Configure mingw64 no-shared no-tests --cross-compile-prefix=$host- \
    --prefix="$stage" --libdir=lib >>"$log" 2>&1 \
    && make -j"$jobs" build_libs >>"$log" 2>&1 && make install_dev >>"$log" 2>&1) \
    || { tail -n 30 "$log" >&2; die "openssl failed"; }
licence openssl LICENSE.txt

fetch c-ares
# 1.18.1's inet_net_pton.c uses INADDRSZ, which only its Unix headers define.
cmake_build c-ares -- -DCARES_STATIC=ON -DCARES_SHARED=OFF -DCARES_BUILD_TOOLS=OFF \
    -DCARES_BUILD_TESTS=OFF -DCMAKE_C_FLAGS=-DINADDRSZ=4
licence c-ares LICENSE.md

fetch curl
# The OpenSSL backend, as on Linux: the TLS probe reads the handshake through
# OpenSSL's callbacks and judges the chain itself (against the Windows Root
# store there), so both builds reach the same verdicts (docs/windows.md).
cmake_build curl -- -DCURL_USE_OPENSSL=ON -DCURL_USE_SCHANNEL=OFF -DENABLE_ARES=ON \
    -DOPENSSL_ROOT_DIR="$stage" -DOPENSSL_USE_STATIC_LIBS=ON \
    -DBUILD_CURL_EXE=OFF -DBUILD_TESTING=OFF -DCURL_USE_LIBPSL=OFF -DCURL_USE_LIBSSH2=OFF \
    -DUSE_LIBIDN2=OFF -DCURL_ZLIB=OFF -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DUSE_NGHTTP2=OFF \
    -DHTTP_ONLY=ON -DCURL_DISABLE_LDAP=ON -DENABLE_MANUAL=OFF -DCMAKE_FIND_ROOT_PATH="$stage"
licence curl COPYING

fetch pcre2
cmake_build pcre2 -- -DPCRE2_SUPPORT_JIT=ON -DPCRE2_BUILD_PCRE2GREP=OFF -DPCRE2_BUILD_TESTS=OFF \
    -DPCRE2_BUILD_PCRE2_8=ON -DPCRE2_BUILD_PCRE2_16=OFF -DPCRE2_BUILD_PCRE2_32=OFF
licence pcre2 LICENCE

fetch expat
# No DTD support: oqsdiag parses no DTDs, and Debian's security patches test
# `#if XML_DTD == 1`, which CMake's empty `#define XML_DTD` breaks.
expat_src=.; [ -f "$work/expat/CMakeLists.txt" ] || expat_src=expat
cmake_build expat $expat_src -- -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF \
    -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF -DEXPAT_SHARED_LIBS=OFF -DEXPAT_BUILD_FUZZERS=OFF \
    -DEXPAT_DTD=OFF
licence expat "$expat_src/COPYING"

fetch jansson
cmake_build jansson -- -DJANSSON_BUILD_DOCS=OFF -DJANSSON_WITHOUT_TESTS=ON -DJANSSON_EXAMPLES=OFF \
    -DJANSSON_BUILD_SHARED_LIBS=OFF
licence jansson LICENSE

fetch libarchive
# ZLIB_WINAPI is a run test, and CMake 3.25 crashes on a run test when cross-
# building without an emulator: /bin/false "runs" it and answers no, right for
# Debian's mingw zlib, which is not built WINAPI.
cmake_build libarchive -- -DENABLE_OPENSSL=OFF -DENABLE_MBEDTLS=OFF -DENABLE_NETTLE=OFF \
    -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_LZ4=OFF -DENABLE_BZip2=OFF -DENABLE_LIBXML2=OFF \
    -DENABLE_EXPAT=OFF -DENABLE_PCREPOSIX=OFF -DENABLE_PCRE2POSIX=OFF -DENABLE_LIBB2=OFF \
    -DENABLE_LZO=OFF -DENABLE_ICONV=OFF -DENABLE_TAR=OFF -DENABLE_CPIO=OFF -DENABLE_CAT=OFF \
    -DENABLE_TEST=OFF -DENABLE_ACL=OFF -DENABLE_XATTR=OFF -DENABLE_INSTALL=ON -DENABLE_ZLIB=ON \
    -DZLIB_INCLUDE_DIR="$stage/include" -DZLIB_LIBRARY="$stage/lib/libz.a" \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/bin/false
licence libarchive COPYING

fetch cmocka
cmake_build cmocka -- -DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF -DPICKY_DEVELOPER=OFF
licence cmocka COPYING

# Static archives under the names the .pc files give (-larchive, -lcmocka);
# import libraries and DLLs removed so nothing links dynamically by mistake.
for pair in archive_static:archive cmocka-static:cmocka; do
    from=${pair%%:*}; to=${pair#*:}
    [ -f "$stage/lib/lib$from.a" ] && mv "$stage/lib/lib$from.a" "$stage/lib/lib$to.a"
done
find "$stage" \( -name '*.dll.a' -o -name '*.dll' -o -name '*.la' \) -delete
rm -rf "$stage/share/man" "$stage/share/doc" "$stage/bin"
# The .pc files name the stage; they must name the final prefix.
for pc in "$stage"/lib/pkgconfig/*.pc; do
    sed -i "s|$stage|$prefix|g" "$pc"
done
cp "$work/built" "$stage/VERSIONS"
echo "zlib=$zv (libz-mingw-w64-dev)" >>"$stage/VERSIONS"
touch "$stage/.complete"
rm -rf "$prefix"
mv "$stage" "$prefix"
say "built in $(( $(date +%s) - start )) s: $prefix"
echo "$prefix"
