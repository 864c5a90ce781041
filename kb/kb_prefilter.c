/* Literal prefilter of the log scan (kb_prefilter.h, docs/perf.md).
 * Correctness rests on three facts, each checked rather than assumed:
 * - a literal is only taken from a part of the pattern that every match of
 *   that alternative must contain (a prefix before any metacharacter,
 *   quantifier or group); anything else gives no literal and no prefilter;
 * - caseless matching (PCRE2_UTF|PCRE2_UCP) equates ASCII letters only with
 *   ASCII letters, except s~U+017F and k~U+212A: blocks holding those go the
 *   full path, and only ASCII, kana and CJK ideographs (no case) are taken;
 * - a CP932 line holds a literal's CP932 bytes whenever its decoding holds
 *   the literal: the CP932 form is read off the decoder's own table, and cut
 *   before any character that more than one CP932 code decodes to. */
#include "kb_prefilter.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../core/encoding.h"
#include "../core/platform.h"

#define PF_MAX_PER_PATTERN 16
/* Shorter literals would make nearly every line a candidate. */
#define PF_MIN_LEN 3

struct lit {
    unsigned char s[KB_PF_LIT_MAX];
    size_t n;
    size_t anchor;          /* offset of the byte pair looked up */
    unsigned char next;     /* 1 + the next literal with the same pair */
};

/* first2 marks of the two sequences that end a block's prefiltering. */
#define PF_PARTNER 255
#define PF_MAX_LITS 250

struct kb_prefilter {
    struct lit *lit;
    size_t nlit, litcap;
    /* 1 + the first literal anchored at a folded byte pair (0: none);
     * one pass over a block looks each position up here and compares only
     * on a hit. PF_PARTNER: the start of U+017F or U+212A. The anchors
     * are chosen on the first block: each literal's rarest pair there. */
    unsigned char first2[65536];
    int tuned;
    unsigned char lower[256];
    size_t *cand;           /* candidate line starts of a block */
    size_t ncand, candcap;
};

static int is_meta(unsigned char c)
{
    return c && strchr("\\()[]{}.*+?|^$", c) != NULL;
}

/* Length of the UTF-8 character at s (0 when invalid) and its code point. */
static size_t u8char(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (!len || len > n || !enc_valid_utf8(s, len))
        return 0;
    *cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < len; k++)
        *cp = (*cp << 6) | (s[k] & 0x3F);
    return len;
}

/* Characters without case partners outside themselves (see the top). */
static int caseless_safe(unsigned cp)
{
    return (cp >= 0x20 && cp < 0x7F) || (cp >= 0x3000 && cp <= 0x30FF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF);
}

/* The literal prefix of one alternative a[0..n). */
static size_t alt_prefix(const unsigned char *a, size_t n, unsigned char *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        const unsigned char *src = a + i;
        size_t clen, adv;
        unsigned cp;
        if (a[i] == '\\') {
            /* Only an escaped punctuation character is itself. */
            if (i + 1 >= n || a[i + 1] < 0x21 || a[i + 1] > 0x7E ||
                (a[i + 1] >= '0' && a[i + 1] <= '9') || ((a[i + 1] | 0x20) >= 'a' && (a[i + 1] | 0x20) <= 'z'))
                break;
            src = a + i + 1;
            clen = 1;
            adv = 2;
        } else if (is_meta(a[i])) {
            break;
        } else {
            clen = u8char(a + i, n - i, &cp);
            if (!clen || !caseless_safe(cp))
                break;
            adv = clen;
        }
        size_t j = i + adv;
        /* A character made optional or counted is not required. */
        if (j < n && (a[j] == '?' || a[j] == '*' || a[j] == '{'))
            break;
        if (o + clen >= KB_PF_LIT_MAX)
            break;
        memcpy(out + o, src, clen);
        o += clen;
        i = j;
        if (j < n && a[j] == '+')
            break;
    }
    out[o] = '\0';
    return o;
}

/* Index just past the ')' closing the '(' at s[at], or 0 when unbalanced.
 * Escapes and character classes are skipped. */
