/* The snapshot directory as a source (analyze). The live machine is in
 * source_live.c, so that a program that never runs live checks does not pull
 * in the platform's collectors. */
#include "source.h"
#include "source_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "core/strv.h"

/* Log folders are capped by the collector (logs.max_bytes); a single file
 * bigger than this is not something Windows printed. */
#define SOURCE_MAX_FILE (256u * 1024u * 1024u)

struct source *source_dir(const char *dir, struct oqs_err *err)
{
    struct plat_dirent st;
    if (!dir || !*dir) {
        oqs_errf(err, "no snapshot directory given");
        return NULL;
    }
    if (plat_stat(dir, &st) != 0) {
        oqs_errf(err, "%s: %s", dir, strerror(errno));
        return NULL;
    }
    if (!st.is_dir && !st.is_link) {
        oqs_errf(err, "%s: not a directory", dir);
        return NULL;
    }
    struct source *s = calloc(1, sizeof *s);
    if (!s || !(s->root = strdup(dir))) {
        free(s);
        oqs_errf(err, "out of memory");
        return NULL;
    }
    s->kind = SOURCE_DIR;
    return s;
}

void source_free(struct source *s)
{
    if (!s)
        return;
    if (s->drop)
        s->drop(s);
    free(s->root);
    free(s);
}

const char *source_root(const struct source *s)
{
    return s && s->kind == SOURCE_DIR ? s->root : NULL;
}

const char *source_kind(const struct source *s)
{
    return s && s->kind != SOURCE_LIVE ? "snapshot" : "live";
}

/* Layout paths are relative and '/'-separated; nothing may climb out of the
 * snapshot directory. */
static int relpath_ok(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/' || strchr(rel, '\\'))
        return 0;
    const char *p = rel;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        p += n + (e ? 1 : 0);
    }
    return 1;
}

static char *join(const char *root, const char *rel)
{
    size_t n = strlen(root) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", root, rel);
    return p;
}

static enum source_status read_file(struct source *s, const char *relpath, struct buf *out,
                                    struct oqs_err *err)
{
    if (!relpath_ok(relpath)) {
        oqs_errf(err, "%s: not a path inside the snapshot", relpath ? relpath : "(null)");
        return SRC_ERROR;
    }
    if (s->kind != SOURCE_DIR)
        return s->read(s, relpath, out, err);
    /* Only a regular file with no link on its way: an extracted bundle's
     * link could point anywhere on this machine, a FIFO would block. */
    FILE *f;
    long long size = 0;
    int r = plat_open_regular(s->root, relpath, PLAT_OPEN_ONE_LINK, &f, &size, err);
    if (r == 1)
        return SRC_MISSING;
    if (r < 0)
        return SRC_ERROR;
    buf_reset(out);
    if ((unsigned long long)size > SOURCE_MAX_FILE || buf_read_fp(out, f, SOURCE_MAX_FILE) != 0) {
        int e = (unsigned long long)size > SOURCE_MAX_FILE ? EFBIG : errno;
        fclose(f);
        oqs_errf(err, "%s: %s", relpath, e == EFBIG ? "file too large" : strerror(e));
        return SRC_ERROR;
    }
    fclose(f);
    return SRC_OK;
}

static int collect_name(const struct plat_dirent *e, void *ud)
{
    if (e->is_dir || e->is_link)
        return 0;
    return strv_push(ud, e->name, strlen(e->name), 0);
}

