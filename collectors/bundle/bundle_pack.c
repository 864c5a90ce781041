/* collect: stage the allowed files of a snapshot folder (masked as needed)
 * in a private temporary folder, hash them, and write the .tar.gz with
 * manifest.json first (libarchive). docs/bundle.md. */
#include "bundle_pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "bundle_content.h"
#include "bundle_credmask.h"
#include "bundle_redact.h"
#include "core/buf.h"
#include "core/encoding.h"
#include "core/platform.h"

struct item {
    char *rel;
    long long size, mtime;
    int log;        /* 0 not a log, 1 comapp, 2 distroapp */
    int take;
    const char *why; /* left out by name or by the log cap */
};

struct items {
    struct item *v;
    size_t n, cap;
};

static int ends_with_ci(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    if (k > n)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char a = s[n - k + i], b = suf[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* Whether the 3 bytes at p are word, ASCII case-insensitively. */
static int strncasecmp3(const char *p, const char *word)
{
    for (int i = 0; i < 3; i++) {
        char c = p[i] >= 'A' && p[i] <= 'Z' ? (char)(p[i] - 'A' + 'a') : p[i];
        if (c != word[i])
            return 0;
    }
    return 1;
}

/* The files of snapshot-layout.md: exact names, or a folder with a suffix
 * (flat: files directly in it; deep: anywhere below). */
static const struct {
    const char *prefix, *suffix;
    int deep;
} layout[] = {
    {"system/", ".txt", 0},         {"apps/installed.txt", NULL, 0},
    {"apps/version/", ".info", 0},  {"tasks/", ".xml", 0},
    {"tasks/schtasks.csv", NULL, 0}, {"certs/user-my/", "", 0},
    {"certs/root/", "", 0},         {"distroapp/", ".txt", 0},
    {"logs/comapp/", "", 1},        {"logs/distroapp/", "", 1},
    {"oqs/folders.tsv", NULL, 0},   {"oqs/acl.txt", NULL, 0},
    {"oqs/shortcut.tsv", NULL, 0},  {"oqs/results.tsv", NULL, 0},
    {"comapp/config/", "", 0},      {"probes/", ".json", 0},
};

static int in_layout(const char *rel)
{
    for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++) {
        size_t k = strlen(layout[i].prefix);
        if (!layout[i].suffix) {
            if (strcmp(rel, layout[i].prefix) == 0)
                return 1;
            continue;
        }
        if (strncmp(rel, layout[i].prefix, k) != 0 || !rel[k])
            continue;
        if (!layout[i].deep && strchr(rel + k, '/'))
            continue;
        if (ends_with_ci(rel, layout[i].suffix))
            return 1;
    }
    return 0;
}

/* Length of rel up to and including its first "req/" or "res/" component
 * (0 when it has none). */
static size_t data_folder_len(const char *rel)
{
    for (const char *p = rel; *p;) {
        const char *e = strchr(p, '/');
        if (!e)
            return 0;
        size_t n = (size_t)(e - p);
        if (n == 3 && (strncasecmp3(p, "req") || strncasecmp3(p, "res")))
            return (size_t)(e - rel) + 1;
        p = e + 1;
    }
    return 0;
}

const char *bundle_refuse_path(const char *rel)
{
    static const char *const key_ext[] = {".pfx", ".p12", ".pvk", ".key", ".jks",
                                          ".kdbx", ".snk", ".ppk", ".p8"};
    for (size_t i = 0; i < sizeof key_ext / sizeof key_ext[0]; i++)
        if (ends_with_ci(rel, key_ext[i]))
            return "a private key or PFX file (never in a bundle)";
    /* Any folder named req or res holds request/result data files: patients'
     * insurance data (snapshot-layout.md: never in a snapshot). */
    if (data_folder_len(rel))
        return "a request/result data file (patients' insurance data, never in a bundle)";
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    for (const char *w = base; *w; w++)
        if (strncmp(w, "pass", 4) == 0 || strncmp(w, "Pass", 4) == 0 ||
            strncmp(w, "PASS", 4) == 0 || strncmp(w, "secret", 6) == 0 ||
            strncmp(w, "Secret", 6) == 0 || strncmp(w, "SECRET", 6) == 0)
            return "named like a secret (never in a bundle)";
    if (strcmp(rel, "manifest.json") == 0)
        return NULL;
    if (!in_layout(rel))
        return "not a file of the snapshot layout";
    return NULL;
}

static int log_app(const char *rel)
{
    return strncmp(rel, "logs/comapp/", 12) == 0 ? 1 : strncmp(rel, "logs/distroapp/", 15) == 0 ? 2 : 0;
}

struct walk {
    const char *root;
    struct items *it;
    struct manifest *m;
    char rel[2048];
    int depth;
    int oom;
};

static int walk_dir(struct walk *w, struct oqs_err *err);

static int walk_cb(const struct plat_dirent *e, void *ud)
{
    struct walk *w = ud;
    size_t base = strlen(w->rel);
    int n = snprintf(w->rel + base, sizeof w->rel - base, "%s%s", base ? "/" : "", e->name);
    if (n < 0 || (size_t)n >= sizeof w->rel - base) {
        w->rel[base] = '\0';
        return 0;
    }
    int rc = 0;
    if (!enc_valid_utf8((const unsigned char *)e->name, strlen(e->name)))
        rc = manifest_add_skip(w->m, "(a name that is not UTF-8)", "names must be UTF-8");
    else if (e->is_link)
        rc = manifest_add_skip(w->m, w->rel, "a link (links are not followed)");
    else if (e->is_dir) {
        if (w->depth >= 16)
            rc = manifest_add_skip(w->m, w->rel, "nested too deep");
        else {
            w->depth++;
            rc = walk_dir(w, NULL);
            w->depth--;
        }
    } else {
        struct item *p = oqs_grow(w->it->v, &w->it->cap, w->it->n + 1, sizeof *p);
        if (!p)
            rc = -1;
        else
            w->it->v = p;
        if (rc == 0) {
            struct item *i = &w->it->v[w->it->n];
            memset(i, 0, sizeof *i);
            i->rel = strdup(w->rel);
            i->size = e->size;
            i->mtime = e->mtime;
            i->log = log_app(w->rel);
            rc = i->rel ? 0 : -1;
            if (rc == 0)
                w->it->n++;
        }
    }
    if (rc < 0)
        w->oom = 1;
    w->rel[base] = '\0';
    return rc < 0;
}

static int walk_dir(struct walk *w, struct oqs_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s%s", w->root, w->rel[0] ? "/" : "", w->rel);
    if (plat_list_dir(path, walk_cb, w, err) < 0)
        return w->depth == 0 ? -1 : manifest_add_skip(w->m, w->rel, "a folder that cannot be read");
    return w->oom ? -1 : 0;
}

static int cmp_rel(const void *a, const void *b)
{
    return strcmp(((const struct item *)a)->rel, ((const struct item *)b)->rel);
}

/* Logs newest first; the same time: the later name first (log names carry
 * their date, and a fresh copy or checkout gives every file one time). */
static int cmp_log(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->log != y->log)
        return x->log - y->log;
    if (x->mtime != y->mtime)
        return x->mtime > y->mtime ? -1 : 1;
    return strcmp(y->rel, x->rel);
}

