/* oqsdiag verify [PATH]: the manual's closing checklist (連携アプリ搭載サーバー
 * セットアップ後のチェックリスト) filled in from the findings of this machine,
 * of a snapshot, or of a report saved with --json (docs/reports.md). */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "cmd/diagnose.h"
#include "collectors/bundle/bundle_extract.h"
#include "../core/checklist.h"
#include "../core/memtree.h"
#include "../core/platform.h"
#include "../kb/kb.h"

/* A report saved by `doctor --json` or `analyze --json`: what the helpdesk
 * receives by mail. Its KB hits are kept as they were matched. */
static struct report *load_report_json(const char *path, struct oqs_err *err)
{
    struct buf b = {0};
    if (buf_read_file(&b, path, 64u << 20) < 0) {
        oqs_errf(err, "%s: cannot read", path);
        return NULL;
    }
    json_error_t je;
    json_t *doc = json_loadb(b.data, b.len, 0, &je);
    buf_free(&b);
    if (!doc) {
        oqs_errf(err, "%s:%d: not JSON: %s", path, je.line, je.text);
        return NULL;
    }
    struct oqs_err e2 = {{0}};
    struct report *r = report_from_json(doc, &e2);
    json_decref(doc);
    if (!r)
        oqs_errf(err, "%s: %s", path, e2.msg);
    return r;
}

/* This machine, the way doctor sees it (cmd/diagnose.c). */
static struct report *load_live(struct cli *cli, const struct kb *kb, struct oqs_err *err)
{
    struct report *r = cmd_live_report();
    if (!r) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    if (diagnose_live(cli, kb, r, err) != 0) {
        report_free(r);
        return NULL;
    }
    cmd_report_done(r);
    return r;
}

