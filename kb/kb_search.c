/* Symptom search over the KB (kb_search.h). The customer reads text off a
 * Windows dialog or the OQS screen, so the query may be partial, typed in
 * half-width katakana or full-width letters, or in katakana where the entry
 * has hiragana. Ranking is BM25 (Robertson/Sparck Jones) over weighted
 * fields (BM25F), with the terms CJK analyzers of full-text engines use:
 * overlapping character bigrams for Japanese runs, words for ASCII. */
#include "kb_search.h"

#include <math.h>
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

/* Appends the normalised form of s to b. With breaks, what is dropped
 * (white space, punctuation) leaves one space, so that terms do not run
 * together; without, it leaves nothing. */
static int normalize_to(struct buf *b, const char *s, int breaks)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    unsigned last = 0;    /* the last katakana written, for voiced marks */
    size_t last_at = 0;   /* where it starts in b */
    if (buf_reserve(b, n + 1) < 0)
        return -1;
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
                b->len = last_at;
                utf8_put(b, v >= 0x30A1 && v <= 0x30F6 ? v - 0x60 : v);
            }
            last = 0;
            continue;
        }
        last = 0;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (is_dropped(c)) {
            if (breaks && b->len && b->data[b->len - 1] != ' ')
                buf_append(b, " ", 1);
            continue;
        }
        if (c >= 0x30A1 && c <= 0x30F6) {
            last = c;
            last_at = b->len;
            c -= 0x60;
        }
        utf8_put(b, c);
    }
    if (buf_reserve(b, 0) < 0)
        return -1;
    b->data[b->len] = '\0';
    return 0;
}

char *kb_search_normalize(const char *s)
{
    struct buf b = {0};
    if (normalize_to(&b, s, 0) < 0) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b, NULL);
}

/* ---------------------------------------------------------------- terms */

/* A bag of terms with a weight each (the query's; 1 for a document). */
struct terms {
    char **v;
    double *w;
    size_t n, cap;
};

static void terms_free(struct terms *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
    free(t->w);
    memset(t, 0, sizeof *t);
}

static int terms_find(const struct terms *t, const char *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i], s) == 0)
            return (int)i;
    return -1;
}

/* Adds s (len bytes); with unique, a term already there keeps the larger
 * weight instead of being added again. */
static int terms_add(struct terms *t, const char *s, size_t len, double w, int unique)
{
    if (unique) {
        for (size_t i = 0; i < t->n; i++)
            if (strlen(t->v[i]) == len && memcmp(t->v[i], s, len) == 0) {
                if (w > t->w[i])
                    t->w[i] = w;
                return 0;
            }
    }
    if (t->n == t->cap) {
        size_t cap = t->cap;
        char **v = oqs_grow(t->v, &cap, t->n + 1, sizeof *v);
        if (!v)
            return -1;
        t->v = v;
        size_t cap2 = t->cap;
        double *nw = oqs_grow(t->w, &cap2, t->n + 1, sizeof *nw);
        if (!nw)
            return -1;
        t->w = nw;
        t->cap = cap;
    }
    char *c = malloc(len + 1);
    if (!c)
        return -1;
    memcpy(c, s, len);
    c[len] = '\0';
    t->v[t->n] = c;
    t->w[t->n++] = w;
    return 0;
}

/* English words that say nothing about an entry. */
static int is_stopword(const char *w, size_t n)
{
    static const char *const stop[] = {
        "a", "an", "the", "is", "are", "was", "be", "to", "of", "and", "or", "in", "on", "at",
        "it", "its", "for", "with", "my", "i", "we", "our", "this", "that", "by", "from", "as",
        "when", "after", "before", "there", "no", "not", "do", "does", "did", "can", "cannot",
        "what", "how", "why", "which", "while", "will", "into", "than", "then", "so", "if", "s",
    };
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
        if (strlen(stop[i]) == n && memcmp(stop[i], w, n) == 0)
            return 1;
    return 0;
}

/* A light English stemmer, enough for failed/fails/fail and
 * certificates/certificate to meet: -s (not -ss), then -ed or -ing on
 * words of five letters or more, then a final -e. */
