#ifndef OQSDIAG_SOURCE_H
#define OQSDIAG_SOURCE_H

#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"

/* Where the bytes of a snapshot file come from: a snapshot directory or a
 * bundle read into memory (analyze), or the live machine through the
 * platform layer (doctor). The checks see only this, so live and snapshot
 * share one code path. */
struct source;

enum source_status {
    SRC_OK,          /* bytes in out */
    SRC_MISSING,     /* the file is not there (unknown/skip finding) */
    SRC_UNSUPPORTED, /* live on a host that is not Windows (skip finding) */
    SRC_ERROR        /* could not read; err says why */
};

/* Caller frees with source_free(). */
struct source *source_dir(const char *dir, struct oqs_err *err);
/* The commands behind the layout start at once in the background
 * (live_prefetch_start); reads wait for them. */
struct source *source_live(const struct config *cfg, struct oqs_err *err);
/* A snapshot held in memory (a bundle, collectors/bundle/bundle_extract.h); the
 * tree must outlive the source. */
struct memtree;
struct source *source_memtree(const struct memtree *tree, struct oqs_err *err);
void source_free(struct source *s);

/* Reads a file of the layout (shared/spec/snapshot-layout.md) by its
 * relative path, e.g. "system/os.txt". */
enum source_status source_read(struct source *s, const char *relpath, struct buf *out,
                               struct oqs_err *err);
/* Lists the files under a relative directory ("tasks", "certs/user-my"). */
enum source_status source_list(struct source *s, const char *reldir,
                               int (*cb)(const char *name, void *ud), void *ud,
                               struct oqs_err *err);
/* A file of the snapshot read in pieces, so that a log of any size costs
 * constant memory (the KB's log scan, kb/kb_logscan.c). */
struct source_file;
/* Opens relpath (only a regular file with no other hard link: a FIFO never
 * blocks, a link never leaves the snapshot). The live source produces the
 * file whole (a log at most logs.max_bytes) and streams it from memory, so
 * the KB's log scan reads the live host as it reads its snapshot. Caller
 * closes *out with source_file_close(). */
enum source_status source_open(struct source *s, const char *relpath, struct source_file **out,
                               struct oqs_err *err);
/* Up to n bytes into p: how many, 0 at the end, -1 on a read error (err
 * names the file). */
long source_file_read(struct source_file *f, unsigned char *p, size_t n, struct oqs_err *err);
void source_file_close(struct source_file *f);

/* Visits what lies under reldir ("": the whole snapshot) depth first, each
 * folder's names in strcmp order, so a folder and a bundle in memory are
 * walked alike. cb gets each path relative to the snapshot; for a folder it
 * answers 1 to enter it, 0 to pass it by (a folder maxdepth deep is not
 * entered); for a file 0 to go on; a negative answer ends the walk. Links
 * are passed by. A missing or unreadable reldir yields nothing. The live
 * source walks what its listing of the layout names (live_list). */
enum source_status source_walk(struct source *s, const char *reldir, unsigned maxdepth,
                               int (*cb)(const char *rel, int is_dir, void *ud), void *ud,
                               struct oqs_err *err);

/* How many layout files were read and folders listed with entries so far:
 * 0 after the checks means the input holds none of the layout's files. */
unsigned long source_found(const struct source *s);
/* The snapshot directory, or NULL for a live source. */
const char *source_root(const struct source *s);
/* "live" or "snapshot". */
const char *source_kind(const struct source *s);

#endif