/* Host and locale as systeminfo prints them (system/os.txt). */
static char *os_field(const char *text, const char *en, const char *ja)
{
    struct lines l;
    const char *line;
    size_t len;
    lines_init(&l, text, strlen(text));
    while (lines_next(&l, &line, &len)) {
        size_t k = 0;
        if (len > strlen(en) && strncmp(line, en, strlen(en)) == 0)
            k = strlen(en);
        else if (len > strlen(ja) && strncmp(line, ja, strlen(ja)) == 0)
            k = strlen(ja);
        if (!k)
            continue;
        while (k < len && line[k] == ' ')
            k++;
        if (k < len && line[k] == ':') {
            k++;
            while (k < len && line[k] == ' ')
                k++;
            size_t e = len;
            while (e > k && (line[e - 1] == ' ' || line[e - 1] == '\t'))
                e--;
            if (e > k) {
                char *v = malloc(e - k + 1);
                if (v) {
                    memcpy(v, line + k, e - k);
                    v[e - k] = '\0';
                }
                return v;
            }
        }
    }
    return NULL;
}

static void fill_identity(const char *src, const struct bundle_opts *o, struct manifest *m)
{
    char path[4096];
    struct buf b = {0};
    snprintf(path, sizeof path, "%s/manifest.json", src);
    if (buf_read_file(&b, path, 4u << 20) == 0) {
        struct oqs_err e;
        struct manifest *old = manifest_parse(b.data, b.len, "manifest.json", &e);
        if (old) {
            manifest_set(&m->host, old->host);
            manifest_set(&m->locale, old->locale);
            if (old->collected[0])
                memcpy(m->collected, old->collected, sizeof m->collected);
            for (size_t i = 0; i < old->nskipped; i++)
                manifest_add_skip(m, old->skipped[i].path, old->skipped[i].why);
            manifest_free(old);
        } else {
            manifest_add_skip(m, "manifest.json", "unreadable; written anew");
        }
    }
    buf_reset(&b);
    snprintf(path, sizeof path, "%s/system/os.txt", src);
    if (buf_read_file(&b, path, 4u << 20) == 0) {
        char *text = NULL;
        if (enc_to_utf8((const unsigned char *)b.data, b.len, ENC_AUTO, &text, NULL, NULL, NULL) == 0) {
            if (!m->host)
                m->host = os_field(text, "Host Name", "ホスト名");
            if (!m->locale)
                m->locale = os_field(text, "System Locale", "システム ロケール");
        }
        free(text);
    }
    buf_free(&b);
    if (!m->host)
        manifest_set(&m->host, o->host ? o->host : "unknown");
    if (!m->collected[0])
        plat_utc_rfc3339(-1, m->collected);
}

