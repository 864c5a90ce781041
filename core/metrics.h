#ifndef OQSDIAG_METRICS_H
#define OQSDIAG_METRICS_H

#include <stddef.h>
#include "report.h"

/* The numbers monitoring outputs (Prometheus, nagios perfdata) take from a
 * report's finding evidence. The evidence fields read are listed in
 * docs/reports.md; a finding without them yields nothing. */

enum metric_kind {
    MET_NTP_OFFSET,     /* seconds, label: the NTP address */
    MET_CERT_DAYS,      /* days left, label: the finding id (one per certificate kind) */
    MET_PROBE_DURATION  /* seconds, label: the probe name */
};

struct metric {
    enum metric_kind kind;
    char label[128];
    double value;
};

/* Every metric found in r, each (kind, label) once: an NTP offset keeps the
 * first value seen, certificate days the smallest, a probe duration the
 * largest.
 * Caller frees *out with free(). Returns 0, -1 out of memory. */
int metrics_collect(const struct report *r, struct metric **out, size_t *n);

/* The main number of a probe for `probe NAME --format nagios -w -c`
 * (docs/reports.md): ntp the largest absolute offset (s), tls the fewest
 * certificate days left, dns, proxy and http that probe's wall time (s). Fills
 * label, uom, have, value and replaces of out (struct nagios_check of
 * core/render.h); -1 for a probe without one. */
struct nagios_check;
int metrics_probe_check(const struct report *r, const char *probe, struct nagios_check *out);

#endif
