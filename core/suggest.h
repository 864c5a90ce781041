#ifndef OQSDIAG_SUGGEST_H
#define OQSDIAG_SUGGEST_H

#include <stddef.h>

/* "did you mean …?" for a mistyped command, option, probe or config key, as
 * git does: the candidate closest to word by edit distance (a swap of two
 * neighbours counts one), if it is close enough to be a typo (at most 2
 * edits, and fewer than half of word's letters). The candidates are read
 * through get(i, ud) for i < n. Returns the candidate (owned by the caller's
 * table) or NULL. */
const char *suggest_nearest(const char *word, size_t n,
                            const char *(*get)(size_t i, void *ud), void *ud);

/* The same over a plain array of n strings. */
const char *suggest_from(const char *word, const char *const *cands, size_t n);

#endif