/* oqsdiag-<host>-<20261123T100000Z>: a name Windows and tar both accept. */
static void top_name(const struct manifest *m, char *out, size_t n)
{
    char host[80], t[32];
    size_t k = 0;
    for (const char *p = m->host; *p && k + 1 < sizeof host; p++) {
        unsigned char c = (unsigned char)*p;
        host[k++] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_') ? (char)c : '_';
    }
    host[k] = '\0';
    k = 0;
    for (const char *p = m->collected; *p && k + 1 < sizeof t; p++)
        if (*p != '-' && *p != ':')
            t[k++] = *p;
    t[k] = '\0';
    snprintf(out, n, "oqsdiag-%s-%s", host[0] ? host : "unknown", t);
}

static int stage_file(const char *stage, const char *rel, const unsigned char *b, size_t n,
                      struct oqs_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", stage, rel);
    char *cut = strrchr(path, '/');
    *cut = '\0';
    if (plat_mkdir_p(path, err) < 0)
        return -1;
    *cut = '/';
    FILE *f = fopen(path, "wb");
    if (!f)
        return oqs_errf(err, "%s: cannot write", path);
    int bad = n && fwrite(b, 1, n, f) != n;
    if (fclose(f) != 0 || bad)
        return oqs_errf(err, "%s: cannot write", path);
    return 0;
}

static int write_entry(struct archive *a, const char *name, long long mtime, const char *src,
                       const void *mem, size_t memn, struct oqs_err *err)
{
    struct archive_entry *e = archive_entry_new();
    if (!e)
        return oqs_errf(err, "out of memory");
    FILE *f = NULL;
    long long size = (long long)memn;
    if (src) {
        struct plat_dirent st;
        if (plat_stat(src, &st) < 0 || !(f = fopen(src, "rb"))) {
            archive_entry_free(e);
            return oqs_errf(err, "%s: cannot read", src);
        }
        size = st.size;
    }
    archive_entry_update_pathname_utf8(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, size);
    archive_entry_set_mtime(e, (time_t)mtime, 0);
    int rc = 0;
    if (archive_write_header(a, e) != ARCHIVE_OK)
        rc = oqs_errf(err, "%s: %s", name, archive_error_string(a));
    if (rc == 0 && mem && memn && archive_write_data(a, mem, memn) != (la_ssize_t)memn)
        rc = oqs_errf(err, "%s: %s", name, archive_error_string(a));
    if (rc == 0 && f) {
        char chunk[65536];
        size_t n;
        while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
            if (archive_write_data(a, chunk, n) != (la_ssize_t)n)
                rc = oqs_errf(err, "%s: %s", name, archive_error_string(a));
    }
    if (f)
        fclose(f);
    archive_entry_free(e);
    return rc;
}

