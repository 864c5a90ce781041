#ifndef OQSDIAG_SYSTEM_INFO_H
#define OQSDIAG_SYSTEM_INFO_H

#include <stddef.h>

#include "collectors/sources/source.h"

/* The host name and UTC offset that systeminfo (system/os.txt) shows, for
 * the report's host and for local times (w32tm). Bit 0: host filled, bit 1:
 * tz_min filled. */
int system_info_read(struct source *src, char *host, size_t hostcap, int *tz_min);

#endif
