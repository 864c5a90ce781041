/* The report as one self-contained HTML page for a person to read or print:
 * no scripts, no external assets (CSS inline), A4 when printed. Japanese or
 * English. The page is also well-formed XML, so a test can parse it. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "version.h"

struct words {
    const char *title, *checklist, *no, *item, *result, *decided, *findings, *other, *kb,
        *kb_none, *because, *fix, *fix_missing, *evidence, *source, *host, *started, *elapsed,
        *src_live, *src_snapshot, *manual_see, *summary, *healthy, *see, *problems;
    const char *state[CL_NSTATES];
    const char *fst[FST_COUNT];
};

static const struct words ja = {
    "連携アプリ搭載サーバー 診断レポート", "セットアップ後のチェックリスト", "No.", "作業項目",
    "結果", "判定の根拠", "確認結果（手順書の章ごと）", "その他", "対処（トラブルシューティング）",
    "該当する対処はありません。", "きっかけ", "対処手順", "対処手順は oqsdiag kb show %s で表示できます。",
    "詳細", "取得元", "ホスト", "開始", "所要時間", "この端末", "スナップショット",
    "手順書を見て手作業で確認してください", "集計", "問題は見つかりませんでした。", "対処:",
    "問題 (異常・警告・判定できないもの)",
    {"完了", "完了（警告あり）", "要対処", "判定できない", "手作業で確認", "不要"},
    {"正常", "警告", "異常", "不明", "省略"},
};

static const struct words en = {
    "Linkage-application server diagnostic report", "Post-setup checklist", "No.", "Item",
    "Result", "Decided by", "Findings by manual section", "Other", "What to do (troubleshooting)",
    "No troubleshooting entry applies.", "Triggered by", "Fix", "Show the fix with: oqsdiag kb show %s",
    "Details", "Source", "Host", "Started", "Elapsed", "this machine", "snapshot",
    "Check by hand, following the manual section", "Summary", "No problem found.", "What to do:",
    "Problems (fail, warn, could not judge)",
    {"done", "done (with warnings)", "needs fixing", "cannot tell", "check by hand", "not needed"},
    {"OK", "WARN", "FAIL", "UNKNOWN", "SKIP"},
};

/* The bytes esc() replaces: XML's own, and the control characters other
 * than tab and line feed, which XML does not allow. */
static int html_special(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return strchr("&<>\"'", c) || (c < 0x20 && c != '\t' && c != '\n') ||
           /* U+FFFE and U+FFFF are not XML characters either; JSON may
            * carry them as \ufffe. */
           !strncmp(s, "\xEF\xBF\xBE", 3) || !strncmp(s, "\xEF\xBF\xBF", 3);
}

/* The text between the replaced bytes goes out in one write: Windows'
 * console shows a UTF-8 character split across two writes as U+FFFD
 * (microsoft/terminal#386) and the C runtime writes a console a call at a
 * time. A run ends only before an ASCII byte or U+FFFE/U+FFFF's lead. */
static void esc(FILE *out, const char *s)
{
    while (s && *s) {
        size_t n = 0;
        while (s[n] && !html_special(s + n))
            n++;
        fwrite(s, 1, n, out);
        s += n;
        switch (*s) {
        case '\0': return;
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        case '\xEF': fputs("\xEF\xBF\xBD", out); s += 2; break;
        default: fputs("\xEF\xBF\xBD", out); break;
        }
        s++;
    }
}

