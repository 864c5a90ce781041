/* Reads and checks one KB entry file (docs/kb-format.md). Every problem is
 * reported as file:line so that a helpdesk engineer can fix the file without
 * reading C; `kb lint` prints them all, not only the first. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "kb_entry.h"

#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/encoding.h"
#include "../core/oom.h"
#include "../core/report.h"

/* JIT makes the log scan fast; without it (unsupported CPU) the interpreter
 * gives the same answers. OQSDIAG_PCRE2_NO_JIT (set by tools/valgrind.sh)
 * leaves it out: JIT code reads whole words past a subject's end by design,
 * which memcheck reports as uninitialised reads it cannot place. */
void kb_jit(void *re)
{
    const char *off = getenv("OQSDIAG_PCRE2_NO_JIT");
    if (!off || !*off || strcmp(off, "0") == 0)
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}

void kb_diag_add(struct kb_diag *d, const char *file, unsigned line, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    oqs_oom_check_msg(msg);
    if (!d)
        return;
    d->nerrors++;
    /* One message, one line: a value quoted from the file may hold a
     * continuation's newline or other control bytes. */
    for (char *c = msg; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = ' ';
    buf_appendf(&d->text, "%s:%u: %s\n", file, line, msg);
}

void kb_diag_free(struct kb_diag *d)
{
    buf_free(&d->text);
    d->nerrors = 0;
}

int kb_glob_match(const char *g, const char *s)
{
    /* Iterative matcher with one backtrack point: linear enough for ids. */
    const char *star = NULL, *mark = NULL;
    while (*s) {
        if (*g == '*') {
            star = g++;
            mark = s;
        } else if (*g == '?' || *g == *s) {
            g++;
            s++;
        } else if (star) {
            g = star + 1;
            s = ++mark;
        } else {
            return 0;
        }
    }
    while (*g == '*')
        g++;
    return *g == '\0';
}

const char *kb_field_mark(int english)
{
    return english ? "[field knowledge]" : "［現場の知見］";
}

int kb_entry_has_field_knowledge(const struct kb_entry *e)
{
    const struct strv *all[] = {&e->symptom, &e->symptom_en, &e->cause, &e->cause_en,
                                   &e->fix};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        for (size_t i = 0; i < all[k]->n; i++)
            if (all[k]->src[i])
                return 1;
    return e->fix_en_src != NULL;
}

void kb_entry_free(struct kb_entry *e)
{
    if (!e)
        return;
    free(e->file);
    free(e->id);
    strv_free(&e->refs);
    free(e->section);
    free(e->title_ja);
    free(e->title_en);
    strv_free(&e->symptom);
    strv_free(&e->symptom_en);
    strv_free(&e->cause);
    strv_free(&e->cause_en);
    strv_free(&e->fix);
    free(e->fix_en);
    free(e->fix_en_src);
    strv_free(&e->heading);
    free(e->keywords);
    for (size_t i = 0; i < e->ntrig; i++) {
        free(e->trig[i].glob);
        free(e->trig[i].ev_key);
        free(e->trig[i].ev_values);
        free(e->trig[i].pattern);
        pcre2_code_free((pcre2_code *)e->trig[i].re);
    }
    free(e->trig);
    free(e);
}

/* The keys of docs/kb-format.md. */
enum key {
    K_ID, K_REFS, K_SECTION, K_TITLE_JA, K_TITLE_EN, K_SYMPTOM, K_SYMPTOM_EN, K_CAUSE,
    K_CAUSE_EN, K_FIX, K_FIX_EN, K_KEYWORDS, K_MATCH, K_TRIGGER, K_HEADING, K_SOURCE, K_COUNT
};
static const struct {
    const char *name;
    int required;
    int repeatable;
} keys[K_COUNT] = {
    [K_ID] = {"id", 1, 0},
    [K_REFS] = {"refs", 1, 0},
    [K_SECTION] = {"section", 1, 0},
    [K_TITLE_JA] = {"title.ja", 1, 0},
    [K_TITLE_EN] = {"title.en", 1, 0},
    [K_SYMPTOM] = {"symptom", 1, 1},
    [K_SYMPTOM_EN] = {"symptom.en", 0, 1},
    [K_CAUSE] = {"cause", 1, 1},
    [K_CAUSE_EN] = {"cause.en", 0, 1},
    [K_FIX] = {"fix", 1, 1},
    [K_FIX_EN] = {"fix.en", 1, 0},
    [K_KEYWORDS] = {"keywords", 0, 0},
    [K_MATCH] = {"match", 0, 0},
    [K_TRIGGER] = {"trigger", 0, 1},
    [K_HEADING] = {"heading", 0, 1},
    [K_SOURCE] = {"source", 0, 1},
};

/* One `key: value` with its continuation lines joined by newlines. */
struct field;
struct parser;
/* The text line a `source:` line marks: its text, its source slot, and
 * whether it is English (which marker it gets). */
struct mark_target {
    char **text;
    char **src;
    int english;
};
static void source_line(struct parser *p, struct field *f, const struct mark_target *mark);
struct field {
    enum key key;
    unsigned line;
    struct buf val;
};

struct parser {
    const char *file;
    struct kb_diag *d;
    struct field *f;
    size_t nf, fcap;
    unsigned seen_line[K_COUNT];
    int oom;
};

static struct field *add_field(struct parser *p, enum key k, unsigned line)
{
    struct field *nf = oqs_grow(p->f, &p->fcap, p->nf + 1, sizeof *nf);
    if (!nf) {
        p->oom = 1;
        return NULL;
    }
    p->f = nf;
    struct field *f = &p->f[p->nf++];
    memset(f, 0, sizeof *f);
    f->key = k;
    f->line = line;
    return f;
}

static const char *skip_ws(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

static size_t trim_end(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n;
}

/* Splits the file into fields. Syntax errors go to the diagnostics. */
static void split_fields(struct parser *p, const char *text, size_t len)
{
    struct lines ls;
    lines_init(&ls, text, len);
    const char *line;
    size_t n;
    struct field *cur = NULL;
    while (lines_next(&ls, &line, &n)) {
        const char *end = line + n;
        if (n == 0 || line[0] == '#') {
            continue;
        }
        if (line[0] == ' ' || line[0] == '\t') {
            const char *v = skip_ws(line, end);
            size_t vn = trim_end(v, (size_t)(end - v));
            if (vn == 0)
                continue;
            if (!cur) {
                kb_diag_add(p->d, p->file, ls.lineno, "continuation line without a key above it");
                continue;
            }
            if (buf_appends(&cur->val, "\n") < 0 || buf_append(&cur->val, v, vn) < 0)
                p->oom = 1;
            continue;
        }
        const char *colon = memchr(line, ':', n);
        if (!colon) {
            kb_diag_add(p->d, p->file, ls.lineno, "expected 'key: value'");
            cur = NULL;
            continue;
        }
        size_t kn = trim_end(line, (size_t)(colon - line));
        int k = -1;
        for (int i = 0; i < K_COUNT; i++)
            if (strlen(keys[i].name) == kn && memcmp(keys[i].name, line, kn) == 0)
                k = i;
        if (k < 0) {
            kb_diag_add(p->d, p->file, ls.lineno, "unknown key '%.*s'", (int)(kn > 60 ? 60 : kn),
                        line);
            cur = NULL;
            continue;
        }
        if (p->seen_line[k] && !keys[k].repeatable) {
            kb_diag_add(p->d, p->file, ls.lineno, "'%s' given twice (first on line %u)",
                        keys[k].name, p->seen_line[k]);
            cur = NULL;
            continue;
        }
        if (!p->seen_line[k])
            p->seen_line[k] = ls.lineno;
        cur = add_field(p, (enum key)k, ls.lineno);
        if (!cur)
            return;
        const char *v = skip_ws(colon + 1, end);
        if (buf_append(&cur->val, v, trim_end(v, (size_t)(end - v))) < 0)
            p->oom = 1;
    }
}

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

/* Splits "a, b、c" into trimmed items; an empty item is an error. */
static int split_list(struct parser *p, unsigned line, const char *s, struct strv *out)
{
    const char *q = s;
    for (;;) {
        const char *comma = strchr(q, ',');
        const char *ideo = strstr(q, "\xe3\x80\x81"); /* 、 */
        const char *end = comma;
        size_t seplen = 1;
        if (ideo && (!end || ideo < end)) {
            end = ideo;
            seplen = 3;
        }
        if (!end)
            end = q + strlen(q);
        const char *a = q;
        while (a < end && (*a == ' ' || *a == '\t' || *a == '\n'))
            a++;
        size_t n = trim_end(a, (size_t)(end - a));
        while (n && a[n - 1] == '\n')
            n--;
        if (n == 0) {
            kb_diag_add(p->d, p->file, line, "empty item in the list");
            return -1;
        }
        char *item = oqs_strndup(a, n);
        if (!item || strv_push_take(out, item, line) < 0) {
            p->oom = 1;
            return -1;
        }
        if (!*end)
            return 0;
        q = end + seplen;
    }
}

static void *compile_pattern(struct parser *p, unsigned line, const char *pat)
{
    uint32_t opts = PCRE2_UTF | PCRE2_UCP;
    /* Caseless unless the author asks otherwise (docs/kb-format.md). */
    if (strncmp(pat, "(?-i)", 5) != 0)
        opts |= PCRE2_CASELESS;
    int ec;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, opts, &ec, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(ec, msg, sizeof msg);
        kb_diag_add(p->d, p->file, line, "bad pattern at offset %zu: %s", (size_t)off,
                    (const char *)msg);
        return NULL;
    }
    /* The scanner searches all patterns as one alternation, where group
     * numbers shift: a back reference would point at another group. */
    uint32_t backref = 0;
    pcre2_pattern_info(re, PCRE2_INFO_BACKREFMAX, &backref);
    if (backref) {
        kb_diag_add(p->d, p->file, line, "back references (\\1, \\k<name>) are not supported in a trigger pattern");
        pcre2_code_free(re);
        return NULL;
    }
    kb_jit(re);
    return re;
}

static int glob_in_catalog(const char *g)
{
    for (size_t i = 0; i < catalog_count(); i++)
        if (kb_glob_match(g, catalog_at(i)->id))
            return 1;
    return 0;
}

/* Next white-space separated word of *s; advances *s. */
static size_t next_word(const char **s, const char **w)
{
    const char *q = *s;
    while (*q == ' ' || *q == '\t')
        q++;
    *w = q;
    while (*q && *q != ' ' && *q != '\t' && *q != '\n')
        q++;
    size_t n = (size_t)(q - *w);
    *s = q;
    return n;
}


/* "[!]key~a|b" after a finding trigger's statuses: a condition on the
 * finding's evidence (docs/kb-format.md). */
static int finding_condition(struct parser *p, unsigned line, struct kb_trigger *t,
                             const char *cond, size_t cn)
{
    int neg = cond[0] == '!';
    const char *tilde = memchr(cond, '~', cn);
    if (!tilde || tilde == cond + neg || tilde + 1 == cond + cn) {
        kb_diag_add(p->d, p->file, line, "expected '[!]key~value[|value...]', not '%.*s'",
                    (int)cn, cond);
        return -1;
    }
    t->ev_negate = neg;
    t->ev_key = oqs_strndup(cond + neg, (size_t)(tilde - cond - neg));
    t->ev_values = oqs_strndup(tilde + 1, (size_t)(cond + cn - tilde - 1));
    if (!t->ev_key || !t->ev_values) {
        p->oom = 1;
        return -1;
    }
    return 0;
}

static int parse_trigger(struct parser *p, unsigned line, const char *s, struct kb_trigger *t)
{
    memset(t, 0, sizeof *t);
    t->line = line;
    if (strchr(s, '\n')) {
        kb_diag_add(p->d, p->file, line, "a trigger is one line");
        return -1;
    }
    const char *w;
    size_t n = next_word(&s, &w);
    if (n == 7 && memcmp(w, "finding", 7) == 0) {
        t->kind = KBT_FINDING;
        const char *g, *st;
        size_t gn = next_word(&s, &g);
        size_t sn = next_word(&s, &st);
        const char *cond, *rest;
        size_t cn = next_word(&s, &cond);
        if (gn == 0 || sn == 0 || next_word(&s, &rest) != 0) {
            kb_diag_add(p->d, p->file, line,
                        "expected 'finding <id-glob> <status>[,<status>...] [[!]key~value|...]'");
            return -1;
        }
        if (cn && finding_condition(p, line, t, cond, cn) < 0)
            return -1;
        t->glob = oqs_strndup(g, gn);
        if (!t->glob) {
            p->oom = 1;
            return -1;
        }
        t->is_glob = strpbrk(t->glob, "*?") != NULL;
        int bad = 0;
        if (t->is_glob ? !glob_in_catalog(t->glob) : !catalog_find(t->glob)) {
            kb_diag_add(p->d, p->file, line,
                        "finding id '%s' is not in the findings catalog (core/findings.def)",
                        t->glob);
            bad = 1;
        }
        char stat[64];
        if (sn >= sizeof stat) {
            kb_diag_add(p->d, p->file, line, "status list too long");
            return -1;
        }
        memcpy(stat, st, sn);
        stat[sn] = '\0';
        for (char *tok = stat, *next; tok; tok = next) {
            next = strchr(tok, ',');
            if (next)
                *next++ = '\0';
            enum fstatus fs;
            /* ok and skip never trigger: a healthy report matches nothing. */
            if (fstatus_parse(tok, &fs) < 0 || fs == FST_OK || fs == FST_SKIP) {
                kb_diag_add(p->d, p->file, line, "status '%s' is not fail, warn or unknown", tok);
                bad = 1;
                continue;
            }
            t->status_mask |= 1u << fs;
        }
        return bad ? -1 : 0;
    }
    int is_log = n == 3 && memcmp(w, "log", 3) == 0;
    int is_out = n == 6 && memcmp(w, "output", 6) == 0;
    if (!is_log && !is_out) {
        kb_diag_add(p->d, p->file, line, "trigger kind must be finding, log or output");
        return -1;
    }
    const char *a;
    size_t an = next_word(&s, &a);
    const char *pat = s;
    while (*pat == ' ' || *pat == '\t')
        pat++;
    if (an == 0 || !*pat) {
        kb_diag_add(p->d, p->file, line, is_log ? "expected 'log <comapp|distroapp|any> <pattern>'"
                                                : "expected 'output <path-glob> <pattern>'");
        return -1;
    }
    if (is_log) {
        t->kind = KBT_LOG;
        if (an == 6 && memcmp(a, "comapp", 6) == 0)
            t->logsrc = KBL_COMAPP;
        else if (an == 9 && memcmp(a, "distroapp", 9) == 0)
            t->logsrc = KBL_DISTROAPP;
        else if (an == 3 && memcmp(a, "any", 3) == 0)
            t->logsrc = KBL_ANY;
        else {
            kb_diag_add(p->d, p->file, line, "log source must be comapp, distroapp or any");
            return -1;
        }
    } else {
        t->kind = KBT_OUTPUT;
        t->glob = oqs_strndup(a, an);
        if (!t->glob) {
            p->oom = 1;
            return -1;
        }
        if (t->glob[0] == '/' || t->glob[0] == '\\' || strstr(t->glob, "..") ||
            strchr(t->glob, ':')) {
            kb_diag_add(p->d, p->file, line, "output path '%s' must be relative to the snapshot",
                        t->glob);
            return -1;
        }
    }
    t->pattern = strdup(pat);
    if (!t->pattern) {
        p->oom = 1;
        return -1;
    }
    t->re = compile_pattern(p, line, t->pattern);
    return t->re ? 0 : -1;
}

static char *take(struct field *f)
{
    return buf_steal(&f->val, NULL);
}

/* `source: field [where from]` (or `source: manual`) marks the text line
 * just above it (docs/kb-format.md). */
static void source_line(struct parser *p, struct field *f, const struct mark_target *mark)
{
    const char *v = f->val.data;
    int field = strncmp(v, "field", 5) == 0 && (v[5] == '\0' || v[5] == ' ');
    if (!field && strcmp(v, "manual") != 0) {
        kb_diag_add(p->d, p->file, f->line, "source must be 'manual' or 'field [where from]'");
        return;
    }
    if (!mark) {
        kb_diag_add(p->d, p->file, f->line,
                    "'source' must follow a symptom, cause, fix or fix.en line");
        return;
    }
    if (*mark->src) {
        kb_diag_add(p->d, p->file, f->line, "the line above already has a source");
        return;
    }
    if (!field)
        return;
    /* The marker goes into the text itself, so that every output that
     * shows the line (kb show, verify, HTML, JSON) shows it as field
     * knowledge. */
    struct buf b = {0};
    if (buf_appendf(&b, "%s %s", kb_field_mark(mark->english), *mark->text) < 0 ||
        !(*mark->src = strdup(v))) {
        buf_free(&b);
        p->oom = 1;
        return;
    }
    free(*mark->text);
    *mark->text = buf_steal(&b, NULL);
}

struct kb_entry *kb_entry_parse(const char *file, const unsigned char *data, size_t len,
                                struct kb_diag *d)
{
    size_t before = d ? d->nerrors : 0;
    struct kb_diag local = {0};
    if (!d)
        d = &local;
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        data += 3;
        len -= 3;
    }
    /* Entries are UTF-8 by contract; name the first line that is not. */
    if (!enc_valid_utf8(data, len)) {
        unsigned line = 1;
        const unsigned char *ls = data;
        for (size_t i = 0; i < len; i++) {
            if (data[i] == '\n') {
                if (!enc_valid_utf8(ls, (size_t)(data + i - ls)))
                    break;
                line++;
                ls = data + i + 1;
            }
        }
        kb_diag_add(d, file, line, "not valid UTF-8");
        kb_diag_free(&local);
        return NULL;
    }
    if (memchr(data, '\0', len)) {
        kb_diag_add(d, file, 1, "contains a NUL byte");
        kb_diag_free(&local);
        return NULL;
    }

    struct parser p = {.file = file, .d = d};
    split_fields(&p, (const char *)data, len);

    struct kb_entry *e = calloc(1, sizeof *e);
    if (!e || !(e->file = strdup(file)))
        p.oom = 1;
    for (int k = 0; k < K_COUNT && e; k++)
        if (keys[k].required && !p.seen_line[k])
            kb_diag_add(d, file, 1, "missing required key '%s'", keys[k].name);

    /* Where a `source:` line puts its mark: the text line just above it. */
    struct mark_target mark = {0}, next_mark;
    for (size_t i = 0; i < p.nf && e && !p.oom; i++) {
        struct field *f = &p.f[i];
        if (f->val.len == 0) {
            kb_diag_add(d, file, f->line, "'%s' has no value", keys[f->key].name);
            memset(&mark, 0, sizeof mark);
            continue;
        }
        struct strv *v = NULL;
        memset(&next_mark, 0, sizeof next_mark);
        switch (f->key) {
        case K_ID:
            e->id_line = f->line;
            e->id = take(f);
            if (e->id && !valid_id(e->id))
                kb_diag_add(d, file, f->line, "id '%s' may hold only a-z, 0-9 and '-'", e->id);
            break;
        case K_REFS:
            split_list(&p, f->line, f->val.data, &e->refs);
            break;
        case K_SECTION: e->section = take(f); break;
        case K_TITLE_JA: e->title_ja = take(f); break;
        case K_TITLE_EN: e->title_en = take(f); break;
        case K_FIX_EN:
            e->fix_en = take(f);
            next_mark = (struct mark_target){&e->fix_en, &e->fix_en_src, 1};
            break;
        case K_HEADING: v = &e->heading; break;
        case K_SOURCE:
            source_line(&p, f, mark.src ? &mark : NULL);
            break;
        case K_KEYWORDS: e->keywords = take(f); break;
        case K_SYMPTOM: v = &e->symptom; break;
        case K_SYMPTOM_EN: v = &e->symptom_en; break;
        case K_CAUSE: v = &e->cause; break;
        case K_CAUSE_EN: v = &e->cause_en; break;
        case K_FIX: v = &e->fix; break;
        case K_MATCH:
            if (strcmp(f->val.data, "all") == 0)
                e->match_all = 1;
            else if (strcmp(f->val.data, "any") != 0)
                kb_diag_add(d, file, f->line, "match must be 'any' or 'all'");
            break;
        case K_TRIGGER: {
            struct kb_trigger *nt = realloc(e->trig, (e->ntrig + 1) * sizeof *nt);
            if (!nt) {
                p.oom = 1;
                break;
            }
            e->trig = nt;
            if (parse_trigger(&p, f->line, f->val.data, &e->trig[e->ntrig]) == 0) {
                e->ntrig++;
            } else {
                free(e->trig[e->ntrig].glob);
                free(e->trig[e->ntrig].pattern);
                free(e->trig[e->ntrig].ev_key);
                free(e->trig[e->ntrig].ev_values);
            }
            break;
        }
        case K_COUNT: break;
        }
        if (v && strv_push_take(v, take(f), f->line) < 0)
            p.oom = 1;
        else if (v && v != &e->heading)
            next_mark = (struct mark_target){&v->v[v->n - 1], &v->src[v->n - 1],
                                             v == &e->symptom_en || v == &e->cause_en};
        if (f->key != K_SOURCE)
            mark = next_mark;
    }
    for (size_t i = 0; i < p.nf; i++)
        buf_free(&p.f[i].val);
    free(p.f);
    if (p.oom)
        kb_diag_add(d, file, 1, "out of memory");
    if (d->nerrors != before || p.oom) {
        kb_entry_free(e);
        kb_diag_free(&local);
        return NULL;
    }
    return e;
}
