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

#include "../core/buf.h"
#include "../core/encoding.h"
#include "../core/platform.h"
#include "../core/source.h"
#include "kb_prefilter.h"

/* How deep the log folders are walked: the collector copies them flat or one
 * level deep; the cap keeps a looping tree from running forever. */
#define KB_SCAN_DEPTH 6

struct scanner {
    struct kb_scan_rule *rules;
    size_t n;
    size_t *active;         /* rules that apply to the current file */
    size_t nactive;
    size_t nopen;           /* active rules not hit yet */
    pcre2_match_data *md;
    /* All active patterns as one alternation, searched over a whole block
     * of lines; a hit is then confirmed line by line. NULL: per line. */
    pcre2_code *combined;
    /* Whether combined and pf serve the current file: a file that fits in
     * one read is searched line by line, as compiling them costs more than
     * they save on it. */
    int comb_on;
    size_t *comb_set;       /* the active set it was built for */
    size_t ncomb;
    /* Literal prefilter for the same set (NULL: none usable). */
    struct kb_prefilter *pf;
    unsigned char *raw;     /* KB_SCAN_CHUNK + KB_LINE_CAP bytes */
    struct buf dec;         /* a block decoded to UTF-8 (reused) */
    struct buf run;         /* consecutive CP932 lines waiting to be decoded */
    /* UTF-16LE files go byte by byte through one line buffer. */
    unsigned char *line;    /* KB_LINE_CAP bytes */
    size_t linelen;
    int overflow;
    unsigned char prev;     /* UTF-16: the low byte of the current unit */
    const char *name;
    unsigned long lineno;   /* lines finished before the current block */
    struct kb_scan_stats *st;
    struct kb_scan_stats own_st; /* where st points when the caller wants none */
};

static void scanner_fini(struct scanner *s);

/* stats may be NULL. On failure everything is freed again and err set. */
static int scanner_init(struct scanner *s, struct kb_scan_rule *rules, size_t n,
                        struct kb_scan_stats *stats, struct oqs_err *err)
{
    memset(s, 0, sizeof *s);
    s->rules = rules;
    s->n = n;
    s->st = stats ? stats : &s->own_st;
    s->active = malloc((n ? n : 1) * sizeof *s->active);
    s->comb_set = malloc((n ? n : 1) * sizeof *s->comb_set);
    s->md = pcre2_match_data_create(1, NULL);
    s->raw = malloc(KB_SCAN_CHUNK + KB_LINE_CAP);
    s->line = malloc(KB_LINE_CAP);
    if (s->active && s->comb_set && s->md && s->raw && s->line)
        return 0;
    scanner_fini(s);
    return oqs_errf(err, "out of memory");
}

static void scanner_fini(struct scanner *s)
{
    free(s->active);
    free(s->comb_set);
    pcre2_code_free(s->combined);
    kb_prefilter_free(s->pf);
    pcre2_match_data_free(s->md);
    free(s->raw);
    free(s->line);
    buf_free(&s->dec);
    buf_free(&s->run);
}

/* Builds the alternation of the active patterns, each in its own group so
 * that its own flags ((?-i) at its start) stay inside it. */
static void build_combined(struct scanner *s)
{
    s->comb_on = 1;
    if (s->combined && s->ncomb == s->nactive &&
        memcmp(s->comb_set, s->active, s->nactive * sizeof *s->active) == 0)
        return;
    pcre2_code_free(s->combined);
    s->combined = NULL;
    kb_prefilter_free(s->pf);
    s->pf = NULL;
    s->ncomb = s->nactive;
    memcpy(s->comb_set, s->active, s->nactive * sizeof *s->active);
    const char **pats = malloc((s->nactive ? s->nactive : 1) * sizeof *pats);
    if (pats) {
        for (size_t i = 0; i < s->nactive; i++)
            pats[i] = s->rules[s->active[i]].t->pattern;
        s->pf = kb_prefilter_new(pats, s->nactive);
        free(pats);
    }
    struct buf b = {0};
    for (size_t i = 0; i < s->nactive; i++)
        buf_appendf(&b, "%s(?i:%s)", i ? "|" : "", s->rules[s->active[i]].t->pattern);
    if (!b.data)
        return;
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (cc) {
        /* Lines end in CRLF or LF; ^ and $ mean a line's start and end. */
        pcre2_set_newline(cc, PCRE2_NEWLINE_ANYCRLF);
        int ec;
        PCRE2_SIZE off;
        s->combined = pcre2_compile((PCRE2_SPTR)b.data, b.len,
                                    PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE, &ec, &off, cc);
        if (s->combined)
            kb_jit(s->combined);
        pcre2_compile_context_free(cc);
    }
    buf_free(&b);
}