static const char css[] =
    "body{font-family:'Noto Sans CJK JP','IPAGothic','Yu Gothic','Meiryo',sans-serif;"
    "margin:2em auto;max-width:60em;color:#111;line-height:1.45}"
    "h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.2em;border-bottom:2px solid #444;"
    "margin-top:1.6em}h3{font-size:1.05em;margin:1.2em 0 .4em}"
    ".meta{color:#444;margin:.2em 0}table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}"
    "th{background:#eee}tr{break-inside:avoid}code{font-size:.9em}"
    ".mark{font-size:1.3em;text-align:center;width:2.5em}"
    ".sub td.text{padding-left:2em}.section{color:#555;font-size:.85em}"
    ".cl-ok .mark,.st-ok{color:#176f2c}.cl-warn .mark,.st-warn{color:#9a6700}"
    ".cl-fail .mark,.st-fail{color:#b3261e;font-weight:bold}"
    ".cl-unknown .mark,.st-unknown{color:#6f42c1}.cl-manual .mark,.cl-not_needed .mark,.st-skip{color:#666}"
    ".cl-fail{background:#fdecea}.status{white-space:nowrap;width:5em}"
    ".overall{font-weight:bold;padding:.4em .6em;border:1px solid #bbb}"
    ".kb{border:1px solid #bbb;padding:.4em .8em;margin:.8em 0;break-inside:avoid}"
    ".kb h3{margin:.2em 0}.refs{color:#555;font-weight:normal}"
    "details summary{cursor:pointer;color:#444}pre{white-space:pre-wrap;font-size:.85em;"
    "background:#f6f6f6;padding:.4em;margin:.3em 0}"
    "footer{margin-top:2em;color:#666;font-size:.85em}"
    "@page{size:A4;margin:12mm}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}"
    ".cl-fail{background:none}a{color:inherit}}";

static void fix_steps(FILE *out, const struct render_kb *kb, const char *id, enum lang lang,
                      const struct words *w)
{
    const char *step = kb && kb->fix_step ? kb->fix_step(kb->ud, id, lang, 0) : NULL;
    if (!step) {
        fputs("<p class=\"fix-missing\">", out);
        char line[256];
        snprintf(line, sizeof line, w->fix_missing, id);
        esc(out, line);
        fputs("</p>\n", out);
        return;
    }
    fprintf(out, "<p><strong>");
    esc(out, w->fix);
    fputs("</strong></p>\n<ol class=\"fix\">\n", out);
    for (size_t i = 0; step; step = kb->fix_step(kb->ud, id, lang, ++i)) {
        fputs("<li>", out);
        esc(out, step);
        fputs("</li>\n", out);
    }
    fputs("</ol>\n", out);
}

static void kb_entry(FILE *out, const struct kb_hit *k,
                     const struct render_kb *kb, enum lang lang, const struct words *w)
{
    fputs("<article class=\"kb\" id=\"kb-", out);
    esc(out, k->id);
    fputs("\" data-kb=\"", out);
    esc(out, k->id);
    fputs("\">\n<h3>", out);
    esc(out, lang == LANG_JA || !k->title_en ? k->title : k->title_en);
    fputs(" <span class=\"refs\">[", out);
    for (size_t i = 0; i < k->nrefs; i++) {
        if (i)
            fputs(", ", out);
        esc(out, k->refs[i]);
    }
    fputs("] <code>", out);
    esc(out, k->id);
    fputs("</code></span></h3>\n<p>", out);
    esc(out, w->because);
    fputs(": ", out);
    for (size_t i = 0; i < k->nbecause; i++) {
        fputs(i ? ", <code>" : "<code>", out);
        esc(out, k->because[i]);
        fputs("</code>", out);
    }
    for (size_t i = 0; i < k->nmatched; i++) {
        char label[200];
        fputs(i || k->nbecause ? ", <code>" : "<code>", out);
        esc(out, k->matched[i].file);
        fprintf(out, ":%lu</code>", k->matched[i].line);
        if (*kb_line_event_label(&k->matched[i], label, sizeof label)) {
            fputs(" (", out);
            esc(out, label);
            fputs(")", out);
        }
    }
    fputs("</p>\n", out);
    fix_steps(out, kb, k->id, lang, w);
    if (kb && kb->has_repair && kb->has_repair(kb->ud, k->id)) {
        fputs(lang == LANG_JA ? "<p class=\"fix-cmd\">コマンドで修復: <code>oqsdiag fix "
                              : "<p class=\"fix-cmd\">Repair by command: <code>oqsdiag fix ",
              out);
        esc(out, k->id);
        fputs("</code></p>\n", out);
    }
    fputs("</article>\n", out);
}

