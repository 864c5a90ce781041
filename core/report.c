#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "oom.h"
#include "strv.h"
#include "version.h"

static const char *const status_names[FST_COUNT] = {"ok", "warn", "fail", "unknown", "skip"};

const char *fstatus_name(enum fstatus st)
{
    return (unsigned)st < FST_COUNT ? status_names[st] : "unknown";
}

int fstatus_parse(const char *s, enum fstatus *out)
{
    for (int i = 0; i < FST_COUNT; i++)
        if (strcmp(s, status_names[i]) == 0) {
            *out = (enum fstatus)i;
            return 0;
        }
    return -1;
}

int fstatus_rank(enum fstatus st)
{
    switch (st) {
    case FST_FAIL: return 4;
    case FST_UNKNOWN: return 3;
    case FST_WARN: return 2;
    case FST_OK: return 1;
    case FST_SKIP: break;
    }
    return 0;
}

enum fstatus fstatus_worse(enum fstatus a, enum fstatus b)
{
    return fstatus_rank(b) > fstatus_rank(a) ? b : a;
}

struct report *report_new(const char *source)
{
    struct report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->source = (source && strcmp(source, "snapshot") == 0) ? "snapshot" : "live";
    return r;
}

static void finding_clear(struct finding *f)
{
    free(f->id);
    free(f->summary);
    free(f->summary_ja);
    free(f->source);
    json_decref(f->evidence);
}

void report_free(struct report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nfindings; i++)
        finding_clear(&r->findings[i]);
    free(r->findings);
    for (size_t i = 0; i < r->nkb; i++) {
        struct kb_hit *k = &r->kb[i];
        free(k->id);
        free(k->title);
        free(k->title_en);
        strv_free_array(k->refs, k->nrefs);
        strv_free_array(k->because, k->nbecause);
        for (size_t j = 0; j < k->nmatched; j++) {
            free(k->matched[j].file);
            free(k->matched[j].provider);
            free(k->matched[j].time);
        }
        free(k->matched);
    }
    free(r->kb);
    free(r->host);
    free(r);
}

int report_set_host(struct report *r, const char *host)
{
    char *h = strdup(host ? host : "");
    if (!h)
        return -1;
    free(r->host);
    r->host = h;
    return 0;
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* The area is the catalog's; an id missing from the catalog still gets its
 * first label, and is counted so that tests catch it. */
static const char *area_of(struct report *r, const char *id)
{
    const struct catalog_entry *c = catalog_find(id);
    if (c)
        return c->area;
    r->uncataloged++;
    return "unknown";
}

static struct finding *finding_slot(struct report *r)
{
    struct finding *p = oqs_grow(r->findings, &r->capfindings, r->nfindings + 1, sizeof *p);
    if (!p)
        return NULL;
    r->findings = p;
    struct finding *f = &r->findings[r->nfindings];
    memset(f, 0, sizeof *f);
    return f;
}

/* Where the userinfo before the '@' at s[at] starts, or at when there is
 * none: "scheme://user[:pw]@" or "user:pw@" (an e-mail address has neither). */
static size_t userinfo_start(const char *s, size_t at)
{
    size_t j = at;
    while (j > 0 && !strchr(" \t\r\n/\"'<>()[],;=@", s[j - 1]))
        j--;
    if (j == at)
        return at;
    int scheme = j >= 3 && strncmp(s + j - 3, "://", 3) == 0;
    return scheme || memchr(s + j, ':', at - j) ? j : at;
}

/* A user and password in a URL never reach a report (issue 21): the
 * proxy setting, a probe's target, a parsed line. Takes s, returns it or a
 * new string with each userinfo as "********"; NULL out of memory. */
static char *scrub_userinfo(char *s)
{
    if (!s || !strchr(s, '@'))
        return s;
    struct buf b = {0};
    size_t copied = 0;
    int bad = 0;
    for (size_t i = 0; s[i] && !bad; i++) {
        if (s[i] != '@')
            continue;
        size_t st = userinfo_start(s, i);
        if (st == i || st < copied)
            continue;
        bad = buf_append(&b, s + copied, st - copied) < 0 || buf_appends(&b, "********") < 0;
        copied = i;
    }
    if (copied == 0 && !bad) {
        buf_free(&b);
        return s;
    }
    bad = bad || buf_appends(&b, s + copied) < 0;
    free(s);
    if (bad) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b, NULL);
}