static size_t stem(const char *w, size_t n)
{
    if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
        n--;
    if (n >= 5 && memcmp(w + n - 2, "ed", 2) == 0)
        n -= 2;
    else if (n >= 6 && memcmp(w + n - 3, "ing", 3) == 0)
        n -= 3;
    if (n > 3 && w[n - 1] == 'e')
        n--;
    return n;
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* "補" (U+88DC) in UTF-8: 補N is one term, so that 補2 does not find 補24. */
#define HO "\xe8\xa3\x9c"

/* Splits normalised text (with breaks) into terms: each run of ASCII
 * letters and digits is a word, each run of other characters gives its
 * overlapping bigrams (a run of one character gives itself). */
static int tokenize(const char *s, struct terms *out, double w, int unique)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (is_word_byte(*p)) {
            const unsigned char *a = p;
            while (is_word_byte(*p))
                p++;
            size_t n = (size_t)(p - a);
            if (!is_stopword((const char *)a, n) &&
                terms_add(out, (const char *)a, stem((const char *)a, n), w, unique) < 0)
                return -1;
            continue;
        }
        /* A run of characters other than ASCII. */
        const unsigned char *prev = NULL;
        size_t run = 0;
        while (*p && *p != ' ' && !is_word_byte(*p)) {
            unsigned cp;
            size_t k = utf8_decode(p, strlen((const char *)p), &cp);
            if (k == 3 && memcmp(p, HO, 3) == 0 && p[3] >= '0' && p[3] <= '9') {
                const unsigned char *d = p + 3;
                while (*d >= '0' && *d <= '9')
                    d++;
                if (terms_add(out, (const char *)p, (size_t)(d - p), w, unique) < 0)
                    return -1;
                p = d;
                prev = NULL;
                run = 0;
                break;
            }
            if (prev && terms_add(out, (const char *)prev, (size_t)(p + k - prev), w, unique) < 0)
                return -1;
            prev = p;
            p += k;
            run++;
        }
        if (run == 1 && terms_add(out, (const char *)prev, (size_t)(p - prev), w, unique) < 0)
            return -1;
    }
    return 0;
}

static int tokenize_text(const char *text, struct terms *out, double w, int unique)
{
    struct buf b = {0};
    int rc = normalize_to(&b, text, 1) < 0 ? -1 : tokenize(b.data, out, w, unique);
    buf_free(&b);
    return rc;
}

/* ---------------------------------------------------------------- synonyms */

static const char *const *const synonyms[] = {
#define SYNONYMS(...) (const char *const[]){__VA_ARGS__},
#include "synonyms.def"
#undef SYNONYMS
};
#define NSYN (sizeof synonyms / sizeof synonyms[0])

