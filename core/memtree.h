#ifndef OQSDIAG_MEMTREE_H
#define OQSDIAG_MEMTREE_H

#include <stddef.h>

/* A snapshot's files held in memory: what analyze reads a bundle into, so
 * that a bundle from anywhere never touches this machine's disk and a
 * thousand bundles cost no file-system work (docs/perf.md).
 *
 * Paths are relative, '/'-separated, without a trailing '/'. After
 * memtree_finish() the entries are sorted so that a folder comes right
 * before everything under it and siblings come in strcmp order of their
 * names: the order of a depth-first walk that sorts each folder's names.
 * Every parent of a file is present as a folder. */

struct memtree_entry {
    char *path;
    unsigned char *data;  /* NUL-terminated past len; NULL for a folder */
    size_t len;
    int is_dir;
};

struct memtree {
    char *name;           /* the snapshot's name (the bundle's top folder) */
    struct memtree_entry *v;
    size_t n, cap;
};

/* Adds a file; takes ownership of data (malloc'ed, len bytes plus a NUL
 * past them) even on failure. 0, or -1 when memory runs out. */
int memtree_add_file(struct memtree *t, const char *path, unsigned char *data, size_t len);
/* Adds a folder (may repeat). 0, or -1 when memory runs out. */
int memtree_add_dir(struct memtree *t, const char *path);
/* Adds the missing parent folders and sorts. 0, or -1 out of memory. */
int memtree_finish(struct memtree *t);

/* The entry at path, or NULL. Only after memtree_finish(). */
const struct memtree_entry *memtree_find(const struct memtree *t, const char *path);
/* The index of path's entry, or t->n when there is none. The entries under
 * a folder follow it: i = index + 1 onwards while memtree_under(). */
size_t memtree_index(const struct memtree *t, const char *path);
/* Whether path lies under the folder dir ("" is the root). */
int memtree_under(const char *path, const char *dir);
/* How many folders deep path lies below dir (0: directly in it). */
size_t memtree_depth(const char *path, const char *dir);

void memtree_free(struct memtree *t);

#endif
