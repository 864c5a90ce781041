#ifndef OQSDIAG_NETCONF_H
#define OQSDIAG_NETCONF_H

#include <stddef.h>

#include "text.h"

/* The name-resolution setup the system resolver follows: the DNS servers
 * of each adapter (`ipconfig /all`, ipconfig.c) and the hosts file, which
 * Windows reads before asking DNS (hosts.c). */

/* ---- ipconfig /all, Japanese or English ---- */
struct ipc_adapter {
    char name[128];        /* "Ethernet adapter Ethernet" / "イーサネット アダプター イーサネット" */
    int disconnected;      /* Media disconnected / メディアは接続されていません */
    int tunnel;            /* Tunnel adapter / トンネル アダプター (Teredo, ISATAP) */
    struct strv dns;       /* DNS servers in order, zone index ("%1") removed */
    struct strv ipv4;      /* "(Preferred)"/"(優先)" removed */
    struct strv ipv6;      /* global and temporary addresses, not link-local */
    unsigned line;
};
struct ipconfig {
    struct ipc_adapter *v;
    size_t n, cap;
    int header;            /* "Windows IP Configuration" / "Windows IP 構成" seen */
};
/* 0 and every adapter (none is possible: a host without a network); -1
 * with d when the text is neither the header nor an adapter section. */
int ipconfig_parse(const unsigned char *raw, size_t n, struct ipconfig *out,
                   struct parse_diag *d);
void ipconfig_free(struct ipconfig *c);

/* ---- %SystemRoot%\System32\drivers\etc\hosts ---- */
struct hosts_entry {
    char addr[64];
    char name[256];        /* lower case; one entry per name on a line */
    unsigned line;
};
struct hosts_file {
    struct hosts_entry *v;
    size_t n, cap;
};
/* 0 and every entry (comments and blank lines skipped; a line that is not
 * "ADDRESS NAME..." is skipped too, as Windows does). */
int hosts_parse(const unsigned char *raw, size_t n, struct hosts_file *out,
                struct parse_diag *d);
void hosts_free(struct hosts_file *h);

#endif