/* Weight of a term that only a synonym of a typed word brought in. */
#define SYN_WEIGHT 0.5

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* Whether the query holds word: an ASCII word as whole words (its terms
 * all among the query's), anything else as a substring of the query. */
static int query_has(const char *word, const char *nq_flat, const struct terms *qt)
{
    if (!is_ascii(word)) {
        char *nw = kb_search_normalize(word);
        int has = nw && *nw && strstr(nq_flat, nw) != NULL;
        free(nw);
        return has;
    }
    struct terms wt = {0};
    int has = tokenize_text(word, &wt, 1, 1) == 0 && wt.n > 0;
    for (size_t i = 0; has && i < wt.n; i++)
        has = terms_find(qt, wt.v[i]) >= 0;
    terms_free(&wt);
    return has;
}

static int expand_synonyms(const char *nq_flat, struct terms *qt)
{
    size_t typed = qt->n;
    struct terms base = {qt->v, qt->w, typed, typed};
    for (size_t g = 0; g < NSYN; g++) {
        int hit = 0;
        for (const char *const *w = synonyms[g]; *w && !hit; w++)
            hit = query_has(*w, nq_flat, &base);
        if (!hit)
            continue;
        for (const char *const *w = synonyms[g]; *w; w++)
            if (tokenize_text(*w, qt, SYN_WEIGHT, 1) < 0)
                return -1;
        base.v = qt->v;
        base.w = qt->w;
    }
    return 0;
}

/* ---------------------------------------------------------------- fields */

/* The fields searched and their weights: what the customer reads off the
 * screen (titles, symptoms, the manual's headings) counts most, then the
 * entry's keywords and causes, then the fix steps. */
enum { F_TITLE, F_SYMPTOM, F_HEADING, F_KEYWORDS, F_REFS, F_CAUSE, F_FIX, F_COUNT };

static const struct {
    const char *name;
    double weight;
} fields[F_COUNT] = {
    [F_TITLE] = {"title.ja", 3.0},   [F_SYMPTOM] = {"symptom", 2.5},
    [F_HEADING] = {"section", 1.5},  [F_KEYWORDS] = {"keywords", 2.0},
    [F_REFS] = {"refs", 2.0},        [F_CAUSE] = {"cause", 1.0},
    [F_FIX] = {"fix", 0.6},
};

/* BM25 constants (the usual ones). */
#define BM25_K1 1.2
#define BM25_B 0.75

struct doc {
    struct terms f[F_COUNT];
    char *flat[F_COUNT]; /* normalised, without breaks: for whole-phrase hits */
};

static int add_field(struct doc *d, int f, const char *text)
{
    if (!text)
        return 0;
    if (tokenize_text(text, &d->f[f], 1, 0) < 0)
        return -1;
    char *nt = kb_search_normalize(text);
    if (!nt)
        return -1;
    struct buf b = {0};
    if (buf_appendf(&b, "%s\n%s", d->flat[f] ? d->flat[f] : "", nt) < 0) {
        free(nt);
        buf_free(&b);
        return -1;
    }
    free(nt);
    free(d->flat[f]);
    d->flat[f] = buf_steal(&b, NULL);
    return d->flat[f] ? 0 : -1;
}

static int add_fields(struct doc *d, int f, const struct strv *v)
{
    for (size_t i = 0; i < v->n; i++)
        if (add_field(d, f, v->v[i]) < 0)
            return -1;
    return 0;
}

static int doc_build(struct doc *d, const struct kb_entry *e)
{
    memset(d, 0, sizeof *d);
    if (add_field(d, F_TITLE, e->title_ja) < 0 || add_field(d, F_TITLE, e->title_en) < 0 ||
        add_fields(d, F_SYMPTOM, &e->symptom) < 0 || add_fields(d, F_SYMPTOM, &e->symptom_en) < 0 ||
        add_field(d, F_HEADING, e->section) < 0 || add_fields(d, F_HEADING, &e->heading) < 0 ||
        add_field(d, F_KEYWORDS, e->keywords) < 0 || add_fields(d, F_REFS, &e->refs) < 0 ||
        add_fields(d, F_CAUSE, &e->cause) < 0 || add_fields(d, F_CAUSE, &e->cause_en) < 0 ||
        add_fields(d, F_FIX, &e->fix) < 0 || add_field(d, F_FIX, e->fix_en) < 0)
        return -1;
    return 0;
}

static void doc_free(struct doc *d)
{
    for (int f = 0; f < F_COUNT; f++) {
        terms_free(&d->f[f]);
        free(d->flat[f]);
    }
}

static size_t count_in(const struct terms *t, const char *s)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += strcmp(t->v[i], s) == 0;
    return n;
}

static int cmp_hits(const void *a, const void *b)
{
    const struct kb_search_hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->e->id, y->e->id);
}

/* Below this share of the query's weight, a hit is noise. */
#define KB_SEARCH_MIN 0.12
/* Added when the whole query occurs in a field as typed. */
#define PHRASE_BONUS 0.25

struct index {
    struct doc *docs;
    size_t n;
    double avglen[F_COUNT];
};

static void index_free(struct index *ix)
{
    for (size_t i = 0; i < ix->n; i++)
        doc_free(&ix->docs[i]);
    free(ix->docs);
}

static int index_build(const struct kb *kb, struct index *ix)
{
    memset(ix, 0, sizeof *ix);
    ix->docs = calloc(kb_count(kb) ? kb_count(kb) : 1, sizeof *ix->docs);
    if (!ix->docs)
        return -1;
    for (size_t i = 0; i < kb_count(kb); i++) {
        ix->n = i + 1;
        if (doc_build(&ix->docs[i], kb_at(kb, i)) < 0)
            return -1;
        for (int f = 0; f < F_COUNT; f++)
            ix->avglen[f] += (double)ix->docs[i].f[f].n;
    }
    for (int f = 0; f < F_COUNT; f++)
        ix->avglen[f] = ix->n ? ix->avglen[f] / (double)ix->n : 0;
    return 0;
}

/* BM25F of one document: each field's term frequency, length-normalised
 * and weighted, summed before saturation. Returns the share of the query's
 * total weight (0..1) and the field that gave most. */
