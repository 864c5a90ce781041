#!/bin/sh
# Every file path of this tree named in a comment or a document exists:
# paths under the tree's top folders ending in a source or document suffix,
# in every tracked .c/.h/.def/.md/.mk/.sh/.py/.bash file, README.md and the
# man page. A `*` in a path is a glob (collectors/checks/check_*.c).
# Usage: tools/check_paths.sh [SOURCE_DIR]; prints each missing path.
cd "${1:-.}" || exit 2
files=$(find core probes collectors kb cmd tests/support tests/core tests/collectors tests/kb \
             tests/probes tests/reports tests/cmd tests/bundle tests/faults tests/win32 tools fuzz \
             docs mk completion -type f \( -name '*.[ch]' -o -name '*.def' -o -name '*.md' \
             -o -name '*.mk' -o -name '*.sh' -o -name '*.py' -o -name '*.bash' -o -name '*.1' \) \
             2>/dev/null | sort; echo README.md Makefile)
bad=0 n=0
for p in $(grep -ohE '(^|[^A-Za-z0-9_./-])(core|probes|collectors|kb|cmd|tests|tools|docs|fuzz|mk|completion)/[A-Za-z0-9_./*-]*[A-Za-z0-9_*]\.(c|h|def|md|sh|py|kb|mk|bash|1|txt|csv|json)\b' $files |
           sed -E 's/^[^a-z]//' | sort -u); do
    n=$((n + 1))
    # NAME, AREA, ID... stand for any name (probes/NAME.c, kb/entries/ID.kb).
    g=$(printf '%s' "$p" | sed -E 's/(^|[/_])[A-Z][A-Z]+(\.|_|$)/\1*\2/g')
    # A snapshot file ("probes/local.json") or a fixture ("kb/snap-errors/...")
    # is named relative to the snapshot or the fixtures folder.
    found=0
    for cand in "$g" "tests/fixtures/$g" "tests/fixtures/*/$g" "tests/fixtures/*/*/$g"; do
        set -- $cand
        [ -e "$1" ] && { found=1; break; }
    done
    [ $found = 1 ] && continue
    echo "named but missing: $p ($(grep -lF "$p" $files | head -3 | tr '\n' ' '))"
    bad=1
done
echo "paths: $n named paths checked"
exit $bad
