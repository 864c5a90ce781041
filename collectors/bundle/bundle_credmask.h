#ifndef OQSDIAG_BUNDLE_CREDMASK_H
#define OQSDIAG_BUNDLE_CREDMASK_H

#include <stddef.h>
#include "core/err.h"

/* The always-on credential mask (issue 21, docs/bundle.md): key names from
 * credential_keys.def in the forms key=value, key: value, JSON, XML
 * element / attribute / CDATA, a value on the next line ([Password] INI
 * sections, "key:" alone), URL userinfo (with and without a scheme),
 * Authorization headers and `net use` passwords. Works on one line of UTF-8
 * text at a time and names the value spans; bundle_textview.h maps them back
 * to the file's bytes. */

struct credmask;

/* Caller frees with credmask_free(). */
struct credmask *credmask_new(struct oqs_err *err);
void credmask_free(struct credmask *cm);

/* Calls add(ud, start, end) for each credential value in the line
 * text[0, n). *pending carries "the next non-empty line is the value"
 * from one line to the next (0 at the start of a file). add returns < 0 to
 * stop (then returned). */
int credmask_line(const struct credmask *cm, const char *text, size_t n, int *pending,
                  int (*add)(void *ud, size_t start, size_t end), void *ud);

/* Masks a whole UTF-8 text with "********" (for tests and for strings a
 * report shows). Caller frees *out; *count: values masked. */
int credmask_text(const struct credmask *cm, const char *text, size_t n, char **out,
                  size_t *outn, size_t *count, struct oqs_err *err);

#endif