static int scrub_json(json_t *j)
{
    if (json_is_string(j)) {
        char *v = strdup(json_string_value(j));
        char *w = scrub_userinfo(v);
        int rc = w ? 0 : -1;
        if (w && w != v)
            rc = json_string_set(j, w);
        free(w);
        return rc;
    }
    const char *k;
    json_t *v;
    size_t i;
    int rc = 0;
    if (json_is_object(j))
        json_object_foreach(j, k, v) rc |= scrub_json(v);
    else if (json_is_array(j))
        json_array_foreach(j, i, v) rc |= scrub_json(v);
    return rc;
}

static int finding_fill(struct report *r, struct finding *f, const char *id, enum fstatus st,
                        const char *source, json_t *evidence, char *en, char *ja)
{
    en = scrub_userinfo(en);
    ja = scrub_userinfo(ja);
    if (evidence && scrub_json(evidence) < 0) {
        json_decref(evidence);
        evidence = NULL;
        free(en);
        en = NULL;
    }
    f->id = strdup(id);
    f->source = strdup(source ? source : "");
    f->summary = en;
    f->summary_ja = ja;
    f->status = st;
    f->evidence = evidence ? evidence : json_object();
    if (!f->id || !f->source || !f->summary || !f->summary_ja || !f->evidence) {
        finding_clear(f);
        return -1;
    }
    f->area = area_of(r, id);
    r->nfindings++;
    return 0;
}

int report_add(struct report *r, const char *id, enum fstatus st, const char *source,
               json_t *evidence, const char *en_fmt, const char *ja_fmt, ...)
{
    /* A finding left out changes the answer: the run says so (oom.h). */
    struct finding *f = finding_slot(r);
    if (!f) {
        json_decref(evidence);
        oqs_oom_note();
        return -1;
    }
    va_list ap, ap2;
    va_start(ap, ja_fmt);
    va_copy(ap2, ap);
    char *en = vformat(en_fmt, ap);
    char *ja = vformat(ja_fmt, ap2);
    va_end(ap2);
    va_end(ap);
    if (finding_fill(r, f, id, st, source, evidence, en, ja) < 0) {
        oqs_oom_note();
        return -1;
    }
    return 0;
}

int report_add_kb(struct report *r, const char *id, const char *const *refs, size_t nrefs,
                  const char *title, const char *title_en, double score,
                  const char *const *because, size_t nbecause)
{
    struct kb_hit *p = oqs_grow(r->kb, &r->capkb, r->nkb + 1, sizeof *p);
    if (!p) {
        oqs_oom_note();
        return -1;
    }
    r->kb = p;
    struct kb_hit *k = &r->kb[r->nkb];
    memset(k, 0, sizeof *k);
    k->id = strdup(id);
    k->title = strdup(title ? title : "");
    k->title_en = strdup(title_en ? title_en : "");
    k->refs = strv_dup_array(refs, nrefs);
    k->because = strv_dup_array(because, nbecause);
    k->nrefs = nrefs;
    k->nbecause = nbecause;
    k->score = score;
    if (!k->id || !k->title || !k->title_en || !k->refs || !k->because) {
        free(k->id);
        free(k->title);
        free(k->title_en);
        if (k->refs)
            strv_free_array(k->refs, nrefs);
        if (k->because)
            strv_free_array(k->because, nbecause);
        oqs_oom_note();
        return -1;
    }
    r->nkb++;
    return 0;
}

