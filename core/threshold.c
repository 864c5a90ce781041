/* Monitoring-plugins ranges (development guidelines, "Threshold and ranges").
 * The grammar is small enough that strtod does the numbers; everything
 * around them is checked here so that "-w 10x" is an error, not 10. */
#include "threshold.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_number(const char *s, size_t n, double *out)
{
    char tmp[64];
    char *end;
    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    /* strtod would also take "inf", "nan" and hex: the guidelines mean
     * plain decimal numbers. */
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789.+-eE", tmp[i]))
            return -1;
    double v = strtod(tmp, &end);
    if (*end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int threshold_parse(const char *s, const char *what, struct threshold *t, struct oqs_err *err)
{
    memset(t, 0, sizeof *t);
    if (!s || !*s)
        return oqs_errf(err, "%s: empty threshold", what);
    if (strlen(s) >= sizeof t->text)
        return oqs_errf(err, "%s: threshold '%.20s...' is too long", what, s);
    snprintf(t->text, sizeof t->text, "%s", s);
    const char *p = s;
    if (*p == '@') {
        t->inside = 1;
        p++;
    }
    const char *colon = strchr(p, ':');
    if (!colon) {
        /* "10" is the range 0..10. */
        if (parse_number(p, strlen(p), &t->hi) < 0)
            return oqs_errf(err, "%s: '%s' is not a threshold (e.g. 10, 10:, ~:10, 10:20, @10:20)",
                            what, s);
        t->lo = 0;
    } else {
        size_t nlo = (size_t)(colon - p);
        const char *hi = colon + 1;
        if (strchr(hi, ':'))
            return oqs_errf(err, "%s: '%s' has more than one ':'", what, s);
        if (nlo == 1 && p[0] == '~')
            t->lo_inf = 1;
        else if (nlo == 0)
            t->lo = 0;
        else if (parse_number(p, nlo, &t->lo) < 0)
            return oqs_errf(err, "%s: start of '%s' is not a number or ~", what, s);
        if (*hi == '\0')
            t->hi_inf = 1;
        else if (parse_number(hi, strlen(hi), &t->hi) < 0)
            return oqs_errf(err, "%s: end of '%s' is not a number", what, s);
    }
    if (!t->lo_inf && !t->hi_inf && t->lo > t->hi)
        return oqs_errf(err, "%s: in '%s' the start is greater than the end", what, s);
    t->set = 1;
    return 0;
}

int threshold_alert(const struct threshold *t, double v)
{
    if (!t || !t->set)
        return 0;
    int in = (t->lo_inf || v >= t->lo) && (t->hi_inf || v <= t->hi);
    return t->inside ? in : !in;
}

int threshold_state(const struct threshold *warn, const struct threshold *crit, double v)
{
    if (threshold_alert(crit, v))
        return 2;
    if (threshold_alert(warn, v))
        return 1;
    return 0;
}