struct report *cmd_load_snapshot(struct cli *cli, const char *path, struct oqs_err *err)
{
    struct report *r = NULL;
    if (bundle_is_archive(path)) {
        struct bundle_caps caps;
        struct memtree tree;
        bundle_caps_from_config(cli->cfg, &caps);
        if (bundle_extract(path, &caps, &tree, err) == 0 &&
            analyze_memtree(&tree, cli->cfg, cli->kb_dir, &r, err) < 0)
            r = NULL;
        memtree_free(&tree);
        return r;
    }
    if (analyze_dir(path, cli->cfg, cli->kb_dir, &r, err) < 0)
        r = NULL;
    return r;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void print_item(FILE *out, const struct report *r, const struct cl_item *it,
                       const struct render_kb *rk, enum lang lang, int has_children)
{
    int ja = lang == LANG_JA;
    static const char *const word_ja[CL_NSTATES] = {"完了", "完了 (警告あり)", "要対処",
                                                    "判定できない", "手作業で確認", "不要"};
    static const char *const word_en[CL_NSTATES] = {"done", "done (with warnings)", "needs fixing",
                                                    "cannot tell", "check by hand", "not needed"};
    const char *indent = it->def->parent >= 0 ? "    " : "";
    fprintf(out, "%s%s %-3s %s — %s\n", indent, cl_state_mark(it->state), it->def->no,
            ja ? it->def->text_ja : it->def->text_en,
            ja ? word_ja[it->state] : word_en[it->state]);
    if (it->state == CL_MANUAL) {
        fprintf(out, "%s      %s %s\n", indent, ja ? "手順書:" : "manual:",
                ja ? it->def->section_ja : it->def->section_en);
        if (it->def->steps_ja)
            fprintf(out, "%s      %s\n", indent, ja ? it->def->steps_ja : it->def->steps_en);
        return;
    }
    if (it->state == CL_NOT_NEEDED) {
        fprintf(out, "%s      %s\n", indent, it->why);
        return;
    }
    if (checklist_ok_note(it, ja))
        fprintf(out, "%s      %s\n", indent, checklist_ok_note(it, ja));
    if (it->def->covers && it->state != CL_OK) {
        fprintf(out, "%s      %s %s\n", indent, ja ? "内訳:" : "see", it->def->covers);
        return;
    }
    /* A parent's findings and fixes are shown at its sub-items. */
    if (has_children || it->state == CL_OK)
        return;
    if (it->ndecided == 0) {
        fprintf(out, "%s      %s\n", indent,
                ja ? "この項目を判定する確認結果がありません (この端末では確認できない項目)"
                   : "no finding decides this item (not visible from here)");
        return;
    }
    static const char *const fst_ja[FST_COUNT] = {"正常", "警告", "異常", "不明", "省略"};
    static const char *const fst_en[FST_COUNT] = {"OK", "WARN", "FAIL", "??", "SKIP"};
    for (size_t d = 0; d < it->ndecided; d++) {
        const struct finding *f = &r->findings[it->decided[d]];
        fprintf(out, "%s      %s  %s  %s\n", indent, ja ? fst_ja[f->status] : fst_en[f->status],
                f->id, ja && f->summary_ja ? f->summary_ja : f->summary);
    }
    if (it->state != CL_FAIL)
        return;
    for (size_t k = 0; k < r->nkb; k++) {
        const struct kb_hit *h = &r->kb[k];
        if (!checklist_kb_applies(r, it, h))
            continue;
        fprintf(out, "%s      %s %s", indent, ja ? "対処:" : "fix:", h->id);
        for (size_t j = 0; j < h->nrefs; j++)
            fprintf(out, "%s%s", j ? ", " : " [", h->refs[j]);
        fprintf(out, "%s %s\n", h->nrefs ? "]" : "", ja || !h->title_en ? h->title : h->title_en);
        const char *step = rk->fix_step ? rk->fix_step(rk->ud, h->id, lang, 0) : NULL;
        if (!step)
            fprintf(out, "%s        oqsdiag kb show %s\n", indent, h->id);
        for (size_t i = 0; step; step = rk->fix_step(rk->ud, h->id, lang, ++i))
            fprintf(out, "%s        %zu. %s\n", indent, i + 1, step);
        if (rk->has_repair && rk->has_repair(rk->ud, h->id))
            fprintf(out, "%s        %s oqsdiag fix %s\n", indent,
                    ja ? "コマンドで修復:" : "repair by command:", h->id);
    }
}

static int print_text(FILE *out, const struct report *r, const struct checklist *cl,
                      const struct render_kb *rk, enum lang lang)
{
    int ja = lang == LANG_JA;
    fprintf(out, "%s %s — %s — %s%s%s — %s\n\n", OQSDIAG_NAME, OQSDIAG_VERSION,
            ja ? "セットアップ後のチェックリスト" : "post-setup checklist",
            strcmp(r->source, "live") == 0 ? (ja ? "この端末" : "live")
                                           : (ja ? "スナップショット" : "snapshot"),
            r->host && *r->host ? " " : "", r->host ? r->host : "", r->started);
    size_t n[CL_NSTATES] = {0};
    for (size_t i = 0; i < CL_NITEMS; i++) {
        int children = 0;
        for (size_t j = 0; j < CL_NITEMS; j++)
            children |= cl->items[j].def->parent == (int)i;
        print_item(out, r, &cl->items[i], rk, lang, children);
        n[cl->items[i].state]++;
    }
    if (ja)
        fprintf(out, "\n結果: 完了 %zu, 要対処 %zu, 判定できない %zu, 手作業で確認 %zu, 不要 %zu (%zu 項目)\n",
                n[CL_OK] + n[CL_WARN], n[CL_FAIL], n[CL_UNKNOWN], n[CL_MANUAL], n[CL_NOT_NEEDED],
                (size_t)CL_NITEMS);
    else
        fprintf(out, "\nResult: %zu done, %zu need fixing, %zu cannot tell, %zu to check by hand, "
                     "%zu not needed (%zu items)\n",
                n[CL_OK] + n[CL_WARN], n[CL_FAIL], n[CL_UNKNOWN], n[CL_MANUAL], n[CL_NOT_NEEDED],
                (size_t)CL_NITEMS);
    return 0;
}

static int emit(struct cli *cli, struct report *r, const struct render_kb *rk)
{
    if (cli->format != OUT_TEXT && cli->format != OUT_JSON)
        return cmd_emit_report(cli, r); /* html, prometheus, nagios carry the checklist themselves */
    struct checklist cl;
    if (checklist_eval(r, &cl) < 0) {
        cmd_say(cli, "out of memory");
        return EXIT_TOOL;
    }
    FILE *f = cli->out;
    int rc = 0;
    if (cli->format == OUT_JSON) {
        /* report.md's document, every field kept, plus "checklist". */
        json_t *doc = report_to_json(r), *arr = checklist_to_json(r, &cl);
        if (!doc || !arr || json_object_set_new(doc, "checklist", arr) != 0 ||
            json_dumpf(doc, f, JSON_INDENT(2) | OQS_JSON_FLAGS) != 0)
            rc = -1;
        else
            fputc('\n', f);
        json_decref(doc);
    } else {
        rc = print_text(f, r, &cl, rk, cli->lang);
    }
    checklist_free(&cl);
    if (rc != 0) {
        cmd_say(cli, "out of memory");
        return EXIT_TOOL;
    }
    cmd_say_unjudged(cli, r);
    return report_exit_status(r);
}

int cmd_verify(struct cli *cli, int argc, char **argv)
{
    const char *path = NULL;
    int bad = cmd_parse_options(cli, &argc, argv, NULL, NULL);
    if (bad)
        return bad;
    for (int i = 1; i < argc; i++) {
        if (path)
            return cmd_usage_error(cli, "verify takes one PATH: '%s'", argv[i]);
        path = argv[i];
    }
    struct oqs_err err = {{0}};
    struct kb *kb = NULL;
    struct report *r = NULL;
    int rc = EXIT_TOOL;
    struct plat_dirent st;

    if (path && plat_stat(path, &st) != 0) {
        cmd_error(cli, "verify: %s: no such file or directory", path);
        return EXIT_TOOL;
    }
    /* The KB first: a broken --kb directory stops the run (as doctor). */
    kb = kb_load(cli->kb_dir, &err);
    if (!kb)
        goto fail;
    if (!path)
        r = load_live(cli, kb, &err);
    else if (!st.is_dir && ends_with(path, ".json"))
        r = load_report_json(path, &err);
    else
        r = cmd_load_snapshot(cli, path, &err);
    if (!r)
        goto fail;
    struct render_kb rk;
    cmd_kb_fix(&rk, kb);
    cli->service = "OQSDIAG-VERIFY";
    cli->kb_fix = &rk;
    rc = emit(cli, r, &rk);
    cli->kb_fix = NULL;
    goto out;
fail:
    cmd_error(cli, "verify: %s", err.msg);
out:
    report_free(r);
    kb_free(kb);
    return rc;
}
