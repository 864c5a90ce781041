#ifndef OQSDIAG_BUF_H
#define OQSDIAG_BUF_H

#include <stddef.h>
#include <stdio.h>
#include "err.h"

/* A growable byte buffer, always NUL-terminated past len. The owner frees
 * with buf_free(). */
struct buf {
    char *data;
    size_t len;
    size_t cap;
};

int buf_reserve(struct buf *b, size_t extra);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_appends(struct buf *b, const char *s);
int buf_appendf(struct buf *b, const char *fmt, ...) OQS_PRINTF(2, 3);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Hands the data over (caller frees with free()); b is left empty. */
char *buf_steal(struct buf *b, size_t *len);

/* Reads a whole file, refusing more than max bytes and anything that is not
 * a regular file (a FIFO, a device: EINVAL). 0 ok, -1 error with errno kept
 * (ENOENT for a missing file, EFBIG when over max). */
int buf_read_file(struct buf *b, const char *path, size_t max);
/* Appends the rest of f, refusing more than max bytes in b (EFBIG). */
int buf_read_fp(struct buf *b, FILE *f, size_t max);

/* Grows an array of elem-sized items so that it holds need items, doubling
 * its capacity *cap. Returns the (maybe moved) array, or NULL when memory
 * runs out (v is then untouched and still the caller's to free). */
void *oqs_grow(void *v, size_t *cap, size_t need, size_t elem);

/* The first n bytes of s as a string of its own (n bytes are read, NUL or
 * not). Caller frees; NULL when memory runs out. */
char *oqs_strndup(const char *s, size_t n);

#endif
