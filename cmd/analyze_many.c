/* analyze of snapshot folders and bundles, one or many (issue 6,
 * docs/bundle.md). */
#include "analyze_many.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/diagnose.h"
#include "collectors/bundle/bundle_extract.h"
#include "../core/json_path.h"
#include "../core/memtree.h"
#include "../core/platform.h"
#include "../core/progress.h"

struct job {
    const char *path;
    struct report *r;
    char *line;          /* --jsonl: the report as one line */
    struct oqs_err err;
    int failed;
    atomic_int done;
};

struct ctx {
    struct cli *cli;
    struct job *jobs;
    size_t njobs, stride, first;
    int jsonl;
    /* --jsonl streams: the next line to print, and who is printing. */
    size_t next;
    atomic_flag printing;
    /* The counter on standard error (a terminal, not --quiet): inputs
     * done, drawn by whoever holds printing. */
    int live;
    long long t0;
    atomic_size_t ndone;
};

static void run_one(const struct ctx *c, struct job *j)
{
    if (bundle_is_archive(j->path)) {
        struct bundle_caps caps;
        struct memtree tree;
        bundle_caps_from_config(c->cli->cfg, &caps);
        if (bundle_extract(j->path, &caps, &tree, &j->err) < 0 ||
            analyze_memtree(&tree, c->cli->cfg, c->cli->kb_dir, &j->r, &j->err) < 0)
            j->failed = 1;
        memtree_free(&tree);
    } else if (analyze_dir(j->path, c->cli->cfg, c->cli->kb_dir, &j->r, &j->err) < 0) {
        j->failed = 1;
    }
    if (j->failed || !c->jsonl)
        return;
    json_t *doc = report_to_json(j->r);
    if (doc) {
        json_set_path(doc, "input", j->path);
        j->line = json_dumps(doc, JSON_COMPACT | OQS_JSON_FLAGS);
        json_decref(doc);
    }
}

struct worker {
    struct ctx *c;
    size_t first;
};

static void print_line(struct ctx *c, const struct job *j)
{
    struct cli *cli = c->cli;
    if (j->failed)
        cmd_error(cli, "analyze: %s", j->err.msg);
    if (!c->jsonl)
        return;
    if (j->failed) {
        json_t *e = json_object();
        char *s = NULL;
        if (e && json_set_path(e, "input", j->path) == 0 &&
            json_object_set_new(e, "error", json_string(j->err.msg)) == 0)
            s = json_dumps(e, JSON_COMPACT | OQS_JSON_FLAGS);
        fprintf(cli->out, "%s\n", s ? s : "{\"error\":\"out of memory\"}");
        free(s);
        json_decref(e);
    } else {
        fprintf(cli->out, "%s\n", j->line ? j->line : "{\"error\":\"out of memory\"}");
    }
    fflush(cli->out);
}

/* Prints every finished job from c->next on, in input order, so that a slow
 * input holds back only the lines after it. Whoever finishes a job tries;
 * one prints at a time, and after letting go looks once more, so that a
 * job finished meanwhile is never left unprinted. */
static void print_ready(struct ctx *c)
{
    for (;;) {
        if (atomic_flag_test_and_set(&c->printing))
            return;
        if (c->live)
            fputs("\r\033[K", c->cli->err);
        while (c->next < c->njobs && atomic_load(&c->jobs[c->next].done))
            print_line(c, &c->jobs[c->next++]);
        if (c->live) {
            char line[160];
            progress_counter_line(line, sizeof line, "analyze", atomic_load(&c->ndone), c->njobs,
                                  plat_now_ms() - c->t0, c->cli->lang == LANG_JA);
            fputs(line, c->cli->err);
            fflush(c->cli->err);
        }
        size_t next = c->next;
        atomic_flag_clear(&c->printing);
        if (next >= c->njobs || !atomic_load(&c->jobs[next].done))
            return;
    }
}

/* Worker k takes jobs k, k+N, k+2N...: no shared counter, and the results
 * land in their own slots so the output keeps the input order. */
static void worker_main(void *arg)
{
    struct worker *w = arg;
    for (size_t i = w->first; i < w->c->njobs; i += w->c->stride) {
        run_one(w->c, &w->c->jobs[i]);
        atomic_store(&w->c->jobs[i].done, 1);
        atomic_fetch_add(&w->c->ndone, 1);
        print_ready(w->c);
    }
}

struct kbcount {
    const char *id, *title, *title_en;
    size_t n;
};

