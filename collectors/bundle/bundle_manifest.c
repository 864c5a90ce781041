/* manifest.json: writer and validating reader (docs/bundle.md). */
#include "bundle_manifest.h"
#include "collectors/parsers/parsers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <stdatomic.h>

#include "core/buf.h"
#include "core/encoding.h"
#include "core/report.h"
#include "core/version.h"

struct manifest *manifest_new(void)
{
    struct manifest *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->format = OQSDIAG_SNAPSHOT_FORMAT;
    m->elevated = -1;
    if (manifest_set(&m->tool_name, OQSDIAG_NAME) < 0 ||
        manifest_set(&m->tool_version, OQSDIAG_VERSION) < 0) {
        manifest_free(m);
        return NULL;
    }
    return m;
}

void manifest_free(struct manifest *m)
{
    if (!m)
        return;
    free(m->tool_name);
    free(m->tool_version);
    free(m->host);
    free(m->locale);
    free(m->user);
    free(m->mapping);
    for (size_t i = 0; i < m->nfiles; i++)
        free(m->files[i].path);
    free(m->files);
    for (size_t i = 0; i < m->nskipped; i++) {
        free(m->skipped[i].path);
        free(m->skipped[i].why);
    }
    free(m->skipped);
    for (size_t i = 0; i < m->nredactions; i++) {
        free(m->redactions[i].what);
        free(m->redactions[i].why);
    }
    free(m->redactions);
    free(m);
}

int manifest_set(char **field, const char *value)
{
    char *s = value ? strdup(value) : NULL;
    if (value && !s)
        return -1;
    free(*field);
    *field = s;
    return 0;
}

int manifest_add_file(struct manifest *m, const char *path, long long size, const char *sha256)
{
    struct manifest_file *v = oqs_grow(m->files, &m->capfiles, m->nfiles + 1, sizeof *v);
    if (!v)
        return -1;
    m->files = v;
    struct manifest_file *f = &m->files[m->nfiles];
    f->path = strdup(path);
    if (!f->path)
        return -1;
    f->size = size;
    snprintf(f->sha256, sizeof f->sha256, "%s", sha256);
    m->nfiles++;
    return 0;
}

int manifest_add_skip(struct manifest *m, const char *path, const char *why)
{
    struct manifest_skip *v = oqs_grow(m->skipped, &m->capskipped, m->nskipped + 1, sizeof *v);
    if (!v)
        return -1;
    m->skipped = v;
    struct manifest_skip *s = &m->skipped[m->nskipped];
    s->path = strdup(path);
    s->why = strdup(why);
    if (!s->path || !s->why) {
        free(s->path);
        free(s->why);
        return -1;
    }
    m->nskipped++;
    return 0;
}

int manifest_add_redaction(struct manifest *m, const char *what, const char *why, long long count)
{
    struct manifest_redaction *v =
        oqs_grow(m->redactions, &m->capredactions, m->nredactions + 1, sizeof *v);
    if (!v)
        return -1;
    m->redactions = v;
    struct manifest_redaction *r = &m->redactions[m->nredactions];
    r->what = strdup(what);
    r->why = strdup(why);
    if (!r->what || !r->why) {
        free(r->what);
        free(r->why);
        return -1;
    }
    r->count = count;
    m->nredactions++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const struct manifest_file *manifest_find(const struct manifest *m, const char *path)
{
    for (size_t i = 0; i < m->nfiles; i++)
        if (strcmp(m->files[i].path, path) == 0)
            return &m->files[i];
    return NULL;
}

int manifest_path_ok(const char *p, size_t n)
{
    if (n == 0 || n > 1024 || !enc_valid_utf8((const unsigned char *)p, n))
        return 0;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n) {
            unsigned char c = (unsigned char)p[i];
            /* Backslash and colon: on Windows a separator, a drive or an
             * alternate data stream; control characters: never in a name. */
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ':')
                return 0;
            if (c != '/')
                continue;
        }
        size_t len = i - start;
        if (len == 0 || (len == 1 && p[start] == '.') ||
            (len == 2 && p[start] == '.' && p[start + 1] == '.'))
            return 0;
        start = i + 1;
    }
    return 1;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

