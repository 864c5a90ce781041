#ifndef OQSDIAG_PROBES_H
#define OQSDIAG_PROBES_H

#include <stddef.h>
#include "../core/config.h"
#include "../core/err.h"
#include "../core/progress.h"
#include "../core/report.h"


/* Names of the probes, in display order: dns, ntp, proxy, tls. */
extern const char *const probe_names[];
extern const size_t probe_count;

/* Runs the named probes (names NULL: all) concurrently under one deadline,
 * config timeout_ms from the call. pg may be NULL. */
int probes_run(const struct config *cfg, const char *const *names, size_t nnames,
               struct report *r, const struct probe_progress *pg, struct oqs_err *err);

#endif
