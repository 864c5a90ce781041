/* The credential mask: key names from credential_keys.def, the forms in
 * code (bundle_credmask.h). Patterns are PCRE2 (UTF, caseless). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "bundle_credmask.h"

#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "bundle_textview.h"
#include "collectors/parsers/text.h"
#include "core/buf.h"

static const char *const key_frags[] = {
#define CRED_KEY(pattern, lang, why) pattern,
#define CRED_CASE(form, in, out)
#include "credential_keys.def"
#undef CRED_KEY
#undef CRED_CASE
};
#define NFRAGS (sizeof key_frags / sizeof key_frags[0])

enum { RX_K, RX_KV, RX_ALONE, RX_TAG, RX_ATTR, RX_URL, RX_BARE, RX_NETUSE, RX_N };

/* @K@ stands for the alternation of the key fragments. */
static const char *const rx_src[RX_N] = {
    [RX_K] = "@K@",
    [RX_KV] = "(?<![\\w.\\-])([\"']?)[\\w.\\-]*@K@[\\w.\\-]*\\1[ \\t]*(?:=|:|：)[ \\t]*",
    [RX_ALONE] = ("^[ \\t]*(?:\\[[^\\]]*@K@[^\\]]*\\]|([\"']?)[\\w.\\-]*@K@[\\w.\\-]*\\1[ \\t]*"
                  "(?:=|:|：))[ \\t]*$"),
    [RX_TAG] = "<([A-Za-z_][\\w:.\\-]*)((?:\\s[^<>]*?)?)(/?)>",
    [RX_ATTR] = "([\\w:.\\-]+)[ \\t]*=[ \\t]*(?:\"([^\"]*)\"|'([^']*)')",
    [RX_URL] = "[a-z][a-z0-9+.\\-]*://([^\\s/?#@\"'<>]+)@",
    [RX_BARE] = "(?<![\\w.\\-%:/@\\\\])([\\w.\\-%]+:[^\\s@/\"'<>:\\\\]+)@(?=[\\w\\[])",
    [RX_NETUSE] = "\\bnet[ \\t]+use\\b",
};

struct credmask {
    pcre2_code *rx[RX_N];
};

void credmask_free(struct credmask *cm)
{
    if (!cm)
        return;
    for (int i = 0; i < RX_N; i++)
        pcre2_code_free(cm->rx[i]);
    free(cm);
}

static pcre2_code *compile_k(const char *src, struct oqs_err *err)
{
    struct buf k = {0}, rx = {0};
    int bad = buf_appends(&k, "(?:");
    for (size_t i = 0; i < NFRAGS && !bad; i++)
        bad = buf_appendf(&k, "%s(?:%s)", i ? "|" : "", key_frags[i]) < 0;
    bad = bad || buf_appends(&k, ")") < 0;
    for (const char *p = src; *p && !bad;) {
        const char *at = strstr(p, "@K@");
        size_t n = at ? (size_t)(at - p) : strlen(p);
        bad = buf_append(&rx, p, n) < 0 || (at && buf_append(&rx, k.data, k.len) < 0);
        p += n + (at ? 3 : 0);
    }
    pcre2_code *c = NULL;
    if (bad) {
        oqs_errf(err, "out of memory");
    } else {
        int ec;
        PCRE2_SIZE off;
        c = pcre2_compile((PCRE2_SPTR)rx.data, rx.len, PCRE2_UTF | PCRE2_CASELESS, &ec, &off, NULL);
        if (!c) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(ec, msg, sizeof msg);
            oqs_errf(err, "credential_keys.def: pattern at %zu: %s", (size_t)off, (const char *)msg);
        }
    }
    buf_free(&k);
    buf_free(&rx);
    return c;
}

struct credmask *credmask_new(struct oqs_err *err)
{
    struct credmask *cm = calloc(1, sizeof *cm);
    if (!cm) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    for (int i = 0; i < RX_N; i++)
        if (!(cm->rx[i] = compile_k(rx_src[i], err))) {
            credmask_free(cm);
            return NULL;
        }
    return cm;
}

/* Match of rx in text from off; ovector in *ov. 1 found, 0 none, -1 OOM. */
static int find(const pcre2_code *rx, const char *t, size_t n, size_t off, pcre2_match_data *md,
                PCRE2_SIZE **ov)
{
    if (off > n)
        return 0;
    int rc = pcre2_match(rx, (PCRE2_SPTR)t, n, off, 0, md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_BADUTFOFFSET)
        return 0;
    if (rc < 0)
        return 0;
    *ov = pcre2_get_ovector_pointer(md);
    return 1;
}

