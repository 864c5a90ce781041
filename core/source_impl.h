#ifndef OQSDIAG_SOURCE_IMPL_H
#define OQSDIAG_SOURCE_IMPL_H

#include <stdio.h>

#include "source.h"

struct memtree;

/* Shared by source.c (snapshot directory), source_mem.c (a bundle read
 * into memory) and source_live.c (this host). */
enum source_kind_e { SOURCE_DIR, SOURCE_LIVE, SOURCE_MEM };

/* The live functions are reached through pointers, so that source.c does not
 * pull source_live.c (and the platform's collectors) into every program. */
struct source {
    enum source_kind_e kind;
    char *root;                /* SOURCE_DIR */
    const struct config *cfg;  /* SOURCE_LIVE */
    const struct memtree *tree; /* SOURCE_MEM, not owned */
    unsigned long found;       /* files read and folders listed with entries */
    enum source_status (*read)(struct source *s, const char *relpath, struct buf *out,
                               struct oqs_err *err);
    /* SOURCE_LIVE: the command files produced at once (live_prefetch_start),
     * freed by source_free through drop. */
    void *prefetch;
    void (*drop)(struct source *s);
    enum source_status (*list)(struct source *s, const char *reldir,
                               int (*cb)(const char *name, void *ud), void *ud,
                               struct oqs_err *err);
    /* NULL: the source cannot stream or walk (SRC_UNSUPPORTED). */
    enum source_status (*open)(struct source *s, const char *relpath,
                               struct source_file **out, struct oqs_err *err);
    enum source_status (*walk)(struct source *s, const char *reldir, unsigned maxdepth,
                               int (*cb)(const char *rel, int is_dir, void *ud), void *ud,
                               struct oqs_err *err);
};

/* An open file: a stream on disk, or bytes in memory (a bundle). */
struct source_file {
    FILE *f;
    const unsigned char *p;
    size_t n, off;
    char *name;
    char *own; /* the bytes at p when the file holds them (the live source) */
};
/* An open file over n bytes at p, which must outlive it (source_mem.c). */
enum source_status source_open_mem(const char *relpath, const unsigned char *p, size_t n,
                                   struct source_file **out, struct oqs_err *err);
/* An open file over b's bytes, which it takes: b is left empty, the bytes
 * are freed by source_file_close() (source_live.c: a file produced whole). */
enum source_status source_open_buf(const char *relpath, struct buf *b, struct source_file **out,
                                   struct oqs_err *err);

#endif
