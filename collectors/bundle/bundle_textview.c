/* Every reading of a file's bytes as lines of text, with each text byte's
 * file offset, and the replacement of byte spans (bundle_textview.h). */
#include "bundle_textview.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/encoding.h"
#include "core/platform.h"

size_t tv_offset(const struct tv_line *l, size_t i)
{
    return l->map ? l->map[i] : l->base + i;
}

struct linebuf {
    struct buf t;
    size_t *map;
    size_t cap;
};

static int map_fit(struct linebuf *lb, size_t need)
{
    size_t *m = oqs_grow(lb->map, &lb->cap, need, sizeof *m);
    if (!m)
        return -1;
    lb->map = m;
    return 0;
}

/* Appends UTF-8 bytes that all came from file offset at. */
static int put(struct linebuf *lb, const char *u, size_t un, size_t at)
{
    if (map_fit(lb, lb->t.len + un + 1) < 0 || buf_append(&lb->t, u, un) < 0)
        return -1;
    for (size_t k = 0; k < un; k++)
        lb->map[lb->t.len - un + k] = at;
    return 0;
}

static size_t u8len(unsigned char c)
{
    return (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}

static int cp932_lead(unsigned char c)
{
    return (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
}

static int cp932_trail(unsigned char c)
{
    return (c >= 0x40 && c <= 0x7E) || (c >= 0x80 && c <= 0xFC);
}

static size_t cp932_char_len(const unsigned char *p, size_t left)
{
    return left >= 2 && cp932_lead(p[0]) && cp932_trail(p[1]) ? 2 : 1;
}

/* A line that is not UTF-8, decoded as CP932: the whole line at once, each
 * character then paired with its code point; when the pairing does not come
 * out even (bytes CP932 lacks), character by character. */
static int cp932_line(const unsigned char *p, size_t len, size_t base, struct linebuf *lb,
                      struct oqs_err *err)
{
    char *u;
    size_t un;
    buf_reset(&lb->t);
    if (plat_codepage_to_utf8(932, (const char *)p, len, &u, &un, err) < 0)
        return -1;
    if (map_fit(lb, un + 1) < 0) {
        free(u);
        return oqs_errf(err, "out of memory");
    }
    size_t i = 0, j = 0;
    while (i < len && j < un) {
        size_t k = cp932_char_len(p + i, len - i), c = u8len((unsigned char)u[j]);
        for (size_t x = 0; x < c && j + x < un; x++)
            lb->map[j + x] = base + i;
        i += k;
        j += c;
    }
    if (i == len && j == un) {
        int bad = buf_append(&lb->t, u, un) < 0;
        free(u);
        if (bad)
            return oqs_errf(err, "out of memory");
        lb->map[un] = base + len;
        return 0;
    }
    free(u);
    for (i = 0; i < len;) {
        size_t k = cp932_char_len(p + i, len - i);
        if (plat_codepage_to_utf8(932, (const char *)p + i, k, &u, &un, err) < 0)
            return -1;
        int bad = put(lb, u, un, base + i);
        free(u);
        if (bad)
            return oqs_errf(err, "out of memory");
        i += k;
    }
    if (map_fit(lb, lb->t.len + 1) < 0)
        return oqs_errf(err, "out of memory");
    lb->map[lb->t.len] = base + len;
    return 0;
}

static int view_8bit(const unsigned char *b, size_t n, struct linebuf *lb,
                     int (*fn)(const struct tv_line *, void *), void *ud, struct oqs_err *err)
{
    for (size_t s = 0; s <= n;) {
        const unsigned char *nl = n > s ? memchr(b + s, '\n', n - s) : NULL;
        size_t e = nl ? (size_t)(nl - b) : n, ce = e;
        if (ce > s && b[ce - 1] == '\r')
            ce--;
        struct tv_line l = {.enc = TV_8BIT, .view = 0, .text = (const char *)b + s, .n = ce - s,
                            .base = s};
        if (!enc_valid_utf8(b + s, ce - s)) {
            if (cp932_line(b + s, ce - s, s, lb, err) < 0)
                return -1;
            l.text = lb->t.data;
            l.n = lb->t.len;
            l.map = lb->map;
        }
        int rc = fn(&l, ud);
        if (rc < 0)
            return rc;
        if (!nl)
            break;
        s = e + 1;
    }
    return 0;
}

static int emit16(struct linebuf *lb, size_t end, enum tv_enc enc, int view,
                  int (*fn)(const struct tv_line *, void *), void *ud)
{
    if (map_fit(lb, lb->t.len + 1) < 0)
        return -2;
    lb->map[lb->t.len] = end;
    if (lb->t.len && lb->t.data[lb->t.len - 1] == '\r')
        lb->t.len--;
    if (!lb->t.data && buf_reserve(&lb->t, 1) < 0)
        return -2;
    struct tv_line l = {.enc = enc, .view = view, .text = lb->t.data, .n = lb->t.len,
                        .map = lb->map};
    int rc = fn(&l, ud);
    buf_reset(&lb->t);
    return rc;
}

static int view_u16(const unsigned char *b, size_t n, int be, size_t phase, int view,
                    struct linebuf *lb, int (*fn)(const struct tv_line *, void *), void *ud,
                    struct oqs_err *err)
{
    enum tv_enc enc = be ? TV_U16BE : TV_U16LE;
    buf_reset(&lb->t);
    size_t i = phase;
    while (i + 1 < n) {
        size_t at = i;
        unsigned u = be ? (unsigned)b[i] << 8 | b[i + 1] : (unsigned)b[i + 1] << 8 | b[i];
        i += 2;
        if (u == 0x0A) {
            int rc = emit16(lb, at, enc, view, fn, ud);
            if (rc == -2)
                return oqs_errf(err, "out of memory");
            if (rc < 0)
                return rc;
            continue;
        }
        unsigned long cp = u;
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < n) {
            unsigned lo = be ? (unsigned)b[i] << 8 | b[i + 1] : (unsigned)b[i + 1] << 8 | b[i];
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + (((unsigned long)u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            } else {
                cp = 0xFFFD;
            }
        } else if (u >= 0xD800 && u < 0xE000) {
            cp = 0xFFFD;
        }
        char o[4];
        size_t on;
        if (cp < 0x80) {
            o[0] = (char)cp;
            on = 1;
        } else if (cp < 0x800) {
            o[0] = (char)(0xC0 | cp >> 6);
            o[1] = (char)(0x80 | (cp & 0x3F));
            on = 2;
        } else if (cp < 0x10000) {
            o[0] = (char)(0xE0 | cp >> 12);
            o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            o[2] = (char)(0x80 | (cp & 0x3F));
            on = 3;
        } else {
            o[0] = (char)(0xF0 | cp >> 18);
            o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
            o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
            o[3] = (char)(0x80 | (cp & 0x3F));
            on = 4;
        }
        if (put(lb, o, on, at) < 0)
            return oqs_errf(err, "out of memory");
    }
    int rc = emit16(lb, i, enc, view, fn, ud);
    if (rc == -2)
        return oqs_errf(err, "out of memory");
    return rc;
}

int tv_each_line(const unsigned char *b, size_t n,
                 int (*fn)(const struct tv_line *l, void *ud), void *ud, struct oqs_err *err)
{
    struct linebuf lb = {0};
    int rc = view_8bit(b, n, &lb, fn, ud, err);
    /* UTF-16 needs NUL bytes for every ASCII character it holds: without one,
     * no key, separator or address can be there in UTF-16. */
    if (rc == 0 && n && memchr(b, 0, n)) {
        int view = 1;
        for (int be = 0; be < 2 && rc == 0; be++)
            for (size_t phase = 0; phase < 2 && rc == 0; phase++)
                rc = view_u16(b, n, be, phase, view++, &lb, fn, ud, err);
    }
    buf_free(&lb.t);
    free(lb.map);
    return rc;
}

int tv_spans_add(struct tv_spans *s, const struct tv_line *l, size_t ts, size_t te,
                 const char *repl, int cred)
{
    if (te <= ts)
        return 0;
    struct tv_span *p = oqs_grow(s->v, &s->cap, s->n + 1, sizeof *p);
    if (!p)
        return -1;
    s->v = p;
    s->v[s->n++] = (struct tv_span){tv_offset(l, ts), tv_offset(l, te), l->enc, repl, cred};
    return 0;
}

static int cmp_span(const void *a, const void *b)
{
    const struct tv_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end ? 1 : 0;
}

int tv_spans_apply(struct tv_spans *s, const unsigned char *in, size_t n, unsigned char **out,
                   size_t *outn, size_t *ncred, struct oqs_err *err)
{
    *ncred = 0;
    if (s->n)
        qsort(s->v, s->n, sizeof *s->v, cmp_span);
    struct buf o = {0};
    size_t copied = 0;
    int bad = buf_reserve(&o, n + 1) < 0;
    for (size_t i = 0; i < s->n && !bad; i++) {
        const struct tv_span *x = &s->v[i];
        if (x->start < copied || x->end > n)
            continue;
        bad = buf_append(&o, in + copied, x->start - copied) < 0;
        for (const char *r = x->repl; *r && !bad; r++) {
            char u[2] = {0, 0};
            if (x->enc == TV_8BIT)
                bad = buf_append(&o, r, 1) < 0;
            else {
                u[x->enc == TV_U16LE ? 0 : 1] = *r;
                bad = buf_append(&o, u, 2) < 0;
            }
        }
        copied = x->end;
        *ncred += x->cred != 0;
    }
    if (bad || buf_append(&o, in + copied, n - copied) < 0) {
        buf_free(&o);
        return oqs_errf(err, "out of memory");
    }
    *out = (unsigned char *)buf_steal(&o, outn);
    return 0;
}

void tv_spans_free(struct tv_spans *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}
