#ifndef OQSDIAG_BUNDLE_TEXTVIEW_H
#define OQSDIAG_BUNDLE_TEXTVIEW_H

#include <stddef.h>
#include "core/err.h"

/* Lossless masking (issue 21): a file's raw bytes are read as text line by
 * line in every encoding Windows may have used for that line — the 8-bit
 * view (each line UTF-8 when valid, else CP932) and, when the file holds a
 * NUL byte, UTF-16LE and UTF-16BE at either byte phase (a UTF-16 tail that
 * PowerShell 5 `>>` appends to an ANSI log, UTF-16 without BOM). Every text
 * byte knows the file offset it came from, so a mask replaces exactly the
 * bytes of its span, written in that line's encoding; every other byte of
 * the file stays as it was. docs/bundle.md. */

enum tv_enc { TV_8BIT, TV_U16LE, TV_U16BE };

struct tv_line {
    enum tv_enc enc;
    int view;            /* changes when a new reading of the file starts */
    const char *text;    /* valid UTF-8, line end (CR, LF) not included */
    size_t n;
    const size_t *map;   /* map[i]: file offset of text byte i, map[n]: end; NULL: base + i */
    size_t base;
};

/* File offset of text byte i of a line (i <= n). */
size_t tv_offset(const struct tv_line *l, size_t i);

/* Calls fn for every line of every reading of the bytes; a negative return
 * of fn stops the walk and is returned. The line is valid during the call. */
int tv_each_line(const unsigned char *b, size_t n,
                 int (*fn)(const struct tv_line *l, void *ud), void *ud, struct oqs_err *err);

/* A byte range of the file and its replacement (ASCII, written in enc).
 * repl is not copied: it must outlive tv_spans_apply. */
struct tv_span {
    size_t start, end;
    enum tv_enc enc;
    const char *repl;
    int cred;            /* a credential value (counted apart from --redact masks) */
};

struct tv_spans {
    struct tv_span *v;
    size_t n, cap;
};

/* Adds the span of text bytes [ts, te) of line l. -1 out of memory. */
int tv_spans_add(struct tv_spans *s, const struct tv_line *l, size_t ts, size_t te,
                 const char *repl, int cred);
/* The bytes with every span replaced; a span that overlaps one kept before
 * it (by start, the longer first) is dropped. *ncred: credential spans kept.
 * Caller frees *out. */
int tv_spans_apply(struct tv_spans *s, const unsigned char *in, size_t n, unsigned char **out,
                   size_t *outn, size_t *ncred, struct oqs_err *err);
void tv_spans_free(struct tv_spans *s);

#endif
