#ifndef OQSDIAG_TEXT_H
#define OQSDIAG_TEXT_H

#include <stddef.h>

#include "core/err.h"
#include "core/strv.h"

/* Small helpers shared by the parsers of Windows command output. Strings are
 * UTF-8 (after enc_to_utf8); comparisons are ASCII case-insensitive, which is
 * how Windows compares account, task and host names. */

/* Where a parser gave up: the 1-based line (0: the whole file) and why. */
struct parse_diag {
    unsigned line;
    char why[200];
};
/* Fills d (if not NULL) and returns -1, so `return diag_set(...)`. */
int diag_set(struct parse_diag *d, unsigned line, const char *fmt, ...) OQS_PRINTF(3, 4);

/* Decodes raw bytes of any encoding the snapshot layout names to UTF-8.
 * Caller frees *text with free(). */
int text_decode(const unsigned char *raw, size_t n, char **text, size_t *len,
                struct parse_diag *d);
/* text_decode, then *ln walks the lines of the text (core/encoding.h): the
 * start of every line parser. Caller frees *text with free(). */
struct lines;
int text_decode_lines(const unsigned char *raw, size_t n, char **text, struct lines *ln,
                      struct parse_diag *d);

/* Lists of strings with the line each came from: core/strv.h. */

int t_ieq(const char *a, const char *b);
int t_ieqn(const char *a, size_t an, const char *b);
int t_istarts(const char *s, size_t n, const char *prefix);
const char *t_ifind(const char *s, size_t n, const char *needle);
/* Trims ASCII white space and the ideographic space U+3000. */
void t_trim(const char **s, size_t *n);
char *t_dup(const char *s, size_t n);
/* Copies at most cap-1 bytes, never cutting a UTF-8 sequence. */
void t_copy(char *dst, size_t cap, const char *s, size_t n);
/* Splits "key : value" at the first ASCII or full-width colon, both trimmed.
 * 0 when the line has no colon or an empty key. */
int t_split(const char *line, size_t n, const char *sep, const char **k, size_t *kn,
            const char **v, size_t *vn);
/* True if k (kn bytes) equals one of the NULL-terminated names. */
int t_key_in(const char *k, size_t kn, const char *const *names);
/* Strips a "DOMAIN\" or "HOST\" prefix of an account name. */
const char *t_account_base(const char *name);
/* Parses a decimal or 0x hex integer filling the whole (trimmed) string. */
int t_parse_ll(const char *s, size_t n, long long *out);

#endif