/* One list item linking to a KB entry below: title and manual refs. */
static void kb_link(FILE *out, const struct kb_hit *k, enum lang lang)
{
    fputs("<li><a href=\"#kb-", out);
    esc(out, k->id);
    fputs("\">", out);
    esc(out, lang == LANG_JA || !k->title_en ? k->title : k->title_en);
    fputs("</a>", out);
    for (size_t j = 0; j < k->nrefs; j++) {
        fputs(j ? ", " : " [", out);
        esc(out, k->refs[j]);
    }
    fputs(k->nrefs ? "]</li>" : "</li>", out);
}

/* A table row of class cls listing the KB entries for which applies()
 * holds, or nothing when none does; its data attribute attr is id. */
static void kb_links_row(FILE *out, const struct report *r, enum lang lang, const struct words *w,
                         const char *cls, const char *attr, const char *id, int colspan,
                         int (*applies)(const struct kb_hit *k, const void *ud), const void *ud)
{
    int any = 0;
    for (size_t k = 0; k < r->nkb; k++) {
        if (!applies(&r->kb[k], ud))
            continue;
        if (!any) {
            fprintf(out, "<tr class=\"%s\" %s=\"", cls, attr);
            esc(out, id);
            fprintf(out, "\"><td></td><td colspan=\"%d\">", colspan);
            esc(out, w->see);
            fputs("<ul>", out);
        }
        any = 1;
        kb_link(out, &r->kb[k], lang);
    }
    if (any)
        fputs("</ul></td></tr>\n", out);
}

struct item_ctx {
    const struct report *r;
    const struct cl_item *it;
};

static int item_applies(const struct kb_hit *k, const void *ud)
{
    const struct item_ctx *c = ud;
    return checklist_kb_applies(c->r, c->it, k);
}

static int has_children(const struct checklist *cl, size_t i)
{
    for (size_t j = 0; j < CL_NITEMS; j++)
        if (cl->items[j].def->parent == (int)i)
            return 1;
    return 0;
}

static void checklist_table(FILE *out, const struct report *r, const struct checklist *cl,
                            enum lang lang, const struct words *w)
{
    int jp = lang == LANG_JA;
    fputs("<section id=\"checklist\">\n<h2>", out);
    esc(out, w->checklist);
    fprintf(out, "</h2>\n<table class=\"checklist\">\n<thead><tr><th>");
    esc(out, w->no);
    fputs("</th><th>", out);
    esc(out, w->item);
    fputs("</th><th colspan=\"2\">", out);
    esc(out, w->result);
    fputs("</th><th>", out);
    esc(out, w->decided);
    fputs("</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < CL_NITEMS; i++) {
        const struct cl_item *it = &cl->items[i];
        const char *st = cl_state_name(it->state);
        fprintf(out, "<tr class=\"item cl-%s%s\" data-item=\"%s\" data-state=\"%s\">", st,
                it->def->parent >= 0 ? " sub" : "", it->def->id, st);
        fprintf(out, "<td>%s</td><td class=\"text\">", it->def->no);
        esc(out, jp ? it->def->text_ja : it->def->text_en);
        fputs("<div class=\"section\">", out);
        esc(out, jp ? it->def->section_ja : it->def->section_en);
        fprintf(out, "</div></td><td class=\"mark\">%s</td><td class=\"status\">",
                cl_state_mark(it->state));
        esc(out, w->state[it->state]);
        fputs("</td><td class=\"decided\">", out);
        if (it->state == CL_MANUAL)
            esc(out, it->def->steps_ja ? (jp ? it->def->steps_ja : it->def->steps_en) : w->manual_see);
        if (it->state == CL_NOT_NEEDED)
            esc(out, it->why);
        if (checklist_ok_note(it, jp))
            esc(out, checklist_ok_note(it, jp));
        for (size_t d = 0; d < it->ndecided; d++) {
            const struct finding *f = &r->findings[it->decided[d]];
            int dup = 0;
            for (size_t e = 0; e < d && !dup; e++)
                dup = strcmp(r->findings[it->decided[e]].id, f->id) == 0;
            if (dup)
                continue;
            fputs(d ? ", <code>" : "<code>", out);
            esc(out, f->id);
            fputs("</code>", out);
        }
        fputs("</td></tr>\n", out);
        /* A crossed or warned item points at the entries that explain it; the entries
         * with their fix follow below the findings. A parent's entries are
         * shown at its sub-items. */
        if ((it->state != CL_FAIL && it->state != CL_WARN) || has_children(cl, i))
            continue;
        struct item_ctx ic = {r, it};
        kb_links_row(out, r, lang, w, "item-kb", "data-item", it->def->id, 4, item_applies, &ic);
    }
    fputs("</tbody>\n</table>\n</section>\n", out);
}

