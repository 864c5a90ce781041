#ifndef OQSDIAG_TEST_KB_FIXTURE_H
#define OQSDIAG_TEST_KB_FIXTURE_H

#include "kb/kb.h"

/* The built-in KB, loaded once for a test group:
 * cmocka_run_group_tests(tests, tu_kb_setup, tu_kb_teardown). */
extern struct kb *tu_kb;
/* Loads it; -1 (why on stderr) when it cannot be loaded. */
int tu_kb_setup(void **state);
int tu_kb_teardown(void **state);

#endif
