/* Event log files, events/<log>.xml (collectors/parsers/events.c, expat),
 * in any encoding. Any bytes either parse or fail naming why; every event
 * handed over is made of NUL-terminated fields within their caps, with no
 * more data values than the cap; the count matches the stats. */
#include <string.h>

#include "collectors/parsers/events.h"
#include "fuzz.h"

static int check_event(const struct win_event *e, void *ud)
{
    size_t *n = ud;
    FUZZ_CHECK(memchr(e->provider, 0, sizeof e->provider) != NULL);
    FUZZ_CHECK(memchr(e->time, 0, sizeof e->time) != NULL);
    FUZZ_CHECK(memchr(e->message, 0, sizeof e->message) != NULL);
    FUZZ_CHECK(e->ndata <= EVENT_MAX_DATA);
    for (size_t i = 0; i < e->ndata; i++)
        FUZZ_CHECK(memchr(e->data[i].val, 0, sizeof e->data[i].val) != NULL);
    FUZZ_CHECK(e->line >= 1);
    (void)event_mentions(e, "oqs");
    (*n)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct events_stats st;
    size_t n = 0;
    if (events_parse(data, size, check_event, &n, &st, &d) == 0)
        FUZZ_CHECK(st.events == n);
    else
        FUZZ_CHECK(d.why[0] != 0);
    return 0;
}
