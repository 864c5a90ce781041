#ifndef OQSDIAG_KB_H
#define OQSDIAG_KB_H

#include <stdio.h>
#include "../core/err.h"
#include "../core/report.h"
#include "kb_entry.h"

/* The knowledge base: entries of kb/entries/ID.kb (docs/kb-format.md),
 * compiled in, plus an optional directory that adds or overrides entries. */
struct kb;

/* Built-in entries, then dir's (NULL: none); the same id: dir wins.
 * Caller frees with kb_free(). Errors name file:line. */
struct kb *kb_load(const char *dir, struct oqs_err *err);
void kb_free(struct kb *kb);

/* The entries, sorted by id. */
size_t kb_count(const struct kb *kb);
const struct kb_entry *kb_at(const struct kb *kb, size_t i);
const struct kb_entry *kb_find(const struct kb *kb, const char *id);

/* Checks every entry of dir (NULL: the built-in entries): every field, every
 * pattern, every finding id, no duplicate id. Each problem is added to d as
 * file:line; *nentries counts the files read. -1 only when dir cannot be read
 * (err says why). */
int kb_lint(const char *dir, size_t *nentries, struct kb_diag *d, struct oqs_err *err);

/* Ranks the entries that r's findings (and the log and command-output lines
 * of the snapshot src reads, core/source.h; NULL: none) trigger, and appends
 * them to r->kb with `because` filled. A healthy report matches nothing. */
struct source;
int kb_match(const struct kb *kb, struct report *r, struct source *src, struct oqs_err *err);

#endif