static int write_archive(const char *out, const char *top, const char *stage,
                         const struct manifest *m, const long long *mtimes, long long now,
                         struct oqs_err *err)
{
    size_t mlen;
    char *mjson = manifest_to_json(m, &mlen, err);
    if (!mjson)
        return -1;
    char part[4200];
    snprintf(part, sizeof part, "%s.part", out);
    struct archive *a = archive_write_new();
    int rc = 0;
    if (!a || archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
        archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
        archive_write_open_filename(a, part) != ARCHIVE_OK)
        rc = oqs_errf(err, "%s: cannot write: %s", out, a ? archive_error_string(a) : "out of memory");
    char name[4200], src[4200];
    if (rc == 0) {
        snprintf(name, sizeof name, "%s/manifest.json", top);
        rc = write_entry(a, name, now, NULL, mjson, mlen, err);
    }
    for (size_t i = 0; rc == 0 && i < m->nfiles; i++) {
        snprintf(name, sizeof name, "%s/%s", top, m->files[i].path);
        snprintf(src, sizeof src, "%s/%s", stage, m->files[i].path);
        rc = write_entry(a, name, mtimes[i], src, NULL, 0, err);
    }
    if (a && archive_write_close(a) != ARCHIVE_OK && rc == 0)
        rc = oqs_errf(err, "%s: cannot write: %s", out, archive_error_string(a));
    archive_write_free(a);
    free(mjson);
    if (rc == 0) {
        remove(out);
        if (rename(part, out) != 0)
            rc = oqs_errf(err, "%s: cannot write", out);
    }
    if (rc < 0)
        remove(part);
    return rc;
}

static int read_item(const char *src, const struct item *it, struct buf *b, struct oqs_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", src, it->rel);
    buf_reset(b);
    if (buf_read_file(b, path, (size_t)1 << 30) < 0)
        return oqs_errf(err, "%s: cannot read", path);
    return 0;
}

/* Files left out unopened, one entry each for now: skips_aggregate turns
 * them into counts. */
static int skip_by_name(struct manifest *m, const struct items *it, struct oqs_err *err)
{
    for (size_t i = 0; i < it->n; i++)
        if (it->v[i].why && manifest_add_skip(m, it->v[i].rel, it->v[i].why) < 0)
            return oqs_errf(err, "out of memory");
    return 0;
}

/* The layout's top folders: the only part of a left-out file's path that
 * the manifest names. */
static const char *const areas[] = {"system", "apps", "tasks", "certs", "distroapp", "logs",
                                    "oqs", "comapp", "probes", "events"};

static const char *area_of(const char *path)
{
    size_t k = strcspn(path, "/");
    for (size_t i = 0; i < sizeof areas / sizeof *areas; i++)
        if (path[k] == '/' && strlen(areas[i]) == k && strncmp(path, areas[i], k) == 0)
            return areas[i];
    return NULL;
}

/* Left-out files from entry `from` on become one entry per layout folder
 * and reason, with a count: a file's name can itself be a secret or a
 * patient's name, so no name of a left-out file leaves the server. The
 * reasons are this tool's own words (a source manifest's are passed
 * through the redactor). */
static int skips_aggregate(struct manifest *m, size_t from, struct redactor *rd,
                           struct oqs_err *err)
{
    size_t n = m->nskipped - from;
    struct manifest_skip *old = malloc((n + 1) * sizeof *old);
    if (!old)
        return oqs_errf(err, "out of memory");
    memcpy(old, m->skipped + from, n * sizeof *old);
    m->nskipped = from;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!old[i].path)
            continue;
        const char *area = area_of(old[i].path);
        size_t count = 0;
        for (size_t j = i; j < n; j++)
            if (old[j].path && area_of(old[j].path) == area && strcmp(old[j].why, old[i].why) == 0)
                count++;
        char *why = old[i].why, *masked = NULL;
        size_t mn;
        int changed = 0;
        if (rd && redactor_apply(rd, why, strlen(why), &masked, &mn, &changed, err) < 0) {
            rc = -1;
            break;
        }
        char path[64], w[1200];
        snprintf(path, sizeof path, "%s%s", area ? area : "(outside the layout's folders)",
                 area ? "/" : "");
        snprintf(w, sizeof w, "%zu file(s): %s (names not listed)", count,
                 masked ? masked : why);
        free(masked);
        if (manifest_add_skip(m, path, w) < 0)
            rc = oqs_errf(err, "out of memory");
        for (size_t j = n; j-- > i;)
            if (old[j].path && area_of(old[j].path) == area && strcmp(old[j].why, old[i].why) == 0) {
                free(old[j].path);
                if (j != i)
                    free(old[j].why);
                old[j].path = NULL;
            }
        free(why);
    }
    for (size_t i = 0; i < n; i++)
        if (old[i].path) {
            free(old[i].path);
            free(old[i].why);
        }
    free(old);
    return rc;
}