static double score_doc(const struct index *ix, const struct doc *d, const struct terms *q,
                        const double *idf, const char **field)
{
    double total = 0, got = 0, per_field[F_COUNT] = {0};
    for (size_t t = 0; t < q->n; t++) {
        double qw = q->w[t] * idf[t];
        total += qw;
        double tfn = 0, part[F_COUNT] = {0};
        for (int f = 0; f < F_COUNT; f++) {
            size_t tf = count_in(&d->f[f], q->v[t]);
            if (!tf)
                continue;
            double len = (double)d->f[f].n, avg = ix->avglen[f] > 0 ? ix->avglen[f] : 1;
            part[f] = fields[f].weight * (double)tf / (1 - BM25_B + BM25_B * len / avg);
            tfn += part[f];
        }
        if (tfn <= 0)
            continue;
        double s = qw * tfn / (BM25_K1 + tfn);
        got += s;
        for (int f = 0; f < F_COUNT; f++)
            per_field[f] += s * part[f] / tfn;
    }
    int best = 0;
    for (int f = 1; f < F_COUNT; f++)
        if (per_field[f] > per_field[best])
            best = f;
    *field = fields[best].name;
    return total > 0 ? got / total : 0;
}

/* The field in which the whole query occurs: a symptom first (what the
 * customer reads off the screen), then the others by weight. */
static int phrase_field(const struct doc *d, const char *nq_flat)
{
    int best = -1;
    /* A phrase of one or two characters is too common to count. */
    if (strlen(nq_flat) < 6)
        return -1;
    if (d->flat[F_SYMPTOM] && strstr(d->flat[F_SYMPTOM], nq_flat))
        return F_SYMPTOM;
    for (int f = 0; f < F_COUNT; f++)
        if (d->flat[f] && strstr(d->flat[f], nq_flat) &&
            (best < 0 || fields[f].weight > fields[best].weight))
            best = f;
    return best;
}

static int query_terms(const char *query, char **nq_flat, struct terms *qt)
{
    memset(qt, 0, sizeof *qt);
    *nq_flat = kb_search_normalize(query);
    if (!*nq_flat || tokenize_text(query, qt, 1, 1) < 0 || expand_synonyms(*nq_flat, qt) < 0)
        return -1;
    return 0;
}

int kb_search(const struct kb *kb, const char *query, struct kb_search_hit **hits, size_t *n,
              struct oqs_err *err)
{
    *hits = NULL;
    *n = 0;
    char *nq = NULL;
    struct terms qt;
    struct index ix;
    double *idf = NULL;
    struct kb_search_hit *h = NULL;
    int rc = -1;
    if (query_terms(query, &nq, &qt) < 0 || index_build(kb, &ix) < 0) {
        oqs_errf(err, "out of memory");
        goto out_q;
    }
    if (!*nq || qt.n == 0) {
        oqs_errf(err, "the search text has no letters");
        goto out;
    }
    idf = calloc(qt.n, sizeof *idf);
    h = calloc(ix.n ? ix.n : 1, sizeof *h);
    if (!idf || !h) {
        oqs_errf(err, "out of memory");
        goto out;
    }
    for (size_t t = 0; t < qt.n; t++) {
        size_t df = 0;
        for (size_t i = 0; i < ix.n; i++)
            for (int f = 0; f < F_COUNT; f++)
                if (terms_find(&ix.docs[i].f[f], qt.v[t]) >= 0) {
                    df++;
                    break;
                }
        idf[t] = log(1 + ((double)ix.n - (double)df + 0.5) / ((double)df + 0.5));
    }
    size_t k = 0;
    for (size_t i = 0; i < ix.n; i++) {
        const struct kb_entry *e = kb_at(kb, i);
        const char *field = NULL;
        double s;
        /* An id typed in full finds its entry; a part of one finds nothing. */
        if (strcmp(nq, e->id) == 0 || strcmp(query, e->id) == 0) {
            s = 1.0;
            field = "id";
        } else {
            s = score_doc(&ix, &ix.docs[i], &qt, idf, &field);
            int pf = phrase_field(&ix.docs[i], nq);
            if (pf >= 0) {
                s = s + PHRASE_BONUS > 0.99 ? 0.99 : s + PHRASE_BONUS;
                field = fields[pf].name;
            }
        }
        if (s >= KB_SEARCH_MIN) {
            h[k].e = e;
            h[k].score = s;
            h[k].field = field;
            k++;
        }
    }
    qsort(h, k, sizeof *h, cmp_hits);
    *hits = h;
    *n = k;
    h = NULL;
    rc = 0;
out:
    index_free(&ix);
out_q:
    free(h);
    free(idf);
    terms_free(&qt);
    free(nq);
    return rc;
}