static int holds_key(const struct credmask *cm, const char *t, size_t n, pcre2_match_data *md)
{
    PCRE2_SIZE *ov;
    return find(cm->rx[RX_K], t, n, 0, md, &ov);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

struct emit {
    int (*add)(void *, size_t, size_t);
    void *ud;
};

/* A span unless it is empty or already the mask. */
static int emit(const struct emit *e, const char *t, size_t s, size_t end)
{
    while (s < end && is_space(t[s]))
        s++;
    while (end > s && is_space(t[end - 1]))
        end--;
    if (end <= s || (end - s == 8 && memcmp(t + s, "********", 8) == 0))
        return 0;
    return e->add(e->ud, s, end);
}

/* key=value: a quoted value to its quote, else the rest of the line (less a
 * trailing comma): better too much masked than a secret let through. */
static int kv_value(const struct emit *e, const char *t, size_t n, size_t v)
{
    if (v < n && (t[v] == '"' || t[v] == '\'')) {
        const char *q = memchr(t + v + 1, t[v], n - v - 1);
        return emit(e, t, v + 1, q ? (size_t)(q - t) : n);
    }
    size_t end = n;
    while (end > v && is_space(t[end - 1]))
        end--;
    if (end > v && t[end - 1] == ',')
        end--;
    return emit(e, t, v, end);
}

/* Content after a tag: CDATA inside, else up to the next tag; nothing on
 * the line: the value is on the next one. */
static int tag_content(const struct emit *e, const char *t, size_t n, size_t c, int *pending)
{
    static const char cd[] = "<![CDATA[";
    if (n - c >= 9 && memcmp(t + c, cd, 9) == 0) {
        const char *x = NULL;
        for (size_t i = c + 9; i + 3 <= n && !x; i++)
            if (memcmp(t + i, "]]>", 3) == 0)
                x = t + i;
        return emit(e, t, c + 9, x ? (size_t)(x - t) : n);
    }
    const char *lt = memchr(t + c, '<', n - c);
    size_t end = lt ? (size_t)(lt - t) : n;
    size_t s = c;
    while (s < end && is_space(t[s]))
        s++;
    if (s == end && !lt) {
        *pending = 1;
        return 0;
    }
    return emit(e, t, c, end);
}

static int attr_is_keyname(const char *t, size_t s, size_t e)
{
    static const char *const names[] = {"key", "name", "id"};
    for (size_t i = 0; i < 3; i++)
        if (t_ieqn(t + s, e - s, names[i]))
            return 1;
    return 0;
}

static int tags(const struct credmask *cm, const char *t, size_t n, int *pending,
                const struct emit *e, pcre2_match_data *md, pcre2_match_data *md2)
{
    PCRE2_SIZE *ov, *av;
    for (size_t off = 0; find(cm->rx[RX_TAG], t, n, off, md, &ov);) {
        size_t ns = ov[2], ne = ov[3], as = ov[4], ae = ov[5], end = ov[1];
        int self = ov[7] > ov[6];
        off = end;
        int secret = holds_key(cm, t + ns, ne - ns, md2);
        size_t keyattr = (size_t)-1;
        /* <add key="ProxyPassword" value="…"/>, <Data Name="Password">…</Data> */
        for (size_t a = as; !secret && find(cm->rx[RX_ATTR], t, ae, a, md2, &av);) {
            size_t vs = av[4] != PCRE2_UNSET ? av[4] : av[6], ve = av[4] != PCRE2_UNSET ? av[5] : av[7];
            if (attr_is_keyname(t, av[2], av[3]) && holds_key(cm, t + vs, ve - vs, md2)) {
                secret = 1;
                keyattr = av[2];
            }
            a = av[1];
        }
        if (!secret)
            continue;
        for (size_t a = as; find(cm->rx[RX_ATTR], t, ae, a, md2, &av);) {
            size_t vs = av[4] != PCRE2_UNSET ? av[4] : av[6], ve = av[4] != PCRE2_UNSET ? av[5] : av[7];
            int xmlns = av[3] - av[2] >= 5 && strncmp(t + av[2], "xmlns", 5) == 0;
            a = av[1];
            if (av[2] != keyattr && !xmlns) {
                int rc = emit(e, t, vs, ve);
                if (rc < 0)
                    return rc;
            }
        }
        if (!self) {
            int rc = tag_content(e, t, n, end, pending);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

/* net use [device] \\server\share [password|*] [/user:…] [/switches]: the
 * word that is none of the others is the password. */
static int net_use(const char *t, size_t n, size_t s, const struct emit *e)
{
    for (size_t i = s; i < n;) {
        while (i < n && is_space(t[i]))
            i++;
        if (i >= n || t[i] == '&' || t[i] == '|' || t[i] == '>' || t[i] == '<')
            break;
        size_t ws = i, we;
        int quoted = t[i] == '"';
        if (quoted) {
            const char *q = memchr(t + i + 1, '"', n - i - 1);
            we = q ? (size_t)(q - t) : n;
            ws = i + 1;
            i = q ? we + 1 : n;
        } else {
            while (i < n && !is_space(t[i]))
                i++;
            we = i;
        }
        size_t k = we - ws;
        int device = !quoted && ((k == 2 && t[ws + 1] == ':') || (k == 1 && t[ws] == '*') ||
                                 (k == 5 && t[we - 1] == ':'));
        if (!quoted && (t[ws] == '/' || device || (k >= 2 && t[ws] == '\\' && t[ws + 1] == '\\')))
            continue;
        int rc = emit(e, t, ws, we);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int line_spans(const struct credmask *cm, const char *t, size_t n, int *pending,
                      const struct emit *e, pcre2_match_data *md, pcre2_match_data *md2)
{
    PCRE2_SIZE *ov;
    int rc = 0;
    if (*pending) {
        size_t s = 0;
        while (s < n && is_space(t[s]))
            s++;
        if (s == n)
            return 0;
        *pending = 0;
        if (t[s] == '[')
            ;
        else if (t[s] == '<')
            rc = n - s >= 9 && memcmp(t + s, "<![CDATA[", 9) == 0 ? tag_content(e, t, n, s, pending) : 0;
        else
            return emit(e, t, s, n);
        if (rc < 0)
            return rc;
    }
    for (size_t off = 0; rc >= 0 && find(cm->rx[RX_KV], t, n, off, md, &ov);) {
        size_t v = ov[1];
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        rc = kv_value(e, t, n, v);
    }
    if (rc >= 0 && find(cm->rx[RX_ALONE], t, n, 0, md, &ov))
        *pending = 1;
    if (rc >= 0)
        rc = tags(cm, t, n, pending, e, md, md2);
    for (int r = RX_URL; r <= RX_BARE; r++)
        for (size_t off = 0; rc >= 0 && find(cm->rx[r], t, n, off, md, &ov);) {
            off = ov[1];
            rc = emit(e, t, ov[2], ov[3]);
        }
    if (rc >= 0 && find(cm->rx[RX_NETUSE], t, n, 0, md, &ov))
        rc = net_use(t, n, ov[1], e);
    return rc;
}

int credmask_line(const struct credmask *cm, const char *text, size_t n, int *pending,
                  int (*add)(void *ud, size_t start, size_t end), void *ud)
{
    pcre2_match_data *md = pcre2_match_data_create(8, NULL);
    pcre2_match_data *md2 = pcre2_match_data_create(8, NULL);
    struct emit e = {add, ud};
    int rc = md && md2 ? line_spans(cm, text, n, pending, &e, md, md2) : -1;
    pcre2_match_data_free(md);
    pcre2_match_data_free(md2);
    return rc;
}

struct text_ctx {
    const struct credmask *cm;
    struct tv_spans spans;
    const struct tv_line *line;
    int pending, view;
};

static int text_add(void *ud, size_t s, size_t e)
{
    struct text_ctx *c = ud;
    return tv_spans_add(&c->spans, c->line, s, e, "********", 1);
}

static int text_line(const struct tv_line *l, void *ud)
{
    struct text_ctx *c = ud;
    if (l->view != c->view) {
        c->view = l->view;
        c->pending = 0;
    }
    c->line = l;
    return credmask_line(c->cm, l->text, l->n, &c->pending, text_add, c);
}

int credmask_text(const struct credmask *cm, const char *text, size_t n, char **out,
                  size_t *outn, size_t *count, struct oqs_err *err)
{
    struct text_ctx c = {.cm = cm};
    unsigned char *o = NULL;
    int rc = tv_each_line((const unsigned char *)text, n, text_line, &c, err);
    if (rc < 0 && err && !err->msg[0])
        oqs_errf(err, "out of memory");
    if (rc == 0)
        rc = tv_spans_apply(&c.spans, (const unsigned char *)text, n, &o, outn, count, err);
    tv_spans_free(&c.spans);
    *out = (char *)o;
    return rc < 0 ? -1 : 0;
}
