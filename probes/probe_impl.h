#ifndef OQSDIAG_PROBE_IMPL_H
#define OQSDIAG_PROBE_IMPL_H

#include "../core/config.h"
#include "../core/report.h"

/* What probes/run.c hands each probe: the configuration, the probe's own
 * report (one per probe, so threads share nothing), and the one deadline of
 * the run on the plat_now_ms() clock. Internal to probes/. */
struct probe_ctx {
    const struct config *cfg;
    struct report *r;
    long long deadline_ms;
    const char *name;
    void *run; /* run.c's state, for probe_state() */
};

/* Reports the probe's live state ("3/5 names") to the terminal line. */
void probe_state(struct probe_ctx *c, const char *state, int done);
/* Milliseconds left before the deadline (never below 1). */
long probe_left_ms(const struct probe_ctx *c);

/* Each probe adds its findings to c->r; -1 only when it could not run at
 * all (out of memory), which run.c turns into a finding too. */
int probe_dns(struct probe_ctx *c);
int probe_ntp(struct probe_ctx *c);
int probe_proxy(struct probe_ctx *c);
int probe_tls(struct probe_ctx *c);
int probe_http(struct probe_ctx *c);

#endif
