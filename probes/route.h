#ifndef OQSDIAG_ROUTE_H
#define OQSDIAG_ROUTE_H

#include <stddef.h>
#include "../core/config.h"

/* Which way the OQS applications send a request (manual 2 プロキシ 5):
 * names matching the bypass list go direct, the others through the proxy.
 * Shared by the proxy and http probes. Internal to probes/. */

/* The bypass entry host matches (WinHTTP semantics: case-insensitive, '*'
 * any run of characters, "<local>" names without a dot), or NULL. */
const char *route_bypass_match(const char *const *list, size_t n, const char *host);

/* host and port of "host:port" (default port def); a value that does not
 * split is taken whole as the host. */
void route_host_of(const char *hostport, char *host, size_t n, int *port, int def);

/* "http=a:1;https=b:2" (netsh winhttp set proxy per scheme): the entry for
 * scheme ("http" or "https") cut in place inside list; a plain "host:port"
 * as it is; NULL when list names other schemes only. */
const char *route_scheme_entry(char *list, const char *scheme);

/* The WinHTTP bypass text ("a;b <local>") split in place into at most max
 * entries; returns how many. */
size_t route_split_bypass(char *text, const char **out, size_t max);

#endif
