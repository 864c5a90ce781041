#!/bin/sh
# Runs each test binary under BUILD/tests through valgrind memcheck and fails
# on the first kind of report: an error (invalid read/write, uninitialised
# value, bad free) or a leak. tools/valgrind.supp holds the suppressions, each
# with the reason. VALGRIND_ONLY=<substring> limits the run to matching tests.
#   sh tools/valgrind.sh [BUILD]
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
bad=""; n=0
logdir="$build/valgrind"
# The bounds test's big log checks memory, not memcheck: a small one here.
export OQS_BOUNDS_LOG_MB=${OQS_BOUNDS_LOG_MB:-16}
# PCRE2's JIT code reads whole words past a subject's end by design; under
# memcheck those are reports without a place. The interpreter gives the same
# answers and lets memcheck see every read (ASan covers the JIT path).
export OQSDIAG_PCRE2_NO_JIT=1
# Deadline tests run in-process, 20 to 50 times slower under memcheck.
export OQS_TEST_TIME_SCALE=${OQS_TEST_TIME_SCALE:-40}
mkdir -p "$logdir"
for t in $(find "$build/tests" -type f -perm -u+x -name 'test_*' | sort); do
    name=${t#"$build"/tests/}
    case $name in *"${VALGRIND_ONLY:-}"*) ;; *) continue ;; esac
    # The allocation torture replaces malloc and counts leaks itself; under
    # memcheck's allocator its thousands of runs would take hours.
    case $name in torture/*) continue ;; esac
    log="$logdir/$(echo "$name" | tr / _).log"
    # Tests that start oqsdiag as a child process check that binary's
    # behaviour; memcheck follows only the test process itself.
    valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
        --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible \
        --track-origins=yes --suppressions="$here/valgrind.supp" \
        --log-file="$log" "$t" >"$log.out" 2>&1
    rc=$?
    n=$((n + 1))
    errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
    if [ $rc -ne 0 ]; then
        bad="$bad $name"
        echo "!! $name: exit $rc, ${errs:-?} valgrind errors (log $log)"
        grep -m20 -E 'Invalid|uninitialised|definitely|indirectly|possibly|FAILED' "$log" "$log.out"
    else
        echo "ok $name: ${errs:-0} valgrind errors"
    fi
done
echo "valgrind: $n test binaries, $(echo "$bad" | wc -w) with reports"
[ -z "$bad" ]
