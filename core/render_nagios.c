/* The monitoring-plugins status line: "SERVICE STATE - text | perfdata",
 * perfdata as 'label'=value[UOM];[warn];[crit];[min];[max] (monitoring-plugins
 * development guidelines). Further lines carry the non-ok findings. */
#include "render.h"

#include <string.h>

static const char *const state_word[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

int render_nagios(FILE *out, const struct report *r)
{
    size_t c[FST_COUNT];
    report_counts(r, c);
    int state = report_exit_status(r);
    fprintf(out, "OQSDIAG %s - ", state_word[state]);
    if (state == 0) {
        fprintf(out, "%zu ok", c[FST_OK]);
    } else {
        const char *sep = "";
        if (c[FST_FAIL]) {
            fprintf(out, "%zu fail", c[FST_FAIL]);
            sep = ", ";
        }
        if (c[FST_WARN])
            fprintf(out, "%s%zu warn", sep, c[FST_WARN]);
        fputs(":", out);
        /* Each id once, fails first, so the line stays short and useful. */
        const char *sep2 = " ";
        for (int pass = 0; pass < 2; pass++) {
            enum fstatus want = pass == 0 ? FST_FAIL : FST_WARN;
            for (size_t i = 0; i < r->nfindings; i++) {
                const struct finding *f = &r->findings[i];
                if (f->status != want)
                    continue;
                int seen = 0;
                for (size_t j = 0; j < i && !seen; j++)
                    seen = r->findings[j].status == want && strcmp(r->findings[j].id, f->id) == 0;
                if (seen)
                    continue;
                fprintf(out, "%s%s", sep2, f->id);
                sep2 = ", ";
            }
        }
    }
    fprintf(out, " | fail=%zu;;1;0 warn=%zu;1;;0 ok=%zu;;;0 unknown=%zu;;;0 skip=%zu;;;0 "
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
    return 0;
}
