#!/bin/sh
# Runs every test binary under BUILD/tests, prints cmocka's summaries and one
# closing line "tests: N passed, N failed, N skipped".
build=${1:-build}
passed=0; failed=0; skipped=0; bad=""
log=$(mktemp)
for t in $(find "$build/tests" -type f -perm -u+x -name 'test_*' | sort); do
    name=${t#"$build"/tests/}
    echo "== $name"
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); echo "!! $name exited $rc"; fi
    [ $rc -ne 0 ] && bad="$bad $name"
done
rm -f "$log"
[ -n "$bad" ] && echo "failing:$bad"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ -z "$bad" ] && [ "$failed" -eq 0 ]
