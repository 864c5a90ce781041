/* This host as a source (doctor): every layout file comes from live_read()
 * (collectors/sources/live.c), so a run on the server and the analysis of its
 * snapshot read the same bytes. */
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "core/strv.h"
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

/* The file produced whole (live_read caps a log at logs.max_bytes), then
 * streamed from memory: the log scan reads the host as it reads a bundle. */
static enum source_status live_src_open(struct source *s, const char *relpath,
                                        struct source_file **out, struct oqs_err *err)
{
    struct buf b = {0};
    struct oqs_err quiet;
    if (!err) /* the caller (the log scan) skips what cannot be read */
        err = &quiet;
    enum source_status st = live_src_read(s, relpath, &b, err);
    if (st == SRC_OK)
        st = source_open_buf(relpath, &b, out, err);
    buf_free(&b);
    return st;
}

/* live_list's names, kept in a strv; oom set when one could not be. */
struct names {
    struct strv s;
    int oom;
};

static int add_name(const char *name, void *ud)
{
    struct names *l = ud;
    if (strv_push(&l->s, name, strlen(name), 0) != 0) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

static int has_name(const struct strv *v, const char *rel, size_t len)
{
    for (size_t i = 0; i < v->n; i++)
        if (strlen(v->v[i]) == len && memcmp(v->v[i], rel, len) == 0)
            return 1;
    return 0;
}

/* One listed file: its folders asked first (each once: entered or passed
 * by), as a walk of a folder tree would; 0 to go on, -1 to stop. */
static int walk_one(const char *rel, size_t skip, unsigned maxdepth, struct strv *entered,
                    struct strv *passed, int (*cb)(const char *rel, int is_dir, void *ud),
                    void *ud)
{
    unsigned depth = 0;
    for (const char *sl = strchr(rel + skip, '/'); sl; sl = strchr(sl + 1, '/'), depth++) {
        size_t len = (size_t)(sl - rel);
        if (has_name(passed, rel, len))
            return 0;
        if (has_name(entered, rel, len))
            continue;
        if (depth >= maxdepth)
            return 0;
        char *dir = malloc(len + 1);
        if (dir) {
            memcpy(dir, rel, len);
            dir[len] = '\0';
        }
        int r = dir ? cb(dir, 1, ud) : -1;
        if (r >= 0 && strv_push_take(r > 0 ? entered : passed, dir, 0) != 0)
            r = -1;
        else if (r < 0)
            free(dir);
        if (r <= 0)
            return r;
    }
    return cb(rel, 0, ud) < 0 ? -1 : 0;
}

/* The files the layout names under reldir (live_list), in strcmp order,
 * each folder offered to cb once before its first file. */
static enum source_status live_src_walk(struct source *s, const char *reldir, unsigned maxdepth,
                                        int (*cb)(const char *rel, int is_dir, void *ud),
                                        void *ud, struct oqs_err *err)
{
    struct oqs_err quiet;
    if (!err)
        err = &quiet;
    if (!plat_is_windows())
        return SRC_UNSUPPORTED;
    struct names l = {0};
    struct strv entered = {0}, passed = {0};
    enum source_status st = from_live(live_list(reldir, s->cfg, add_name, &l, err));
    if (st == SRC_OK && (l.oom || strv_sort(&l.s) != 0)) {
        oqs_errf(err, "out of memory");
        st = SRC_ERROR;
    }
    size_t skip = *reldir ? strlen(reldir) + 1 : 0;
    for (size_t i = 0; st == SRC_OK && i < l.s.n; i++) {
        size_t n = skip + strlen(l.s.v[i]) + 1;
        char *rel = malloc(n);
        if (rel)
            snprintf(rel, n, "%s%s%s", reldir, skip ? "/" : "", l.s.v[i]);
        if (!rel || walk_one(rel, skip, maxdepth, &entered, &passed, cb, ud) < 0)
            i = l.s.n;
        free(rel);
    }
    strv_free(&l.s);
    strv_free(&entered);
    strv_free(&passed);
    return st;
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
    s->open = live_src_open;
    s->walk = live_src_walk;
    s->drop = live_src_drop;
    /* The slow commands start now, in the background: doctor creates the
     * source before it runs the probes, so both proceed together. Without
     * the pool (out of memory) every file is produced when it is read. */
    if (plat_is_windows())
        s->prefetch = live_prefetch_start(cfg);
    return s;
}