/* Runs the open rules on one line (no line end); records hits. */
static void match_line(struct scanner *s, const char *text, size_t n, unsigned long lineno)
{
    while (n && (text[n - 1] == '\r' || text[n - 1] == '\n'))
        n--;
    for (size_t i = 0; i < s->nactive; i++) {
        struct kb_scan_rule *r = &s->rules[s->active[i]];
        if (r->hit)
            continue;
        int rc = pcre2_match((const pcre2_code *)r->t->re, (PCRE2_SPTR)text, n, 0,
                             PCRE2_NO_UTF_CHECK, s->md, NULL);
        if (rc >= 0) {
            r->hit = 1;
            r->line = lineno;
            snprintf(r->file, sizeof r->file, "%s", s->name);
            s->nopen--;
        }
    }
}

static size_t count_nl(const char *p, size_t n)
{
    size_t k = 0;
    const char *end = p + n;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        k++;
        p++;
    }
    return k;
}

/* Searches UTF-8 text of whole lines (the last may lack its newline);
 * the first line is number s->lineno + 1. */
static void search_text(struct scanner *s, const char *t, size_t n)
{
    size_t pos = 0, counted = 0;
    unsigned long line = s->lineno + 1; /* number of the line at `counted` */
    int per_line = !(s->comb_on && s->combined);
    while (pos < n && s->nopen) {
        size_t ms = pos;
        if (!per_line) {
            int rc = pcre2_match(s->combined, (PCRE2_SPTR)t, n, pos, PCRE2_NO_UTF_CHECK, s->md,
                                 NULL);
            if (rc == PCRE2_ERROR_NOMATCH)
                break;
            /* A match, depth or heap limit of the alternation says nothing
             * about the other entries: the rest of the block goes line by
             * line, each entry on its own, so one backtracking pattern
             * costs only its own hit. */
            if (rc < 0)
                per_line = 1;
            else
                ms = pcre2_get_ovector_pointer(s->md)[0];
        }
        /* The line holding the match start. */
        size_t ls = ms;
        while (ls > pos && t[ls - 1] != '\n')
            ls--;
        const char *nl = memchr(t + ms, '\n', n - ms);
        size_t le = nl ? (size_t)(nl - t) : n;
        line += count_nl(t + counted, ls - counted);
        counted = ls;
        match_line(s, t + ls, le - ls, line);
        pos = le + 1;
    }
}

/* Copies a line cut to the line cap, at a UTF-8 character boundary when
 * the line is UTF-8. */
static size_t cap_len(const unsigned char *p, size_t n)
{
    if (n <= KB_LINE_CAP)
        return n;
    size_t k = KB_LINE_CAP;
    while (k > KB_LINE_CAP - 3 && (p[k] & 0xC0) == 0x80)
        k--;
    return k;
}

static void flush_run(struct scanner *s)
{
    if (!s->run.len)
        return;
    char *u = NULL;
    size_t un = 0;
    if (enc_to_utf8((const unsigned char *)s->run.data, s->run.len, ENC_CP932, &u, &un, NULL,
                    NULL) == 0)
        buf_append(&s->dec, u, un);
    free(u);
    buf_reset(&s->run);
}

/* A line the prefilter kept: cut, decoded and matched as process_block's
 * full path would. */
struct pf_block {
    struct scanner *s;
    const unsigned char *p;
};

static void pf_line(void *ud, size_t off, size_t len, size_t idx)
{
    struct pf_block *b = ud;
    struct scanner *s = b->s;
    if (!s->nopen)
        return;
    const unsigned char *l = b->p + off;
    size_t keep = cap_len(l, len);
    unsigned long lineno = s->lineno + 1 + (unsigned long)idx;
    if (enc_valid_utf8(l, keep)) {
        match_line(s, (const char *)l, keep, lineno);
        return;
    }
    char *u = NULL;
    size_t un = 0;
    if (enc_to_utf8(l, keep, ENC_CP932, &u, &un, NULL, NULL) == 0)
        match_line(s, u, un, lineno);
    free(u);
}

/* One block of whole lines (the last may lack its newline). Fast path: the
 * block is valid UTF-8 with no line over the cap, and is searched as it is.
 * Otherwise each line is cut to the cap, and runs of lines that are not
 * UTF-8 are decoded as CP932 (one call per run, not per line). */
