#ifndef OQSDIAG_REPORT_SAMPLE_H
#define OQSDIAG_REPORT_SAMPLE_H

#include <stdio.h>

#include "core/report.h"

/* A report touching every checklist item: the proxy demands authentication
 * (fail), one NTP address is silent (fail) and a KB entry for each, the
 * other items ok, with NTP offsets, certificate days and probe times in the
 * evidence. Caller frees with report_free(). */
struct report *rs_failing(void);
/* The same machine, healthy: every finding ok, no KB entries. */
struct report *rs_healthy(void);

/* Renders into a string through a temporary file: which is "text", "json",
 * "nagios", "prometheus" or "html". Caller frees with free(). */
char *rs_render(const struct report *r, const char *which, int ja);

#endif
