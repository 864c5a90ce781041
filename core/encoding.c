#include "encoding.h"

#include <stdlib.h>
#include <string.h>

#include "platform.h"

/* Windows code page identifiers, which the platform layer converts. */
#define CP_UTF16LE 1200
#define CP_UTF16BE 1201
#define CP_SHIFT_JIS 932
#define CP_WESTERN 1252

const char *enc_name(enum enc e)
{
    switch (e) {
    case ENC_UTF8: return "UTF-8";
    case ENC_UTF16LE: return "UTF-16LE";
    case ENC_UTF16BE: return "UTF-16BE";
    case ENC_CP932: return "CP932";
    case ENC_CP1252: return "CP1252";
    case ENC_AUTO: break;
    }
    return "auto";
}

int enc_valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            min = 0x80;
            c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            min = 0x800;
            c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            min = 0x10000;
            c &= 0x07;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

enum enc enc_detect(const unsigned char *in, size_t n)
{
    if (n >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF)
        return ENC_UTF8;
    if (n >= 2 && in[0] == 0xFF && in[1] == 0xFE)
        return ENC_UTF16LE;
    if (n >= 2 && in[0] == 0xFE && in[1] == 0xFF)
        return ENC_UTF16BE;
    /* UTF-16 without BOM: ASCII-heavy text leaves NULs in every other byte. */
    size_t pairs = (n < 1024 ? n : 1024) / 2, zodd = 0, zeven = 0;
    for (size_t i = 0; i < pairs; i++) {
        zeven += in[2 * i] == 0;
        zodd += in[2 * i + 1] == 0;
    }
    if (pairs >= 2) {
        if (zodd * 4 >= pairs * 3 && zeven * 8 < pairs)
            return ENC_UTF16LE;
        if (zeven * 4 >= pairs * 3 && zodd * 8 < pairs)
            return ENC_UTF16BE;
    }
    if (enc_valid_utf8(in, n))
        return ENC_UTF8;
    return ENC_CP932;
}

/* Copies UTF-8, replacing each invalid sequence by U+FFFD, so that a parser
 * always gets valid UTF-8. */
static int utf8_sanitize(const unsigned char *in, size_t n, char **out, size_t *outlen)
{
    char *o = malloc(n * 3 + 1);
    if (!o)
        return -1;
    size_t w = 0, i = 0;
    while (i < n) {
        size_t len = 1;
        if (in[i] >= 0x80) {
            len = (in[i] & 0xE0) == 0xC0 ? 2 : (in[i] & 0xF0) == 0xE0 ? 3
                                           : (in[i] & 0xF8) == 0xF0 ? 4 : 0;
            if (len == 0 || len > n - i || !enc_valid_utf8(in + i, len)) {
                memcpy(o + w, "\xEF\xBF\xBD", 3);
                w += 3;
                i++;
                continue;
            }
        }
        memcpy(o + w, in + i, len);
        w += len;
        i += len;
    }
    o[w] = '\0';
    *out = o;
    *outlen = w;
    return 0;
}

int enc_to_utf8(const unsigned char *in, size_t n, enum enc hint, char **out, size_t *outlen,
                enum enc *detected, struct oqs_err *err)
{
    enum enc e = hint == ENC_AUTO ? enc_detect(in, n) : hint;
    if (detected)
        *detected = e;
    size_t skip = 0;
    if (e == ENC_UTF8 && n >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF)
        skip = 3;
    if ((e == ENC_UTF16LE && n >= 2 && in[0] == 0xFF && in[1] == 0xFE) ||
        (e == ENC_UTF16BE && n >= 2 && in[0] == 0xFE && in[1] == 0xFF))
        skip = 2;
    in += skip;
    n -= skip;
    size_t dummy;
    if (!outlen)
        outlen = &dummy;
    if (e == ENC_UTF8) {
        if (utf8_sanitize(in, n, out, outlen) < 0)
            return oqs_errf(err, "out of memory");
        return 0;
    }
    unsigned cp = e == ENC_UTF16LE ? CP_UTF16LE : e == ENC_UTF16BE ? CP_UTF16BE
                : e == ENC_CP1252  ? CP_WESTERN : CP_SHIFT_JIS;
    return plat_codepage_to_utf8(cp, (const char *)in, n, out, outlen, err);
}

void lines_init(struct lines *l, const char *text, size_t len)
{
    l->text = text;
    l->len = len;
    l->pos = 0;
    l->lineno = 0;
}

int lines_next(struct lines *l, const char **line, size_t *linelen)
{
    if (l->pos >= l->len)
        return 0;
    const char *start = l->text + l->pos;
    const char *nl = memchr(start, '\n', l->len - l->pos);
    size_t n = nl ? (size_t)(nl - start) : l->len - l->pos;
    l->pos += n + (nl ? 1 : 0);
    if (n > 0 && start[n - 1] == '\r')
        n--;
    l->lineno++;
    *line = start;
    *linelen = n;
    return 1;
}
