/* oqsdiag probe NAME... — the network probes (probe_defs, probes/run.c) on this
 * machine, run together under one deadline, as one report (source "live"). */
#include <string.h>

#include "../core/metrics.h"
#include "../core/platform.h"
#include "../core/threshold.h"
#include "../kb/kb.h"
#include "../probes/probes.h"
#include "cmd.h"

/* One live line on a terminal with every probe's state, rewritten in place:
 * "dns: resolving  ntp: asking  proxy: done  tls: handshake". */
struct live_line {
    FILE *f;
    const char *state[8]; /* per probe_defs index; static strings */
};

static void show_state(void *ud, const char *probe, const char *state, int done)
{
    struct live_line *l = ud;
    int k = probe_find(probe);
    if (k >= 0 && k < 8)
        l->state[k] = done ? "done" : state;
    fputs("\r\033[K", l->f);
    for (size_t k = 0; k < probe_count && k < 8; k++)
        if (l->state[k])
            fprintf(l->f, "%s: %s  ", probe_defs[k].name, l->state[k]);
    fflush(l->f);
}

/* -w/-c RANGE (monitoring-plugins ranges, docs/reports.md): taken out of
 * argv, which keeps the probe names. Returns 0, or the usage status. */
static int take_ranges(struct cli *cli, int *argc, char **argv, struct threshold *w,
                       struct threshold *c)
{
    int n = 1;
    for (int i = 1; i < *argc; i++) {
        int is_w = strcmp(argv[i], "-w") == 0, is_c = strcmp(argv[i], "-c") == 0;
        if (!is_w && !is_c) {
            argv[n++] = argv[i];
            continue;
        }
        struct oqs_err err = {{0}};
        if (i + 1 >= *argc)
            return cmd_usage_error(cli, "probe: %s needs a range (e.g. 10, 10:, ~:10, @10:20)",
                                   argv[i]);
        if (threshold_parse(argv[i + 1], argv[i], is_w ? w : c, &err) < 0)
            return cmd_usage_error(cli, "probe: %s", err.msg);
        i++;
    }
    *argc = n;
    if ((w->set || c->set) && cli->format != OUT_NAGIOS)
        return cmd_usage_error(cli, "probe: -w and -c need --format nagios");
    return 0;
}

/* The nagios line with each probe's main number judged by the ranges;
 * the exit status is the line's state. */
static int emit_ranged(struct cli *cli, struct report *r, int nprobes, char **probes,
                       const struct threshold *w, const struct threshold *c)
{
    struct nagios_check chk[8];
    size_t n = 0;
    for (int i = 0; i < nprobes && n < sizeof chk / sizeof chk[0]; i++) {
        if (metrics_probe_check(r, probes[i], &chk[n]) < 0)
            continue;
        chk[n].warn = w;
        chk[n].crit = c;
        n++;
    }
    FILE *f = cli->output ? fopen(cli->output, "w") : cli->out;
    if (!f) {
        fprintf(cli->err, "oqsdiag: cannot write %s\n", cli->output);
        return EXIT_TOOL;
    }
    int state = render_nagios_checks(f, r, chk, n);
    if ((f != cli->out ? fclose(f) : fflush(f)) != 0) {
        fprintf(cli->err, "oqsdiag: cannot write %s\n", cli->output ? cli->output : "the report");
        return EXIT_TOOL;
    }
    return state;
}

int cmd_probe(struct cli *cli, int argc, char **argv)
{
    struct threshold warn = {0}, crit = {0};
    int bad = take_ranges(cli, &argc, argv, &warn, &crit);
    if (bad)
        return bad;
    char all[128];
    probe_names_join(all, sizeof all, ", ");
    if (argc < 2)
        return cmd_usage_error(cli, "probe: name a probe (%s)", all);
    for (int i = 1; i < argc; i++)
        if (probe_find(argv[i]) < 0)
            return cmd_usage_error(cli, "probe: unknown probe '%s' (%s)", argv[i], all);
    struct oqs_err err = {{0}};
    struct kb *kb = kb_load(cli->kb_dir, &err);
    if (!kb) {
        fprintf(cli->err, "oqsdiag: %s\n", err.msg);
        return EXIT_TOOL;
    }
    struct report *r = cmd_live_report();
    if (!r) {
        kb_free(kb);
        fprintf(cli->err, "oqsdiag: out of memory\n");
        return EXIT_TOOL;
    }
    struct live_line line = {.f = cli->err};
    struct probe_progress pg = {show_state, &line};
    int live = !cli->quiet && cli->err == stderr && plat_isatty(stderr);
    int rc = probes_run(cli->cfg, (const char *const *)argv + 1, (size_t)argc - 1, r,
                        live ? &pg : NULL, &err);
    if (live)
        fputs("\r\033[K", cli->err);
    if (rc == 0)
        rc = kb_match(kb, r, NULL, &err);
    kb_free(kb);
    if (rc < 0) {
        report_free(r);
        fprintf(cli->err, "oqsdiag: probe: %s\n", err.msg);
        return EXIT_TOOL;
    }
    cmd_report_done(r);
    int status = warn.set || crit.set ? emit_ranged(cli, r, argc - 1, argv + 1, &warn, &crit)
                                      : cmd_emit_report(cli, r);
    report_free(r);
    return status;
}
