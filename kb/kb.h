#ifndef OQSDIAG_KB_H
#define OQSDIAG_KB_H

#include <stdio.h>
#include "../core/err.h"
#include "../core/report.h"

/* The knowledge base: entries of kb/entries/ID.kb (docs/kb-format.md),
 * compiled in, plus an optional directory that adds or overrides entries. */
struct kb;

/* Built-in entries, then dir's (NULL: none); the same id: dir wins.
 * Caller frees with kb_free(). Errors name file:line. */
struct kb *kb_load(const char *dir, struct oqs_err *err);
void kb_free(struct kb *kb);

/* Ranks the entries that r's findings (and the log and command-output lines
 * of the snapshot at snapshot_dir; NULL: none) trigger, and appends them to
 * r->kb with `because` filled. A healthy report matches nothing. */
int kb_match(const struct kb *kb, struct report *r, const char *snapshot_dir,
             struct oqs_err *err);

#endif
