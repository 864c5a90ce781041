#ifndef OQSDIAG_ATOMIC_FILE_H
#define OQSDIAG_ATOMIC_FILE_H

#include <stdio.h>
#include "err.h"

/* An output that appears whole or not at all: written under a temporary
 * name beside the target, flushed to the disk, then renamed over it, so a
 * reader (a Prometheus textfile collector, a script polling the file) never
 * sees half a file. "-" means standard output (the stream given). */
struct atomic_file;

/* Opens path for writing; std is the stream "-" stands for. NULL with err
 * "cannot write PATH: reason" (the reason from the system). Finish with
 * atomic_file_commit() or atomic_file_abort(), which free it. */
struct atomic_file *atomic_file_open(const char *path, FILE *std, struct oqs_err *err);
/* The stream to write to (the temporary file, or std). */
FILE *atomic_file_stream(const struct atomic_file *af);
/* Bytes written so far (0 when nothing was written). */
long atomic_file_written(const struct atomic_file *af);
/* Flushes, syncs and renames into place (std: flushes). 0, or -1 with err
 * "cannot write PATH: reason" and the temporary file removed. */
int atomic_file_commit(struct atomic_file *af, struct oqs_err *err);
/* Drops what was written: the target stays as it was. */
void atomic_file_abort(struct atomic_file *af);

#endif
