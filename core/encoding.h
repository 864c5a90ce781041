#ifndef OQSDIAG_ENCODING_H
#define OQSDIAG_ENCODING_H

#include <stddef.h>
#include "err.h"

/* Windows writes text as the console code page (CP932 on Japanese Windows,
 * 437/1252 on English), UTF-16LE with BOM, or UTF-8 with or without BOM.
 * Every parser turns raw bytes into UTF-8 through this helper. */

enum enc { ENC_AUTO, ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE, ENC_CP932, ENC_CP1252 };

const char *enc_name(enum enc e);

/* Guesses the encoding: BOM, then NUL patterns (UTF-16 without BOM), then
 * valid UTF-8, else CP932 (which also decodes plain ASCII). */
enum enc enc_detect(const unsigned char *in, size_t n);

/* Converts to UTF-8 (BOM removed, line ends kept). hint ENC_AUTO detects.
 * Undecodable bytes become U+FFFD, never an error, so a parser can still
 * name the line. Caller frees *out with free(); *out is NUL-terminated. */
int enc_to_utf8(const unsigned char *in, size_t n, enum enc hint, char **out,
                size_t *outlen, enum enc *detected, struct oqs_err *err);

/* True if the bytes are valid UTF-8. */
int enc_valid_utf8(const unsigned char *s, size_t n);

/* Splits UTF-8 text into lines: LF or CRLF ends a line (the CR is dropped).
 * Lines point into the text; nothing is allocated. */
struct lines {
    const char *text;
    size_t len, pos;
    unsigned lineno; /* 1-based number of the line last returned */
};
void lines_init(struct lines *l, const char *text, size_t len);
/* 1 and the line, or 0 at the end. */
int lines_next(struct lines *l, const char **line, size_t *linelen);

#endif
