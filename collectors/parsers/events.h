#ifndef OQSDIAG_EVENTS_H
#define OQSDIAG_EVENTS_H

#include <stddef.h>

#include "text.h"

/* Windows event log files of the snapshot (events/<log>.xml): a sequence of
 * <Event> elements as `wevtutil qe … /f:RenderedXml` prints them, without a
 * root element, in UTF-8, UTF-16LE (with or without BOM) or CP932
 * (shared/spec/snapshot-layout.md). Parsed with expat, streaming: the input
 * is decoded and fed in blocks, and each event is handed to a callback as
 * soon as it ends, so the parser's memory does not grow with the file. */

#define EVENT_MAX_DATA 24     /* EventData/UserData values kept per event */
#define EVENT_VAL_CAP 512     /* bytes kept of one value (cut at a character) */
#define EVENT_MSG_CAP 4096    /* bytes kept of the rendered message */

struct event_data {
    char name[64];            /* Data/@Name, or the UserData element's name; "" when none */
    char val[EVENT_VAL_CAP];
};

struct win_event {
    char provider[128];       /* System/Provider/@Name */
    unsigned long id;         /* System/EventID */
    int level;                /* System/Level: 1 critical, 2 error, 3 warning, 4 information */
    char time[48];            /* System/TimeCreated/@SystemTime as printed */
    long long t;              /* the same in seconds since the epoch, -1 unreadable */
    char computer[128];
    char culture[16];         /* RenderingInfo/@Culture: "ja-JP", "en-US" */
    char message[EVENT_MSG_CAP]; /* RenderingInfo/Message, "" when not rendered */
    struct event_data data[EVENT_MAX_DATA];
    size_t ndata;
    unsigned line;            /* the line of the file where <Event> starts */
};

/* What a parse saw, for the tests and the report. */
struct events_stats {
    size_t events;            /* complete <Event> elements */
    size_t max_block;         /* largest decoded block handed to expat (bytes) */
    const char *encoding;     /* "UTF-8", "UTF-16LE", "CP932", ... */
};

/* Calls cb with each event in file order; cb returns non-zero to stop (not
 * an error). 0 when the whole input was read, -1 with d naming the line
 * where the XML broke (events before it were delivered). An empty input is
 * 0 events. stats may be NULL. */
int events_parse(const unsigned char *raw, size_t n,
                 int (*cb)(const struct win_event *e, void *ud), void *ud,
                 struct events_stats *stats, struct parse_diag *d);

/* The value of a named datum of e, or NULL. */
const char *event_data(const struct win_event *e, const char *name);
/* True if needle occurs (ASCII case-insensitive) in the message or any
 * datum of e. */
int event_mentions(const struct win_event *e, const char *needle);

#endif
