#!/bin/sh
# `make dist`: the Windows zip and the source tarball (docs/windows.md).
#   sh tools/win/dist.sh VERSION EXE DEPS_PREFIX OUT_DIR
# OUT_DIR/oqsdiag-VERSION-win64.zip holds oqsdiag.exe, README.txt (Japanese
# first, then English; UTF-8 with a BOM and CRLF lines, so Notepad on
# Server 2019 shows it), LICENSES/<library>/ and SHA256SUMS of those files.
# OUT_DIR/oqsdiag-VERSION.tar.gz is `git archive` of HEAD (committed files).
set -eu
version=$1; exe=$2; prefix=$3; out=$4
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
name=oqsdiag-$version-win64
command -v zip >/dev/null 2>&1 || { echo "dist: zip is not installed (sh tools/deps.sh test)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/oqsdiag-dist.XXXXXX")
trap 'rm -rf "$stage"' EXIT
d=$stage/$name
mkdir -p "$d/LICENSES"
cp "$exe" "$d/oqsdiag.exe"
# The debug information stays in build/win/oqsdiag.exe; the shipped one is
# stripped (10 MB -> 6.5 MB).
x86_64-w64-mingw32-strip "$d/oqsdiag.exe"
{ printf '\357\273\277'; sed "s/@VERSION@/$version/" "$here/dist/README.txt" | sed 's/$/\r/'; } >"$d/README.txt"
cp -R "$prefix/share/licenses/." "$d/LICENSES/"
# The mingw-w64 runtime (CRT start-up, winpthreads) and libgcc are linked in too.
for p in mingw-w64-common gcc-mingw-w64-base; do
    if [ -f "/usr/share/doc/$p/copyright" ]; then
        mkdir -p "$d/LICENSES/$p"
        cp "/usr/share/doc/$p/copyright" "$d/LICENSES/$p/debian-copyright"
    fi
done
cp "$prefix/VERSIONS" "$d/LICENSES/VERSIONS.txt"
(cd "$d" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort \
    | while read -r f; do sha256sum "$f"; done >SHA256SUMS)
rm -f "$out/$name.zip"
(cd "$stage" && TZ=UTC zip -q -X -r "$out/$name.zip" "$name")
git -C "$root" archive --format=tar.gz --prefix="oqsdiag-$version/" -o "$out/oqsdiag-$version.tar.gz" HEAD
(cd "$out" && sha256sum "$name.zip" "oqsdiag-$version.tar.gz" >SHA256SUMS)
echo "$out/$name.zip"
echo "$out/oqsdiag-$version.tar.gz"