int report_kb_add_line(struct report *r, const char *kind, const char *file, unsigned long line)
{
    if (!r->nkb)
        return -1;
    struct kb_hit *k = &r->kb[r->nkb - 1];
    struct kb_line *p = realloc(k->matched, (k->nmatched + 1) * sizeof *p);
    char *f = p ? strdup(file ? file : "") : NULL;
    if (p)
        k->matched = p;
    if (!f) {
        oqs_oom_note();
        return -1;
    }
    k->matched[k->nmatched++] =
        (struct kb_line){f, line, strcmp(kind, "output") == 0 ? "output" : "log", NULL, 0, NULL};
    return 0;
}

const char *kb_line_event_label(const struct kb_line *l, char *out, size_t n)
{
    if (!n)
        return out;
    out[0] = '\0';
    if (!l->provider)
        return out;
    /* SystemTime "2026-11-30T00:12:03.5514392Z": to the second. */
    char when[40] = "";
    const char *t = l->time ? l->time : "";
    if (strlen(t) >= 19 && t[10] == 'T')
        snprintf(when, sizeof when, ", %.10s %.8s UTC", t, t + 11);
    else if (*t)
        snprintf(when, sizeof when, ", %.20s", t);
    snprintf(out, n, "%s %lu%s", l->provider, l->event_id, when);
    return out;
}

int report_kb_add_event(struct report *r, const char *file, unsigned long line,
                        const char *provider, unsigned long event_id, const char *time)
{
    if (!r->nkb)
        return -1;
    struct kb_hit *k = &r->kb[r->nkb - 1];
    for (size_t i = 0; i < k->nmatched; i++)
        if (k->matched[i].line == line && strcmp(k->matched[i].file, file ? file : "") == 0)
            return 0;
    char *pv = strdup(provider ? provider : ""), *tm = strdup(time ? time : "");
    if (!pv || !tm || report_kb_add_line(r, "log", file, line) < 0) {
        free(pv);
        free(tm);
        oqs_oom_note();
        return -1;
    }
    struct kb_line *m = &k->matched[k->nmatched - 1];
    m->kind = "event";
    m->provider = pv;
    m->event_id = event_id;
    m->time = tm;
    return 0;
}

int report_merge(struct report *dst, const struct report *src, const char *source_override)
{
    for (size_t i = 0; i < src->nfindings; i++) {
        const struct finding *s = &src->findings[i];
        struct finding *f = finding_slot(dst);
        if (!f)
            return -1;
        json_t *ev = json_deep_copy(s->evidence);
        if (finding_fill(dst, f, s->id, s->status, source_override ? source_override : s->source,
                         ev, strdup(s->summary), strdup(s->summary_ja)) < 0)
            return -1;
    }
    return 0;
}

void report_drop(struct report *r, size_t i)
{
    if (i >= r->nfindings)
        return;
    finding_clear(&r->findings[i]);
    memmove(&r->findings[i], &r->findings[i + 1], (r->nfindings - i - 1) * sizeof r->findings[0]);
    r->nfindings--;
}

void report_counts(const struct report *r, size_t counts[FST_COUNT])
{
    memset(counts, 0, FST_COUNT * sizeof counts[0]);
    for (size_t i = 0; i < r->nfindings; i++)
        counts[r->findings[i].status]++;
}

int report_judged(const struct report *r)
{
    size_t c[FST_COUNT];
    report_counts(r, c);
    return c[FST_OK] + c[FST_WARN] + c[FST_FAIL] > 0;
}

int report_exit_status(const struct report *r)
{
    enum fstatus worst = FST_SKIP;
    for (size_t i = 0; i < r->nfindings; i++)
        if (r->findings[i].status != FST_UNKNOWN)
            worst = fstatus_worse(worst, r->findings[i].status);
    return worst == FST_SKIP ? FST_UNKNOWN : (int)worst;
}

