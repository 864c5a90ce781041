#ifndef OQSDIAG_FIX_APPLY_H
#define OQSDIAG_FIX_APPLY_H

#include <stdio.h>

#include "fix_plan.h"

/* Carrying out a plan on this machine, and undoing it (docs/fix.md). Each
 * command is echoed to log with its outcome as it runs. */

enum fix_outcome {
    FIX_DONE,        /* every step ran */
    FIX_ROLLED_BACK, /* a step failed; what this run changed was restored */
    FIX_NOT_STARTED  /* the state could not be saved: nothing was changed */
};

/* %ProgramData%\oqsdiag\backup: where every run keeps its backup. */
int fix_backup_root(char *out, size_t n, struct oqs_err *err);

/* A name under the backup root, for the UTC time, that no folder has yet.
 * fix_apply creates it. */
int fix_backup_new(char *out, size_t n, struct oqs_err *err);

/* Creates dir, saves the state (backup and record steps) into it, describes how to
 * restore it in dir\restore.json, then runs the repair steps. A failing
 * step undoes, in reverse, every item this run touched. -1 with err only
 * when restore.json cannot be written after a change. */
int fix_apply(const struct fix_plan *p, const char *dir, FILE *log, int ja,
              enum fix_outcome *outcome, struct oqs_err *err);

/* Restores the backup in dir (NULL: the newest that is still applied) and
 * marks it undone. *used names the folder restored. -1 with err when there
 * is no such backup or restore.json cannot be read; *failed counts the
 * steps that failed. */
int fix_undo(const char *name, FILE *log, int ja, char *used, size_t usedn, int *failed,
             struct oqs_err *err);

#endif