static int cmp_count(const void *a, const void *b)
{
    const struct kbcount *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* The helpdesk's trend view: per KB entry, in how many inputs it matched. */
static void print_summary(struct cli *cli, const struct job *jobs, size_t n)
{
    struct kbcount *k = NULL;
    size_t nk = 0, ok = 0;
    for (size_t i = 0; i < n; i++) {
        if (jobs[i].failed)
            continue;
        ok++;
        const struct report *r = jobs[i].r;
        for (size_t h = 0; h < r->nkb; h++) {
            size_t f = 0;
            while (f < nk && strcmp(k[f].id, r->kb[h].id) != 0)
                f++;
            if (f == nk) {
                struct kbcount *p = realloc(k, (nk + 1) * sizeof *p);
                if (!p)
                    continue;
                k = p;
                k[nk++] = (struct kbcount){r->kb[h].id, r->kb[h].title, r->kb[h].title_en, 0};
            }
            /* Once per input even if an entry is listed twice. */
            int seen = 0;
            for (size_t e = 0; e < h; e++)
                seen |= strcmp(r->kb[e].id, r->kb[h].id) == 0;
            if (!seen)
                k[f].n++;
        }
    }
    qsort(k, nk, sizeof *k, cmp_count);
    int ja = cli->lang == LANG_JA;
    if (cli->format == OUT_JSON) {
        json_t *arr = json_array();
        for (size_t i = 0; i < nk; i++)
            json_array_append_new(arr, json_pack("{s:s, s:I, s:s?, s:s?}", "id", k[i].id, "bundles",
                                                 (json_int_t)k[i].n, "title", k[i].title,
                                                 "title_en", k[i].title_en));
        json_t *doc = json_pack("{s:I, s:I, s:o}", "inputs", (json_int_t)n, "analysed",
                                (json_int_t)ok, "summary", arr);
        char *s = json_dumps(doc, JSON_COMPACT | OQS_JSON_FLAGS);
        fprintf(cli->out, "%s\n", s ? s : "{}");
        free(s);
        json_decref(doc);
    } else {
        fprintf(cli->out, ja ? "解析 %zu / %zu 件\n%7s %6s  %-32s %s\n"
                             : "analysed %zu of %zu\n%7s %6s  %-32s %s\n",
                ok, n, ja ? "件数" : "bundles", "%", "kb", ja ? "内容" : "title");
        for (size_t i = 0; i < nk; i++)
            fprintf(cli->out, "%7zu %5.1f%%  %-32s %s\n", k[i].n,
                    ok ? 100.0 * (double)k[i].n / (double)ok : 0.0, k[i].id,
                    (ja ? k[i].title : k[i].title_en) ? (ja ? k[i].title : k[i].title_en) : "");
    }
    free(k);
}

struct analyze_opts {
    int jsonl, summary;
    long jobs;
};

static int on_option(struct cli *cli, void *ud, enum cmd_opt_id id, const char *v)
{
    struct analyze_opts *o = ud;
    if (id == OPT_ANALYZE_JSONL)
        o->jsonl = 1;
    else if (id == OPT_ANALYZE_SUMMARY)
        o->summary = 1;
    else if (id == OPT_ANALYZE_JOBS) {
        char *end = NULL;
        o->jobs = strtol(v, &end, 10);
        if (!*v || *end || o->jobs < 1 || o->jobs > 64)
            return cmd_usage_error(cli, "analyze: --jobs takes a number from 1 to 64, not '%s'", v);
    }
    return 0;
}

int cmd_analyze_paths(struct cli *cli, int argc, char **argv)
{
    struct analyze_opts ao = {.jobs = 1};
    int bad = cmd_parse_options(cli, &argc, argv, on_option, &ao);
    if (bad)
        return bad;
    int jsonl = ao.jsonl, summary = ao.summary;
    long jobs_n = ao.jobs;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t np = 0;
    if (!paths)
        return EXIT_TOOL;
    for (int i = 1; i < argc; i++)
        paths[np++] = argv[i];
    if (np == 0) {
        free(paths);
        return cmd_usage_error(cli, "analyze: a snapshot folder or bundle is needed");
    }
    if (np > 1 && !jsonl && !summary) {
        free(paths);
        return cmd_usage_error(cli, "analyze: several inputs need --jsonl or --summary");
    }
    cli->service = "OQSDIAG-SNAPSHOT";
    struct ctx c = {.cli = cli, .njobs = np, .jsonl = jsonl, .printing = ATOMIC_FLAG_INIT};
    c.jobs = calloc(np, sizeof *c.jobs);
    if (!c.jobs) {
        free(paths);
        return EXIT_TOOL;
    }
    for (size_t i = 0; i < np; i++)
        c.jobs[i].path = paths[i];
    size_t nw = (size_t)jobs_n < np ? (size_t)jobs_n : np;
    c.stride = nw;
    c.live = np > 1 && !cli->quiet && cli->err == stderr && plat_isatty(stderr);
    c.t0 = plat_now_ms();
    atomic_init(&c.ndone, 0);
    /* jansson seeds its hash function lazily; do it before the threads. */
    json_object_seed(0);
    struct worker *w = calloc(nw, sizeof *w);
    struct plat_thread **th = calloc(nw, sizeof *th);
    for (size_t k = 0; w && th && k < nw; k++) {
        w[k] = (struct worker){&c, k};
        th[k] = k ? plat_thread_start(worker_main, &w[k]) : NULL;
    }
    if (w && th) {
        worker_main(&w[0]);
        /* A thread that could not start: its share runs here. */
        for (size_t k = 1; k < nw; k++) {
            if (th[k])
                plat_thread_join(th[k]);
            else
                worker_main(&w[k]);
        }
    } else {
        struct worker one = {&c, 0};
        c.stride = 1;
        worker_main(&one);
    }
    free(w);
    free(th);
    if (c.live)
        fputs("\r\033[K", cli->err);
    int rc = 0;
    for (size_t i = 0; i < np; i++) {
        struct job *j = &c.jobs[i];
        int st = j->failed ? EXIT_TOOL : report_exit_status(j->r);
        if (!jsonl && !summary && !j->failed)
            st = cmd_emit_report(cli, j->r);
        /* The worst status wins; 3 (the tool could not run) above all. */
        if (st == EXIT_TOOL || (rc != EXIT_TOOL && st > rc))
            rc = st;
    }
    if (summary)
        print_summary(cli, c.jobs, np);
    for (size_t i = 0; i < np; i++) {
        report_free(c.jobs[i].r);
        free(c.jobs[i].line);
    }
    free(c.jobs);
    free(paths);
    return rc;
}