static size_t group_end(const unsigned char *s, size_t n, size_t at)
{
    int depth = 0;
    for (size_t i = at; i < n; i++) {
        if (s[i] == '\\') {
            i++;
        } else if (s[i] == '[') {
            i++;
            if (i < n && s[i] == '^')
                i++;
            if (i < n && s[i] == ']')
                i++;
            while (i < n && s[i] != ']') {
                if (s[i] == '\\')
                    i++;
                i++;
            }
        } else if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return 0;
}

/* Literals of s[0..n): one or more per top-level alternative; 0 when some
 * alternative has none. */
static size_t literals(const unsigned char *s, size_t n, char (*out)[KB_PF_LIT_MAX], size_t max,
                       int depth)
{
    if (depth > 8)
        return 0;
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '|') {
            if (s[i] == '(' || s[i] == '[' || s[i] == '\\') {
                /* Skip the whole group, class or escape. */
                size_t e;
                if (s[i] == '(') {
                    e = group_end(s, n, i);
                    if (!e)
                        return 0;
                    i = e - 1;
                } else if (s[i] == '\\') {
                    i++;
                } else {
                    size_t j = i + 1;
                    if (j < n && s[j] == '^')
                        j++;
                    if (j < n && s[j] == ']')
                        j++;
                    while (j < n && s[j] != ']')
                        j += s[j] == '\\' ? 2 : 1;
                    if (j >= n)
                        return 0;
                    i = j;
                }
            }
            continue;
        }
        /* One alternative: s[start..i). */
        const unsigned char *a = s + start;
        size_t an = i - start;
        if (an >= 3 && memcmp(a, "(?:", 3) == 0) {
            size_t e = group_end(a, an, 0);
            if (!e || (e < an && (a[e] == '?' || a[e] == '*' || a[e] == '{')))
                return 0;
            size_t got = literals(a + 3, e - 4, out + k, max - k, depth + 1);
            if (!got)
                return 0;
            k += got;
        } else {
            if (k >= max)
                return 0;
            if (alt_prefix(a, an, (unsigned char *)out[k]) < PF_MIN_LEN)
                return 0;
            k++;
        }
        start = i + 1;
    }
    return k;
}

size_t kb_prefilter_literals(const char *pattern, char (*out)[KB_PF_LIT_MAX], size_t max)
{
    const char *p = pattern;
    /* Case-sensitive: searching caselessly only finds more. */
    if (strncmp(p, "(?-i)", 5) == 0)
        p += 5;
    /* \Q...\E quotes metacharacters; not worth reading. */
    if (strstr(p, "\\Q") || !max)
        return 0;
    return literals((const unsigned char *)p, strlen(p), out, max, 0);
}

static void fold(unsigned char *d, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)((unsigned)s[i] - 'A' < 26u ? s[i] | 0x20 : s[i]);
}

/* U+017F and U+212A, which caseless matching equates with s and k. */
static int has_ascii_partner(const char *s)
{
    return strstr(s, "\xC5\xBF") || strstr(s, "\xE2\x84\xAA");
}

/* CP932's decoding table, from the decoder itself: every code (single
 * bytes and lead/trail pairs) on its own line, decoded in one call. */
struct cp932_table {
    unsigned short *code;
    const char **dec;       /* NUL-terminated lines inside text */
    size_t n;
    char *text;
    struct cp_code *bycp;   /* sorted by code point */
};

/* A code and the one character it decodes to. */
struct cp_code {
    unsigned cp;
    unsigned short code;
};

static int cmp_cp(const void *a, const void *b)
{
    unsigned x = ((const struct cp_code *)a)->cp, y = ((const struct cp_code *)b)->cp;
    return x < y ? -1 : x > y;
}

static int table_build(struct cp932_table *t)
{
    memset(t, 0, sizeof *t);
    size_t cap = 256 + 60 * 189;
    unsigned char *in = malloc(cap * 3);
    t->code = malloc(cap * sizeof *t->code);
    t->dec = malloc(cap * sizeof *t->dec);
    if (!in || !t->code || !t->dec) {
        free(in);
        return -1;
    }
    size_t len = 0;
    for (unsigned c = 0x20; c < 0x100; c++) {
        if (c == 0x7F || (c >= 0x80 && c < 0xA1) || c >= 0xE0)
            continue;
        in[len++] = (unsigned char)c;
        in[len++] = '\n';
        t->code[t->n++] = (unsigned short)c;
    }
    for (unsigned lead = 0x81; lead <= 0xFC; lead++) {
        if (lead > 0x9F && lead < 0xE0)
            continue;
        for (unsigned tr = 0x40; tr <= 0xFC; tr++) {
            if (tr == 0x7F)
                continue;
            in[len++] = (unsigned char)lead;
            in[len++] = (unsigned char)tr;
            in[len++] = '\n';
            t->code[t->n++] = (unsigned short)(lead << 8 | tr);
        }
    }
    size_t un = 0;
    int rc = enc_to_utf8(in, len, ENC_CP932, &t->text, &un, NULL, NULL);
    free(in);
    if (rc < 0)
        return -1;
    size_t line = 0;
    for (char *p = t->text, *end = t->text + un; p < end && line < t->n;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return -1;
        *nl = '\0';
        t->dec[line++] = p;
        p = nl + 1;
    }
    /* The decoder kept one line per code, or the table cannot be read. */
    if (line != t->n)
        return -1;
    t->bycp = malloc(t->n * sizeof *t->bycp);
    if (!t->bycp)
        return -1;
    for (size_t k = 0; k < t->n; k++) {
        const char *d = t->dec[k];
        size_t dl = strlen(d);
        unsigned cp = 0;
        /* A code that decodes to one character has it; others (U+FFFD
         * pairs of an unassigned code) none a literal can hold. */
        if (u8char((const unsigned char *)d, dl, &cp) != dl || !dl)
            cp = 0xFFFFFFFFu;
        if (has_ascii_partner(d))
            return -1;
        t->bycp[k].cp = cp;
        t->bycp[k].code = t->code[k];
    }
    qsort(t->bycp, t->n, sizeof *t->bycp, cmp_cp);
    return 0;
}

