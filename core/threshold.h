#ifndef OQSDIAG_THRESHOLD_H
#define OQSDIAG_THRESHOLD_H

#include "err.h"

/* A range in the syntax of the monitoring-plugins development guidelines
 * ("Threshold and ranges"): [@]start:end, start defaults to 0, "~" is
 * negative infinity, an empty end is positive infinity. A value alerts when
 * it lies outside the range, or inside it when the range starts with "@".
 *   10      alert when v < 0 or v > 10
 *   10:     alert when v < 10
 *   ~:10    alert when v > 10
 *   10:20   alert when v < 10 or v > 20
 *   @10:20  alert when 10 <= v <= 20 */
struct threshold {
    int set;        /* 0: no threshold given (never alerts) */
    int inside;     /* "@": alert inside the range */
    int lo_inf;     /* start is "~" */
    int hi_inf;     /* end is empty */
    double lo, hi;
    char text[64];  /* as given, for perfdata */
};

/* Parses s; what names the option ("-w") for the error message. */
int threshold_parse(const char *s, const char *what, struct threshold *t, struct oqs_err *err);
/* 1 when v alerts against t (never when t is not set). */
int threshold_alert(const struct threshold *t, double v);
/* Monitoring-plugins state of v: 2 when crit alerts, else 1 when warn
 * alerts, else 0. Either may be NULL or unset. */
int threshold_state(const struct threshold *warn, const struct threshold *crit, double v);

#endif
