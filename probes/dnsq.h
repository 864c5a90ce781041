#ifndef OQSDIAG_DNSQ_H
#define OQSDIAG_DNSQ_H

#include <stddef.h>
#include "../core/config.h"
#include "../core/err.h"

/* DNS queries for the probes over c-ares, through dns.servers or the system
 * resolver, driven to one deadline. Internal to probes/. */

enum dnsq_status {
    DNSQ_OK,       /* records in the answer */
    DNSQ_NXDOMAIN, /* rcode 3 */
    DNSQ_NODATA,   /* rcode 0 without A/AAAA records */
    DNSQ_SERVFAIL, /* rcode 2 */
    DNSQ_REFUSED,  /* rcode 5 */
    DNSQ_TIMEOUT,  /* no answer before the deadline */
    DNSQ_ERROR     /* anything else (detail says what) */
};
const char *dnsq_status_name(enum dnsq_status s);

/* How a query travels, for the transport check (field notes: answers over
 * 512 bytes need EDNS0 or TCP). DEFAULT is what a modern stub does: EDNS0,
 * then TCP when the answer comes back truncated. */
enum dnsq_transport { DNSQ_DEFAULT, DNSQ_UDP, DNSQ_EDNS, DNSQ_TCP, DNSQ_NTRANSPORT };
const char *dnsq_transport_name(enum dnsq_transport t);

#define DNSQ_T_A 1
#define DNSQ_T_AAAA 28

struct dnsq_answer {
    enum dnsq_status status;
    int rcode;
    int tc;           /* the TC bit of the answer that arrived */
    size_t size;      /* bytes of that answer */
    char **addrs;     /* textual addresses, in answer order */
    size_t naddrs;
    char detail[96];
};
/* The answer is valid during the call only. */
typedef void (*dnsq_done_fn)(void *ud, const struct dnsq_answer *a);

struct dnsq;
/* Caller frees with dnsq_free(). */
struct dnsq *dnsq_new(const struct config *cfg, struct oqs_err *err);
void dnsq_free(struct dnsq *q);
int dnsq_query(struct dnsq *q, enum dnsq_transport t, const char *name, int qtype,
               dnsq_done_fn cb, void *ud, struct oqs_err *err);
/* Drives every query until all have answered or deadline_ms passes; those
 * still open then end with DNSQ_TIMEOUT. */
void dnsq_run(struct dnsq *q, long long deadline_ms);

/* A host name's A and AAAA records together (an IP literal resolves to
 * itself). status: OK when any address came back, else the most telling of
 * the two answers. Free with dnsq_addrs_free(). */
struct dnsq_addrs {
    enum dnsq_status status;
    char detail[96];
    char **v4, **v6;
    size_t n4, n6;
};
int dnsq_resolve(const struct config *cfg, const char *host, long long deadline_ms,
                 struct dnsq_addrs *out, struct oqs_err *err);
void dnsq_addrs_free(struct dnsq_addrs *a);
/* Whether s is an IPv4 or IPv6 literal: 4, 6 or 0. */
int dnsq_ip_family(const char *s);

#endif
