/* From a report's findings (and the snapshot's log and output lines) to the
 * ranked KB entries that explain them (docs/kb-format.md, Ranking). */
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "kb.h"
#include "kb_logscan.h"

/* How strongly the fired triggers point at an entry: a fail finding is the
 * surest sign, a log or output line an error the server wrote, a warn a
 * weaker sign, an unknown (unreadable input) the weakest. */
enum tier { TIER_UNKNOWN, TIER_WARN, TIER_LINE, TIER_FAIL };
static const double tier_score[] = {0.3, 0.5, 0.7, 0.9};

struct cand {
    const struct kb_entry *e;
    enum tier tier;
    unsigned nexact, nfired;
    struct buf because;   /* NUL-separated finding ids */
    size_t nbecause;
    const struct kb_scan_rule **lines; /* the log/output rules that fired */
    size_t nlines;
};

static int because_has(const struct cand *c, const char *s)
{
    const char *p = c->because.data;
    for (size_t i = 0; i < c->nbecause; i++) {
        if (strcmp(p, s) == 0)
            return 1;
        p += strlen(p) + 1;
    }
    return 0;
}

static void because_add(struct cand *c, const char *s)
{
    if (because_has(c, s))
        return;
    if (buf_append(&c->because, s, strlen(s) + 1) == 0)
        c->nbecause++;
}

static enum tier status_tier(enum fstatus st)
{
    return st == FST_FAIL ? TIER_FAIL : st == FST_WARN ? TIER_WARN : TIER_UNKNOWN;
}

/* The optional evidence condition of a finding trigger ("[!]key~a|b"). */
static int condition_holds(const struct kb_trigger *t, const struct finding *f)
{
    if (!t->ev_key)
        return 1;
    const char *v = json_string_value(json_object_get(f->evidence, t->ev_key));
    int hit = 0;
    for (const char *a = t->ev_values; v && !hit && *a;) {
        const char *bar = strchr(a, '|');
        size_t n = bar ? (size_t)(bar - a) : strlen(a);
        for (const char *q = v; !hit && *q; q++)
            hit = n && strncmp(q, a, n) == 0;
        a += n + (bar != NULL);
    }
    return t->ev_negate ? !hit : hit;
}

/* Fires the finding trigger t against r; adds the ids to c. */
static int fire_finding(const struct kb_trigger *t, const struct report *r, struct cand *c,
                        int *have_tier)
{
    int fired = 0;
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (!(t->status_mask & (1u << f->status)) || !kb_glob_match(t->glob, f->id) ||
            !condition_holds(t, f))
            continue;
        fired = 1;
        because_add(c, f->id);
        enum tier ti = status_tier(f->status);
        if (!*have_tier || ti > c->tier)
            c->tier = ti;
        *have_tier = 1;
    }
    return fired;
}

static int cmp_cand(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->tier != y->tier)
        return x->tier > y->tier ? -1 : 1;
    if (x->nexact != y->nexact)
        return x->nexact > y->nexact ? -1 : 1;
    if (x->nfired != y->nfired)
        return x->nfired > y->nfired ? -1 : 1;
    return strcmp(x->e->id, y->e->id);
}

static double score_of(const struct cand *c)
{
    unsigned ne = c->nexact > 9 ? 9 : c->nexact, nf = c->nfired > 9 ? 9 : c->nfired;
    return tier_score[c->tier] + 0.01 * ne + 0.001 * nf;
}

/* Rules for every log/output trigger, scanned in one pass per file. */
static struct kb_scan_rule *scan_rules(const struct kb *kb, struct source *src,
                                       size_t *nrules, struct oqs_err *err, int *failed)
{
    *nrules = 0;
    *failed = 0;
    if (!src)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < kb_count(kb); i++)
        for (size_t j = 0; j < kb_at(kb, i)->ntrig; j++)
            n += kb_at(kb, i)->trig[j].kind != KBT_FINDING;
    if (!n)
        return NULL;
    struct kb_scan_rule *rules = calloc(n, sizeof *rules);
    if (!rules) {
        *failed = 1;
        oqs_errf(err, "out of memory");
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < kb_count(kb); i++)
        for (size_t j = 0; j < kb_at(kb, i)->ntrig; j++)
            if (kb_at(kb, i)->trig[j].kind != KBT_FINDING)
                rules[k++].t = &kb_at(kb, i)->trig[j];
    if (kb_logscan_source(src, rules, n, NULL, err) < 0) {
        free(rules);
        *failed = 1;
        return NULL;
    }
    *nrules = n;
    return rules;
}