/* Built once per process and never freed: every prefilter reads it. The
 * first caller builds it; others wait (it takes about a millisecond). */
static struct cp932_table g_table;
static atomic_int g_table_state; /* 0 none, 1 building, 2 ready, 3 failed */

static const struct cp932_table *table_get(void)
{
    int st = 0;
    if (atomic_compare_exchange_strong(&g_table_state, &st, 1)) {
        st = table_build(&g_table) == 0 ? 2 : 3;
        atomic_store(&g_table_state, st);
    }
    while ((st = atomic_load(&g_table_state)) == 1)
        ;
    return st == 2 ? &g_table : NULL;
}

/* The CP932 form of the UTF-8 literal u (cut before an ambiguous
 * character), in out; 0 when no CP932 line can hold it (a character
 * without a code), else its length. */
static size_t to_cp932(const struct cp932_table *t, const struct lit *u, unsigned char *out,
                       int *cut)
{
    size_t o = 0;
    *cut = 0;
    for (size_t i = 0; i < u->n;) {
        unsigned cp;
        size_t cl = u8char(u->s + i, u->n - i, &cp);
        if (!cl)
            break;
        /* The first entry not below cp, then every equal one. */
        size_t lo = 0, hi = t->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (t->bycp[mid].cp < cp)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t found = 0;
        unsigned short code = 0;
        for (size_t k = lo; k < t->n && t->bycp[k].cp == cp; k++)
            if (++found == 1)
                code = t->bycp[k].code;
        if (found == 0)
            return 0;
        if (found > 1) {
            *cut = 1;
            break;
        }
        if (code > 0xFF)
            out[o++] = (unsigned char)(code >> 8);
        out[o++] = (unsigned char)(code & 0xFF);
        i += cl;
    }
    return o;
}

static unsigned pair_at(const struct lit *l, size_t o)
{
    return (unsigned)l->s[o] << 8 | l->s[o + 1];
}

static int forbidden(unsigned pair)
{
    return pair == 0xC5BF || pair == 0xE284;
}

/* Anchors literal k at offset o (chained at the head: every literal of a
 * pair is compared). */
static void link_lit(struct kb_prefilter *pf, size_t k, size_t o)
{
    struct lit *l = &pf->lit[k];
    l->anchor = o;
    l->next = pf->first2[pair_at(l, o)];
    pf->first2[pair_at(l, o)] = (unsigned char)(k + 1);
}

/* Re-anchors every literal at its pair rarest in the block p[0..n). */
static void tune(struct kb_prefilter *pf, const unsigned char *p, size_t n)
{
    pf->tuned = 1;
    unsigned *count = calloc(65536, sizeof *count);
    if (!count)
        return;
    for (size_t i = 0; i + 1 < n; i++)
        count[pf->lower[p[i]] << 8 | pf->lower[p[i + 1]]]++;
    for (size_t k = 0; k < pf->nlit; k++)
        pf->first2[pair_at(&pf->lit[k], pf->lit[k].anchor)] = 0;
    for (size_t k = 0; k < pf->nlit; k++) {
        const struct lit *l = &pf->lit[k];
        size_t best = 0;
        for (size_t o = 1; o + 1 < l->n; o++)
            if (!forbidden(pair_at(l, o)) &&
                (forbidden(pair_at(l, best)) || count[pair_at(l, o)] < count[pair_at(l, best)]))
                best = o;
        link_lit(pf, k, best);
    }
    free(count);
}