static void process_block(struct scanner *s, const unsigned char *p, size_t n)
{
    size_t nlines = 0, longest = 0;
    for (size_t i = 0; i < n;) {
        const unsigned char *nl = memchr(p + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (p + i)) : n - i;
        if (len > longest)
            longest = len;
        s->st->long_lines += len > KB_LINE_CAP;
        nlines++;
        i += len + 1;
    }
    s->st->lines += nlines;
    if (!s->nopen) {
        s->lineno += nlines;
        return;
    }
    struct pf_block pb = {s, p};
    if (s->comb_on && s->pf && kb_prefilter_block(s->pf, p, n, pf_line, &pb) == 0) {
        s->lineno += nlines;
        return;
    }
    const char *text = (const char *)p;
    size_t tn = n;
    if (longest > KB_LINE_CAP || !enc_valid_utf8(p, n)) {
        buf_reset(&s->dec);
        buf_reset(&s->run);
        for (size_t i = 0; i < n;) {
            const unsigned char *nl = memchr(p + i, '\n', n - i);
            size_t len = nl ? (size_t)(nl - (p + i)) : n - i;
            size_t keep = cap_len(p + i, len);
            if (enc_valid_utf8(p + i, keep)) {
                flush_run(s);
                buf_append(&s->dec, p + i, keep);
                buf_append(&s->dec, "\n", nl ? 1 : 0);
            } else {
                buf_append(&s->run, p + i, keep);
                buf_append(&s->run, "\n", nl ? 1 : 0);
            }
            i += len + 1;
        }
        flush_run(s);
        text = s->dec.data ? s->dec.data : "";
        tn = s->dec.len;
    }
    search_text(s, text, tn);
    s->lineno += nlines;
}

/* UTF-16LE: one line assembled byte by byte, decoded, matched. */
static void utf16_line(struct scanner *s)
{
    size_t n = s->linelen;
    s->linelen = 0;
    if (s->overflow)
        s->st->long_lines++;
    s->overflow = 0;
    s->lineno++;
    s->st->lines++;
    char *u = NULL;
    size_t un;
    if (s->nopen && enc_to_utf8(s->line, n, ENC_UTF16LE, &u, &un, NULL, NULL) == 0)
        match_line(s, u, un, s->lineno);
    free(u);
}

static void utf16_feed(struct scanner *s, const unsigned char *p, size_t n,
                       unsigned long long *off)
{
    for (size_t i = 0; i < n; i++, (*off)++) {
        unsigned char b = p[i];
        if ((*off & 1) && b == 0 && s->prev == '\n') {
            /* Drop the low byte of U+000A already in the line. */
            if (!s->overflow && s->linelen)
                s->linelen--;
            utf16_line(s);
        } else if (s->linelen < KB_LINE_CAP) {
            s->line[s->linelen++] = b;
        } else {
            s->overflow = 1;
        }
        if (!(*off & 1))
            s->prev = b;
    }
}

/* Where a file's bytes come from: a file of a snapshot (a folder, a bundle
 * in memory) through its source, or a file named on the command line. */
struct reader {
    struct source_file *sf;
    FILE *f;
};

static long reader_read(struct reader *r, unsigned char *out, size_t n, struct oqs_err *err)
{
    if (r->sf)
        return source_file_read(r->sf, out, n, err);
    size_t k = fread(out, 1, n, r->f);
    return k == 0 && ferror(r->f) ? -1 : (long)k;
}

