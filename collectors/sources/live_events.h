#ifndef OQSDIAG_LIVE_EVENTS_H
#define OQSDIAG_LIVE_EVENTS_H

#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "live.h"

/* A file of live_event_files from this host's event logs through
 * `wevtutil qe`. No event is no error: the file is then empty. */
enum live_status live_events_xml(const char *relpath, const struct config *cfg, struct buf *out,
                                 struct oqs_err *err);

/* The three layout paths (events/<log>.xml). */
extern const char *const live_event_files[3];

#endif