char *manifest_to_json(const struct manifest *m, size_t *len, struct oqs_err *err)
{
    json_t *doc = json_object();
    json_t *files = json_array(), *skipped = json_array(), *red = json_array();
    if (!doc || !files || !skipped || !red) {
        json_decref(doc);
        json_decref(files);
        json_decref(skipped);
        json_decref(red);
        oqs_errf(err, "out of memory");
        return NULL;
    }
    json_object_set_new(doc, "tool", json_pack("{s:s, s:s}", "name", m->tool_name,
                                               "version", m->tool_version));
    json_object_set_new(doc, "format", json_integer(m->format));
    json_object_set_new(doc, "host", str_or_null(m->host));
    /* null: a folder gathered by hand, whose time analyze estimates. */
    json_object_set_new(doc, "collected",
                        m->collected[0] ? json_string(m->collected) : json_null());
    json_object_set_new(doc, "locale", str_or_null(m->locale));
    if (m->user)
        json_object_set_new(doc, "collected_by",
                            json_pack("{s:s, s:o}", "user", m->user, "elevated",
                                      m->elevated < 0 ? json_null() : json_boolean(m->elevated)));
    for (size_t i = 0; i < m->nfiles; i++)
        json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "path", m->files[i].path,
                                               "size", (json_int_t)m->files[i].size,
                                               "sha256", m->files[i].sha256));
    json_object_set_new(doc, "files", files);
    for (size_t i = 0; i < m->nskipped; i++)
        json_array_append_new(skipped, json_pack("{s:s, s:s}", "path", m->skipped[i].path,
                                                 "why", m->skipped[i].why));
    json_object_set_new(doc, "skipped", skipped);
    for (size_t i = 0; i < m->nredactions; i++)
        json_array_append_new(red, json_pack("{s:s, s:s, s:I}", "what", m->redactions[i].what,
                                             "why", m->redactions[i].why, "count",
                                             (json_int_t)m->redactions[i].count));
    json_object_set_new(doc, "redactions", red);
    json_object_set_new(doc, "mapping", str_or_null(m->mapping));
    char *s = json_dumps(doc, JSON_INDENT(2) | OQS_JSON_FLAGS);
    json_decref(doc);
    if (!s) {
        oqs_errf(err, "cannot serialise the manifest");
        return NULL;
    }
    if (len)
        *len = strlen(s);
    return s;
}

/* A string member that may be absent or null; anything else is an error. */
static int opt_str(json_t *obj, const char *key, const char *where, char **out,
                   struct oqs_err *err)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return oqs_errf(err, "%s: \"%s\" is not a string", where, key);
    return manifest_set(out, json_string_value(v)) < 0 ? oqs_errf(err, "out of memory") : 0;
}

static int is_hex64(const char *s)
{
    if (strlen(s) != 64)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

static int parse_doc(json_t *doc, const char *o, struct manifest *m, struct oqs_err *err)
{
    if (!json_is_object(doc))
        return oqs_errf(err, "%s: not a JSON object", o);
    json_t *fmt = json_object_get(doc, "format");
    if (!json_is_integer(fmt))
        return oqs_errf(err, "%s: \"format\" is missing or not an integer", o);
    if (json_integer_value(fmt) != OQSDIAG_SNAPSHOT_FORMAT)
        return oqs_errf(err, "%s: format %lld is not supported (this tool reads format %d)", o,
                        (long long)json_integer_value(fmt), OQSDIAG_SNAPSHOT_FORMAT);
    m->format = OQSDIAG_SNAPSHOT_FORMAT;
    json_t *tool = json_object_get(doc, "tool");
    if (tool && !json_is_object(tool))
        return oqs_errf(err, "%s: \"tool\" is not an object", o);
    if (tool && (opt_str(tool, "name", o, &m->tool_name, err) < 0 ||
                 opt_str(tool, "version", o, &m->tool_version, err) < 0))
        return -1;
    char *collected = NULL;
    if (opt_str(doc, "host", o, &m->host, err) < 0 ||
        opt_str(doc, "locale", o, &m->locale, err) < 0 ||
        opt_str(doc, "mapping", o, &m->mapping, err) < 0 ||
        opt_str(doc, "collected", o, &collected, err) < 0)
        return -1;
    json_t *by = json_object_get(doc, "collected_by");
    if (by && !json_is_object(by)) {
        free(collected);
        return oqs_errf(err, "%s: \"collected_by\" is not an object", o);
    }
    if (by && opt_str(by, "user", o, &m->user, err) < 0) {
        free(collected);
        return -1;
    }
    if (json_is_boolean(json_object_get(by, "elevated")))
        m->elevated = json_is_true(json_object_get(by, "elevated"));
    if (collected) {
        /* A time and nothing else: collect forms names from it. */
        long long t;
        int bad = strlen(collected) >= sizeof m->collected || strlen(collected) < 10 || collected[4] != '-' ||
                  parse_time_utc(collected, &t) != 0;
        if (!bad)
            snprintf(m->collected, sizeof m->collected, "%s", collected);
        free(collected);
        if (bad)
            return oqs_errf(err, "%s: \"collected\" is not an RFC 3339 time", o);
    }
    json_t *files = json_object_get(doc, "files");
    if (files && !json_is_array(files))
        return oqs_errf(err, "%s: \"files\" is not an array", o);
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f) {
        json_t *p = json_object_get(f, "path"), *sz = json_object_get(f, "size"),
               *h = json_object_get(f, "sha256");
        if (!json_is_string(p) ||
            !manifest_path_ok(json_string_value(p), json_string_length(p)))
            return oqs_errf(err, "%s: files[%zu].path is missing or not a safe relative path",
                            o, i);
        if (!json_is_integer(sz) || json_integer_value(sz) < 0)
            return oqs_errf(err, "%s: files[%zu].size is not a non-negative integer", o, i);
        if (!json_is_string(h) || !is_hex64(json_string_value(h)))
            return oqs_errf(err, "%s: files[%zu].sha256 is not 64 lower-case hex digits", o, i);
        if (manifest_add_file(m, json_string_value(p), (long long)json_integer_value(sz),
                              json_string_value(h)) < 0)
            return oqs_errf(err, "out of memory");
    }
    /* Each path once: sorted, not compared pairwise (100,000 files). */
    if (m->nfiles > 1) {
        const char **v = malloc(m->nfiles * sizeof *v);
        if (!v)
            return oqs_errf(err, "out of memory");
        for (size_t k = 0; k < m->nfiles; k++)
            v[k] = m->files[k].path;
        qsort(v, m->nfiles, sizeof *v, cmp_str);
        for (size_t k = 1; k < m->nfiles; k++)
            if (strcmp(v[k - 1], v[k]) == 0) {
                int rc = oqs_errf(err, "%s: files path \"%s\" is listed twice", o, v[k]);
                free(v);
                return rc;
            }
        free(v);
    }
    json_t *sk = json_object_get(doc, "skipped");
    if (sk && !json_is_array(sk))
        return oqs_errf(err, "%s: \"skipped\" is not an array", o);
    json_array_foreach(sk, i, f) {
        json_t *p = json_object_get(f, "path"), *w = json_object_get(f, "why");
        if (!json_is_string(p) || !json_is_string(w))
            return oqs_errf(err, "%s: skipped[%zu] needs string \"path\" and \"why\"", o, i);
        if (manifest_add_skip(m, json_string_value(p), json_string_value(w)) < 0)
            return oqs_errf(err, "out of memory");
    }
    json_t *rd = json_object_get(doc, "redactions");
    if (rd && !json_is_array(rd))
        return oqs_errf(err, "%s: \"redactions\" is not an array", o);
    json_array_foreach(rd, i, f) {
        json_t *w = json_object_get(f, "what"), *y = json_object_get(f, "why"),
               *c = json_object_get(f, "count");
        if (!json_is_string(w) || !json_is_string(y))
            return oqs_errf(err, "%s: redactions[%zu] needs string \"what\" and \"why\"", o, i);
        if (c && !json_is_integer(c))
            return oqs_errf(err, "%s: redactions[%zu].count is not an integer", o, i);
        if (manifest_add_redaction(m, json_string_value(w), json_string_value(y),
                                   c ? (long long)json_integer_value(c) : 0) < 0)
            return oqs_errf(err, "out of memory");
    }
    return 0;
}

