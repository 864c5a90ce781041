/* The set of entries: the built-in files (compiled in by tools/embed.c), then
 * those of --kb DIR, which add or replace entries by id without recompiling. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/strv.h"
#include "kb.h"
#include "kb_builtin.h"
#include "kb_dir.h"

struct kb {
    struct kb_entry **v;
    size_t n;
};

void kb_free(struct kb *kb)
{
    if (!kb)
        return;
    for (size_t i = 0; i < kb->n; i++)
        kb_entry_free(kb->v[i]);
    free(kb->v);
    free(kb);
}

size_t kb_count(const struct kb *kb)
{
    return kb ? kb->n : 0;
}

const struct kb_entry *kb_at(const struct kb *kb, size_t i)
{
    return kb && i < kb->n ? kb->v[i] : NULL;
}

const struct kb_entry *kb_find(const struct kb *kb, const char *id)
{
    for (size_t i = 0; kb && i < kb->n; i++)
        if (strcmp(kb->v[i]->id, id) == 0)
            return kb->v[i];
    return NULL;
}

static int cmp_entries(const void *a, const void *b)
{
    const struct kb_entry *x = *(struct kb_entry *const *)a, *y = *(struct kb_entry *const *)b;
    return strcmp(x->id, y->id);
}

/* Adds e to the list; the same id twice within one source is an error,
 * across sources (override) the later one replaces the earlier. */
static int put(struct kb_entry ***v, size_t *n, struct kb_entry *e, size_t first_of_source,
               struct kb_diag *d)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*v)[i]->id, e->id) != 0)
            continue;
        if (i >= first_of_source) {
            kb_diag_add(d, e->file, e->id_line, "duplicate id '%s' (also in %s:%u)", e->id,
                        (*v)[i]->file, (*v)[i]->id_line);
            kb_entry_free(e);
            return -1;
        }
        kb_entry_free((*v)[i]);
        (*v)[i] = e;
        return 0;
    }
    struct kb_entry **p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p) {
        kb_diag_add(d, e->file, e->id_line, "out of memory");
        kb_entry_free(e);
        return -1;
    }
    *v = p;
    (*v)[(*n)++] = e;
    return 0;
}

static int read_builtin(struct kb_entry ***v, size_t *n, size_t *count, struct kb_diag *d)
{
    size_t first = *n;
    for (size_t i = 0; i < kb_builtin_count; i++) {
        struct kb_entry *e =
            kb_entry_parse(kb_builtin[i].path, kb_builtin[i].data, kb_builtin[i].len, d);
        (*count)++;
        if (e)
            put(v, n, e, first, d);
    }
    return 0;
}

static int read_dir(const char *dir, struct kb_entry ***v, size_t *n, size_t *count,
                    struct kb_diag *d, struct oqs_err *err)
{
    struct strv names = {0};
    if (kb_dir_names(dir, ".kb", 0, &names, err) < 0)
        return -1;
    size_t first = *n;
    for (size_t i = 0; i < names.n; i++) {
        struct buf path = {0}, data = {0};
        buf_appendf(&path, "%s/%s", dir, names.v[i]);
        (*count)++;
        if (!path.data) {
            strv_free(&names);
            return oqs_errf(err, "%s: out of memory", dir);
        }
        char why[600];
        if (kb_dir_read(path.data, &data, why, sizeof why) < 0) {
            kb_diag_add(d, path.data, 1, "cannot read: %s", why);
        } else {
            struct kb_entry *e =
                kb_entry_parse(path.data, (const unsigned char *)data.data, data.len, d);
            if (e)
                put(v, n, e, first, d);
        }
        buf_free(&path);
        buf_free(&data);
    }
    strv_free(&names);
    return 0;
}

