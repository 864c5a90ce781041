/* Streaming scan of a snapshot's logs and command outputs (kb_logscan.h).
 * The linkage and delivery applications' log formats are not public
 * (shared/research/oqs-public-facts.md §9), so the scan assumes nothing but
 * lines: each line is decoded on its own, because a log that the
 * applications append to over years may mix CP932 and UTF-8. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "kb_logscan.h"

#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/encoding.h"
#include "../core/platform.h"

/* How deep the log folders are walked: the collector copies them flat or one
 * level deep; the cap keeps a looping tree from running forever. */
#define KB_SCAN_DEPTH 6

struct scanner {
    struct kb_scan_rule *rules;
    size_t n;
    size_t *active;         /* rules that apply to the current file */
    size_t nactive;
    pcre2_match_data *md;
    unsigned char *chunk;   /* KB_SCAN_CHUNK bytes */
    unsigned char *line;    /* KB_LINE_CAP bytes */
    size_t linelen;
    int overflow;           /* the current line is longer than KB_LINE_CAP */
    int utf16;
    unsigned char prev;     /* UTF-16: the low byte of the current unit */
    const char *name;
    unsigned long lineno;
    struct kb_scan_stats *st;
};

static int scanner_init(struct scanner *s, struct kb_scan_rule *rules, size_t n,
                        struct kb_scan_stats *st)
{
    memset(s, 0, sizeof *s);
    s->rules = rules;
    s->n = n;
    s->st = st;
    s->active = malloc((n ? n : 1) * sizeof *s->active);
    s->md = pcre2_match_data_create(1, NULL);
    s->chunk = malloc(KB_SCAN_CHUNK);
    s->line = malloc(KB_LINE_CAP);
    return (s->active && s->md && s->chunk && s->line) ? 0 : -1;
}

static void scanner_fini(struct scanner *s)
{
    free(s->active);
    pcre2_match_data_free(s->md);
    free(s->chunk);
    free(s->line);
}

static void scan_line(struct scanner *s)
{
    s->lineno++;
    s->st->lines++;
    size_t n = s->linelen;
    s->linelen = 0;
    if (s->overflow)
        s->st->long_lines++;
    s->overflow = 0;
    const char *text = (const char *)s->line;
    char *tmp = NULL;
    size_t tn = n;
    if (s->utf16) {
        if (enc_to_utf8(s->line, n, ENC_UTF16LE, &tmp, &tn, NULL, NULL) < 0)
            return;
        text = tmp;
    } else if (!enc_valid_utf8(s->line, n)) {
        if (enc_to_utf8(s->line, n, ENC_CP932, &tmp, &tn, NULL, NULL) < 0)
            return;
        text = tmp;
    }
    while (tn && (text[tn - 1] == '\r' || text[tn - 1] == '\n'))
        tn--;
    for (size_t i = 0; i < s->nactive; i++) {
        struct kb_scan_rule *r = &s->rules[s->active[i]];
        if (r->hit)
            continue;
        int rc = pcre2_match((const pcre2_code *)r->t->re, (PCRE2_SPTR)text, tn, 0,
                             PCRE2_NO_UTF_CHECK, s->md, NULL);
        if (rc >= 0) {
            r->hit = 1;
            r->line = s->lineno;
            snprintf(r->file, sizeof r->file, "%s", s->name);
        }
    }
    free(tmp);
}

static void add_byte_run(struct scanner *s, const unsigned char *p, size_t n)
{
    if (s->overflow)
        return;
    size_t room = KB_LINE_CAP - s->linelen;
    if (n > room) {
        n = room;
        s->overflow = 1;
    }
    memcpy(s->line + s->linelen, p, n);
    s->linelen += n;
}

/* Feeds bytes; calls scan_line at each newline. For UTF-16LE the newline is
 * the unit 0x000A, found at an even offset of the file. */
static void feed(struct scanner *s, const unsigned char *p, size_t n, unsigned long long *off)
{
    if (!s->utf16) {
        while (n) {
            const unsigned char *nl = memchr(p, '\n', n);
            size_t k = nl ? (size_t)(nl - p) : n;
            add_byte_run(s, p, k);
            if (!nl) {
                *off += n;
                return;
            }
            scan_line(s);
            *off += k + 1;
            p += k + 1;
            n -= k + 1;
        }
        return;
    }
    for (size_t i = 0; i < n; i++, (*off)++) {
        unsigned char b = p[i];
        if ((*off & 1) && b == 0 && s->prev == '\n') {
            /* Drop the low byte of U+000A already in the line. */
            if (!s->overflow && s->linelen)
                s->linelen--;
            scan_line(s);
        } else {
            add_byte_run(s, &b, 1);
        }
        if (!(*off & 1))
            s->prev = b;
    }
}