static enum source_status list_dir(struct source *s, const char *reldir,
                                   int (*cb)(const char *name, void *ud), void *ud,
                                   struct oqs_err *err)
{
    if (!relpath_ok(reldir)) {
        oqs_errf(err, "%s: not a path inside the snapshot", reldir ? reldir : "(null)");
        return SRC_ERROR;
    }
    if (s->kind != SOURCE_DIR)
        return s->list(s, reldir, cb, ud, err);
    char *path = join(s->root, reldir);
    if (!path) {
        oqs_errf(err, "out of memory");
        return SRC_ERROR;
    }
    /* Each folder on the way, the last included, must be no link. */
    struct plat_dirent st;
    for (char *sl = path + strlen(s->root) + 1;; sl++) {
        sl = strchr(sl, '/');
        if (sl)
            *sl = '\0';
        st.is_link = 0;
        int bad = plat_stat(path, &st) != 0 || !st.is_dir;
        if (sl)
            *sl = '/';
        if (bad) {
            free(path);
            if (st.is_link) {
                oqs_errf(err, "%s: a link on the way (links are not followed)", reldir);
                return SRC_ERROR;
            }
            return SRC_MISSING;
        }
        if (!sl)
            break;
    }
    struct strv nm = {0};
    struct oqs_err lerr;
    int rc = plat_list_dir(path, collect_name, &nm, &lerr);
    free(path);
    enum source_status ret = SRC_OK;
    if (rc != 0) {
        oqs_errf(err, "%s: %s", reldir, lerr.msg);
        ret = SRC_ERROR;
    } else if (strv_sort(&nm) < 0) {
        /* Sorted, so that findings come in the same order on every host. */
        oqs_errf(err, "%s: out of memory", reldir);
        ret = SRC_ERROR;
    } else {
        for (size_t i = 0; i < nm.n; i++)
            if (cb(nm.v[i], ud) != 0)
                break;
    }
    strv_free(&nm);
    return ret;
}

enum source_status source_read(struct source *s, const char *relpath, struct buf *out,
                               struct oqs_err *err)
{
    enum source_status st = read_file(s, relpath, out, err);
    s->found += st == SRC_OK;
    return st;
}

struct counted {
    int (*cb)(const char *name, void *ud);
    void *ud;
    unsigned long n;
};

static int count_name(const char *name, void *ud)
{
    struct counted *c = ud;
    c->n++;
    return c->cb(name, c->ud);
}

enum source_status source_list(struct source *s, const char *reldir,
                               int (*cb)(const char *name, void *ud), void *ud,
                               struct oqs_err *err)
{
    struct counted c = {cb, ud, 0};
    enum source_status st = list_dir(s, reldir, count_name, &c, err);
    s->found += st == SRC_OK && c.n > 0;
    return st;
}

unsigned long source_found(const struct source *s)
{
    return s->found;
}

/* A snapshot's file as a stream: read in pieces by source_file_read(). */
static struct source_file *file_new(const char *relpath, struct oqs_err *err)
{
    struct source_file *f = calloc(1, sizeof *f);
    if (!f || !(f->name = strdup(relpath))) {
        free(f);
        oqs_errf(err, "out of memory");
        return NULL;
    }
    return f;
}

enum source_status source_open(struct source *s, const char *relpath, struct source_file **out,
                               struct oqs_err *err)
{
    *out = NULL;
    if (!relpath_ok(relpath)) {
        oqs_errf(err, "%s: not a path inside the snapshot", relpath ? relpath : "(null)");
        return SRC_ERROR;
    }
    if (s->kind != SOURCE_DIR)
        return s->open ? s->open(s, relpath, out, err) : SRC_UNSUPPORTED;
    FILE *fp;
    int r = plat_open_regular(s->root, relpath, PLAT_OPEN_ONE_LINK, &fp, NULL, err);
    if (r == 1)
        return SRC_MISSING;
    if (r < 0)
        return SRC_ERROR;
    if (!(*out = file_new(relpath, err))) {
        fclose(fp);
        return SRC_ERROR;
    }
    (*out)->f = fp;
    return SRC_OK;
}

enum source_status source_open_mem(const char *relpath, const unsigned char *p, size_t n,
                                   struct source_file **out, struct oqs_err *err)
{
    if (!(*out = file_new(relpath, err)))
        return SRC_ERROR;
    (*out)->p = p;
    (*out)->n = n;
    return SRC_OK;
}

enum source_status source_open_buf(const char *relpath, struct buf *b, struct source_file **out,
                                   struct oqs_err *err)
{
    if (source_open_mem(relpath, (const unsigned char *)b->data, b->len, out, err) != SRC_OK)
        return SRC_ERROR;
    (*out)->own = b->data;
    *b = (struct buf){0};
    return SRC_OK;
}

