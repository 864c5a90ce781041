#ifndef OQSDIAG_BUNDLE_MANIFEST_H
#define OQSDIAG_BUNDLE_MANIFEST_H

#include <stddef.h>
#include "core/err.h"

/* manifest.json of a snapshot (shared/spec/snapshot-layout.md, format 1):
 * who wrote it, for which host and when, every file with its size and
 * SHA-256, what was left out and what was masked. docs/bundle.md shows the
 * document. One module writes and reads it, for `collect` and `analyze`. */

struct manifest_file {
    char *path;        /* relative, '/'-separated, UTF-8 */
    long long size;
    char sha256[65];   /* lower-case hex */
};

/* A file of the source that is not in the bundle, and why. */
struct manifest_skip {
    char *path;
    char *why;
};

/* A kind of masking (--redact) or removal inside kept files. */
struct manifest_redaction {
    char *what;        /* "ipv4", "host", "user", "medical_institution_code", "credential_value" */
    char *why;
    long long count;   /* distinct values masked */
};

struct manifest {
    char *tool_name, *tool_version;
    int format;
    char *host;
    char collected[32]; /* RFC 3339 UTC */
    char *locale;
    char *user;         /* collected_by.user: who collected (per-user files are theirs), or NULL */
    int elevated;       /* collected_by.elevated: 1, 0, or -1 not known */
    char *mapping;      /* file name of the redaction mapping kept with the customer, or NULL */
    struct manifest_file *files;
    size_t nfiles, capfiles;
    struct manifest_skip *skipped;
    size_t nskipped, capskipped;
    struct manifest_redaction *redactions;
    size_t nredactions, capredactions;
};

/* An empty manifest of this tool, format 1. Caller frees with manifest_free(). */
struct manifest *manifest_new(void);
void manifest_free(struct manifest *m);
int manifest_set(char **field, const char *value);
int manifest_add_file(struct manifest *m, const char *path, long long size, const char *sha256);
int manifest_add_skip(struct manifest *m, const char *path, const char *why);
int manifest_add_redaction(struct manifest *m, const char *what, const char *why, long long count);
const struct manifest_file *manifest_find(const struct manifest *m, const char *path);

/* The JSON document (UTF-8, indented). Caller frees with free(). */
char *manifest_to_json(const struct manifest *m, size_t *len, struct oqs_err *err);
/* Parses and validates a manifest; errors name the field ("files[3].sha256").
 * origin names the input in messages. Caller frees with manifest_free(). */
struct manifest *manifest_parse(const char *data, size_t len, const char *origin,
                                struct oqs_err *err);

/* SHA-256 (OpenSSL EVP) of bytes, as lower-case hex. */
int manifest_sha256(const void *data, size_t n, char hex[65], struct oqs_err *err);
/* SHA-256 and size of a file, read in chunks. */
int manifest_sha256_file(const char *path, char hex[65], long long *size, struct oqs_err *err);

/* Whether a manifest path is a safe relative path: UTF-8, '/'-separated, no
 * empty, "." or ".." component, no backslash, colon or control character. */
int manifest_path_ok(const char *p, size_t n);

#endif
