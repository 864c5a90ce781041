/* oqsdiag probe NAME... — the network probes (probe_defs, probes/run.c) on this
 * machine, run together under one deadline, as one report (source "live"). */
#include <string.h>

#include "../core/metrics.h"
#include "../core/platform.h"
#include "../core/suggest.h"
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

/* Room for every probe plus the slot of a plain range (probes/probes.h has
 * four). */
#define PROBE_MAX 8

/* Ranges per probe: each judges its own measure (seconds, days), so one
 * range is never applied to different units. */
struct ranges {
    struct threshold w[PROBE_MAX], c[PROBE_MAX];
    int any, plain;  /* plain: a range given without "NAME=" */
};

/* The registry's index of the probe named by the first len bytes of name
 * (the NAME of "NAME=RANGE"), or -1. */
static int probe_find_prefix(const char *name, size_t len)
{
    char one[32];
    if (len >= sizeof one)
        return -1;
    memcpy(one, name, len);
    one[len] = '\0';
    return probe_find(one);
}

/* -w/-c [NAME=]RANGE (monitoring-plugins ranges, docs/reports.md), one at
 * a time as cmd_parse_options meets them. */
static int on_range(struct cli *cli, void *ud, enum cmd_opt_id id, const char *v)
{
    struct ranges *rg = ud;
    int is_w = id == OPT_PROBE_WARN;
    struct oqs_err err = {{0}};
    const char *eq = strchr(v, '=');
    size_t k = PROBE_MAX - 1; /* plain: resolved once the probes are known */
    if (eq) {
        int found = probe_find_prefix(v, (size_t)(eq - v));
        if (found < 0) {
            char all[128];
            probe_names_join(all, sizeof all, ", ");
            return cmd_usage_error(cli, "probe: %s: no probe of that name (%s)", v, all);
        }
        k = (size_t)found;
        v = eq + 1;
    } else {
        rg->plain = 1;
    }
    if (threshold_parse(v, is_w ? "-w" : "-c", is_w ? &rg->w[k] : &rg->c[k], &err) < 0)
        return cmd_usage_error(cli, "probe: %s", err.msg);
    rg->any = 1;
    return 0;
}

/* Takes the options out of argv, which keeps the probe names. Returns 0, or
 * the usage status. */
static int take_ranges(struct cli *cli, int *argc, char **argv, struct ranges *rg)
{
    int bad = cmd_parse_options(cli, argc, argv, on_range, rg);
    if (bad)
        return bad;
    if (rg->any && cli->format != OUT_NAGIOS)
        return cmd_usage_error(cli, "probe: -w and -c need --format nagios");
    return 0;
}

/* Checks the ranges against the probes named: a plain range needs exactly
 * one probe; NAME=RANGE needs NAME among them. */
static int place_ranges(struct cli *cli, struct ranges *rg, int nprobes, char **probes)
{
    if (rg->plain && nprobes > 1)
        return cmd_usage_error(cli, "probe: -w/-c RANGE with several probes would judge seconds and days "
                                    "alike: give one per probe, e.g. -w ntp=0.5 -w tls=30:");
    if (rg->plain) {
        size_t k = (size_t)probe_find(probes[0]);
        rg->w[k] = rg->w[PROBE_MAX - 1];
        rg->c[k] = rg->c[PROBE_MAX - 1];
        rg->w[PROBE_MAX - 1].set = rg->c[PROBE_MAX - 1].set = 0;
    }
    for (size_t k = 0; k < probe_count; k++) {
        if (!rg->w[k].set && !rg->c[k].set)
            continue;
        int named = 0;
        for (int i = 0; i < nprobes; i++)
            named |= strcmp(probes[i], probe_defs[k].name) == 0;
        if (!named)
            return cmd_usage_error(cli, "probe: a range for %s, which is not run", probe_defs[k].name);
    }
    return 0;
}

/* The nagios line with each probe's main number judged by its ranges;
 * the exit status is the line's state. */
static int emit_ranged(struct cli *cli, struct report *r, int nprobes, char **probes,
                       const struct ranges *rg)
{
    struct nagios_check chk[PROBE_MAX];
    size_t n = 0;
    for (int i = 0; i < nprobes && n < PROBE_MAX; i++) {
        size_t k = (size_t)probe_find(probes[i]);
        if (metrics_probe_check(r, probes[i], &chk[n]) < 0)
            continue;
        chk[n].warn = &rg->w[k];
        chk[n].crit = &rg->c[k];
        n++;
    }
    int state = render_nagios_checks(cli->out, r, cli->service, chk, n);
    cmd_say_unjudged(cli, r);
    return state;
}

/* "OQSDIAG-NTP", "OQSDIAG-DNS+TLS": the service line names what ran. */
static void service_name(char *out, size_t n, int nprobes, char **probes)
{
    size_t len = (size_t)snprintf(out, n, "OQSDIAG-");
    for (int i = 0; i < nprobes && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "+" : "", probes[i]);
    for (char *p = out; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
}

static const char *probe_name_at(size_t i, void *ud)
{
    (void)ud;
    return probe_defs[i].name;
}

int cmd_probe(struct cli *cli, int argc, char **argv)
{
    struct ranges rg = {0};
    int bad = take_ranges(cli, &argc, argv, &rg);
    if (bad)
        return bad;
    char all[128];
    probe_names_join(all, sizeof all, ", ");
    if (argc < 2)
        return cmd_usage_error(cli, "probe: name a probe (%s)", all);
    for (int i = 1; i < argc; i++)
        if (probe_find(argv[i]) < 0)
            return cmd_usage_hint(cli, suggest_nearest(argv[i], probe_count, probe_name_at, NULL),
                                  "probe: unknown probe '%s' (%s)", argv[i], all);
    if ((bad = place_ranges(cli, &rg, argc - 1, argv + 1)) != 0)
        return bad;
    char service[64];
    service_name(service, sizeof service, argc - 1, argv + 1);
    cli->service = service;
    struct oqs_err err = {{0}};
    struct kb *kb = kb_load(cli->kb_dir, &err);
    if (!kb) {
        cmd_say(cli, err.msg);
        return EXIT_TOOL;
    }
    struct report *r = cmd_live_report();
    if (!r) {
        kb_free(kb);
        cmd_error(cli, "out of memory");
        return EXIT_TOOL;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "tls") == 0)
            cmd_ask_pfx_password(cli);
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
        cmd_error(cli, "probe: %s", err.msg);
        return EXIT_TOOL;
    }
    cmd_report_done(r);
    int status = rg.any ? emit_ranged(cli, r, argc - 1, argv + 1, &rg) : cmd_emit_report(cli, r);
    cli->service = NULL;
    report_free(r);
    return status;
}
