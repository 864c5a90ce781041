#include "buf.h"
#include "oom.h"
#include "platform.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int buf_reserve(struct buf *b, size_t extra)
{
    if (extra > (size_t)-1 - b->len - 1)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        oqs_oom_note();
        return -1;
    }
    /* The promise of buf.h: NUL-terminated past len, a fresh buffer too. */
    p[b->len] = '\0';
    b->data = p;
    b->cap = cap;
    return 0;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int buf_appends(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_appendf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_reserve(b, (size_t)n) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *buf_steal(struct buf *b, size_t *len)
{
    if (!b->data && buf_reserve(b, 0) < 0)
        return NULL;
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

int buf_read_fp(struct buf *b, FILE *f, size_t max)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b->len + n > max) {
            errno = EFBIG;
            return -1;
        }
        if (buf_append(b, chunk, n) < 0) {
            errno = ENOMEM;
            return -1;
        }
    }
    if (ferror(f)) {
        errno = EIO;
        return -1;
    }
    if (!b->data && buf_reserve(b, 0) < 0) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

int buf_read_file(struct buf *b, const char *path, size_t max)
{
    FILE *f;
    long long size = 0;
    /* Only a regular file: a FIFO or device named here never blocks. */
    int r = plat_open_regular(path, NULL, 0, &f, &size, NULL);
    if (r != 0) {
        errno = r == 1 ? ENOENT : EINVAL;
        return -1;
    }
    if ((unsigned long long)size > max) {
        fclose(f);
        errno = EFBIG;
        return -1;
    }
    int rc = buf_read_fp(b, f, max);
    int e = errno;
    fclose(f);
    errno = e;
    return rc;
}

void *oqs_grow(void *v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return v;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return NULL;
        nc *= 2;
    }
    if (elem && nc > SIZE_MAX / elem)
        return NULL;
    void *p = realloc(v, nc * elem);
    if (p)
        *cap = nc;
    else
        oqs_oom_note();
    return p;
}

char *oqs_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    } else {
        oqs_oom_note();
    }
    return p;
}
