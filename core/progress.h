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

/* The counter of a run over many inputs, as curl and rsync show it:
 * "analyze: 12/100, 4.0/s, 22 s left" (ja: "analyze: 12/100 件, 4.0 件/秒,
 * 残り 22 秒"). Before the first input is done, rate and time left are not
 * guessed. */
void progress_counter_line(char *out, size_t n, const char *what, size_t done, size_t total,
                           long long elapsed_ms, int ja);

#endif
