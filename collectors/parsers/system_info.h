#ifndef OQSDIAG_SYSTEM_INFO_H
#define OQSDIAG_SYSTEM_INFO_H

#include <stddef.h>

#include "core/source.h"

/* The host name, UTC offset and system locale ("en-gb;English (United
 * Kingdom)") that systeminfo (system/os.txt) shows, for the report's host and
 * for local times (w32tm). Each out may be NULL. Bit 0: host filled, bit 1:
 * tz_min filled, bit 2: locale filled. */
int system_info_read(struct source *src, char *host, size_t hostcap, int *tz_min, char *locale,
                     size_t localecap);

#endif
