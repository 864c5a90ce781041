#ifndef OQSDIAG_TESTUTIL_H
#define OQSDIAG_TESTUTIL_H

/* cmocka needs these before its header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "core/buf.h"

/* The Makefile passes both; these defaults serve a build by hand. */
#ifndef OQS_SOURCE_DIR
#define OQS_SOURCE_DIR "."
#endif
#ifndef OQS_BUILD_DIR
#define OQS_BUILD_DIR "build"
#endif

/* Runs oqsdiag_main in-process with argv (NULL-terminated), capturing stdout
 * and stderr into out/err (both may be NULL). Returns the exit status. */
int tu_run(const char *const *argv, struct buf *out, struct buf *err);

/* Runs the built binary build/oqsdiag through the shell-free platform runner,
 * for tests that need a separate process (environment, crashes). */
int tu_run_binary(const char *const *argv, struct buf *out);

/* Path of a file under tests/fixtures (static buffer, one at a time). */
const char *tu_fixture(const char *rel);
/* How many times slower than normal this run may be: OQS_TEST_TIME_SCALE
 * (tools/valgrind.sh sets 20; memcheck runs everything in-process that
 * much slower), else 1. Multiplies the few wall-time bounds of a deadline
 * test; it never loosens what a finding says. */
long tu_time_scale(void);

/* Writes n bytes to dir/rel, making rel's folders; fails the test if it
 * cannot. */
void tu_write_file(const char *dir, const char *rel, const void *data, size_t n);

/* Copies the folder src to dst (made, with its parents) file by file, as
 * `cp -r` does but through the platform layer (the suite also runs under
 * Wine); fails the test if it cannot. */
void tu_copy_tree(const char *src, const char *dst);

/* The whole file at path (up to 16 MiB) as a NUL-terminated string the
 * caller frees; NULL when it cannot be read. */
char *tu_read_text(const char *path);

/* Whether the text contains the needle. */
int tu_contains(const char *hay, const char *needle);

/* Under Wine every program start and every file opened costs many times
 * what it does on Linux, so a test that goes over every fixture takes a
 * sample on Windows: whether the k-th item (from 0) is taken, every
 * `every`-th there, all of them on Linux. A test using it says why the
 * sample is enough (the Linux run takes all; tools/win/wine-full.sh
 * section 2 analyses every fixture under Wine against the Linux binary). */
int tu_win_sample(size_t k, size_t every);
/* After such a loop, on Windows: one line "Windows: TAKEN of ALL WHAT". */
void tu_win_sampled(const char *what, size_t taken, size_t all);

#endif
