/* The monitoring-plugins status line: "SERVICE STATE - text | perfdata",
 * perfdata as 'label'=value[UOM];[warn];[crit];[min];[max] (monitoring-plugins
 * development guidelines). Further lines carry the non-ok findings. */
#include "render.h"

#include <string.h>

#include "threshold.h"

static const char *const state_word[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

static int replaced(const struct finding *f, const struct nagios_check *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; c[i].replaces && c[i].replaces[k]; k++)
            if (strcmp(c[i].replaces[k], f->id) == 0 && (c[i].warn || c[i].crit))
                return 1;
    return 0;
}

/* Nagios states 0..3 are the values of FST_OK..FST_UNKNOWN: critical >
 * unknown > warning > ok, the guidelines' order and fstatus_worse()'s. */
static int worse(int a, int b)
{
    return (int)fstatus_worse((enum fstatus)a, (enum fstatus)b);
}

static int ranged(const struct nagios_check *c)
{
    return (c->warn && c->warn->set) || (c->crit && c->crit->set);
}

int nagios_state(const struct report *r, const struct nagios_check *c, size_t n)
{
    int st = 0, judged = report_judged(r);
    for (size_t i = 0; i < n; i++)
        judged |= ranged(&c[i]) && c[i].have;
    /* Nothing judged is never OK (report.md). */
    if (!judged)
        return 3;
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (replaced(f, c, n))
            continue;
        if (f->status == FST_FAIL)
            st = worse(st, 2);
        else if (f->status == FST_WARN)
            st = worse(st, 1);
    }
    for (size_t i = 0; i < n; i++) {
        if (!ranged(&c[i]))
            continue;
        st = worse(st, c[i].have ? threshold_state(c[i].warn, c[i].crit, c[i].value) : 3);
    }
    return st;
}

static void perf_range(FILE *out, const struct threshold *t)
{
    if (t && t->set)
        fputs(t->text, out);
}

int render_nagios(FILE *out, const struct report *r)
{
    return render_nagios_checks(out, r, NULL, NULL, 0) < 0 ? -1 : 0;
}

/* Each id of the findings with status want once, in report order. */
static void put_ids(FILE *out, const struct report *r, enum fstatus want, const char **sep)
{
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (f->status != want)
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = r->findings[j].status == want && strcmp(r->findings[j].id, f->id) == 0;
        if (seen)
            continue;
        fprintf(out, "%s%s", *sep, f->id);
        *sep = ", ";
    }
}

int render_nagios_checks(FILE *out, const struct report *r, const char *service,
                         const struct nagios_check *chk, size_t nchk)
{
    size_t c[FST_COUNT];
    report_counts(r, c);
    int state = nagios_state(r, chk, nchk);
    fprintf(out, "%s %s - ", service ? service : "OQSDIAG", state_word[state]);
    /* The checked numbers first: what the thresholds were about. */
    for (size_t i = 0; i < nchk; i++) {
        if (chk[i].have)
            fprintf(out, "%s %.6g%s, ", chk[i].label, chk[i].value, chk[i].uom);
        else
            fprintf(out, "%s not measured, ", chk[i].label);
    }
    const char *sep = " ";
    if (c[FST_OK] + c[FST_WARN] + c[FST_FAIL] == 0) {
        fprintf(out, "nothing judged, %zu unknown:", c[FST_UNKNOWN]);
        put_ids(out, r, FST_UNKNOWN, &sep);
    } else if (state == 0 || (c[FST_FAIL] == 0 && c[FST_WARN] == 0)) {
        fprintf(out, "%zu ok", c[FST_OK]);
        /* Unknowns stay visible even when the state is OK. */
        if (c[FST_UNKNOWN])
            fprintf(out, ", %zu unknown", c[FST_UNKNOWN]);
    } else {
        const char *sep1 = "";
        if (c[FST_FAIL]) {
            fprintf(out, "%zu fail", c[FST_FAIL]);
            sep1 = ", ";
        }
        if (c[FST_WARN])
            fprintf(out, "%s%zu warn", sep1, c[FST_WARN]);
        if (c[FST_UNKNOWN])
            fprintf(out, ", %zu unknown", c[FST_UNKNOWN]);
        fputs(":", out);
        /* Fails first, so the line stays short and useful. */
        put_ids(out, r, FST_FAIL, &sep);
        put_ids(out, r, FST_WARN, &sep);
    }
    fputs(" |", out);
    for (size_t i = 0; i < nchk; i++) {
        if (!chk[i].have)
            continue;
        fprintf(out, " '%s'=%.6g%s;", chk[i].label, chk[i].value, chk[i].uom);
        perf_range(out, chk[i].warn);
        fputc(';', out);
        perf_range(out, chk[i].crit);
        fputs(";;", out);
    }
    /* Counts: "0" alerts above zero, so one fail is critical and one warn
     * a warning (monitoring-plugins ranges). */
    fprintf(out, " fail=%zu;;0;0 warn=%zu;0;;0 ok=%zu;;;0 unknown=%zu;;;0 skip=%zu;;;0 "
                 "kb=%zu;;;0 elapsed=%.3fs;;;0\n",
            c[FST_FAIL], c[FST_WARN], c[FST_OK], c[FST_UNKNOWN], c[FST_SKIP], r->nkb,
            (double)r->elapsed_ms / 1000.0);
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (f->status == FST_FAIL || f->status == FST_WARN)
            fprintf(out, "[%s] %s: %s\n", f->status == FST_FAIL ? "CRITICAL" : "WARNING", f->id,
                    f->summary);
    }
    for (size_t i = 0; i < r->nkb; i++)
        fprintf(out, "[KB] %s%s%s: %s\n", r->kb[i].id, r->kb[i].nrefs ? " " : "",
                r->kb[i].nrefs ? r->kb[i].refs[0] : "", r->kb[i].title_en);
    return state;
}
