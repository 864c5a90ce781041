/* The live layout's commands run at once: on the server systeminfo,
 * PowerShell and `schtasks /v` each take seconds, and doctor should take
 * the slowest one's time (with the probes running meanwhile), not their
 * sum. A bounded pool of threads takes the commands in order; the files are
 * then composed by live.c as usual, its commands answered from here. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "live.h"

#define MAX_ARGS 10

struct job {
    char *argv[MAX_ARGS + 1]; /* copies (some are built on the caller's stack) */
    int timeout_ms;
    int rc, code;
    struct buf out;
    struct oqs_err err;
};

struct live_prefetch {
    const struct config *cfg;
    struct job *jobs;
    size_t n, cap;
    int oom;
    atomic_size_t next;
    struct plat_thread *threads[LIVE_POOL];
    size_t nthreads;
    int joined;
};

static void free_argv(struct job *j)
{
    for (size_t i = 0; i < MAX_ARGS && j->argv[i]; i++)
        free(j->argv[i]);
}

static void add_job(const char *const *argv, int timeout_ms, void *ud)
{
    struct live_prefetch *p = ud;
    if (p->oom)
        return;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        struct job *j = realloc(p->jobs, cap * sizeof *j);
        if (!j) {
            p->oom = 1;
            return;
        }
        p->jobs = j;
        p->cap = cap;
    }
    struct job *j = &p->jobs[p->n];
    memset(j, 0, sizeof *j);
    for (size_t i = 0; i < MAX_ARGS && argv[i]; i++) {
        size_t len = strlen(argv[i]) + 1;
        if (!(j->argv[i] = malloc(len))) {
            free_argv(j);
            p->oom = 1;
            return;
        }
        memcpy(j->argv[i], argv[i], len);
    }
    j->timeout_ms = timeout_ms;
    p->n++;
}

static void worker(void *arg)
{
    struct live_prefetch *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            return;
        struct job *j = &p->jobs[i];
        j->rc = plat_run((const char *const *)j->argv, j->timeout_ms, &j->out, &j->code, &j->err);
    }
}

struct live_prefetch *live_prefetch_start(const struct config *cfg)
{
    struct live_prefetch *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->cfg = cfg;
    live_each_command(cfg, add_job, p);
    if (p->oom) {
        live_prefetch_free(p);
        return NULL;
    }
    atomic_init(&p->next, 0);
    for (size_t t = 0; t < LIVE_POOL && t < p->n; t++) {
        p->threads[t] = plat_thread_start(worker, p);
        if (!p->threads[t])
            break;
        p->nthreads++;
    }
    return p;
}

static void join(struct live_prefetch *p)
{
    if (p->joined)
        return;
    /* No thread could start: the commands run here, one by one. */
    if (p->nthreads == 0)
        worker(p);
    for (size_t t = 0; t < p->nthreads; t++)
        plat_thread_join(p->threads[t]);
    p->joined = 1;
}

static int same_argv(const char *const *a, const char *const *b)
{
    size_t i = 0;
    for (; a[i] && b[i]; i++)
        if (strcmp(a[i], b[i]) != 0)
            return 0;
    return !a[i] && !b[i];
}

/* The runner live.c calls: a command of the pool answers from its job;
 * any other runs now. */
static int answer(void *ud, const char *const *argv, int timeout_ms, struct buf *out,
                  int *exit_code, struct oqs_err *err)
{
    struct live_prefetch *p = ud;
    for (size_t i = 0; i < p->n; i++) {
        struct job *j = &p->jobs[i];
        if (!same_argv((const char *const *)j->argv, argv))
            continue;
        if (j->rc < 0) {
            *err = j->err;
            return -1;
        }
        buf_append(out, j->out.data ? j->out.data : "", j->out.len);
        *exit_code = j->code;
        return 0;
    }
    return plat_run(argv, timeout_ms, out, exit_code, err);
}

enum live_status live_prefetch_read(struct live_prefetch *p, const char *relpath, struct buf *out,
                                    struct oqs_err *err)
{
    join(p);
    struct live_runner r = {answer, p};
    return live_read_via(&r, relpath, p->cfg, out, err);
}

void live_prefetch_free(struct live_prefetch *p)
{
    if (!p)
        return;
    join(p);
    for (size_t i = 0; i < p->n; i++) {
        buf_free(&p->jobs[i].out);
        free_argv(&p->jobs[i]);
    }
    free(p->jobs);
    free(p);
}
