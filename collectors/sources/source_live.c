/* This host as a source (doctor): every layout file comes from live_read()
 * (collectors/sources/live.c), so a run on the server and the analysis of its
 * snapshot read the same bytes. */
#include <stdlib.h>

#include "core/platform.h"
#include "core/source_impl.h"
#include "live.h"

static enum source_status from_live(enum live_status st)
{
    switch (st) {
    case LIVE_OK: return SRC_OK;
    case LIVE_MISSING: return SRC_MISSING;
    case LIVE_UNSUPPORTED: return SRC_UNSUPPORTED;
    case LIVE_ERROR: break;
    }
    return SRC_ERROR;
}

static enum source_status live_src_read(struct source *s, const char *relpath, struct buf *out,
                                         struct oqs_err *err)
{
    if (!plat_is_windows())
        return SRC_UNSUPPORTED;
    buf_reset(out);
    if (s->prefetch)
        return from_live(live_prefetch_read(s->prefetch, relpath, out, err));
    return from_live(live_read(relpath, s->cfg, out, err));
}

static enum source_status live_src_list(struct source *s, const char *reldir,
                                    int (*cb)(const char *name, void *ud), void *ud,
                                    struct oqs_err *err)
{
    if (!plat_is_windows())
        return SRC_UNSUPPORTED;
    return from_live(live_list(reldir, s->cfg, cb, ud, err));
}

static void live_src_drop(struct source *s)
{
    live_prefetch_free(s->prefetch);
    s->prefetch = NULL;
}

struct source *source_live(const struct config *cfg, struct oqs_err *err)
{
    struct source *s = calloc(1, sizeof *s);
    if (!s) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    s->kind = SOURCE_LIVE;
    s->cfg = cfg;
    s->read = live_src_read;
    s->list = live_src_list;
    s->drop = live_src_drop;
    /* The slow commands start now, in the background: doctor creates the
     * source before it runs the probes, so both proceed together. Without
     * the pool (out of memory) every file is produced when it is read. */
    if (plat_is_windows())
        s->prefetch = live_prefetch_start(cfg);
    return s;
}
