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
#include "bundle_extract.h"
#include "bundle_redact.h"
#include "collectors/layout.h"
#include "collectors/parsers/parsers.h"
#include "collectors/parsers/text.h"
#include "core/buf.h"
#include "core/encoding.h"
#include "core/platform.h"

struct item {
    char *rel;
    long long size, mtime;
    int log;        /* 0 not a log, 1 comapp, 2 distroapp */
    int take;
    long long limit; /* bytes read at most: a log is cut to its newest */
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

/* A log's name: .log or .txt, maybe with a rotation number (.log.1). */
static int log_name(const char *base)
{
    const char *dot = strrchr(base, '.');
    if (dot && dot > base && dot[1]) {
        const char *d = dot + 1;
        while (*d >= '0' && *d <= '9')
            d++;
        if (!*d) {
            const char *prev = dot;
            while (prev > base && prev[-1] != '.')
                prev--;
            if (prev > base && (t_ieqn(prev, (size_t)(dot - prev), "log") ||
                                t_ieqn(prev, (size_t)(dot - prev), "txt")))
                return 1;
        }
    }
    return ends_with_ci(base, ".log") || ends_with_ci(base, ".txt");
}

/* The open families of the layout admit only their kind of file (issue 21):
 * task definitions named as the manual names the tasks, log files in the
 * log folders. A result XML, a zip or a patient list copied there stays out. */
static const char *family_kind(const struct layout_file *f, const char *base)
{
    if (f == &layout_files[LF_TASK_XML] && strncmp(base, "OQS_exec_", 9) != 0)
        return "not a task definition of the manual (tasks/OQS_exec_*.xml)";
    if ((f == &layout_files[LF_LOGS_COMAPP] || f == &layout_files[LF_LOGS_DISTROAPP]) &&
        !log_name(base))
        return "not a log file (.log, .txt) in a log folder";
    return NULL;
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
    const struct layout_file *f = layout_find(rel);
    if (!f)
        return "not a file of the snapshot layout";
    if (!f->bundle)
        return "a file that stays on the server";
    return family_kind(f, base);
}

static int log_app(const char *rel)
{
    const struct layout_file *f = layout_find(rel);
    return f == &layout_files[LF_LOGS_COMAPP] ? 1 : f == &layout_files[LF_LOGS_DISTROAPP] ? 2 : 0;
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

static int cmp_archive(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (!x->log && !y->log)
        return strcmp(x->rel, y->rel);
    return !x->log ? -1 : !y->log ? 1 : cmp_log(a, b);
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

/* A small file of the snapshot (no link on its way, only a regular file). */
static int read_small(const char *src, const char *rel, struct buf *b)
{
    FILE *f;
    long long size = 0;
    if (plat_open_regular(src, rel, PLAT_OPEN_ONE_LINK, &f, &size, NULL) != 0)
        return -1;
    int rc = size <= (4 << 20) ? buf_read_fp(b, f, 4u << 20) : -1;
    fclose(f);
    return rc;
}

static void fill_identity(const char *src, const struct bundle_opts *o, struct manifest *m)
{
    struct buf b = {0};
    if (read_small(src, "manifest.json", &b) == 0) {
        struct oqs_err e;
        struct manifest *old = manifest_parse(b.data, b.len, "manifest.json", &e);
        long long t;
        if (old) {
            manifest_set(&m->host, old->host);
            manifest_set(&m->locale, old->locale);
            manifest_set(&m->user, old->user);
            m->elevated = old->elevated;
            /* The time forms the bundle's name: only a real time, written
             * anew in one form, so nothing else gets into a name. */
            if (old->collected[0] && old->collected[4] == '-' &&
                parse_time_utc(old->collected, &t) == 0)
                plat_utc_rfc3339(t, m->collected);
            for (size_t i = 0; i < old->nskipped; i++)
                manifest_add_skip(m, old->skipped[i].path, old->skipped[i].why);
            manifest_free(old);
        } else {
            manifest_add_skip(m, "manifest.json", "unreadable; written anew");
        }
    }
    buf_reset(&b);
    if (read_small(src, "system/os.txt", &b) == 0) {
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
    /* A folder gathered by hand has no collection time: analyze estimates
     * it from the newest time inside (snapshot-layout.md), never from the
     * time it was packed. */
    if (!m->collected[0] && o->live)
        plat_utc_rfc3339(-1, m->collected);
    char user[256];
    int elevated = -1;
    if (!m->user && o->live && plat_current_user(user, sizeof user, &elevated) == 0) {
        manifest_set(&m->user, user);
        m->elevated = elevated;
    }
}

/* The name of DOMAIN\name (a domain or host is masked as a host when the
 * files hold it). */
static const char *user_part(const char *user)
{
    const char *b = strrchr(user, '\\');
    return b ? b + 1 : user;
}

/* collected_by.user with every learnt name and host in it masked, as the
 * files have them (a well-known name such as Administrator stays). */
static int mask_user(struct redactor *rd, char **user, struct oqs_err *err)
{
    char *masked = NULL;
    size_t n = 0;
    int changed = 0;
    if (redactor_apply(rd, *user, strlen(*user), &masked, &n, &changed, err) < 0)
        return -1;
    int rc = changed ? manifest_set(user, masked) : 0;
    free(masked);
    if (rc < 0)
        oqs_errf(err, "out of memory");
    return rc;
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
    char now[32];
    plat_utc_rfc3339(-1, now);
    for (const char *p = m->collected[0] ? m->collected : now; *p && k + 1 < sizeof t; p++)
        if (*p != '-' && *p != ':')
            t[k++] = *p;
    t[k] = '\0';
    snprintf(out, n, "oqsdiag-%s-%s", host[0] ? host : "unknown", t);
}

/* The staged bytes of each file packed, one after another in an anonymous
 * temporary file (gone with the process, even a killed one). */
struct stage {
    FILE *f;
    long long *off; /* per manifest file */
    long long end;
};

static int stage_file(struct stage *st, size_t idx, const unsigned char *b, size_t n,
                      struct oqs_err *err)
{
    st->off[idx] = st->end;
    if (n && fwrite(b, 1, n, st->f) != n)
        return oqs_errf(err, "staging: cannot write (disk full?)");
    st->end += (long long)n;
    return 0;
}

static int write_entry(struct archive *a, const char *name, long long mtime, FILE *src,
                       long long off, const void *mem, size_t memn, struct oqs_err *err)
{
    struct archive_entry *e = archive_entry_new();
    if (!e)
        return oqs_errf(err, "out of memory");
    archive_entry_update_pathname_utf8(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)memn);
    archive_entry_set_mtime(e, (time_t)mtime, 0);
    int rc = 0;
    if (archive_write_header(a, e) != ARCHIVE_OK)
        rc = oqs_errf(err, "%s: %s", name, archive_error_string(a));
    if (rc == 0 && !src && memn && archive_write_data(a, mem, memn) != (la_ssize_t)memn)
        rc = oqs_errf(err, "%s: %s", name, archive_error_string(a));
    if (rc == 0 && src) {
        if (fseek(src, (long)off, SEEK_SET) != 0)
            rc = oqs_errf(err, "%s: staging: cannot read", name);
        char chunk[65536];
        size_t left = memn;
        while (rc == 0 && left > 0) {
            size_t n = fread(chunk, 1, left < sizeof chunk ? left : sizeof chunk, src);
            if (n == 0)
                rc = oqs_errf(err, "%s: staging: cannot read", name);
            else if (archive_write_data(a, chunk, n) != (la_ssize_t)n)
                rc = oqs_errf(err, "%s: %s", name, archive_error_string(a));
            left -= n;
        }
    }
    archive_entry_free(e);
    return rc;
}

/* Creates path + suffix anew: a stale one (a killed run) is removed first,
 * and then only a new file is made, never through a planted link. */
static FILE *create_part(const char *path, const char *suffix, int private_mode, char *part,
                         size_t partn, struct oqs_err *err)
{
    if (snprintf(part, partn, "%s%s", path, suffix) >= (int)partn) {
        oqs_errf(err, "%s: name too long", path);
        return NULL;
    }
    remove(part);
    return plat_create_excl(part, private_mode, err);
}

static int write_archive(const char *out, const char *top, struct stage *st,
                         const struct manifest *m, const long long *mtimes, long long now,
                         struct oqs_err *err)
{
    size_t mlen;
    char *mjson = manifest_to_json(m, &mlen, err);
    if (!mjson)
        return -1;
    char part[4200];
    FILE *pf = create_part(out, ".part", 0, part, sizeof part, err);
    if (!pf) {
        free(mjson);
        return -1;
    }
    struct archive *a = archive_write_new();
    int rc = 0;
    if (!a || archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
        archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
        archive_write_open_FILE(a, pf) != ARCHIVE_OK)
        rc = oqs_errf(err, "%s: cannot write: %s", out, a ? archive_error_string(a) : "out of memory");
    char name[4200];
    if (rc == 0) {
        snprintf(name, sizeof name, "%s/manifest.json", top);
        rc = write_entry(a, name, now, NULL, 0, mjson, mlen, err);
    }
    for (size_t i = 0; rc == 0 && i < m->nfiles; i++) {
        snprintf(name, sizeof name, "%s/%s", top, m->files[i].path);
        rc = write_entry(a, name, mtimes[i], st->f, st->off[i], NULL, (size_t)m->files[i].size, err);
    }
    if (a && archive_write_close(a) != ARCHIVE_OK && rc == 0)
        rc = oqs_errf(err, "%s: cannot write: %s", out, archive_error_string(a));
    archive_write_free(a);
    if (fclose(pf) != 0 && rc == 0)
        rc = oqs_errf(err, "%s: cannot write (disk full?)", out);
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

/* Reads an item the names allowed: only a regular file with one link and
 * no link on its way; a log over max is cut to its newest max bytes, any
 * other file over max is left out. 0 read, 1 left out (*why), -1 error. */
static int read_item(const char *src, const struct item *it, long long max, struct buf *b,
                     const char **why, char *whybuf, size_t whyn)
{
    FILE *f;
    long long size = 0;
    struct oqs_err oe = {{0}};
    buf_reset(b);
    *why = NULL;
    int r = plat_open_regular(src, it->rel, PLAT_OPEN_ONE_LINK, &f, &size, &oe);
    if (r != 0) {
        /* "rel: a FIFO ...": the reason without the name again. */
        const char *w = oe.msg[0] ? oe.msg + strlen(it->rel) : "";
        snprintf(whybuf, whyn, "%s", r == 1 ? "gone while collecting"
                                 : strncmp(w, ": ", 2) == 0 ? w + 2 : oe.msg);
        *why = whybuf;
        return 1;
    }
    if (size > max && !it->log) {
        fclose(f);
        snprintf(whybuf, whyn, "larger than the cap of %lld bytes per file (bundle.max_entry_bytes)",
                 max);
        *why = whybuf;
        return 1;
    }
    if (size > max && fseek(f, (long)(size - max), SEEK_SET) != 0) {
        fclose(f);
        snprintf(whybuf, whyn, "%s", "cannot cut to its newest bytes (too large to seek here)");
        *why = whybuf;
        return 1;
    }
    int rc = buf_read_fp(b, f, (size_t)max);
    fclose(f);
    if (rc < 0) {
        snprintf(whybuf, whyn, "%s", "changed or unreadable while collecting");
        *why = whybuf;
        return 1;
    }
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

/* Left-out files from entry `from` on become one entry per layout folder
 * and reason, with a count: a file's name can itself be a secret or a
 * patient's name, so no name of a left-out file leaves the server. The
 * reasons are this tool's own words (a source manifest's are passed
 * through the redactor). */
struct skip_ref {
    int area; /* the layout's top folder (layout_top_row), the only part of a
               * left-out file's path the manifest names; -1 outside */
    const char *why;
    size_t i;
};

/* By folder and reason, then by place: a group's first is its first. */
static int cmp_skip_ref(const void *a, const void *b)
{
    const struct skip_ref *x = a, *y = b;
    int c = (x->area > y->area) - (x->area < y->area);
    if (!c)
        c = strcmp(x->why, y->why);
    return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_skip_first(const void *a, const void *b)
{
    const struct skip_ref *x = a, *y = b;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Sorted into groups once, not compared pairwise: 100,000 left-out files
 * must not take minutes. */
static int skips_aggregate(struct manifest *m, size_t from, struct redactor *rd,
                           struct oqs_err *err)
{
    size_t n = m->nskipped - from;
    struct manifest_skip *old = malloc((n + 1) * sizeof *old);
    struct skip_ref *r = malloc((n + 1) * sizeof *r);
    size_t *count = malloc((n + 1) * sizeof *count);
    if (!old || !r || !count) {
        free(old);
        free(r);
        free(count);
        return oqs_errf(err, "out of memory");
    }
    if (n) /* nothing left out: m->skipped may be NULL */
        memcpy(old, m->skipped + from, n * sizeof *old);
    m->nskipped = from;
    for (size_t i = 0; i < n; i++)
        r[i] = (struct skip_ref){layout_top_row(old[i].path), old[i].why, i};
    qsort(r, n, sizeof *r, cmp_skip_ref);
    /* Each group's first, with the group's size; then in the order met. */
    size_t ng = 0;
    for (size_t g = 0; g < n;) {
        size_t e = g + 1;
        while (e < n && r[e].area == r[g].area && strcmp(r[e].why, r[g].why) == 0)
            e++;
        count[r[g].i] = e - g;
        r[ng++] = r[g];
        g = e;
    }
    qsort(r, ng, sizeof *r, cmp_skip_first);
    int rc = 0;
    for (size_t k = 0; k < ng && rc == 0; k++) {
        int area = r[k].area;
        const char *why = r[k].why;
        char *masked = NULL;
        size_t mn;
        int changed = 0;
        if (rd && redactor_apply(rd, why, strlen(why), &masked, &mn, &changed, err) < 0) {
            rc = -1;
            break;
        }
        char path[64], w[1200];
        if (area < 0)
            snprintf(path, sizeof path, "(outside the layout's folders)");
        else
            snprintf(path, sizeof path, "%.*s/", (int)layout_top_len(area),
                     layout_files[area].path);
        snprintf(w, sizeof w, "%zu file(s): %s (names not listed)", count[r[k].i],
                 masked ? masked : why);
        if (masked != why)
            free(masked);
        if (manifest_add_skip(m, path, w) < 0)
            rc = oqs_errf(err, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        free(old[i].path);
        free(old[i].why);
    }
    free(old);
    free(r);
    free(count);
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

/* What is packed so far, counted as analyze counts it (bundle_extract.c). */
struct packed {
    const struct bundle_caps *caps;
    const char *top;
    struct bundle_nameset names;
    long long total, entries, manifest_est;
    size_t skips_counted;
};

/* Adds top/rel to the names; 0 taken (its cost counted), 1 refused with
 * *why, -1 out of memory. */
static int pack_name(struct packed *pk, const char *rel, long long *cost, const char **why)
{
    char full[BUNDLE_NAME_MAX + 2];
    int n = snprintf(full, sizeof full, "%s/%s", pk->top, rel);
    long long c = 0;
    if (n < 0 || (size_t)n > BUNDLE_NAME_MAX) {
        *why = "a name too long for a bundle (over 1024 bytes with its folder)";
        return 1;
    }
    if (bundle_name_check(full, (size_t)n, why) < 0)
        return 1;
    int r = bundle_nameset_add(&pk->names, full, (size_t)n, 0, &c, why);
    if (r == 0) {
        pk->total += c;
        pk->entries++;
    }
    if (cost)
        *cost = c;
    return r;
}

/* Whether a file of n bytes named rel may still go in. 0 yes (counted),
 * 1 no (*why), -1 out of memory. The manifest is an entry too: its size is
 * estimated from what it lists and kept free. */
static int pack_check(struct packed *pk, const char *rel, long long n, const struct manifest *m,
                      const char **why)
{
    const struct bundle_caps *c = pk->caps;
    for (; pk->skips_counted < m->nskipped; pk->skips_counted++)
        pk->manifest_est += (long long)(strlen(m->skipped[pk->skips_counted].path) +
                                        strlen(m->skipped[pk->skips_counted].why)) * 2 + 64;
    long long line = (long long)strlen(rel) * 2 + 160;
    if (pk->entries + 1 > c->max_entries) {
        *why = "more files than a bundle may hold (bundle.max_entries)";
        return 1;
    }
    if (n > c->max_entry_bytes) {
        *why = "larger than the cap per file (bundle.max_entry_bytes)";
        return 1;
    }
    if (pk->total + n + line + pk->manifest_est + 65536 + bundle_name_cost(BUNDLE_NAME_MAX, 64) >
        c->max_total_bytes) {
        *why = "would bring the bundle over its total cap (bundle.max_total_bytes)";
        return 1;
    }
    int r = pack_name(pk, rel, NULL, why);
    if (r != 0)
        return r;
    pk->total += n;
    pk->manifest_est += line;
    return 0;
}

/* A name as it may stand in the manifest's list of files left out: bytes
 * a name must not hold shown as '?'. */
static const char *shown_name(const char *rel, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = rel; *p && k + 1 < n; p++) {
        unsigned char ch = (unsigned char)*p;
        out[k++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    out[k] = '\0';
    return out;
}

/* The redaction mapping: private (0600), written whole as .part and then
 * renamed into place, never through a planted link. */
static int write_mapping(const struct redactor *rd, const char *path, struct oqs_err *err)
{
    char part[4200];
    if (snprintf(part, sizeof part, "%s.part", path) >= (int)sizeof part)
        return oqs_errf(err, "%s: name too long", path);
    remove(part);
    if (redactor_write_mapping(rd, part, err) < 0) {
        remove(part);
        return -1;
    }
    remove(path);
    if (rename(part, path) != 0) {
        remove(part);
        return oqs_errf(err, "%s: cannot write the redaction mapping", path);
    }
    return 0;
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
    struct stage sg = {0};
    struct bundle_caps caps;
    struct packed pk = {0};
    long long *mtimes = NULL;
    size_t ncreds = 0;
    char whybuf[600], whybuf2[2100];
    const char *why_name;
    int rc = -1;
    bundle_caps_from_config(o->cfg, &caps);
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
        x->limit = caps.max_entry_bytes;
        if (x->log && used[x->log] + x->size > cap) {
            /* The newest log alone over the cap: its newest bytes, as the
             * live collector cuts them. */
            if (used[x->log] > 0 || cap <= 0) {
                x->why = "over the log cap (logs.max_bytes), older than the logs kept";
                continue;
            }
            if (cap < x->limit)
                x->limit = cap;
        }
        used[x->log] += x->size < x->limit ? x->size : x->limit;
        x->take = 1;
    }
    /* Order in the archive: the other files by name, then the logs newest
     * first (one sort: 100,000 files must not take minutes). */
    qsort(it.v, it.n, sizeof *it.v, cmp_archive);
    if (rd) {
        /* Who collected (collected_by.user): a name like any other user's,
         * so the same mask wherever it also appears in the files. */
        if (redactor_add(rd, RK_HOST, m->host) < 0 ||
            (m->user && redactor_add(rd, RK_USER, user_part(m->user)) < 0)) {
            oqs_errf(err, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < it.n; i++) {
            const char *why;
            if (!it.v[i].take || strncmp(it.v[i].rel, "certs/", 6) == 0)
                continue;
            /* A file that cannot be read is left out below, with its reason. */
            if (read_item(src, &it.v[i], it.v[i].limit, &b, &why, whybuf, sizeof whybuf) != 0)
                continue;
            if (redact_learn_bytes(rd, it.v[i].rel, (const unsigned char *)b.data, b.len, err) < 0)
                goto out;
        }
    }
    if (skip_by_name(m, &it, err) < 0)
        goto out;
    if (rd) {
        const char *mh = redactor_mask_of(rd, m->host);
        if (mh && manifest_set(&m->host, mh) < 0) {
            oqs_errf(err, "out of memory");
            goto out;
        }
        if (m->user && mask_user(rd, &m->user, err) < 0)
            goto out;
    }
    char top[200];
    top_name(m, top, sizeof top);
    if (!(sg.f = plat_tmpfile_anon(err)))
        goto out;
    if (!(mtimes = calloc(it.n + 1, sizeof *mtimes)) || !(sg.off = calloc(it.n + 1, sizeof *sg.off))) {
        oqs_errf(err, "out of memory");
        goto out;
    }
    /* What analyze will refuse is left out here, before packing: names it
     * would not accept, more entries or bytes than its caps (names and
     * folders counted as it counts them), so the bundle is always written
     * and always read. */
    pk.caps = &caps;
    pk.top = top;
    if (pack_name(&pk, "manifest.json", 0, &why_name) != 0) {
        oqs_errf(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < it.n; i++) {
        struct item *x = &it.v[i];
        if (!x->take)
            continue;
        const char *why = NULL;
        char *rel = x->rel;
        size_t reln;
        int changed = 0;
        if (rd && redactor_apply(rd, x->rel, strlen(x->rel), &rel, &reln, &changed, err) < 0)
            goto out;
        int r = read_item(src, x, x->limit, &b, &why, whybuf, sizeof whybuf);
        const unsigned char *bytes = (const unsigned char *)b.data;
        if (r == 0)
            why = bundle_refuse_content(x->rel, bytes, b.len);
        if (!why && rd && strncmp(x->rel, "certs/", 6) == 0 && redactor_bytes_hold(rd, bytes, b.len))
            why = "holds a masked name or code, and a certificate cannot be altered (--redact)";
        unsigned char *data = NULL;
        size_t dn = 0, nc = 0;
        r = 0;
        if (!why && strncmp(x->rel, "certs/", 6) == 0) {
            data = malloc(b.len + 1);
            if (data) {
                memcpy(data, bytes, b.len);
                dn = b.len;
            } else {
                r = oqs_errf(err, "out of memory");
            }
        } else if (!why) {
            r = redact_bytes(rd, cm, x->rel, bytes, b.len, &data, &dn, &nc, err);
        }
        if (r == 0 && !why) {
            int pr = pack_check(&pk, rel, (long long)dn, m, &why);
            if (pr < 0)
                r = oqs_errf(err, "out of memory");
        }
        char hex[65];
        if (r == 0 && why && manifest_add_skip(m, shown_name(rel, whybuf2, sizeof whybuf2), why) < 0)
            r = oqs_errf(err, "out of memory");
        if (r == 0 && !why)
            r = manifest_sha256(data, dn, hex, err);
        if (r == 0 && !why)
            r = stage_file(&sg, m->nfiles, data, dn, err);
        if (r == 0 && !why && manifest_add_file(m, rel, (long long)dn, hex) < 0)
            r = oqs_errf(err, "out of memory");
        if (r == 0 && !why)
            mtimes[m->nfiles - 1] = x->mtime;
        if (!why)
            ncreds += nc;
        free(data);
        if (rel != x->rel)
            free(rel);
        if (r < 0)
            goto out;
    }
    if (skips_aggregate(m, o->nnotes, rd, err) < 0)
        goto out;
    if (fflush(sg.f) != 0) {
        oqs_errf(err, "staging: cannot write (disk full?)");
        goto out;
    }
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
    if (rd && write_mapping(rd, res->mapping, err) < 0)
        goto out;
    if (write_archive(res->path, top, &sg, m, mtimes, plat_time_now(), err) < 0) {
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
    if (sg.f)
        fclose(sg.f);
    free(sg.off);
    bundle_nameset_free(&pk.names);
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