int report_unjudged_reason(const struct report *r, int ja, char *out, size_t n)
{
    if (report_judged(r))
        return 0;
    size_t c[FST_COUNT];
    report_counts(r, c);
    const struct finding *first = NULL;
    for (size_t i = 0; i < r->nfindings && !first; i++)
        if (r->findings[i].status == FST_UNKNOWN)
            first = &r->findings[i];
    if (!first)
        snprintf(out, n, ja ? "判定できた項目がありません (確認 %zu 件、省略 %zu 件)"
                            : "nothing judged: no finding came out ok, warn or fail (%zu checked, %zu skipped)",
                 r->nfindings, c[FST_SKIP]);
    else
        snprintf(out, n, ja ? "判定できた項目がありません (不明 %zu 件、省略 %zu 件): %s: %s"
                            : "nothing judged (%zu unknown, %zu skipped): %s: %s",
                 c[FST_UNKNOWN], c[FST_SKIP], first->id,
                 ja && first->summary_ja ? first->summary_ja : first->summary);
    return 1;
}

static json_t *strv_json(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

json_t *report_to_json(const struct report *r)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "format", json_integer(OQSDIAG_REPORT_FORMAT));
    json_object_set_new(doc, "tool",
                        json_pack("{s:s, s:s}", "name", OQSDIAG_NAME, "version", OQSDIAG_VERSION));
    json_object_set_new(doc, "source", json_string(r->source));
    json_object_set_new(doc, "host", json_string(r->host ? r->host : ""));
    json_object_set_new(doc, "started", json_string(r->started));
    json_object_set_new(doc, "elapsed_ms", json_integer(r->elapsed_ms));
    json_t *fa = json_array();
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        json_array_append_new(
            fa, json_pack("{s:s, s:s, s:s, s:s, s:s, s:O, s:s}", "id", f->id, "area", f->area,
                          "status", fstatus_name(f->status), "summary", f->summary,
                          "summary_ja", f->summary_ja, "evidence", f->evidence, "source",
                          f->source));
    }
    json_object_set_new(doc, "findings", fa);
    json_t *ka = json_array();
    for (size_t i = 0; i < r->nkb; i++) {
        const struct kb_hit *k = &r->kb[i];
        json_array_append_new(
            ka, json_pack("{s:s, s:o, s:s, s:s, s:f, s:o}", "id", k->id, "refs",
                          strv_json(k->refs, k->nrefs), "title", k->title, "title_en",
                          k->title_en, "score", k->score, "because",
                          strv_json(k->because, k->nbecause)));
    }
    json_object_set_new(doc, "kb", ka);
    for (size_t i = 0; i < r->nkb; i++) {
        const struct kb_hit *k = &r->kb[i];
        if (!k->nmatched)
            continue;
        json_t *m = json_array();
        for (size_t j = 0; j < k->nmatched; j++) {
            const struct kb_line *l = &k->matched[j];
            json_t *o = json_pack("{s:s, s:I, s:s}", "file", l->file, "line", (json_int_t)l->line,
                                  "kind", l->kind);
            if (o && l->provider) {
                json_object_set_new(o, "provider", json_string(l->provider));
                json_object_set_new(o, "event_id", json_integer((json_int_t)l->event_id));
                json_object_set_new(o, "time", json_string(l->time));
            }
            json_array_append_new(m, o);
        }
        json_object_set_new(json_array_get(ka, i), "matched", m);
    }
    size_t c[FST_COUNT];
    report_counts(r, c);
    json_t *sum = json_object();
    for (int i = 0; i < FST_COUNT; i++)
        json_object_set_new(sum, status_names[i], json_integer((json_int_t)c[i]));
    json_object_set_new(doc, "summary", sum);
    return doc;
}