struct kb *kb_load(const char *dir, struct oqs_err *err)
{
    struct kb *kb = calloc(1, sizeof *kb);
    if (!kb) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    struct kb_diag d = {0};
    size_t count = 0;
    read_builtin(&kb->v, &kb->n, &count, &d);
    if (d.nerrors == 0 && dir && read_dir(dir, &kb->v, &kb->n, &count, &d, err) < 0) {
        kb_diag_free(&d);
        kb_free(kb);
        return NULL;
    }
    if (d.nerrors) {
        /* The first problem, file:line first; `kb lint` lists them all. */
        size_t n = strcspn(d.text.data, "\n");
        if (d.nerrors > 1)
            oqs_errf(err, "%.*s (and %zu more: oqsdiag kb lint)", (int)(n > 400 ? 400 : n),
                     d.text.data, d.nerrors - 1);
        else
            oqs_errf(err, "%.*s", (int)(n > 480 ? 480 : n), d.text.data);
        kb_diag_free(&d);
        kb_free(kb);
        return NULL;
    }
    kb_diag_free(&d);
    qsort(kb->v, kb->n, sizeof *kb->v, cmp_entries);
    return kb;
}

/* Lines on which a backtracking pattern ((a+)+$, (\w+\s?)*x ...) runs into
 * PCRE2's limits: runs of one kind of character that end in a mismatch.
 * Log lines are up to KB_LINE_CAP long; these are short, so a pattern that
 * reaches the lint limit here would reach the scanner's on a real line. */
static const char *const backtrack_corpus[] = {
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000!",
    "                                                                                        !",
    "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a!",
    "a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a!",
    "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a!",
    "\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82"
    "\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82"
    "\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82"
    "\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82!",
    "2026/11/20 09:00:00.123 [ERROR] OqsComApp: 2026/11/20 09:00:00.123 [ERROR] OqsComApp: !",
};
#define LINT_MATCH_LIMIT 200000

/* The first corpus line on which re runs into a limit, or NULL; *oom set
 * when the check itself could not run. */
static const char *backtracks(const pcre2_code *re, int *oom)
{
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    const char *bad = NULL;
    int nomem = 0;
    if (mc && md) {
        pcre2_set_match_limit(mc, LINT_MATCH_LIMIT);
        pcre2_set_depth_limit(mc, LINT_MATCH_LIMIT);
        for (size_t i = 0; !bad && i < sizeof backtrack_corpus / sizeof backtrack_corpus[0]; i++) {
            /* The interpreter: its count of steps does not depend on JIT. */
            int rc = pcre2_match(re, (PCRE2_SPTR)backtrack_corpus[i], PCRE2_ZERO_TERMINATED, 0,
                                 PCRE2_NO_JIT, md, mc);
            if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
                rc == PCRE2_ERROR_HEAPLIMIT)
                bad = backtrack_corpus[i];
            else if (rc == PCRE2_ERROR_NOMEMORY)
                nomem = 1;
        }
    }
    *oom = !mc || !md || nomem;
    pcre2_match_data_free(md);
    pcre2_match_context_free(mc);
    return bad;
}

static void lint_patterns(struct kb_entry *const *v, size_t n, struct kb_diag *d)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < v[i]->ntrig; k++) {
            const struct kb_trigger *t = &v[i]->trig[k];
            int oom = 0;
            const char *bad = t->re ? backtracks(t->re, &oom) : NULL;
            if (oom)
                kb_diag_add(d, v[i]->file, t->line, "out of memory");
            else if (bad)
                kb_diag_add(d, v[i]->file, t->line,
                            "pattern backtracks past PCRE2's match limit on a line like \"%.24s...\" "
                            "(nested repetition?): it could miss real log lines; rewrite it",
                            bad);
        }
}

int kb_lint(const char *dir, size_t *nentries, struct kb_diag *d, struct oqs_err *err)
{
    struct kb_entry **v = NULL;
    size_t n = 0, count = 0;
    int rc = 0;
    if (dir) {
        rc = read_dir(dir, &v, &n, &count, d, err);
    } else {
        rc = read_builtin(&v, &n, &count, d);
    }
    if (rc == 0)
        lint_patterns(v, n, d);
    for (size_t i = 0; i < n; i++)
        kb_entry_free(v[i]);
    free(v);
    if (nentries)
        *nentries = count;
    return rc;
}
