/* Prometheus text exposition (format 0.0.4) for the textfile collector of
 * node_exporter and windows_exporter: one file per run, written by a
 * scheduled `oqsdiag doctor --format prometheus -o FILE`. Families and their
 * meaning are listed in docs/reports.md. */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "metrics.h"
#include "version.h"

/* Label values escape backslash, double quote and line feed; HELP text
 * escapes backslash and line feed (exposition format). */
static void put_escaped(FILE *out, const char *s, int quote)
{
    /* Runs between the escaped bytes in one write each, so that a UTF-8
     * character is never split across two writes (render_html.c esc). */
    while (s && *s) {
        size_t n = strcspn(s, quote ? "\\\n\"" : "\\\n");
        fwrite(s, 1, n, out);
        s += n;
        if (*s == '\\')
            fputs("\\\\", out);
        else if (*s == '\n')
            fputs("\\n", out);
        else if (*s == '"')
            fputs("\\\"", out);
        if (*s)
            s++;
    }
}

static void family(FILE *out, const char *name, const char *type, const char *help)
{
    fprintf(out, "# HELP %s ", name);
    put_escaped(out, help, 0);
    fprintf(out, "\n# TYPE %s %s\n", name, type);
}

/* name{k1="v1",k2="v2"} value — labels as NULL-terminated pairs. */
static void sample(FILE *out, const char *name, const char *const *labels, double v)
{
    fputs(name, out);
    if (labels && labels[0]) {
        fputc('{', out);
        for (size_t i = 0; labels[i]; i += 2) {
            fprintf(out, "%s%s=\"", i ? "," : "", labels[i]);
            put_escaped(out, labels[i + 1], 1);
            fputc('"', out);
        }
        fputc('}', out);
    }
    if (isnan(v))
        fputs(" NaN\n", out);
    else if (isinf(v))
        fputs(v > 0 ? " +Inf\n" : " -Inf\n", out);
    else
        fprintf(out, " %.9g\n", v);
}

/* The gauge value of a status: the monitoring-plugins numbers, so that
 * `> 0` alerts on warn, fail and unknown alike. */
static int status_value(enum fstatus st)
{
    switch (st) {
    case FST_OK: return 0;
    case FST_WARN: return 1;
    case FST_FAIL: return 2;
    default: return 3;
    }
}

int render_prometheus(FILE *out, const struct report *r)
{
    struct metric *m = NULL;
    size_t nm = 0;
    struct checklist cl;
    if (metrics_collect(r, &m, &nm) < 0)
        return -1;
    if (checklist_eval(r, &cl) < 0) {
        free(m);
        return -1;
    }

    family(out, "oqsdiag_info", "gauge", "oqsdiag run: version, source and host as labels; always 1");
    const char *info[] = {"version", OQSDIAG_VERSION, "source", r->source,
                          "host", r->host ? r->host : "", NULL};
    sample(out, "oqsdiag_info", info, 1);

    /* Several findings may share an id (one per task, per address): one
     * series per id, its worst status; skipped findings are left out. */
    family(out, "oqsdiag_finding_status", "gauge",
           "Worst status of the findings with this id: 0 ok, 1 warn, 2 fail, 3 unknown (skipped findings are not exported)");
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (f->status == FST_SKIP)
            continue;
        int first = 1;
        for (size_t j = 0; j < i && first; j++)
            first = r->findings[j].status == FST_SKIP || strcmp(r->findings[j].id, f->id) != 0;
        if (!first)
            continue;
        enum fstatus st = f->status;
        for (size_t j = i + 1; j < r->nfindings; j++)
            if (strcmp(r->findings[j].id, f->id) == 0 && r->findings[j].status != FST_SKIP)
                st = fstatus_worse(st, r->findings[j].status);
        const char *l[] = {"id", f->id, "area", f->area ? f->area : "", NULL};
        sample(out, "oqsdiag_finding_status", l, status_value(st));
    }

    size_t c[FST_COUNT];
    report_counts(r, c);
    family(out, "oqsdiag_findings", "gauge", "Number of findings by status");
    for (int s = 0; s < FST_COUNT; s++) {
        const char *l[] = {"status", fstatus_name((enum fstatus)s), NULL};
        sample(out, "oqsdiag_findings", l, (double)c[s]);
    }

    family(out, "oqsdiag_checklist_status", "gauge",
           "Post-setup checklist item: 0 ok, 1 ok with warnings, 2 fail, 3 cannot tell (items checked by hand or not needed are not exported)");
    for (size_t i = 0; i < CL_NITEMS; i++) {
        const struct cl_item *it = &cl.items[i];
        if (it->state == CL_MANUAL || it->state == CL_NOT_NEEDED)
            continue;
        const char *l[] = {"item", it->def->id, "no", it->def->no, NULL};
        sample(out, "oqsdiag_checklist_status", l,
               it->state == CL_OK ? 0 : it->state == CL_WARN ? 1 : it->state == CL_FAIL ? 2 : 3);
    }

    /* Not "kb": promtool reads it as kilobytes. */
    family(out, "oqsdiag_troubleshooting_entries", "gauge",
           "Knowledge-base (troubleshooting) entries the findings triggered");
    sample(out, "oqsdiag_troubleshooting_entries", NULL, (double)r->nkb);

    static const struct {
        enum metric_kind kind;
        const char *name, *label, *help;
    } fam[] = {
        {MET_NTP_OFFSET, "oqsdiag_ntp_offset_seconds", "address",
         "Clock offset against each address of the NTP server (positive: the server is ahead)"},
        /* Base unit seconds (Prometheus naming): days left x 86400. */
        {MET_CERT_DAYS, "oqsdiag_cert_time_left_seconds", "id",
         "Time until the certificate expires, whole days in seconds (negative: expired), by the finding that measured it"},
        {MET_PROBE_DURATION, "oqsdiag_probe_duration_seconds", "probe",
         "Wall time of each network probe"},
    };
    for (size_t k = 0; k < sizeof fam / sizeof fam[0]; k++) {
        family(out, fam[k].name, "gauge", fam[k].help);
        for (size_t i = 0; i < nm; i++)
            if (m[i].kind == fam[k].kind) {
                const char *l[] = {fam[k].label, m[i].label, NULL};
                sample(out, fam[k].name, l,
                       m[i].kind == MET_CERT_DAYS ? m[i].value * 86400.0 : m[i].value);
            }
    }

    family(out, "oqsdiag_run_duration_seconds", "gauge", "Wall time of the whole run");
    sample(out, "oqsdiag_run_duration_seconds", NULL, (double)r->elapsed_ms / 1000.0);
    family(out, "oqsdiag_exit_status", "gauge",
           "Exit status of the run: 0 all ok, 1 some warn, 2 some fail, 3 nothing judged");
    sample(out, "oqsdiag_exit_status", NULL, report_exit_status(r));

    checklist_free(&cl);
    free(m);
    return ferror(out) ? -1 : 0;
}
