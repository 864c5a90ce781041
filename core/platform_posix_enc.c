/* POSIX: UTF-8 back to a code page (iconv) and threads (pthreads), see
 * core/platform.h. */
#include "platform.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *cp_name(unsigned cp)
{
    switch (cp) {
    case 932: return "CP932";
    case 1200: return "UTF-16LE";
    case 1201: return "UTF-16BE";
    case 1252: return "CP1252";
    case 437: return "CP437";
    default: return NULL;
    }
}

/* Length of the UTF-8 sequence starting with c (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
    return (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}

int plat_utf8_to_codepage(unsigned cp, const char *in, size_t n, char **out, size_t *outn,
                          struct oqs_err *err)
{
    const char *name = cp_name(cp);
    if (!name)
        return oqs_errf(err, "code page %u is not supported", cp);
    iconv_t cd = iconv_open(name, "UTF-8");
    if (cd == (iconv_t)-1)
        return oqs_errf(err, "cannot convert to %s: %s", name, strerror(errno));
    size_t qlen = (cp == 1200 || cp == 1201) ? 2 : 1;
    const char *q = cp == 1200 ? "?\0" : cp == 1201 ? "\0?" : "?";
    size_t cap = n * 2 + 16;
    char *o = malloc(cap);
    if (!o) {
        iconv_close(cd);
        return oqs_errf(err, "out of memory");
    }
    char *ip = (char *)in, *op = o;
    size_t il = n, ol = cap - 2;
    while (il > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
            break;
        if (errno == E2BIG || ol < 4) {
            size_t used = (size_t)(op - o);
            cap = cap * 2 + 8;
            char *p = realloc(o, cap);
            if (!p) {
                free(o);
                iconv_close(cd);
                return oqs_errf(err, "out of memory");
            }
            o = p;
            op = o + used;
            ol = cap - 2 - used;
            if (errno == E2BIG)
                continue;
        }
        /* A character the code page lacks, or bad UTF-8: '?' and go on. */
        memcpy(op, q, qlen);
        op += qlen;
        ol -= qlen;
        size_t step = seq_len((unsigned char)*ip);
        if (step > il)
            step = il;
        ip += step;
        il -= step;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    *op = '\0';
    *out = o;
    *outn = (size_t)(op - o);
    return 0;
}

struct plat_thread {
    pthread_t id;
    void (*fn)(void *);
    void *arg;
};

static void *trampoline(void *p)
{
    struct plat_thread *t = p;
    t->fn(t->arg);
    return NULL;
}

struct plat_thread *plat_thread_start(void (*fn)(void *arg), void *arg)
{
    struct plat_thread *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    t->fn = fn;
    t->arg = arg;
    if (pthread_create(&t->id, NULL, trampoline, t) != 0) {
        free(t);
        return NULL;
    }
    return t;
}

void plat_thread_join(struct plat_thread *t)
{
    if (!t)
        return;
    pthread_join(t->id, NULL);
    free(t);
}
