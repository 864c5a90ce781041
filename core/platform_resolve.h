/* The lookup itself, shared by the POSIX and the Win32 platform files
 * (core/platform_net.h plat_resolve_*): getaddrinfo with AF_UNSPEC, one
 * socket type so that each address comes once, no AI_ADDRCONFIG (what a
 * default HttpClient or WinHTTP call asks). The includer has included
 * getaddrinfo's and inet_ntop's headers, and defines resolve_gai_text().
 * Include only from core/platform_*_net.c. */
#ifndef OQSDIAG_PLATFORM_RESOLVE_H
#define OQSDIAG_PLATFORM_RESOLVE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform_net.h"

/* The resolver's words for getaddrinfo's failure rc, into buf: each
 * platform file has its own (Windows' gai_strerror fills one static buffer
 * for every thread, and the lookups run on threads). */
static void resolve_gai_text(int rc, char *buf, size_t n);

static inline int resolved_add(struct plat_resolved *o, const char *a)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->addrs[i], a) == 0)
            return 0;
    char **v = realloc(o->addrs, (o->n + 1) * sizeof *v);
    if (!v)
        return -1;
    o->addrs = v;
    if ((v[o->n] = strdup(a)) == NULL)
        return -1;
    o->n++;
    return 0;
}

static inline void resolve_lookup(const char *name, struct plat_resolved *o)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc != 0) {
        o->status = rc == EAI_NONAME ? PLAT_RES_NONAME
#ifdef EAI_NODATA
                    : rc == EAI_NODATA ? PLAT_RES_NODATA
#endif
                    : rc == EAI_AGAIN ? PLAT_RES_AGAIN
                                      : PLAT_RES_ERROR;
        resolve_gai_text(rc, o->detail, sizeof o->detail);
        return;
    }
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        char text[64];
        const void *bin = a->ai_family == AF_INET6
                              ? (const void *)&((struct sockaddr_in6 *)a->ai_addr)->sin6_addr
                              : (const void *)&((struct sockaddr_in *)a->ai_addr)->sin_addr;
        if ((a->ai_family != AF_INET && a->ai_family != AF_INET6) ||
            !inet_ntop(a->ai_family, bin, text, sizeof text))
            continue;
        if (resolved_add(o, text) < 0) {
            snprintf(o->detail, sizeof o->detail, "out of memory");
            break;
        }
    }
    freeaddrinfo(res);
    o->status = o->n ? PLAT_RES_OK : o->detail[0] ? PLAT_RES_ERROR : PLAT_RES_NODATA;
}

#endif
