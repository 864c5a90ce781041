#ifndef OQSDIAG_DNS_SYSTEM_H
#define OQSDIAG_DNS_SYSTEM_H

#include <stddef.h>

#include "../core/config.h"
#include "../core/platform_net.h"
#include "probe_impl.h"

/* probe dns: the system resolver against the DNS servers (dns_system.c).
 * Internal to probes/. */

/* Whether name is localhost or under it (RFC 6761): the machine itself,
 * never asked of DNS. */
int dns_is_localhost(const char *name);

/* Whether the probe asks the system resolver too (key dns.system: yes, no,
 * or auto = only when dns.servers is empty). */
int dns_system_wanted(const struct config *cfg);

/* What the DNS servers said about one name. */
struct dns_side {
    const char *status; /* dnsq_status_name of the telling answer */
    int answered;       /* a definite answer: records, NXDOMAIN or NODATA */
    int localhost;      /* not asked: dns_is_localhost */
    char *const *a, *const *aaaa;
    size_t na, naaaa;
};

/* Adds the finding comparing the two (dns.system, .pinned, .hosts_only,
 * .fail). */
void dns_system_report(struct probe_ctx *c, const char *name, const struct plat_resolved *sys,
                       const struct dns_side *dns);

#endif