static void finding_row(FILE *out, const struct finding *f, enum lang lang, const struct words *w)
{
    const char *st = fstatus_name(f->status);
    fputs("<tr class=\"finding\" data-id=\"", out);
    esc(out, f->id);
    fprintf(out, "\" data-status=\"%s\"><td class=\"status st-%s\">", st, st);
    esc(out, w->fst[f->status]);
    fputs("</td><td><code>", out);
    esc(out, f->id);
    fputs("</code></td><td>", out);
    esc(out, lang == LANG_JA && f->summary_ja ? f->summary_ja : f->summary);
    char *ev = json_object_size(f->evidence)
                   ? json_dumps(f->evidence, JSON_INDENT(2) | OQS_JSON_FLAGS)
                   : NULL;
    if (ev || f->source) {
        fputs("\n<details><summary>", out);
        esc(out, w->evidence);
        fputs("</summary>", out);
        if (f->source) {
            fputs("<div>", out);
            esc(out, w->source);
            fputs(": <code>", out);
            esc(out, f->source);
            fputs("</code></div>", out);
        }
        if (ev) {
            fputs("<pre>", out);
            esc(out, ev);
            fputs("</pre>", out);
        }
        fputs("</details>", out);
    }
    free(ev);
    fputs("</td></tr>\n", out);
}

/* Whether the KB entry k was triggered by the finding ud. */
static int finding_applies(const struct kb_hit *k, const void *ud)
{
    const struct finding *f = ud;
    for (size_t b = 0; b < k->nbecause; b++)
        if (strcmp(k->because[b], f->id) == 0)
            return 1;
    return 0;
}

/* Under a problem, the KB entries it triggered (a warning as much as a
 * failure): what to do is one click from the top of the page. */
static void problem_kb(FILE *out, const struct report *r, const struct finding *f, enum lang lang,
                       const struct words *w)
{
    kb_links_row(out, r, lang, w, "finding-kb", "data-id", f->id, 2, finding_applies, f);
}

/* What is not ok, first on the page, failures before warnings before
 * unknowns: what a helpdesk reads before anything else. */
static void problems_first(FILE *out, const struct report *r, enum lang lang,
                           const struct words *w)
{
    fputs("<section id=\"problems\">\n<h2>", out);
    esc(out, w->problems);
    fputs("</h2>\n", out);
    static const enum fstatus order[] = {FST_FAIL, FST_WARN, FST_UNKNOWN};
    int any = 0;
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < r->nfindings; i++) {
            if (r->findings[i].status != order[k])
                continue;
            if (!any)
                fputs("<table class=\"findings\">\n<tbody>\n", out);
            any = 1;
            finding_row(out, &r->findings[i], lang, w);
            problem_kb(out, r, &r->findings[i], lang, w);
        }
    if (any)
        fputs("</tbody>\n</table>\n", out);
    else {
        fputs("<p>", out);
        esc(out, w->healthy);
        fputs("</p>\n", out);
    }
    fputs("</section>\n", out);
}

/* Findings under the manual section of the checklist item they belong to,
 * in the manual's order; the rest under "other". */
