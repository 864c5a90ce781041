#ifndef OQSDIAG_KB_DIR_H
#define OQSDIAG_KB_DIR_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/strv.h"

/* The files of a --kb folder, the entries (*.kb, kb_store.c) and the
 * repairs (*.fix, kb_repair.c), listed and read the same way. */

#define KB_FILE_MAX (1024 * 1024)

/* The names in dir that end in suffix, sorted by strcmp (the same order on
 * every host): no folder, no dot-file, and no link when no_links (a repair
 * runs commands: only a file that is really in the folder). names is the
 * caller's (strv_free), filled only on success. 0, or -1 with err. */
int kb_dir_names(const char *dir, const char *suffix, int no_links, struct strv *names,
                 struct oqs_err *err);

/* Reads the file at path into data: only a regular file (a FIFO named
 * *.kb is refused, never waited on) of at most KB_FILE_MAX bytes. 0, or -1
 * with the reason, without the path, in why. */
int kb_dir_read(const char *path, struct buf *data, char *why, size_t why_size);

#endif