struct manifest *manifest_parse(const char *data, size_t len, const char *origin,
                                struct oqs_err *err)
{
    const char *o = origin ? origin : "manifest.json";
    json_error_t je;
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        oqs_errf(err, "%s:%d: %s", o, je.line, je.text);
        return NULL;
    }
    struct manifest *m = calloc(1, sizeof *m);
    if (!m) {
        json_decref(doc);
        oqs_errf(err, "out of memory");
        return NULL;
    }
    int rc = parse_doc(doc, o, m, err);
    json_decref(doc);
    if (rc < 0) {
        manifest_free(m);
        return NULL;
    }
    return m;
}

/* OpenSSL 3 looks SHA-256 up again on every EVP_sha256() digest; fetched
 * once per process instead (a snapshot hashes every file, a bundle run
 * thousands), and kept for the process's life. */
static EVP_MD *g_sha256;
static atomic_int g_sha256_state; /* 0 none, 1 fetching, 2 done */

static const EVP_MD *sha256_md(void)
{
    int st = 0;
    if (atomic_compare_exchange_strong(&g_sha256_state, &st, 1)) {
        g_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
        atomic_store(&g_sha256_state, 2);
    }
    while (atomic_load(&g_sha256_state) != 2)
        ;
    return g_sha256 ? g_sha256 : EVP_sha256();
}

static void to_hex(const unsigned char *md, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}

int manifest_sha256(const void *data, size_t n, char hex[65], struct oqs_err *err)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(data, n, md, &mdlen, sha256_md(), NULL) || mdlen != 32)
        return oqs_errf(err, "SHA-256 failed");
    to_hex(md, hex);
    return 0;
}

int manifest_sha256_file(const char *path, char hex[65], long long *size, struct oqs_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return oqs_errf(err, "%s: %s", path, strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, sha256_md(), NULL);
    unsigned char chunk[65536];
    size_t n;
    long long total = 0;
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        ok = EVP_DigestUpdate(ctx, chunk, n);
        total += (long long)n;
    }
    int rerr = ferror(f);
    fclose(f);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    ok = ok && !rerr && EVP_DigestFinal_ex(ctx, md, &mdlen) && mdlen == 32;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return oqs_errf(err, "%s: cannot read or hash", path);
    to_hex(md, hex);
    if (size)
        *size = total;
    return 0;
}
