/* Probes run concurrently and report from their own threads, so drawing is
 * serialised by a C11 atomic_flag spin lock: a redraw is a few hundred bytes,
 * and the platform layer stays free of a mutex type for this alone. */
#include "progress.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

#define MAX_PROBES 16
/* Narrower than any terminal, so a line never wraps and the cursor-up
 * count stays right. */
#define LINE_COLS 76

struct line {
    char probe[24];
    char state[96];
    int done;
};

struct progress {
    FILE *out;
    atomic_flag lock;
    struct line lines[MAX_PROBES];
    int n;
    int drawn; /* lines on screen */
};

int progress_wanted(FILE *out, int quiet)
{
    return !quiet && plat_isatty(out);
}

struct progress *progress_new(FILE *out)
{
    struct progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->out = out;
    atomic_flag_clear(&p->lock);
    return p;
}

void progress_hook(struct progress *p, struct probe_progress *pg)
{
    pg->update = p ? progress_update : NULL;
    pg->ud = p;
}

/* Copies at most max bytes of s without cutting a UTF-8 sequence. */
static void copy_utf8(char *dst, size_t dstn, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max)
        n = max;
    if (n >= dstn)
        n = dstn - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static void redraw(struct progress *p)
{
    if (p->drawn > 0)
        fprintf(p->out, "\033[%dA", p->drawn);
    for (int i = 0; i < p->n; i++) {
        const struct line *l = &p->lines[i];
        char text[LINE_COLS + 8];
        char full[sizeof l->probe + sizeof l->state + 8];
        snprintf(full, sizeof full, "%s: %s", l->probe, l->state);
        copy_utf8(text, sizeof text, full, LINE_COLS);
        fprintf(p->out, "\r\033[K%s %s\n", l->done ? "✔" : "…", text);
    }
    p->drawn = p->n;
    fflush(p->out);
}

void progress_update(void *ud, const char *probe, const char *state, int done)
{
    struct progress *p = ud;
    if (!p || !probe)
        return;
    while (atomic_flag_test_and_set_explicit(&p->lock, memory_order_acquire))
        ;
    int i = 0;
    while (i < p->n && strcmp(p->lines[i].probe, probe) != 0)
        i++;
    if (i == p->n && p->n < MAX_PROBES) {
        copy_utf8(p->lines[i].probe, sizeof p->lines[i].probe, probe, sizeof p->lines[i].probe);
        p->n++;
    }
    if (i < p->n) {
        copy_utf8(p->lines[i].state, sizeof p->lines[i].state, state ? state : "",
                  sizeof p->lines[i].state);
        p->lines[i].done = done;
        redraw(p);
    }
    atomic_flag_clear_explicit(&p->lock, memory_order_release);
}

void progress_finish(struct progress *p)
{
    if (!p)
        return;
    /* Back to the first line and erase to the end of the screen. */
    if (p->drawn > 0) {
        fprintf(p->out, "\033[%dA\r\033[J", p->drawn);
        fflush(p->out);
    }
    free(p);
}

void progress_counter_line(char *out, size_t n, const char *what, size_t done, size_t total,
                           long long elapsed_ms, int ja)
{
    if (done == 0 || elapsed_ms <= 0) {
        snprintf(out, n, ja ? "%s: %zu/%zu 件" : "%s: %zu/%zu", what, done, total);
        return;
    }
    double rate = (double)done * 1000.0 / (double)elapsed_ms;
    long left = (long)((double)(total > done ? total - done : 0) / rate + 0.5);
    snprintf(out, n, ja ? "%s: %zu/%zu 件, %.1f 件/秒, 残り %ld 秒" : "%s: %zu/%zu, %.1f/s, %ld s left",
             what, done, total, rate, left);
}
