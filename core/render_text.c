/* The report for a person: findings grouped by area, aligned, a status mark
 * per line, then the matched KB entries. Japanese or English. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "platform.h"
#include "version.h"

/* Findings of an area the catalog has no AREA row for (none should). */
static const struct catalog_area other = {"unknown", "Other", "その他"};

/* The areas in the catalog's order (core/findings.def), then "Other". */
static const struct catalog_area *area_at(size_t ai)
{
    return ai < catalog_area_count() ? catalog_area_at(ai) : &other;
}

static const char *const mark_en[FST_COUNT] = {"OK  ", "WARN", "FAIL", "??  ", "SKIP"};
static const char *const mark_ja[FST_COUNT] = {"正常", "警告", "異常", "不明", "省略"};
static const char *const colour[FST_COUNT] = {"\033[32m", "\033[33m", "\033[31;1m", "\033[35m",
                                              "\033[2m"};

enum lang render_lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "ja", 2) == 0 ? LANG_JA : LANG_EN;
    }
    /* No locale variable (a Windows console): the user's display language. */
    return plat_ui_lang_ja() ? LANG_JA : LANG_EN;
}

static int area_known(const char *a)
{
    for (size_t i = 0; i < catalog_area_count(); i++)
        if (strcmp(catalog_area_at(i)->id, a) == 0)
            return 1;
    return 0;
}

static int in_area(const struct finding *f, size_t ai)
{
    if (ai == catalog_area_count())
        return !area_known(f->area);
    return strcmp(f->area, area_at(ai)->id) == 0;
}

int render_text(FILE *out, const struct report *r, const struct render_opts *o)
{
    int ja = o->lang == LANG_JA;
    const char *reset = o->color ? "\033[0m" : "";
    size_t width = 0;
    for (size_t i = 0; i < r->nfindings; i++) {
        size_t n = strlen(r->findings[i].id);
        if (n > width)
            width = n;
    }
    fprintf(out, "%s %s — %s%s%s — %s\n", OQSDIAG_NAME, OQSDIAG_VERSION,
            ja ? (strcmp(r->source, "live") == 0 ? "この端末" : "スナップショット") : r->source,
            r->host && *r->host ? " " : "", r->host ? r->host : "", r->started);
    for (size_t ai = 0; ai <= catalog_area_count(); ai++) {
        int any = 0;
        for (size_t i = 0; i < r->nfindings; i++) {
            const struct finding *f = &r->findings[i];
            if (!in_area(f, ai) || (o->problems && (f->status == FST_OK || f->status == FST_SKIP)))
                continue;
            if (!any)
                fprintf(out, "\n%s\n", ja ? area_at(ai)->title_ja : area_at(ai)->title_en);
            any = 1;
            fprintf(out, "  %s%s%s  %-*s  %s\n", o->color ? colour[f->status] : "",
                    ja ? mark_ja[f->status] : mark_en[f->status], reset, (int)width, f->id,
                    ja ? f->summary_ja : f->summary);
            if (o->verbose && json_object_size(f->evidence)) {
                char *ev = json_dumps(f->evidence, JSON_COMPACT | OQS_JSON_FLAGS);
                fprintf(out, "        %s %s (%s)\n", ja ? "根拠:" : "evidence:", ev ? ev : "",
                        f->source);
                free(ev);
            }
        }
    }
    if (r->nkb) {
        fprintf(out, "\n%s\n", ja ? "該当するトラブルシューティング (可能性の高い順)"
                                  : "Matching troubleshooting entries (most likely first)");
        for (size_t i = 0; i < r->nkb; i++) {
            const struct kb_hit *k = &r->kb[i];
            fprintf(out, "  %zu. ", i + 1);
            for (size_t j = 0; j < k->nrefs; j++)
                fprintf(out, "%s%s", j ? ", " : "[", k->refs[j]);
            fprintf(out, "%s%s — %s\n", k->nrefs ? "] " : "", k->id, ja ? k->title : k->title_en);
            fprintf(out, "     %s", ja ? "根拠: " : "because: ");
            for (size_t j = 0; j < k->nbecause; j++)
                fprintf(out, "%s%s", j ? ", " : "", k->because[j]);
            for (size_t j = 0; j < k->nmatched; j++) {
                char label[200];
                kb_line_event_label(&k->matched[j], label, sizeof label);
                fprintf(out, "%s%s:%lu%s%s%s", j || k->nbecause ? ", " : "", k->matched[j].file,
                        k->matched[j].line, *label ? " (" : "", label, *label ? ")" : "");
            }
            fprintf(out, "\n     %s oqsdiag kb show %s\n", ja ? "対処:" : "fix:", k->id);
        }
    }
    size_t c[FST_COUNT];
    report_counts(r, c);
    if (ja)
        fprintf(out, "\n結果: %s — 正常 %zu, 警告 %zu, 異常 %zu, 不明 %zu, 省略 %zu (%lld ms)\n",
                render_verdict(r, o->lang), c[FST_OK], c[FST_WARN], c[FST_FAIL], c[FST_UNKNOWN],
                c[FST_SKIP], r->elapsed_ms);
    else
        fprintf(out, "\nSummary: %s — %zu ok, %zu warn, %zu fail, %zu unknown, %zu skip (%lld ms)\n",
                render_verdict(r, o->lang), c[FST_OK], c[FST_WARN], c[FST_FAIL], c[FST_UNKNOWN],
                c[FST_SKIP], r->elapsed_ms);
    return 0;
}

const char *render_verdict(const struct report *r, enum lang lang)
{
    static const char *const en[] = {"OK", "WARNING", "FAILED", "could not judge"};
    static const char *const ja[] = {"正常", "警告あり", "異常あり", "判定できない"};
    int st = report_exit_status(r);
    return lang == LANG_JA ? ja[st] : en[st];
}
