#ifndef OQSDIAG_CHILDPROC_H
#define OQSDIAG_CHILDPROC_H

/* Child processes for the bounds tests (tests/faults/test_logscan_bounds.c):
 * memory is measured in a child, so the figure is that work's alone. */

/* Runs fn(ud) in a forked child; its return value is the child's exit code.
 * Fills the child's peak resident set size (KiB, getrusage of the reaped
 * child) and exit code (128+signal when killed). 0, or -1 if no child ran. */
int cp_run_measured(int (*fn)(void *ud), void *ud, long *maxrss_kib, int *exit_code);

/* Runs argv (no shell) with stdout appended to path. 0 and the exit code, or
 * -1 if it could not run. */
int cp_run_to_file(const char *const *argv, const char *path, int *exit_code);

#endif
