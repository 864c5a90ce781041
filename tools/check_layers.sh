#!/bin/sh
# The layering rule of README.md ("Layout"): core uses nothing above it;
# probes, collectors and kb use only core; cmd uses all. Checked on the
# include graph of every .c and .h under those folders: each #include "..."
# is resolved (root-relative first, then beside the file) and its top
# folder must be one the including file's layer may use.
# Usage: tools/check_layers.sh [SOURCE_DIR]; prints each upward include,
# exits 1 when there is one.
cd "${1:-.}" || exit 2
may_use() { # layer target
    [ "$1" = "$2" ] && return 0
    case $1 in
        core) return 1 ;;
        probes|collectors|kb) [ "$2" = core ] ;;
        cmd) return 0 ;;
        *) return 1 ;;
    esac
}
bad=0 n=0
for f in $(find core probes collectors kb cmd -name '*.[ch]' -o -name '*.def' | sort); do
    layer=${f%%/*}
    dir=$(dirname "$f")
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
        n=$((n + 1))
        if [ -e "$inc" ]; then
            target=$inc
        elif [ -e "$dir/$inc" ]; then
            target=$(realpath --relative-to=. "$dir/$inc")
        else
            echo "$f: #include \"$inc\": no such file"
            bad=1
            continue
        fi
        tl=${target%%/*}
        case $tl in core|probes|collectors|kb|cmd) ;; *) tl=other ;; esac
        if ! may_use "$layer" "$tl"; then
            echo "$f: #include \"$inc\": $layer may not use $tl"
            bad=1
        fi
    done
done
echo "layers: $n includes checked"
exit $bad
