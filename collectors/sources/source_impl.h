#ifndef OQSDIAG_SOURCE_IMPL_H
#define OQSDIAG_SOURCE_IMPL_H

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
};

#endif