/* The redaction kinds into the manifest. */
static int note_redactions(struct manifest *m, const struct redactor *rd, size_t ncreds,
                           const char *mapping)
{
    if (ncreds &&
        manifest_add_redaction(m, "credential_value",
                               "a value of a password/secret/token key is replaced by ********",
                               (long long)ncreds) < 0)
        return -1;
    if (!rd)
        return 0;
    static const char *const why[RK_COUNT] = {
        "the medical institution code: masked with a fake 10-digit code",
        "host and domain names: masked as hostNNN",
        "user names: masked as userNNN",
        "IPv4 addresses: masked with documentation addresses (RFC 5737)",
        "IPv6 addresses: masked with documentation addresses (RFC 3849, 2001:db8::N)",
    };
    char w[400];
    for (int k = 0; k < RK_COUNT; k++) {
        snprintf(w, sizeof w, "%s, the same value the same mask in every file; mapping in %s "
                 "(kept with the customer, not in the bundle)", why[k], mapping);
        if (manifest_add_redaction(m, redact_kind_name((enum redact_kind)k), w,
                                   (long long)redactor_count(rd, (enum redact_kind)k)) < 0)
            return -1;
    }
    return 0;
}

static char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    const char *t = strrchr(p, '\\');
    if (t && (!s || t > s))
        s = t;
    return strdup(s ? s + 1 : p);
}

