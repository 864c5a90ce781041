#ifndef OQSDIAG_WTEST_H
#define OQSDIAG_WTEST_H

/* A tiny test runner for the cross-built Win32 tests (Debian has no mingw
 * build of cmocka). It prints cmocka's summary lines, so tests/run.sh
 * counts these tests like the others, and ends with "N passed, N failed". */
#include <stdio.h>

struct wt_test {
    const char *name;
    void (*fn)(void);
};
#define WT_TEST(f) {#f, f}

static int wt_failed_now;

/* Fails the running test at the first false condition. */
#define WT_CHECK(cond)                                                                   \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            printf("[  ERROR   ] --- %s\n[   LINE   ] --- %s:%d: error: Failure!\n", #cond, \
                   __FILE__, __LINE__);                                                  \
            wt_failed_now = 1;                                                           \
            return;                                                                      \
        }                                                                                \
    } while (0)

static int wt_run(const struct wt_test *t, size_t n)
{
    int passed = 0, failed = 0;
    printf("[==========] Running %u test(s).\n", (unsigned)n);
    for (size_t i = 0; i < n; i++) {
        printf("[ RUN      ] %s\n", t[i].name);
        fflush(stdout);
        wt_failed_now = 0;
        t[i].fn();
        if (wt_failed_now) {
            printf("[  FAILED  ] %s\n", t[i].name);
            failed++;
        } else {
            printf("[       OK ] %s\n", t[i].name);
            passed++;
        }
        fflush(stdout);
    }
    printf("[==========] %u test(s) run.\n", (unsigned)n);
    printf("[  PASSED  ] %d test(s).\n", passed);
    if (failed)
        printf("[  FAILED  ] %d test(s).\n", failed);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#endif