long source_file_read(struct source_file *f, unsigned char *p, size_t n, struct oqs_err *err)
{
    if (f->f) {
        size_t k = fread(p, 1, n, f->f);
        if (k == 0 && ferror(f->f))
            return oqs_errf(err, "%s: read error", f->name);
        return (long)k;
    }
    size_t k = f->n - f->off < n ? f->n - f->off : n;
    if (k)
        memcpy(p, f->p + f->off, k);
    f->off += k;
    return (long)k;
}

void source_file_close(struct source_file *f)
{
    if (!f)
        return;
    if (f->f)
        fclose(f->f);
    free(f->own);
    free(f->name);
    free(f);
}

/* One folder's entries, sorted by name: the walk is the same on every file
 * system and the same as over a bundle in memory. */
struct listing {
    struct listed {
        char *name;
        int is_dir, is_link;
    } *v;
    size_t n, cap;
};

static int list_entry(const struct plat_dirent *e, void *ud)
{
    struct listing *l = ud;
    struct listed *v = oqs_grow(l->v, &l->cap, l->n + 1, sizeof *v);
    if (!v)
        return -1;
    l->v = v;
    if (!(v[l->n].name = strdup(e->name)))
        return -1;
    v[l->n].is_dir = e->is_dir;
    v[l->n++].is_link = e->is_link;
    return 0;
}

static int listed_cmp(const void *a, const void *b)
{
    return strcmp(((const struct listed *)a)->name, ((const struct listed *)b)->name);
}

struct walk {
    const char *root;
    unsigned depth, maxdepth;
    struct buf rel;        /* path below root, '/' separated */
    int (*cb)(const char *rel, int is_dir, void *ud);
    void *ud;
    int stop;
};

static void walk_dir(struct walk *w);

static void walk_entry(struct walk *w, const struct listed *e)
{
    size_t keep = w->rel.len;
    if (w->rel.len)
        buf_appends(&w->rel, "/");
    buf_appends(&w->rel, e->name);
    if (!w->rel.data)
        return;
    if (e->is_link) {
        /* A link could leave the snapshot: not followed. */
    } else if (e->is_dir) {
        if (w->depth < w->maxdepth) {
            int r = w->cb(w->rel.data, 1, w->ud);
            if (r < 0) {
                w->stop = 1;
            } else if (r > 0) {
                w->depth++;
                walk_dir(w);
                w->depth--;
            }
        }
    } else if (w->cb(w->rel.data, 0, w->ud) < 0) {
        w->stop = 1;
    }
    w->rel.len = keep;
    w->rel.data[keep] = '\0';
}

static void walk_dir(struct walk *w)
{
    struct buf path = {0};
    struct listing l = {0};
    if (buf_appendf(&path, "%s/%s", w->root, w->rel.data ? w->rel.data : "") == 0 &&
        plat_list_dir(path.data, list_entry, &l, NULL) == 0) {
        if (l.n)
            qsort(l.v, l.n, sizeof *l.v, listed_cmp);
        for (size_t i = 0; i < l.n && !w->stop; i++)
            walk_entry(w, &l.v[i]);
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i].name);
    free(l.v);
    buf_free(&path);
}

enum source_status source_walk(struct source *s, const char *reldir, unsigned maxdepth,
                               int (*cb)(const char *rel, int is_dir, void *ud), void *ud,
                               struct oqs_err *err)
{
    if (*reldir && !relpath_ok(reldir)) {
        oqs_errf(err, "%s: not a path inside the snapshot", reldir);
        return SRC_ERROR;
    }
    if (s->kind != SOURCE_DIR)
        return s->walk ? s->walk(s, reldir, maxdepth, cb, ud, err) : SRC_UNSUPPORTED;
    struct walk w = {.root = s->root, .maxdepth = maxdepth, .cb = cb, .ud = ud};
    if (buf_appends(&w.rel, reldir) < 0) {
        oqs_errf(err, "out of memory");
        return SRC_ERROR;
    }
    walk_dir(&w);
    buf_free(&w.rel);
    return SRC_OK;
}
