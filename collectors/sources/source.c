/* The snapshot directory as a source (analyze). The live machine is in
 * source_live.c, so that a program that never runs live checks does not pull
 * in the platform's collectors. */
#include "source.h"
#include "source_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"

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

struct names {
    char **v;
    size_t n, cap;
};

static int collect_name(const struct plat_dirent *e, void *ud)
{
    struct names *nm = ud;
    if (e->is_dir || e->is_link)
        return 0;
    char **v = oqs_grow(nm->v, &nm->cap, nm->n + 1, sizeof *v);
    if (!v)
        return -1;
    nm->v = v;
    if (!(nm->v[nm->n] = strdup(e->name)))
        return -1;
    nm->n++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
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
    struct names nm = {0};
    struct oqs_err lerr;
    int rc = plat_list_dir(path, collect_name, &nm, &lerr);
    free(path);
    enum source_status ret = SRC_OK;
    if (rc != 0) {
        oqs_errf(err, "%s: %s", reldir, lerr.msg);
        ret = SRC_ERROR;
    } else {
        /* Sorted, so that findings come in the same order on every host. */
        qsort(nm.v, nm.n, sizeof *nm.v, cmp_names);
        for (size_t i = 0; i < nm.n; i++)
            if (cb(nm.v[i], ud) != 0)
                break;
    }
    for (size_t i = 0; i < nm.n; i++)
        free(nm.v[i]);
    free(nm.v);
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
