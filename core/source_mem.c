/* A bundle read into memory as a source (analyze of a .tar.gz): the same
 * answers as source.c gives for the folder the bundle would unpack to. */
#include "source.h"
#include "source_impl.h"

#include <stdlib.h>
#include <string.h>

#include "core/memtree.h"

/* The file entry at relpath: SRC_MISSING, SRC_ERROR for a directory. */
static enum source_status mem_file(const struct source *s, const char *relpath,
                                   const struct memtree_entry **e, struct oqs_err *err)
{
    *e = memtree_find(s->tree, relpath);
    if (!*e)
        return SRC_MISSING;
    if ((*e)->is_dir) {
        oqs_errf(err, "%s: a directory, not a file", relpath);
        return SRC_ERROR;
    }
    return SRC_OK;
}

static enum source_status mem_read(struct source *s, const char *relpath, struct buf *out,
                                   struct oqs_err *err)
{
    const struct memtree_entry *e;
    enum source_status st = mem_file(s, relpath, &e, err);
    if (st != SRC_OK)
        return st;
    buf_reset(out);
    if (buf_append(out, e->data, e->len) < 0) {
        oqs_errf(err, "%s: out of memory", relpath);
        return SRC_ERROR;
    }
    return SRC_OK;
}

/* The files directly in reldir, in strcmp order of their names (the tree's
 * order), as source.c lists a folder. */
static enum source_status mem_list(struct source *s, const char *reldir,
                                   int (*cb)(const char *name, void *ud), void *ud,
                                   struct oqs_err *err)
{
    (void)err;
    const struct memtree *t = s->tree;
    size_t i = memtree_index(t, reldir);
    if (i == t->n || !t->v[i].is_dir)
        return SRC_MISSING;
    size_t skip = strlen(reldir) + 1;
    for (i++; i < t->n && memtree_under(t->v[i].path, reldir); i++)
        if (!t->v[i].is_dir && memtree_depth(t->v[i].path, reldir) == 0 &&
            cb(t->v[i].path + skip, ud) != 0)
            break;
    return SRC_OK;
}

static enum source_status mem_open(struct source *s, const char *relpath,
                                   struct source_file **out, struct oqs_err *err)
{
    const struct memtree_entry *e;
    enum source_status st = mem_file(s, relpath, &e, err);
    if (st != SRC_OK)
        return st;
    return source_open_mem(relpath, e->data, e->len, out, err);
}

/* The tree's order is that of source.c's walk of the folder the bundle
 * unpacks to (core/memtree.h); a folder passed by is skipped whole. */
static enum source_status mem_walk(struct source *s, const char *reldir, unsigned maxdepth,
                                   int (*cb)(const char *rel, int is_dir, void *ud), void *ud,
                                   struct oqs_err *err)
{
    (void)err;
    const struct memtree *t = s->tree;
    size_t i = *reldir ? memtree_index(t, reldir) : (size_t)-1;
    if (*reldir && (i == t->n || !t->v[i].is_dir))
        return SRC_OK;
    for (i++; i < t->n && memtree_under(t->v[i].path, reldir); i++) {
        const struct memtree_entry *e = &t->v[i];
        int r = 0;
        if (!e->is_dir)
            r = cb(e->path, 0, ud);
        else if (memtree_depth(e->path, reldir) < maxdepth)
            r = cb(e->path, 1, ud);
        if (r < 0)
            break;
        if (e->is_dir && r == 0)
            while (i + 1 < t->n && memtree_under(t->v[i + 1].path, e->path))
                i++;
    }
    return SRC_OK;
}

struct source *source_memtree(const struct memtree *tree, struct oqs_err *err)
{
    struct source *s = calloc(1, sizeof *s);
    if (!s) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    s->kind = SOURCE_MEM;
    s->tree = tree;
    s->read = mem_read;
    s->list = mem_list;
    s->open = mem_open;
    s->walk = mem_walk;
    return s;
}
