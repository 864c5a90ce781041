#ifndef OQSDIAG_BUNDLE_REDACT_H
#define OQSDIAG_BUNDLE_REDACT_H

#include <stddef.h>
#include "core/err.h"

/* Masking for `collect --redact` (issue 6, snapshot-layout.md Redaction):
 * the medical institution code, host names, user names and IPv4 addresses
 * get a mask that is the same for the same value in every file and every
 * encoding ("sos clean" style); the mapping goes to a file that stays with
 * the customer. Values are learnt from the places the layout puts them
 * (redactor_learn), then replaced wherever they occur (redactor_apply). */

enum redact_kind { RK_CODE, RK_HOST, RK_USER, RK_IPV4, RK_IPV6, RK_COUNT };

struct redactor;

/* Caller frees with redactor_free(). */
struct redactor *redactor_new(struct oqs_err *err);
void redactor_free(struct redactor *rd);

/* Adds a value to mask (e.g. the host name from the manifest). Well-known
 * names the checks need (OqsComApp, SYSTEM, Administrators...) are kept. */
int redactor_add(struct redactor *rd, enum redact_kind kind, const char *value);
/* Learns values from a file's UTF-8 text; relpath tells which layout file. */
int redactor_learn(struct redactor *rd, const char *relpath, const char *text, size_t n,
                   struct oqs_err *err);
/* Masks text (its bytes read as bundle_textview.h does): the learnt values
 * and every IPv4 address (first number 10 or more: "4.1.0.0" is a version).
 * Caller frees *out; *changed tells whether anything was masked. */
int redactor_apply(struct redactor *rd, const char *text, size_t n, char **out, size_t *outn,
                   int *changed, struct oqs_err *err);
/* The mask of a value, or NULL when it is not masked. */
const char *redactor_mask_of(const struct redactor *rd, const char *value);
/* Whether binary bytes (a certificate) hold a learnt name or code, as
 * ASCII/UTF-8 or UTF-16BE (an ASN.1 BMPString). */
int redactor_bytes_hold(const struct redactor *rd, const unsigned char *b, size_t n);
/* Distinct values masked so far, per kind. */
size_t redactor_count(const struct redactor *rd, enum redact_kind kind);
const char *redact_kind_name(enum redact_kind kind);
/* The mapping as TSV (kind, original, mask), UTF-8. */
int redactor_write_mapping(const struct redactor *rd, const char *path, struct oqs_err *err);

/* The credential mask (bundle_credmask.h) over UTF-8 text; "********" for
 * each value. Caller frees *out. */
int redact_credentials(const char *text, size_t n, char **out, size_t *outn, size_t *count,
                       struct oqs_err *err);

struct credmask;
/* Raw file bytes, masked in place (bundle_textview.h): credential values
 * (cm not NULL) and, with rd, the learnt names and addresses. Only the
 * masked spans change, each written in its line's own encoding; every other
 * byte stays. probes/ JSON (the tool's own verdicts) gets no credential
 * masking. Caller frees *out. *ncreds counts masked credential values. */
int redact_bytes(struct redactor *rd, const struct credmask *cm, const char *relpath,
                 const unsigned char *in, size_t n, unsigned char **out, size_t *outn,
                 size_t *ncreds, struct oqs_err *err);
/* Decodes (ENC_AUTO) for learning only. */
int redact_learn_bytes(struct redactor *rd, const char *relpath, const unsigned char *in,
                       size_t n, struct oqs_err *err);

#endif