int bundle_collect(const char *src, const struct bundle_opts *o, struct bundle_result *res,
                   struct oqs_err *err)
{
    memset(res, 0, sizeof *res);
    struct plat_dirent st;
    if (plat_stat(src, &st) < 0 || !st.is_dir)
        return oqs_errf(err, "%s: not a snapshot folder", src);
    struct manifest *m = manifest_new();
    struct redactor *rd = NULL;
    struct credmask *cm = NULL;
    struct items it = {0};
    struct buf b = {0};
    char *stage = NULL;
    long long *mtimes = NULL;
    size_t ncreds = 0;
    int rc = -1;
    if (!m) {
        oqs_errf(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < o->nnotes; i++)
        manifest_add_skip(m, o->notes[i].path, o->notes[i].why);
    fill_identity(src, o, m);
    if (!(cm = credmask_new(err)))
        goto out;
    if (o->redact && !(rd = redactor_new(err)))
        goto out;
    struct walk w = {.root = src, .it = &it, .m = m};
    if (walk_dir(&w, err) < 0) {
        if (w.oom)
            oqs_errf(err, "out of memory");
        goto out;
    }
    /* Decide what goes in: the name first (forbidden files are never
     * opened), then the log cap (newest first, per application). */
    qsort(it.v, it.n, sizeof *it.v, cmp_log);
    long long cap = config_int(o->cfg, "logs.max_bytes"), used[3] = {0, 0, 0};
    for (size_t i = 0; i < it.n; i++) {
        struct item *x = &it.v[i];
        const char *why = bundle_refuse_path(x->rel);
        if (strcmp(x->rel, "manifest.json") == 0)
            continue;
        if (why) {
            x->why = why;
            continue;
        }
        if (x->log && used[x->log] + x->size > cap) {
            x->why = "over the log cap (logs.max_bytes), older than the logs kept";
            continue;
        }
        used[x->log] += x->size;
        x->take = 1;
    }
    /* Order in the archive: the other files by name, then the logs newest first. */
    size_t nother = 0;
    for (size_t i = 0; i < it.n; i++)
        if (!it.v[i].log) {
            struct item t = it.v[i];
            memmove(&it.v[nother + 1], &it.v[nother], (i - nother) * sizeof *it.v);
            it.v[nother++] = t;
        }
    qsort(it.v, nother, sizeof *it.v, cmp_rel);
    if (rd) {
        if (redactor_add(rd, RK_HOST, m->host) < 0) {
            oqs_errf(err, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < it.n; i++) {
            if (!it.v[i].take || strncmp(it.v[i].rel, "certs/", 6) == 0)
                continue;
            if (read_item(src, &it.v[i], &b, err) < 0 ||
                redact_learn_bytes(rd, it.v[i].rel, (const unsigned char *)b.data, b.len, err) < 0)
                goto out;
        }
    }
    if (skip_by_name(m, &it, err) < 0)
        goto out;
    if (!(stage = plat_mkdtemp("oqsdiag-collect", err)))
        goto out;
    if (!(mtimes = calloc(it.n + 1, sizeof *mtimes))) {
        oqs_errf(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < it.n; i++) {
        struct item *x = &it.v[i];
        if (!x->take)
            continue;
        if (read_item(src, x, &b, err) < 0)
            goto out;
        const unsigned char *bytes = (const unsigned char *)b.data;
        const char *why = bundle_refuse_content(x->rel, bytes, b.len);
        if (!why && rd && strncmp(x->rel, "certs/", 6) == 0 && redactor_bytes_hold(rd, bytes, b.len))
            why = "holds a masked name or code, and a certificate cannot be altered (--redact)";
        char *rel = x->rel;
        size_t reln;
        int changed = 0;
        if (rd && redactor_apply(rd, x->rel, strlen(x->rel), &rel, &reln, &changed, err) < 0)
            goto out;
        if (why) {
            int r2 = manifest_add_skip(m, rel, why);
            if (rel != x->rel)
                free(rel);
            if (r2 < 0)
                goto out;
            continue;
        }
        unsigned char *data = NULL;
        size_t dn = 0, nc = 0;
        int r = 0;
        if (strncmp(x->rel, "certs/", 6) == 0) {
            data = malloc(b.len + 1);
            if (data) {
                memcpy(data, bytes, b.len);
                dn = b.len;
            } else {
                r = oqs_errf(err, "out of memory");
            }
        } else {
            r = redact_bytes(rd, cm, x->rel, bytes, b.len, &data, &dn, &nc, err);
        }
        char hex[65];
        if (r == 0)
            r = manifest_sha256(data, dn, hex, err);
        if (r == 0)
            r = stage_file(stage, rel, data, dn, err);
        if (r == 0 && manifest_find(m, rel))
            r = oqs_errf(err, "%s: two files mask to one name", rel);
        if (r == 0 && manifest_add_file(m, rel, (long long)dn, hex) < 0)
            r = oqs_errf(err, "out of memory");
        if (r == 0)
            mtimes[m->nfiles - 1] = x->mtime;
        ncreds += nc;
        free(data);
        if (rel != x->rel)
            free(rel);
        if (r < 0)
            goto out;
    }
    if (skips_aggregate(m, o->nnotes, rd, err) < 0)
        goto out;
    if (rd) {
        const char *mh = redactor_mask_of(rd, m->host);
        if (mh && manifest_set(&m->host, mh) < 0) {
            oqs_errf(err, "out of memory");
            goto out;
        }
    }
    char top[200];
    top_name(m, top, sizeof top);
    struct buf path = {0};
    struct plat_dirent ost;
    if (o->output && plat_stat(o->output, &ost) == 0 && ost.is_dir)
        buf_appendf(&path, "%s/%s.tar.gz", o->output, top);
    else if (o->output)
        buf_appends(&path, o->output);
    else
        buf_appendf(&path, "%s.tar.gz", top);
    res->path = buf_steal(&path, NULL);
    if (!res->path) {
        oqs_errf(err, "out of memory");
        goto out;
    }
    if (rd) {
        struct buf mp = {0};
        size_t pl = strlen(res->path);
        size_t cut = ends_with_ci(res->path, ".tar.gz") ? pl - 7 : ends_with_ci(res->path, ".tgz") ? pl - 4 : pl;
        buf_appendf(&mp, "%.*s.mapping.tsv", (int)cut, res->path);
        res->mapping = buf_steal(&mp, NULL);
        char *bn = res->mapping ? base_name(res->mapping) : NULL;
        if (!bn || manifest_set(&m->mapping, bn) < 0) {
            free(bn);
            oqs_errf(err, "out of memory");
            goto out;
        }
        free(bn);
    }
    if (note_redactions(m, rd, ncreds, m->mapping ? m->mapping : "") < 0) {
        oqs_errf(err, "out of memory");
        goto out;
    }
    if (rd && redactor_write_mapping(rd, res->mapping, err) < 0)
        goto out;
    if (write_archive(res->path, top, stage, m, mtimes, plat_time_now(), err) < 0) {
        if (res->mapping)
            remove(res->mapping);
        goto out;
    }
    res->manifest = m;
    m = NULL;
    rc = 0;
out:
    if (rc < 0) {
        free(res->path);
        free(res->mapping);
        memset(res, 0, sizeof *res);
    }
    if (stage) {
        plat_rmtree(stage);
        free(stage);
    }
    free(mtimes);
    for (size_t i = 0; i < it.n; i++)
        free(it.v[i].rel);
    free(it.v);
    buf_free(&b);
    redactor_free(rd);
    credmask_free(cm);
    manifest_free(m);
    return rc;
}

void bundle_result_free(struct bundle_result *res)
{
    free(res->path);
    free(res->mapping);
    manifest_free(res->manifest);
    memset(res, 0, sizeof *res);
}