static const char *opt_str(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int strv_from_json(const json_t *a, const char ***out, size_t *n)
{
    *n = json_is_array(a) ? json_array_size(a) : 0;
    *out = calloc(*n ? *n : 1, sizeof **out);
    if (!*out)
        return -1;
    for (size_t i = 0; i < *n; i++) {
        const char *s = json_string_value(json_array_get(a, i));
        (*out)[i] = s ? s : "";
    }
    return 0;
}

struct report *report_from_json(const json_t *doc, struct oqs_err *err)
{
    if (!json_is_object(doc)) {
        oqs_errf(err, "the document is not a JSON object");
        return NULL;
    }
    const json_t *fmt = json_object_get(doc, "format");
    if (!json_is_integer(fmt) || json_integer_value(fmt) != OQSDIAG_REPORT_FORMAT) {
        oqs_errf(err, "format: expected %d", OQSDIAG_REPORT_FORMAT);
        return NULL;
    }
    const json_t *fa = json_object_get(doc, "findings");
    if (!json_is_array(fa)) {
        oqs_errf(err, "findings: expected an array");
        return NULL;
    }
    const char *src = opt_str(doc, "source");
    struct report *r = report_new(src ? src : "live");
    if (!r) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    report_set_host(r, opt_str(doc, "host"));
    const char *started = opt_str(doc, "started");
    if (started)
        snprintf(r->started, sizeof r->started, "%s", started);
    const json_t *el = json_object_get(doc, "elapsed_ms");
    if (json_is_integer(el))
        r->elapsed_ms = json_integer_value(el);

    for (size_t i = 0; i < json_array_size(fa); i++) {
        const json_t *f = json_array_get(fa, i);
        const char *id = opt_str(f, "id"), *st = opt_str(f, "status");
        const char *sum = opt_str(f, "summary"), *sja = opt_str(f, "summary_ja");
        enum fstatus status;
        if (!id || !*id) {
            oqs_errf(err, "findings[%zu].id: expected a non-empty string", i);
            goto fail;
        }
        if (!st || fstatus_parse(st, &status) < 0) {
            oqs_errf(err, "findings[%zu].status: expected ok, warn, fail, unknown or skip", i);
            goto fail;
        }
        const json_t *ev = json_object_get(f, "evidence");
        json_t *evc = json_is_object(ev) ? json_deep_copy(ev) : json_object();
        struct finding *slot = finding_slot(r);
        if (!slot || finding_fill(r, slot, id, status, opt_str(f, "source"), evc,
                                  strdup(sum ? sum : ""), strdup(sja ? sja : (sum ? sum : ""))) < 0) {
            oqs_errf(err, "out of memory");
            goto fail;
        }
    }
    const json_t *ka = json_object_get(doc, "kb");
    for (size_t i = 0; json_is_array(ka) && i < json_array_size(ka); i++) {
        const json_t *k = json_array_get(ka, i);
        const char *id = opt_str(k, "id");
        if (!id) {
            oqs_errf(err, "kb[%zu].id: expected a string", i);
            goto fail;
        }
        const char **refs, **because;
        size_t nrefs, nbec;
        if (strv_from_json(json_object_get(k, "refs"), &refs, &nrefs) < 0)
            goto fail;
        if (strv_from_json(json_object_get(k, "because"), &because, &nbec) < 0) {
            free(refs);
            goto fail;
        }
        int rc = report_add_kb(r, id, refs, nrefs, opt_str(k, "title"), opt_str(k, "title_en"),
                               json_number_value(json_object_get(k, "score")), because, nbec);
        free(refs);
        free(because);
        if (rc < 0)
            goto fail;
        const json_t *m = json_object_get(k, "matched");
        for (size_t j = 0; json_is_array(m) && j < json_array_size(m); j++) {
            const json_t *e = json_array_get(m, j);
            const char *file = opt_str(e, "file"), *kind = opt_str(e, "kind");
            const json_t *ln = json_object_get(e, "line");
            if (!file || !json_is_integer(ln) || json_integer_value(ln) < 0) {
                oqs_errf(err, "kb[%zu].matched[%zu]: expected file and line", i, j);
                goto fail;
            }
            const json_t *eid = json_object_get(e, "event_id");
            int rc2 = kind && strcmp(kind, "event") == 0
                          ? report_kb_add_event(r, file, (unsigned long)json_integer_value(ln),
                                                opt_str(e, "provider"),
                                                json_is_integer(eid) && json_integer_value(eid) > 0
                                                    ? (unsigned long)json_integer_value(eid)
                                                    : 0,
                                                opt_str(e, "time"))
                          : report_kb_add_line(r, kind ? kind : "log", file,
                                               (unsigned long)json_integer_value(ln));
            if (rc2 < 0)
                goto fail;
        }
    }
    return r;
fail:
    report_free(r);
    return NULL;
}