static int scan_fp(struct scanner *s, struct reader *f, const char *path, struct oqs_err *err)
{
    s->lineno = 0;
    s->linelen = 0;
    s->overflow = 0;
    s->prev = 0;
    s->st->files++;
    s->nopen = 0;
    for (size_t i = 0; i < s->nactive; i++)
        s->nopen += !s->rules[s->active[i]].hit;
    s->comb_on = 0;
    int utf16 = -1, skipping = 0;
    unsigned long long off = 0;
    size_t have = 0, got;
    long rd;
    /* Read to the end even when every rule has its line: the counts say
     * what was scanned. */
    while ((rd = reader_read(f, s->raw + have, KB_SCAN_CHUNK, err)) > 0) {
        got = (size_t)rd;
        s->st->bytes += got;
        unsigned char *p = s->raw + have;
        if (utf16 < 0 && got == KB_SCAN_CHUNK)
            build_combined(s);
        if (utf16 < 0) {
            utf16 = got >= 2 && p[0] == 0xFF && p[1] == 0xFE;
            size_t bom = utf16 ? 2 : (got >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ? 3 : 0;
            memmove(p, p + bom, got - bom);
            got -= bom;
        }
        if (utf16) {
            utf16_feed(s, p, got, &off);
            continue;
        }
        have += got;
        p = s->raw;
        size_t n = have;
        if (skipping) {
            /* The rest of a line longer than the cap: skipped. */
            unsigned char *nl = memchr(p, '\n', n);
            if (!nl) {
                have = 0;
                continue;
            }
            skipping = 0;
            n -= (size_t)(nl + 1 - p);
            p = nl + 1;
        }
        size_t whole = n;
        while (whole && p[whole - 1] != '\n')
            whole--;
        if (whole)
            process_block(s, p, whole);
        size_t rest = n - whole;
        memmove(s->raw, p + whole, rest);
        have = rest;
        if (have >= KB_LINE_CAP) {
            /* No newline within the cap: match what fits, skip the rest. */
            process_block(s, s->raw, cap_len(s->raw, have));
            s->st->long_lines++;
            skipping = 1;
            have = 0;
        }
    }
    int rc = rd < 0 && !f->sf ? oqs_errf(err, "%s: read error", path) : rd < 0 ? -1 : 0;
    if (utf16 == 1 && (s->linelen || s->overflow))
        utf16_line(s);
    else if (have && !skipping)
        process_block(s, s->raw, have);
    return rc;
}

/* The file named (a link followed). Only a regular file: a FIFO never
 * blocks the scan. */
static int scan_path(struct scanner *s, const char *path, struct oqs_err *err)
{
    FILE *f;
    int r = plat_open_regular(path, NULL, 0, &f, NULL, err);
    if (r == 1)
        return oqs_errf(err, "%s: %s", path, strerror(ENOENT));
    if (r < 0)
        return -1;
    struct reader rd = {.f = f};
    int rc = scan_fp(s, &rd, path, err);
    fclose(f);
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
    struct scanner s;
    if (scanner_init(&s, rules, n, stats, err) < 0)
        return -1;
    choose(&s, -1, name);
    s.name = name;
    int rc = s.nactive ? scan_path(&s, path, err) : 0;
    scanner_fini(&s);
    return rc;
}

/* The log folders, walked before the outputs (every file outside logs/). */
static const struct {
    const char *dir;
    int src;
} log_dirs[] = {{"logs/comapp", KBL_COMAPP}, {"logs/distroapp", KBL_DISTROAPP}};

static int need_outputs(const struct kb_scan_rule *rules, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (rules[i].t->kind == KBT_OUTPUT)
            return 1;
    return 0;
}

struct walk {
    struct scanner *s;
    struct source *src;
    int logsrc;            /* KBL_COMAPP/KBL_DISTROAPP for a log folder, 0 otherwise */
};

static int walk_cb(const char *rel, int is_dir, void *ud)
{
    struct walk *w = ud;
    /* Outputs live outside logs/; the log folders are walked on their own. */
    if (is_dir)
        return !(w->logsrc == 0 && strcmp(rel, "logs") == 0);
    choose(w->s, w->logsrc, rel);
    if (!w->s->nactive)
        return 0;
    w->s->name = rel;
    struct source_file *f;
    /* An unreadable file is skipped like a missing one. */
    if (source_open(w->src, rel, &f, NULL) != SRC_OK)
        return 0;
    struct reader rd = {.sf = f};
    scan_fp(w->s, &rd, rel, NULL);
    source_file_close(f);
    return 0;
}

int kb_logscan_source(struct source *src, struct kb_scan_rule *rules, size_t n,
                      struct kb_scan_stats *stats, struct oqs_err *err)
{
    struct scanner s;
    if (scanner_init(&s, rules, n, stats, err) < 0)
        return -1;
    for (size_t i = 0; i < sizeof log_dirs / sizeof log_dirs[0]; i++) {
        struct walk w = {&s, src, log_dirs[i].src};
        source_walk(src, log_dirs[i].dir, KB_SCAN_DEPTH, walk_cb, &w, NULL);
    }
    if (need_outputs(rules, n)) {
        struct walk w = {&s, src, 0};
        source_walk(src, "", KB_SCAN_DEPTH, walk_cb, &w, NULL);
    }
    scanner_fini(&s);
    return 0;
}
