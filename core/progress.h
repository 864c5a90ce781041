#ifndef OQSDIAG_PROGRESS_H
#define OQSDIAG_PROGRESS_H

#include <stdio.h>

/* The live state of each probe while doctor runs: one terminal line per
 * probe ("dns: 3/5 names"), redrawn in place, erased when the run ends so
 * that the report follows on a clean screen. Only on a terminal and without
 * --quiet (progress_wanted); never in a pipe, a file or a log. */

struct progress;

/* Where a running probe reports its state ("dns: 3/5 names"): the probes
 * call update from their threads; the progress display below is one user. */
struct probe_progress {
    void (*update)(void *ud, const char *probe, const char *state, int done);
    void *ud;
};

/* Whether progress belongs on out: a terminal, and not quiet. */
int progress_wanted(FILE *out, int quiet);

/* Draws on out (the caller decided with progress_wanted; tests force it).
 * Caller frees with progress_finish(). NULL when out of memory: the run goes
 * on without progress. */
struct progress *progress_new(FILE *out);
/* Points pg at p, for probes_run(). Updates may come from any thread. */
void progress_hook(struct progress *p, struct probe_progress *pg);
/* The update callback itself (what progress_hook installs). */
void progress_update(void *p, const char *probe, const char *state, int done);
/* Erases the lines and frees p (NULL is fine). */
void progress_finish(struct progress *p);

#endif
