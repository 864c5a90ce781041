#ifndef OQSDIAG_KB_PREFILTER_H
#define OQSDIAG_KB_PREFILTER_H

#include <stddef.h>

/* Literal prefilter of the log scan (docs/perf.md): each trigger pattern
 * whose every match must contain one of a few literals (one per top-level
 * alternative) is screened with memmem over the raw bytes of a block, in
 * their UTF-8 and their CP932 form, ASCII case folded. Only the lines that
 * hold a literal go on to decoding and PCRE2, which stays the matcher; the
 * prefilter only ever drops lines that no pattern can match. */
struct kb_prefilter;

/* The required literals of one pattern (UTF-8), at most max of them, each
 * NUL-terminated in out[i] (LIT_MAX bytes). Returns their count, or 0 when
 * the pattern has none that the prefilter can use (then every line is a
 * candidate). Never fails otherwise. */
#define KB_PF_LIT_MAX 128
size_t kb_prefilter_literals(const char *pattern, char (*out)[KB_PF_LIT_MAX], size_t max);

/* A prefilter for these patterns, or NULL when one of them has no usable
 * literal (or out of memory): then the caller searches every line.
 * Caller frees with kb_prefilter_free(). */
struct kb_prefilter *kb_prefilter_new(const char *const *patterns, size_t n);
void kb_prefilter_free(struct kb_prefilter *pf);

/* Calls cb for each line of p[0..n) (whole lines, the last may lack its
 * newline) that holds a literal, in order: off and len (without the
 * newline) locate it in p, idx is its 0-based number in the block. Returns
 * -1 when the block holds a character that caseless matching equates with
 * an ASCII letter (U+017F, U+212A): the caller then searches it in full. */
int kb_prefilter_block(struct kb_prefilter *pf, const unsigned char *p, size_t n,
                       void (*cb)(void *ud, size_t off, size_t len, size_t idx), void *ud);

#endif
