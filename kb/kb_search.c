/* Symptom search over the KB (kb_search.h). The customer reads text off a
 * Windows dialog or the OQS screen, so the query may be partial, typed in
 * half-width katakana or full-width letters, or in katakana where the entry
 * has hiragana. */
#include "kb_search.h"

#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"

static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    if (len == 1) {
        *cp = c;
        return 1;
    }
    unsigned v = c & (0xFF >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return len;
}

static void utf8_put(struct buf *b, unsigned cp)
{
    char o[4];
    size_t n;
    if (cp < 0x80) {
        o[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_append(b, o, n);
}

/* Half-width katakana U+FF61..U+FF9D to their full-width forms. */
static const unsigned short halfwidth[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3,
};

/* Katakana that take a voiced mark (+1) and, for the ha row, a semi-voiced
 * mark (+2). */
static int voiceable(unsigned k)
{
    return (k >= 0x30AB && k <= 0x30C2 && (k & 1)) || k == 0x30C4 || k == 0x30C6 ||
           k == 0x30C8 || (k >= 0x30CF && k <= 0x30DB && (k - 0x30CF) % 3 == 0) || k == 0x30A6;
}

static int is_dropped(unsigned c)
{
    if (c <= 0x20 || c == 0x7F || c == 0xFFFD)
        return 1;
    if (c < 0x80)
        return strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", (int)c) != NULL;
    /* 、。〃「」『』【】〔〕・゛゜ and the like, …, ‥, ※ */
    return (c >= 0x3000 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) ||
           (c >= 0x3014 && c <= 0x301F) || c == 0x30FB || c == 0x309B || c == 0x309C ||
           c == 0x2026 || c == 0x2025 || c == 0x203B || c == 0x2018 || c == 0x2019 ||
           c == 0x201C || c == 0x201D;
}

char *kb_search_normalize(const char *s)
{
    struct buf b = {0};
    buf_reserve(&b, strlen(s));
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    unsigned last = 0;    /* the last katakana written, for voiced marks */
    size_t last_at = 0;   /* where it starts in b */
    while (n) {
        unsigned c;
        size_t k = utf8_decode(p, n, &c);
        p += k;
        n -= k;
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;
        else if (c >= 0xFF61 && c <= 0xFF9D)
            c = halfwidth[c - 0xFF61];
        /* Voiced marks (half-width, spacing or combining) join the kana. */
        if (c == 0xFF9E || c == 0xFF9F || c == 0x309B || c == 0x309C || c == 0x3099 ||
            c == 0x309A) {
            int semi = c == 0xFF9F || c == 0x309C || c == 0x309A;
            if (last && voiceable(last) && (!semi || (last >= 0x30CF && last <= 0x30DB))) {
                unsigned v = last == 0x30A6 ? 0x30F4 : last + (semi ? 2u : 1u);
                b.len = last_at;
                utf8_put(&b, v >= 0x30A1 && v <= 0x30F6 ? v - 0x60 : v);
            }
            last = 0;
            continue;
        }
        last = 0;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (is_dropped(c))
            continue;
        if (c >= 0x30A1 && c <= 0x30F6) {
            last = c;
            last_at = b.len;
            c -= 0x60;
        }
        utf8_put(&b, c);
    }
    if (buf_reserve(&b, 0) < 0) {
        buf_free(&b);
        return NULL;
    }
    b.data[b.len] = '\0';
    return buf_steal(&b, NULL);
}

/* Share of the query's two-character pieces found in text; 1 when the
 * whole query is a substring. */
static double coverage(const char *q, const char *text)
{
    if (!*q)
        return 0;
    if (strstr(text, q))
        return 1.0;
    const unsigned char *p = (const unsigned char *)q;
    size_t n = strlen(q), total = 0, found = 0;
    unsigned cp;
    while (n) {
        size_t a = utf8_decode(p, n, &cp);
        if (a >= n)
            break;
        size_t b = utf8_decode(p + a, n - a, &cp);
        char pair[9];
        memcpy(pair, p, a + b);
        pair[a + b] = '\0';
        total++;
        found += strstr(text, pair) != NULL;
        p += a;
        n -= a;
    }
    /* Below 0.99 so a near match never ties an exact one. */
    return total ? 0.99 * (double)found / (double)total : 0;
}

struct field_ref {
    const char *key;
    double weight;
};

static double best_in(const char *nq, const char *key, double w, const char *text,
                      double best, const char **where)
{
    if (!text)
        return best;
    char *nt = kb_search_normalize(text);
    if (!nt)
        return best;
    double s = w * coverage(nq, nt);
    free(nt);
    if (s > best) {
        *where = key;
        return s;
    }
    return best;
}

static double score_entry(const struct kb_entry *e, const char *nq, const char **where)
{
    double best = 0;
    /* What the customer reads off the screen is in the symptoms first. */
    for (size_t i = 0; i < e->symptom.n; i++)
        best = best_in(nq, "symptom", 1.0, e->symptom.v[i], best, where);
    best = best_in(nq, "title.ja", 0.95, e->title_ja, best, where);
    best = best_in(nq, "keywords", 0.9, e->keywords, best, where);
    best = best_in(nq, "id", 0.9, e->id, best, where);
    for (size_t i = 0; i < e->cause.n; i++)
        best = best_in(nq, "cause", 0.85, e->cause.v[i], best, where);
    for (size_t i = 0; i < e->fix.n; i++)
        best = best_in(nq, "fix", 0.8, e->fix.v[i], best, where);
    best = best_in(nq, "title.en", 0.9, e->title_en, best, where);
    for (size_t i = 0; i < e->symptom_en.n; i++)
        best = best_in(nq, "symptom.en", 0.9, e->symptom_en.v[i], best, where);
    for (size_t i = 0; i < e->cause_en.n; i++)
        best = best_in(nq, "cause.en", 0.8, e->cause_en.v[i], best, where);
    best = best_in(nq, "fix.en", 0.75, e->fix_en, best, where);
    best = best_in(nq, "section", 0.7, e->section, best, where);
    for (size_t i = 0; i < e->refs.n; i++)
        best = best_in(nq, "refs", 0.9, e->refs.v[i], best, where);
    return best;
}

static int cmp_hits(const void *a, const void *b)
{
    const struct kb_search_hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->e->id, y->e->id);
}

/* A hit below this share of the query's pieces is noise. */
#define KB_SEARCH_MIN 0.5

int kb_search(const struct kb *kb, const char *query, struct kb_search_hit **hits, size_t *n,
              struct oqs_err *err)
{
    *hits = NULL;
    *n = 0;
    char *nq = kb_search_normalize(query);
    if (!nq)
        return oqs_errf(err, "out of memory");
    if (!*nq) {
        free(nq);
        return oqs_errf(err, "the search text has no letters");
    }
    struct kb_search_hit *h = calloc(kb_count(kb) ? kb_count(kb) : 1, sizeof *h);
    if (!h) {
        free(nq);
        return oqs_errf(err, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < kb_count(kb); i++) {
        const char *where = NULL;
        double s = score_entry(kb_at(kb, i), nq, &where);
        if (s >= KB_SEARCH_MIN) {
            h[k].e = kb_at(kb, i);
            h[k].score = s;
            h[k].field = where;
            k++;
        }
    }
    free(nq);
    qsort(h, k, sizeof *h, cmp_hits);
    *hits = h;
    *n = k;
    return 0;
}
