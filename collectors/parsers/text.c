#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/encoding.h"
#include "core/oom.h"

int diag_set(struct parse_diag *d, unsigned line, const char *fmt, ...)
{
    struct parse_diag tmp;
    if (!d)
        d = &tmp;
    va_list ap;
    va_start(ap, fmt);
    d->line = line;
    vsnprintf(d->why, sizeof d->why, fmt, ap);
    va_end(ap);
    oqs_oom_check_msg(d->why);
    return -1;
}

int text_decode(const unsigned char *raw, size_t n, char **text, size_t *len,
                struct parse_diag *d)
{
    struct oqs_err err;
    size_t l = 0;
    if (enc_to_utf8(raw, n, ENC_AUTO, text, &l, NULL, &err) != 0)
        return diag_set(d, 0, "cannot decode: %s", err.msg);
    /* A NUL inside the text (random bytes, a truncated UTF-16 file) would end
     * every C string early; it becomes a space so lines keep their numbers. */
    for (size_t i = 0; i < l; i++)
        if ((*text)[i] == '\0')
            (*text)[i] = ' ';
    if (len)
        *len = l;
    return 0;
}

int text_decode_lines(const unsigned char *raw, size_t n, char **text, struct lines *ln,
                      struct parse_diag *d)
{
    size_t len;
    if (text_decode(raw, n, text, &len, d) != 0)
        return -1;
    lines_init(ln, *text, len);
    return 0;
}

int t_ieq(const char *a, const char *b)
{
    return t_ieqn(a, strlen(a), b);
}

int t_ieqn(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

int t_istarts(const char *s, size_t n, const char *prefix)
{
    size_t pn = strlen(prefix);
    return pn <= n && t_ieqn(s, pn, prefix);
}

const char *t_ifind(const char *s, size_t n, const char *needle)
{
    size_t nn = strlen(needle);
    if (nn == 0)
        return s;
    for (size_t i = 0; i + nn <= n; i++)
        if (t_ieqn(s + i, nn, needle))
            return s + i;
    return NULL;
}

static size_t lead_space(const char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n' || s[0] == '\f' || s[0] == '\v'))
        return 1;
    if (n >= 3 && (unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
        (unsigned char)s[2] == 0x80)
        return 3;
    return 0;
}

static size_t trail_space(const char *s, size_t n)
{
    if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n' ||
                   s[n - 1] == '\f' || s[n - 1] == '\v'))
        return 1;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
        (unsigned char)s[n - 1] == 0x80)
        return 3;
    return 0;
}

void t_trim(const char **s, size_t *n)
{
    size_t k;
    while ((k = lead_space(*s, *n)) > 0) {
        *s += k;
        *n -= k;
    }
    while ((k = trail_space(*s, *n)) > 0)
        *n -= k;
}

char *t_dup(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (!c) {
        oqs_oom_note();
        return NULL;
    }
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

void t_copy(char *dst, size_t cap, const char *s, size_t n)
{
    if (cap == 0)
        return;
    if (n >= cap) {
        n = cap - 1;
        /* Back off to the start of a UTF-8 sequence. */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

int t_split(const char *line, size_t n, const char *sep, const char **k, size_t *kn,
            const char **v, size_t *vn)
{
    const char *p = NULL;
    size_t seplen = 0;
    for (size_t i = 0; i < n; i++) {
        if (line[i] == sep[0]) {
            p = line + i;
            seplen = 1;
            break;
        }
        /* The full-width colon U+FF1A, when splitting at ':'. */
        if (sep[0] == ':' && i + 3 <= n && (unsigned char)line[i] == 0xEF &&
            (unsigned char)line[i + 1] == 0xBC && (unsigned char)line[i + 2] == 0x9A) {
            p = line + i;
            seplen = 3;
            break;
        }
    }
    if (!p)
        return 0;
    *k = line;
    *kn = (size_t)(p - line);
    t_trim(k, kn);
    *v = p + seplen;
    *vn = n - (size_t)(p - line) - seplen;
    t_trim(v, vn);
    return *kn > 0;
}

int t_key_in(const char *k, size_t kn, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (t_ieqn(k, kn, names[i]))
            return 1;
    return 0;
}

const char *t_account_base(const char *name)
{
    const char *b = strrchr(name, '\\');
    return b ? b + 1 : name;
}

int t_parse_ll(const char *s, size_t n, long long *out)
{
    t_trim(&s, &n);
    if (n == 0 || n > 40)
        return -1;
    char tmp[48];
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    char *end;
    errno = 0;
    long long v;
    if (n > 2 && tmp[0] == '0' && (tmp[1] == 'x' || tmp[1] == 'X'))
        v = (long long)strtoull(tmp + 2, &end, 16);
    else
        v = strtoll(tmp, &end, 10);
    if (errno || *end || end == tmp)
        return -1;
    *out = v;
    return 0;
}
