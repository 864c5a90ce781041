/* The collector's own TAB-separated listings: oqs/folders.tsv,
 * oqs/shortcut.tsv, oqs/results.tsv. Written by us, still read as outside
 * bytes: a short row is named by its line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/encoding.h"
#include "parsers.h"

int tsv_parse(const unsigned char *raw, size_t n, size_t min_fields, struct tsv *out,
              struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    int rc = 0;
    while (rc == 0 && lines_next(&ln, &line, &ll)) {
        if (ll == 0 || line[0] == '#')
            continue;
        struct tsv_row *p = oqs_grow(out->rows, &out->cap, out->n + 1, sizeof *p);
        if (!p) {
            rc = diag_set(d, ln.lineno, "out of memory");
            break;
        }
        out->rows = p;
        struct tsv_row *r = &out->rows[out->n];
        memset(r, 0, sizeof *r);
        r->line = ln.lineno;
        size_t nf = 1;
        for (size_t i = 0; i < ll; i++)
            nf += line[i] == '\t';
        r->f = calloc(nf, sizeof *r->f);
        if (!r->f) {
            rc = diag_set(d, ln.lineno, "out of memory");
            break;
        }
        out->n++;
        const char *s = line;
        for (size_t i = 0; i < nf; i++) {
            const char *e = memchr(s, '\t', ll - (size_t)(s - line));
            size_t fl = e ? (size_t)(e - s) : ll - (size_t)(s - line);
            if (!(r->f[i] = t_dup(s, fl))) {
                rc = diag_set(d, ln.lineno, "out of memory");
                break;
            }
            r->nf++;
            s += fl + 1;
        }
        if (rc == 0 && r->nf < min_fields)
            rc = diag_set(d, ln.lineno, "%zu field(s), expected %zu separated by TAB", r->nf,
                          min_fields);
    }
    free(text);
    return rc;
}

void tsv_free(struct tsv *t)
{
    for (size_t i = 0; i < t->n; i++) {
        for (size_t k = 0; k < t->rows[i].nf; k++)
            free(t->rows[i].f[k]);
        free(t->rows[i].f);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), without timegm. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

static int civil_ok(int y, int mo, int d, int h, int mi, int s)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
        return 0;
    /* 29 February only in a leap year: the day is not silently moved. */
    if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return 0;
    return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

static long long civil_to_epoch(int y, int mo, int d, int h, int mi, int s)
{
    return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400LL + h * 3600LL + mi * 60LL + s;
}

int civil_epoch(int y, int mo, int d, int h, int mi, int s, long long *t)
{
    if (!civil_ok(y, mo, d, h, mi, s))
        return -1;
    *t = civil_to_epoch(y, mo, d, h, mi, s);
    return 0;
}

int parse_time_utc(const char *s, long long *t)
{
    int y, mo, d, h, mi, sec, used = 0;
    long long v;
    if (t_parse_ll(s, strlen(s), &v) == 0 && v >= 0) {
        *t = v;
        return 0;
    }
    if (sscanf(s, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6 ||
        !civil_ok(y, mo, d, h, mi, sec))
        return -1;
    const char *p = s + used;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    long long off = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        /* Exactly "+hh:mm": a shorter offset must not move p past the NUL. */
        const char *o = p + 1;
        if (!isdigit((unsigned char)o[0]) || !isdigit((unsigned char)o[1]) || o[2] != ':' ||
            !isdigit((unsigned char)o[3]) || !isdigit((unsigned char)o[4]))
            return -1;
        int oh = (o[0] - '0') * 10 + (o[1] - '0'), om = (o[3] - '0') * 10 + (o[4] - '0');
        if (oh > 23 || om > 59)
            return -1;
        off = (oh * 60LL + om) * 60LL * (*p == '+' ? 1 : -1);
        p = o + 5;
    } else {
        return -1;
    }
    if (*p)
        return -1;
    *t = civil_to_epoch(y, mo, d, h, mi, sec) - off;
    return 0;
}
