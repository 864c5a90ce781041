/* POSIX: code page text to and from UTF-8 (iconv) and threads (pthreads),
 * see core/platform.h. */
#include "platform.h"
#include "buf.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The code pages we convert, by their iconv names (platform.h). */
static const struct {
    unsigned cp;
    const char *name;
} codepages[] = {
    {932, "CP932"}, {1200, "UTF-16LE"}, {1201, "UTF-16BE"}, {1252, "CP1252"}, {437, "CP437"},
};
#define N_CODEPAGES (sizeof codepages / sizeof codepages[0])

/* Opened descriptors wait here between calls: glibc loads the gconv module
 * on every iconv_open, which cost ~9% of `oqsdiag analyze`. A descriptor is
 * used by one thread at a time (analyze --jobs), so a call takes one out
 * and gives it back. Idle ones stay referenced from here until exit. */
#define IDLE_MAX 8
static struct {
    iconv_t cd[IDLE_MAX];
    int n;
} idle[N_CODEPAGES][2];
static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;

/* to_utf8: 1 converts code page -> UTF-8, 0 UTF-8 -> code page. */
static iconv_t cd_take(size_t i, int to_utf8)
{
    iconv_t cd = (iconv_t)-1;
    pthread_mutex_lock(&idle_lock);
    if (idle[i][to_utf8].n > 0)
        cd = idle[i][to_utf8].cd[--idle[i][to_utf8].n];
    pthread_mutex_unlock(&idle_lock);
    if (cd != (iconv_t)-1) {
        iconv(cd, NULL, NULL, NULL, NULL);
        return cd;
    }
    return to_utf8 ? iconv_open("UTF-8", codepages[i].name)
                   : iconv_open(codepages[i].name, "UTF-8");
}

static void cd_give(size_t i, int to_utf8, iconv_t cd)
{
    pthread_mutex_lock(&idle_lock);
    if (idle[i][to_utf8].n < IDLE_MAX) {
        idle[i][to_utf8].cd[idle[i][to_utf8].n++] = cd;
        cd = (iconv_t)-1;
    }
    pthread_mutex_unlock(&idle_lock);
    if (cd != (iconv_t)-1)
        iconv_close(cd);
}

/* Length of the UTF-8 sequence starting with c (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
    return (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}

/* The one conversion loop for both directions. Input iconv cannot convert
 * (invalid, truncated, or a character the target lacks) becomes repl and
 * the loop skips one input unit, so a parser still sees the rest of the
 * file. The result is NUL-terminated; caller frees *out. */
static int convert(unsigned cp, int to_utf8, const char *in, size_t n, char **out, size_t *outn,
                   struct oqs_err *err)
{
    size_t i = 0;
    while (i < N_CODEPAGES && codepages[i].cp != cp)
        i++;
    if (i == N_CODEPAGES)
        return oqs_errf(err, "code page %u is not supported", cp);
    int wide = cp == 1200 || cp == 1201;
    /* From UTF-8 a lacking character is '?' in the target encoding. */
    const char *repl = to_utf8 ? "\xEF\xBF\xBD" : cp == 1200 ? "?\0" : cp == 1201 ? "\0?" : "?";
    size_t rlen = to_utf8 ? 3 : wide ? 2 : 1;
    size_t factor = to_utf8 ? 3 : 2;
    if (n > (SIZE_MAX - 16) / factor)
        return oqs_errf(err, "out of memory");
    size_t cap = n * factor + 16;
    char *o = malloc(cap);
    if (!o)
        return oqs_errf(err, "out of memory");
    iconv_t cd = cd_take(i, to_utf8);
    if (cd == (iconv_t)-1) {
        int e = errno;
        free(o);
        return oqs_errf(err, "cannot convert %s %s: %s", to_utf8 ? "from" : "to",
                        codepages[i].name, strerror(e));
    }
    char *ip = (char *)in;
    size_t il = n, used = 0;
    while (il > 0) {
        char *op = o + used;
        size_t ol = cap - 1 - used;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        int e = errno;
        used = (size_t)(op - o);
        if (r != (size_t)-1)
            break;
        if (e == E2BIG || ol < rlen) {
            char *p = oqs_grow(o, &cap, cap + 1, 1);
            if (!p) {
                free(o);
                cd_give(i, to_utf8, cd);
                return oqs_errf(err, "out of memory");
            }
            o = p;
            if (e == E2BIG)
                continue;
        }
        memcpy(o + used, repl, rlen);
        used += rlen;
        size_t step = to_utf8 ? (wide ? 2 : 1) : seq_len((unsigned char)*ip);
        if (step > il)
            step = il;
        ip += step;
        il -= step;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    cd_give(i, to_utf8, cd);
    o[used] = '\0';
    *out = o;
    *outn = used;
    return 0;
}

int plat_codepage_to_utf8(unsigned cp, const char *in, size_t n, char **out, size_t *outn,
                          struct oqs_err *err)
{
    return convert(cp, 1, in, n, out, outn, err);
}

int plat_utf8_to_codepage(unsigned cp, const char *in, size_t n, char **out, size_t *outn,
                          struct oqs_err *err)
{
    return convert(cp, 0, in, n, out, outn, err);
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