static void findings_by_section(FILE *out, const struct report *r, enum lang lang,
                                const struct words *w)
{
    int jp = lang == LANG_JA;
    fputs("<section id=\"findings\">\n<h2>", out);
    esc(out, w->findings);
    fputs("</h2>\n", out);
    struct checklist cl;
    int have = checklist_eval(r, &cl) == 0;
    for (int g = 0; g <= CL_NITEMS; g++) {
        int item = g < CL_NITEMS ? g : -1;
        int any = 0;
        for (size_t i = 0; i < r->nfindings; i++) {
            if (checklist_item_of(&r->findings[i]) != item)
                continue;
            if (!any) {
                fprintf(out, "<div class=\"group\" data-section=\"%s\">\n<h3>",
                        item >= 0 ? cl.items[item].def->id : "other");
                if (item >= 0 && have)
                    esc(out, jp ? cl.items[item].def->section_ja : cl.items[item].def->section_en);
                else
                    esc(out, w->other);
                fputs("</h3>\n<table class=\"findings\">\n<tbody>\n", out);
            }
            any = 1;
            finding_row(out, &r->findings[i], lang, w);
            problem_kb(out, r, &r->findings[i], lang, w);
        }
        if (any)
            fputs("</tbody>\n</table>\n</div>\n", out);
    }
    if (have)
        checklist_free(&cl);
    fputs("</section>\n", out);
}

int render_html(FILE *out, const struct report *r, const struct render_opts *o,
                const struct render_kb *kb)
{
    const struct words *w = o->lang == LANG_JA ? &ja : &en;
    struct checklist cl;
    if (checklist_eval(r, &cl) < 0)
        return -1;
    size_t c[FST_COUNT];
    report_counts(r, c);
    int exit_st = report_exit_status(r);

    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                 "<meta name=\"generator\" content=\"%s %s\"/>\n<title>",
            o->lang == LANG_JA ? "ja" : "en", OQSDIAG_NAME, OQSDIAG_VERSION);
    esc(out, w->title);
    fputs(" — ", out);
    esc(out, r->host ? r->host : "");
    fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
    esc(out, w->title);
    fputs("</h1>\n<p class=\"meta\">", out);
    esc(out, w->host);
    fputs(": <strong id=\"host\">", out);
    esc(out, r->host ? r->host : "");
    fputs("</strong> (", out);
    esc(out, strcmp(r->source, "live") == 0 ? w->src_live : w->src_snapshot);
    fputs(") · ", out);
    esc(out, w->started);
    fputs(": ", out);
    esc(out, r->started);
    fputs(" · ", out);
    esc(out, w->elapsed);
    fprintf(out, ": %.1f s</p>\n<p class=\"overall st-%s\" id=\"overall\" data-exit=\"%d\">",
            (double)r->elapsed_ms / 1000.0,
            exit_st == 2 ? "fail" : exit_st == 1 ? "warn" : "ok", exit_st);
    esc(out, w->summary);
    fputs(": <strong class=\"verdict\">", out);
    esc(out, render_verdict(r, o->lang));
    fputs("</strong> —", out);
    for (int s = 0; s < FST_COUNT; s++) {
        fputc(' ', out);
        esc(out, w->fst[s]);
        fprintf(out, " %zu", c[s]);
    }
    fputs("</p>\n</header>\n", out);

    problems_first(out, r, o->lang, w);
    /* --problems: the problems and what to do, nothing that is fine. */
    if (!o->problems) {
        checklist_table(out, r, &cl, o->lang, w);
        findings_by_section(out, r, o->lang, w);
    }

    fputs("<section id=\"kb\">\n<h2>", out);
    esc(out, w->kb);
    fputs("</h2>\n", out);
    if (r->nkb == 0) {
        fputs("<p>", out);
        esc(out, exit_st == 0 ? w->healthy : w->kb_none);
        fputs("</p>\n", out);
    }
    for (size_t k = 0; k < r->nkb; k++)
        kb_entry(out, &r->kb[k], kb, o->lang, w);
    fprintf(out, "</section>\n<footer>%s %s</footer>\n</body>\n</html>\n", OQSDIAG_NAME,
            OQSDIAG_VERSION);
    checklist_free(&cl);
    return ferror(out) ? -1 : 0;
}