static const struct kb_scan_rule *rule_for(const struct kb_scan_rule *rules, size_t n,
                                           const struct kb_trigger *t)
{
    for (size_t i = 0; i < n; i++)
        if (rules[i].t == t)
            return &rules[i];
    return NULL;
}

/* The events behind finding id (its evidence.matched entries that name an
 * event: check_events.c) join the last KB hit's matched, so the report
 * says when each happened. */
static int add_events(struct report *r, const char *id)
{
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        const json_t *m = json_object_get(f->evidence, "matched");
        if (strcmp(f->id, id) != 0 || !json_is_array(m))
            continue;
        for (size_t j = 0; j < json_array_size(m); j++) {
            const json_t *e = json_array_get(m, j);
            const json_t *file = json_object_get(e, "file"), *line = json_object_get(e, "line"),
                         *prov = json_object_get(e, "provider"),
                         *eid = json_object_get(e, "event_id"), *time = json_object_get(e, "time");
            if (!json_is_string(file) || !json_is_integer(line) || json_integer_value(line) < 1 ||
                !json_is_string(prov) || !json_is_integer(eid) || json_integer_value(eid) < 0)
                continue;
            if (report_kb_add_event(r, json_string_value(file),
                                    (unsigned long)json_integer_value(line), json_string_value(prov),
                                    (unsigned long)json_integer_value(eid),
                                    json_is_string(time) ? json_string_value(time) : "") < 0)
                return -1;
        }
    }
    return 0;
}

int kb_match(const struct kb *kb, struct report *r, struct source *src, struct oqs_err *err)
{
    size_t nrules;
    int failed;
    struct kb_scan_rule *rules = scan_rules(kb, src, &nrules, err, &failed);
    if (failed)
        return -1;
    size_t n = kb_count(kb), nc = 0;
    struct cand *cands = calloc(n ? n : 1, sizeof *cands);
    if (!cands) {
        free(rules);
        return oqs_errf(err, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const struct kb_entry *e = kb_at(kb, i);
        struct cand *c = &cands[nc];
        memset(c, 0, sizeof *c);
        c->e = e;
        int have_tier = 0;
        size_t fired = 0;
        for (size_t j = 0; j < e->ntrig; j++) {
            const struct kb_trigger *t = &e->trig[j];
            int hit = 0;
            if (t->kind == KBT_FINDING) {
                hit = fire_finding(t, r, c, &have_tier);
                if (hit && !t->is_glob)
                    c->nexact++;
            } else {
                const struct kb_scan_rule *sr = rule_for(rules, nrules, t);
                if (sr && sr->hit) {
                    hit = 1;
                    c->nexact++;
                    /* The line goes to matched, not because (report.md). */
                    if (!c->lines)
                        c->lines = calloc(e->ntrig, sizeof *c->lines);
                    if (c->lines)
                        c->lines[c->nlines++] = sr;
                    if (!have_tier || c->tier < TIER_LINE)
                        c->tier = TIER_LINE;
                    have_tier = 1;
                }
            }
            fired += hit != 0;
        }
        c->nfired = (unsigned)fired;
        int ok = e->match_all ? (e->ntrig > 0 && fired == e->ntrig) : fired > 0;
        if (ok) {
            nc++;
        } else {
            buf_free(&c->because);
            free(c->lines);
        }
    }
    qsort(cands, nc, sizeof *cands, cmp_cand);
    int rc = 0;
    for (size_t i = 0; i < nc; i++) {
        struct cand *c = &cands[i];
        const char **because = calloc(c->nbecause ? c->nbecause : 1, sizeof *because);
        if (!because) {
            rc = oqs_errf(err, "out of memory");
        } else {
            const char *p = c->because.data;
            for (size_t j = 0; j < c->nbecause; j++, p += strlen(p) + 1)
                because[j] = p;
            if (rc == 0 &&
                report_add_kb(r, c->e->id, (const char *const *)c->e->refs.v, c->e->refs.n,
                              c->e->title_ja, c->e->title_en, score_of(c), because,
                              c->nbecause) < 0)
                rc = oqs_errf(err, "out of memory");
            for (size_t j = 0; rc == 0 && j < c->nlines; j++)
                if (report_kb_add_line(r, c->lines[j]->t->kind == KBT_LOG ? "log" : "output",
                                       c->lines[j]->file, c->lines[j]->line) < 0)
                    rc = oqs_errf(err, "out of memory");
            for (size_t j = 0; rc == 0 && j < c->nbecause; j++)
                if (add_events(r, because[j]) < 0)
                    rc = oqs_errf(err, "out of memory");
        }
        free(because);
        free(c->lines);
        buf_free(&c->because);
    }
    free(cands);
    free(rules);
    return rc;
}
