#ifndef OQSDIAG_PLATFORM_NET_H
#define OQSDIAG_PLATFORM_NET_H

#include <stddef.h>
#include "err.h"

/* The few socket calls the network probes make themselves (the SNTP client
 * and the wait loop over c-ares' sockets); everything else goes through
 * c-ares and libcurl. platform_posix_net.c and platform_win32_net.c. */

/* Once per process before any socket (WSAStartup on Windows; elsewhere
 * SIGPIPE is ignored, so that writing to a closed connection is an error,
 * not the end of the process). 0 or -1. */
int plat_net_init(struct oqs_err *err);

/* A UDP socket connected to a numeric address (IPv4 or IPv6 literal), so
 * only that peer's datagrams arrive and an ICMP "port unreachable" shows as
 * PLAT_NET_REFUSED. Caller frees with plat_udp_close(). */
struct plat_udp;
int plat_udp_open(const char *ip, int port, struct plat_udp **out, struct oqs_err *err);
void plat_udp_close(struct plat_udp *u);
/* 0 sent, -1 error (err says why). */
int plat_udp_send(struct plat_udp *u, const void *p, size_t n, struct oqs_err *err);

/* Results of plat_udp_recv besides a byte count (> 0). */
#define PLAT_NET_TIMEOUT 0   /* nothing arrived before the deadline */
#define PLAT_NET_REFUSED (-2) /* the peer's host said nobody listens there */
#define PLAT_NET_ERROR (-1)
/* Waits until deadline_ms (plat_now_ms() clock) for one datagram; a deadline
 * already past only takes what is queued. Returns its length (truncated to
 * cap) or one of PLAT_NET_*. */
long plat_udp_recv(struct plat_udp *u, void *p, size_t cap, long long deadline_ms,
                   struct oqs_err *err);
/* The socket as a handle for plat_poll. */
unsigned long long plat_udp_handle(const struct plat_udp *u);

/* Waits up to timeout_ms (0: just look) until one of the sockets (c-ares'
 * ares_socket_t or plat_udp_handle, widened) can be read or written. n may
 * be 0: then it only sleeps timeout_ms (WSAPoll refuses an empty set, so
 * the Winsock version sleeps itself).
 * Returns how many are ready, 0 on timeout, -1 on error; fills readable and
 * writable. */
struct plat_pollsock {
    unsigned long long sock;
    int want_read, want_write;
    int readable, writable;
};
int plat_poll(struct plat_pollsock *s, size_t n, int timeout_ms);

/* The system resolver, as the applications ask it: getaddrinfo (on Windows
 * the DNS Client: hosts file, cache, then the adapters' DNS servers;
 * elsewhere nsswitch: /etc/hosts, then resolv.conf). getaddrinfo keeps no
 * deadline, so each lookup runs in a thread of its own; one still running
 * at the deadline is left to finish alone and reported as a timeout. */
enum plat_res_status {
    PLAT_RES_OK,      /* addresses came back */
    PLAT_RES_NONAME,  /* no such name (EAI_NONAME, WSAHOST_NOT_FOUND) */
    PLAT_RES_NODATA,  /* the name exists without addresses (EAI_NODATA) */
    PLAT_RES_AGAIN,   /* the servers failed or did not answer (EAI_AGAIN) */
    PLAT_RES_TIMEOUT, /* no result before the deadline */
    PLAT_RES_ERROR    /* anything else (detail says what) */
};
struct plat_resolved {
    enum plat_res_status status;
    char detail[128]; /* the resolver's own words for a failure */
    char **addrs;     /* textual IPv4 and IPv6 addresses, in the resolver's
                       * order, each once; freed by plat_resolved_free */
    size_t n;
};
struct plat_resolve;
/* Starts resolving name. NULL when no thread could start (err says why). */
struct plat_resolve *plat_resolve_start(const char *name, struct oqs_err *err);
/* Waits until deadline_ms (plat_now_ms clock) and fills out; r is freed
 * either way (a lookup still running frees itself when it ends). */
void plat_resolve_finish(struct plat_resolve *r, long long deadline_ms, struct plat_resolved *out);
void plat_resolved_free(struct plat_resolved *o);

/* Wall clock for NTP timestamps: seconds and nanoseconds since 1970 UTC. */
void plat_wall_clock(long long *sec, long *nsec);

#endif