static int add_lit(struct kb_prefilter *pf, const unsigned char *s, size_t n)
{
    unsigned char f[KB_PF_LIT_MAX];
    fold(f, s, n);
    for (size_t i = 0; i < pf->nlit; i++)
        if (pf->lit[i].n == n && memcmp(pf->lit[i].s, f, n) == 0)
            return 0;
    size_t o = 0;
    while (o + 1 < n && forbidden((unsigned)f[o] << 8 | f[o + 1]))
        o++;
    if (pf->nlit >= PF_MAX_LITS || o + 1 >= n)
        return -1;
    struct lit *nl = oqs_grow(pf->lit, &pf->litcap, pf->nlit + 1, sizeof *nl);
    if (!nl)
        return -1;
    pf->lit = nl;
    memcpy(nl[pf->nlit].s, f, n);
    nl[pf->nlit].n = n;
    pf->nlit++;
    link_lit(pf, pf->nlit - 1, o);
    return 0;
}

struct kb_prefilter *kb_prefilter_new(const char *const *patterns, size_t n)
{
    struct kb_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf)
        return NULL;
    for (unsigned c = 0; c < 256; c++)
        pf->lower[c] = (unsigned char)(c - 'A' < 26u ? c | 0x20 : c);
    const struct cp932_table *t = table_get();
    int ok = t != NULL;
    pf->first2[0xC5BF] = PF_PARTNER;
    pf->first2[0xE284] = PF_PARTNER;
    char lits[PF_MAX_PER_PATTERN][KB_PF_LIT_MAX];
    for (size_t i = 0; ok && i < n; i++) {
        size_t m = kb_prefilter_literals(patterns[i], lits, PF_MAX_PER_PATTERN);
        ok = m > 0;
        for (size_t j = 0; ok && j < m; j++) {
            struct lit u;
            u.n = strlen(lits[j]);
            memcpy(u.s, lits[j], u.n);
            unsigned char c[KB_PF_LIT_MAX * 2];
            int cut;
            size_t cn = to_cp932(t, &u, c, &cut);
            ok = add_lit(pf, u.s, u.n) == 0;
            if (ok && (cn || cut)) {
                ok = cn >= 2 && cn < KB_PF_LIT_MAX;
                if (ok)
                    ok = add_lit(pf, c, cn) == 0;
            }
        }
    }
    if (!ok) {
        kb_prefilter_free(pf);
        return NULL;
    }
    return pf;
}

void kb_prefilter_free(struct kb_prefilter *pf)
{
    if (!pf)
        return;
    free(pf->lit);
    free(pf->cand);
    free(pf);
}

static int add_cand(struct kb_prefilter *pf, size_t at)
{
    size_t *c = oqs_grow(pf->cand, &pf->candcap, pf->ncand + 1, sizeof *c);
    if (!c)
        return -1;
    pf->cand = c;
    pf->cand[pf->ncand++] = at;
    return 0;
}

int kb_prefilter_block(struct kb_prefilter *pf, const unsigned char *p, size_t n,
                       void (*cb)(void *ud, size_t off, size_t len, size_t idx), void *ud)
{
    const unsigned char *lc = pf->lower;
    if (!pf->tuned)
        tune(pf, p, n);
    pf->ncand = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned k = pf->first2[lc[p[i]] << 8 | lc[p[i + 1]]];
        if (!k)
            continue;
        if (k == PF_PARTNER) {
            if (p[i] == 0xC5 || (i + 2 < n && p[i + 2] == 0xAA))
                return -1;
            continue;
        }
        int found = 0;
        size_t at = 0;
        for (; k && !found; k = pf->lit[k - 1].next) {
            const struct lit *l = &pf->lit[k - 1];
            if (l->anchor > i || l->n > n - (i - l->anchor))
                continue;
            at = i - l->anchor;
            size_t j = 0;
            while (j < l->n && lc[p[at + j]] == l->s[j])
                j++;
            found = j == l->n;
        }
        if (!found)
            continue;
        size_t ls = at;
        while (ls > 0 && p[ls - 1] != '\n')
            ls--;
        if (add_cand(pf, ls) < 0)
            return -1;
        const unsigned char *nl = memchr(p + i, '\n', n - i);
        if (!nl)
            break;
        i = (size_t)(nl - p);
    }
    size_t idx = 0, counted = 0;
    for (size_t i = 0; i < pf->ncand; i++) {
        size_t ls = pf->cand[i];
        if (i && ls == pf->cand[i - 1])
            continue;
        for (const unsigned char *q = p + counted, *e = p + ls;
             q < e && (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++)
            idx++;
        counted = ls;
        const unsigned char *nl = memchr(p + ls, '\n', n - ls);
        size_t le = nl ? (size_t)(nl - p) : n;
        cb(ud, ls, le - ls, idx);
    }
    return 0;
}