static int scan_stream(struct scanner *s, const char *path, struct oqs_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return oqs_errf(err, "%s: %s", path, strerror(errno));
    s->lineno = 0;
    s->linelen = 0;
    s->overflow = 0;
    s->utf16 = 0;
    s->prev = 0;
    s->st->files++;
    unsigned long long off = 0;
    int first = 1;
    size_t got;
    while ((got = fread(s->chunk, 1, KB_SCAN_CHUNK, f)) > 0) {
        const unsigned char *p = s->chunk;
        size_t n = got;
        s->st->bytes += got;
        if (first) {
            first = 0;
            if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
                s->utf16 = 1;
                p += 2;
                n -= 2;
            } else if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
                p += 3;
                n -= 3;
            }
        }
        feed(s, p, n, &off);
    }
    int rc = ferror(f) ? oqs_errf(err, "%s: read error", path) : 0;
    fclose(f);
    if (s->linelen || s->overflow)
        scan_line(s);
    return rc;
}

/* Chooses the rules for a file: log rules whose source fits (src < 0: any),
 * output rules whose glob matches the relative name. */
static void choose(struct scanner *s, int src, const char *rel)
{
    s->nactive = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct kb_trigger *t = s->rules[i].t;
        int take = 0;
        if (t->kind == KBT_LOG)
            take = src != 0 && (src < 0 || t->logsrc == KBL_ANY || (int)t->logsrc == src);
        else if (t->kind == KBT_OUTPUT)
            take = kb_glob_match(t->glob, rel);
        if (take)
            s->active[s->nactive++] = i;
    }
}

int kb_logscan_file(const char *path, const char *name, struct kb_scan_rule *rules, size_t n,
                    struct kb_scan_stats *stats, struct oqs_err *err)
{
    struct kb_scan_stats local = {0};
    struct scanner s;
    if (scanner_init(&s, rules, n, stats ? stats : &local) < 0) {
        scanner_fini(&s);
        return oqs_errf(err, "out of memory");
    }
    choose(&s, -1, name);
    s.name = name;
    int rc = s.nactive ? scan_stream(&s, path, err) : 0;
    scanner_fini(&s);
    return rc;
}

struct walk {
    struct scanner *s;
    const char *root;
    int src;               /* KBL_COMAPP/KBL_DISTROAPP for a log folder, 0 otherwise */
    int depth;
    struct buf rel;        /* path below root, '/' separated */
    struct oqs_err *err;
    int rc;
};

static int walk_dir(struct walk *w);

static int walk_cb(const struct plat_dirent *e, void *ud)
{
    struct walk *w = ud;
    size_t keep = w->rel.len;
    if (w->rel.len)
        buf_appends(&w->rel, "/");
    buf_appends(&w->rel, e->name);
    if (!w->rel.data)
        return -1;
    if (e->is_link) {
        /* A link could leave the snapshot: not followed. */
    } else if (e->is_dir) {
        /* Outputs live outside logs/; the log folders are walked on their own. */
        if (w->depth < KB_SCAN_DEPTH && !(w->src == 0 && strcmp(w->rel.data, "logs") == 0)) {
            w->depth++;
            walk_dir(w);
            w->depth--;
        }
    } else {
        choose(w->s, w->src, w->rel.data);
        if (w->s->nactive) {
            struct buf path = {0};
            buf_appendf(&path, "%s/%s", w->root, w->rel.data);
            w->s->name = w->rel.data;
            /* An unreadable file is skipped like a missing one. */
            if (path.data)
                scan_stream(w->s, path.data, NULL);
            buf_free(&path);
        }
    }
    w->rel.len = keep;
    w->rel.data[keep] = '\0';
    return 0;
}

static int walk_dir(struct walk *w)
{
    struct buf path = {0};
    if (buf_appendf(&path, "%s/%s", w->root, w->rel.data ? w->rel.data : "") < 0)
        return -1;
    /* Sorted order would need memory per folder; the listing order only
     * decides which of several matching lines is named first. */
    int rc = plat_list_dir(path.data, walk_cb, w, NULL);
    buf_free(&path);
    return rc;
}

int kb_logscan_snapshot(const char *snapshot_dir, struct kb_scan_rule *rules, size_t n,
                        struct kb_scan_stats *stats, struct oqs_err *err)
{
    struct kb_scan_stats local = {0};
    struct scanner s;
    if (scanner_init(&s, rules, n, stats ? stats : &local) < 0) {
        scanner_fini(&s);
        return oqs_errf(err, "out of memory");
    }
    static const struct {
        const char *dir;
        int src;
    } logs[] = {{"logs/comapp", KBL_COMAPP}, {"logs/distroapp", KBL_DISTROAPP}};
    int need_out = 0;
    for (size_t i = 0; i < n; i++)
        need_out |= rules[i].t->kind == KBT_OUTPUT;
    for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
        struct walk w = {.s = &s, .root = snapshot_dir, .src = logs[i].src, .err = err};
        buf_appends(&w.rel, logs[i].dir);
        walk_dir(&w);
        buf_free(&w.rel);
    }
    if (need_out) {
        struct walk w = {.s = &s, .root = snapshot_dir, .src = 0, .err = err};
        buf_appends(&w.rel, "");
        walk_dir(&w);
        buf_free(&w.rel);
    }
    scanner_fini(&s);
    return 0;
}
