/* oqsdiag fix [ID...] [--from PATH] [--apply [--yes]] | --undo [BACKUP] |
 * --list: the exact commands that repair what the diagnosis found, run only
 * when asked, with a backup, a proof and a way back (docs/fix.md). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "fix_apply.h"
#include "fix_plan.h"
#include "collectors/checks/checks.h"
#include "core/source.h"
#include "core/platform.h"
#include "kb/kb.h"
#include "kb/kb_repair.h"

struct fix_opts {
    const char *from;
    int apply, yes, undo, list;
    const char *undo_name;
    const char **wanted;
    size_t nwanted;
};

#define T(ja, en) (cli->lang == LANG_JA ? (ja) : (en))

static int on_option(struct cli *cli, void *ud, enum cmd_opt_id id, const char *v)
{
    struct fix_opts *o = ud;
    (void)cli;
    switch (id) {
    case OPT_FIX_FROM: o->from = v; break;
    case OPT_FIX_APPLY: o->apply = 1; break;
    case OPT_FIX_YES: o->yes = 1; break;
    case OPT_FIX_LIST: o->list = 1; break;
    case OPT_FIX_UNDO:
        o->undo = 1;
        o->undo_name = v;
        break;
    default: break;
    }
    return 0;
}

static int parse_opts(struct cli *cli, int argc, char **argv, struct fix_opts *o)
{
    o->wanted = calloc((size_t)argc + 1, sizeof *o->wanted);
    if (!o->wanted)
        return -1;
    int bad = cmd_parse_options(cli, &argc, argv, on_option, o);
    if (bad)
        return bad;
    for (int i = 1; i < argc; i++)
        o->wanted[o->nwanted++] = argv[i];
    if (o->from && (o->apply || o->undo))
        return cmd_usage_error(cli, "fix: --from only shows the commands (for a helpdesk reading a "
                                    "bundle); --apply and --undo act on this server");
    if (o->undo && (o->apply || o->nwanted))
        return cmd_usage_error(cli, "fix: --undo takes only the name of a backup");
    if (o->yes && !o->apply && !o->undo)
        return cmd_usage_error(cli, "fix: --yes goes with --apply or --undo");
    return 0;
}

/* The local checks on this machine: what a repair can change. The network
 * probes are left out: no repair changes the network, and `doctor` runs
 * them (doctor's whole pipeline is diagnose_live in cmd/diagnose.c).
 * Caller frees with report_free(). */
static struct report *checks_live(struct cli *cli, struct oqs_err *err)
{
    struct report *r = cmd_live_report();
    struct source *src = r ? source_live(cli->cfg, err) : NULL;
    if (!r || !src || checks_run(src, cli->cfg, r, err) != 0) {
        if (!r)
            oqs_errf(err, "out of memory");
        source_free(src);
        report_free(r);
        return NULL;
    }
    source_free(src);
    cmd_report_done(r);
    return r;
}

static void print_refs(FILE *f, const struct kb *kb, const char *entry)
{
    const struct kb_entry *e = kb ? kb_find(kb, entry) : NULL;
    fprintf(f, "    KB %s", entry);
    for (size_t i = 0; e && i < e->refs.n; i++)
        fprintf(f, "%s%s", i ? ", " : " (manual: ", e->refs.v[i]);
    fputs(e && e->refs.n ? ")\n" : "\n", f);
}

static void print_item(struct cli *cli, FILE *f, size_t k, const struct fix_item *it,
                       const struct kb *kb)
{
    static const char *const label_en[] = {"save", "save", "run", "run", "undo", "undo"};
    static const char *const label_ja[] = {"保存", "保存", "実行", "実行", "戻す", "戻す"};
    const struct kb_repair *rp = it->repair;
    fprintf(f, "[%zu] %s  (%s)\n", k + 1, it->title, rp->id);
    print_refs(f, kb, rp->entry);
    for (size_t i = 0; i < it->nwhy; i++) {
        const struct finding *w = it->why[i];
        fprintf(f, "    %s %s %s: %s\n", T("検出:", "found:"), w->id, fstatus_name(w->status),
                cli->lang == LANG_JA && w->summary_ja ? w->summary_ja : w->summary);
    }
    if (rp->admin)
        fputs(T("    管理者として実行したコマンドプロンプトが必要です\n",
                "    needs an elevated prompt (Run as administrator)\n"), f);
    for (size_t i = 0; i < it->ncmds; i++) {
        struct buf line = {0};
        const struct fix_cmd *c = &it->cmds[i];
        fix_quote_cmdline(&line, (const char *const *)c->argv);
        fprintf(f, "    %s  %s%s%s\n", cli->lang == LANG_JA ? label_ja[c->kind] : label_en[c->kind],
                line.data ? line.data : "", c->kind == KBS_RECORD ? "  > " : "",
                c->kind == KBS_RECORD ? c->file : "");
        buf_free(&line);
    }
    const char *note = cli->lang == LANG_JA ? rp->note_ja : rp->note_en;
    if (note)
        fprintf(f, "    %s %s\n", T("注:", "note:"), note);
}

static json_t *plan_json(const struct fix_plan *p, const struct kb *kb)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < p->n; k++) {
        const struct fix_item *it = &p->items[k];
        const struct kb_entry *e = kb ? kb_find(kb, it->repair->entry) : NULL;
        json_t *why = json_array(), *cmds = json_array(), *refs = json_array();
        static const char *const kind[] = {"save", "record", "run", "run-try", "undo", "undo-try"};
        for (size_t i = 0; i < it->nwhy; i++)
            json_array_append_new(why, json_pack("{s:s,s:s}", "id", it->why[i]->id, "status",
                                                 fstatus_name(it->why[i]->status)));
        for (size_t i = 0; i < it->ncmds; i++) {
            struct buf line = {0};
            fix_quote_cmdline(&line, (const char *const *)it->cmds[i].argv);
            json_array_append_new(cmds, json_pack("{s:s,s:s}", "step", kind[it->cmds[i].kind],
                                                  "command", line.data ? line.data : ""));
            buf_free(&line);
        }
        for (size_t i = 0; e && i < e->refs.n; i++)
            json_array_append_new(refs, json_string(e->refs.v[i]));
        json_array_append_new(arr, json_pack("{s:s,s:s,s:o,s:s,s:o,s:b,s:o,s:o}", "repair",
                                             it->repair->id, "entry", it->repair->entry, "refs",
                                             refs, "title", it->title, "task",
                                             it->task ? json_string(it->task) : json_null(),
                                             "admin", it->repair->admin, "findings", why,
                                             "commands", cmds));
    }
    return arr;
}

static void print_plan(struct cli *cli, FILE *f, const struct fix_plan *p, const struct kb *kb,
                       const char *host, int dry)
{
    if (cli->format == OUT_JSON) {
        json_t *doc = json_pack("{s:s,s:b,s:o,s:[]}", "host", host, "dry_run", dry, "repairs",
                                plan_json(p, kb), "skipped");
        const char *s = p->skipped.data;
        for (size_t n; s && *s; s += n + 1) {
            n = strcspn(s, "\n");
            json_array_append_new(json_object_get(doc, "skipped"), json_stringn(s, n));
        }
        json_dumpf(doc, f, JSON_INDENT(2));
        fputc('\n', f);
        json_decref(doc);
        return;
    }
    if (p->n == 0)
        fprintf(f, T("%s: 修復できる問題はありません。\n", "%s: nothing found that a repair fixes.\n"),
                host);
    else
        fprintf(f, T("%s: 修復 %zu 件%s\n\n", "%s: %zu repair(s)%s\n\n"), host, p->n,
                dry ? T(" (表示のみ: 何も変更しません。実行は --apply)",
                        " (dry run: nothing is changed; --apply runs them)")
                    : "");
    for (size_t k = 0; k < p->n; k++)
        print_item(cli, f, k, &p->items[k], kb);
    if (p->skipped.len)
        fprintf(f, T("\n提示しない修復:\n%s", "\nnot offered:\n%s"), p->skipped.data);
}

static void print_list(struct cli *cli, const struct kb_repairs *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        const struct kb_repair *r = &rs->v[i];
        fprintf(cli->out, "%-16s %-26s %s\n", r->id, r->entry,
                cli->lang == LANG_JA ? r->title_ja : r->title_en);
    }
}

/* Where a finding stands in another report: the same id (and task). */
static const struct finding *same_finding(const struct report *r, const struct finding *f)
{
    json_t *t = json_object_get(f->evidence, "task");
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *g = &r->findings[i];
        json_t *u = json_object_get(g->evidence, "task");
        if (strcmp(g->id, f->id) == 0 && (!t || (u && json_equal(t, u))))
            return g;
    }
    return NULL;
}

/* before -> after for every finding the plan touched; the worst after. */
static int print_after(struct cli *cli, const struct fix_plan *p, const struct report *after)
{
    int worst = 0;
    fputs(T("\n確認 (修復前 → 修復後):\n", "\nchecked again (before -> after):\n"), cli->out);
    for (size_t k = 0; k < p->n; k++)
        for (size_t i = 0; i < p->items[k].nwhy; i++) {
            const struct finding *b = p->items[k].why[i], *a = same_finding(after, b);
            const char *task = p->items[k].task;
            fprintf(cli->out, "  %s%s%s%s: %s -> %s\n", b->id, task ? " (" : "", task ? task : "",
                    task ? ")" : "", fstatus_name(b->status),
                    a ? fstatus_name(a->status) : T("出力なし", "absent"));
            int s = !a ? 3 : a->status == FST_FAIL ? 2 : a->status == FST_WARN ? 1
                    : a->status == FST_UNKNOWN ? 3 : 0;
            worst = s > worst ? s : worst;
        }
    return worst;
}

static int confirm(struct cli *cli, size_t n)
{
    char line[64];
    fprintf(cli->err, T("以上 %zu 件の修復を実行しますか? 実行するには yes と入力: ",
                        "Apply these %zu repair(s)? Type yes to go on: "), n);
    fflush(cli->err);
    if (!fgets(line, sizeof line, stdin))
        return 0;
    line[strcspn(line, "\r\n")] = '\0';
    return strcmp(line, "yes") == 0 || strcmp(line, "y") == 0 || strcmp(line, "はい") == 0;
}

static int refuse_unless_windows_admin(struct cli *cli, int need_admin)
{
    if (!plat_is_windows()) {
        cmd_say(cli, "repairs run on the Windows server only; nothing was changed");
        return EXIT_TOOL;
    }
    if (need_admin && !plat_is_elevated()) {
        cmd_say(cli, "run this from an elevated prompt (Run as administrator); nothing was changed");
        return EXIT_TOOL;
    }
    return 0;
}

/* dir is the backup folder the plan's commands name; NULL when none could
 * be named (bkerr says why). */
static int do_apply(struct cli *cli, const struct fix_opts *o, const struct fix_plan *p,
                    const struct kb *kb, struct report *before, const char *dir,
                    const struct oqs_err *bkerr)
{
    struct oqs_err err = {0};
    int rc = refuse_unless_windows_admin(cli, fix_plan_needs_admin(p));
    if (rc)
        return rc;
    if (p->n == 0) {
        print_plan(cli, cli->out, p, kb, before->host, 0);
        return report_exit_status(before);
    }
    if (!dir) {
        cmd_error(cli, "fix: %s; nothing was changed", bkerr->msg);
        return EXIT_TOOL;
    }
    print_plan(cli, cli->out, p, kb, before->host, 0);
    if (!o->yes && !confirm(cli, p->n)) {
        fputs(T("実行しませんでした。何も変更していません。\n", "Not applied; nothing was changed.\n"),
              cli->out);
        return EXIT_TOOL;
    }
    enum fix_outcome outcome;
    fputc('\n', cli->out);
    rc = fix_apply(p, dir, cli->out, cli->lang == LANG_JA, &outcome, &err);
    if (outcome == FIX_NOT_STARTED) {
        cmd_error(cli, "fix: %s; nothing was changed", err.msg);
        return EXIT_TOOL;
    }
    if (rc < 0)
        cmd_error(cli, "fix: %s", err.msg);
    struct report *after = checks_live(cli, &err);
    int worst = after ? print_after(cli, p, after) : EXIT_TOOL;
    if (!after)
        cmd_error(cli, "fix: checking again failed: %s", err.msg);
    fprintf(cli->out, T("\nバックアップ: %s (元に戻すには oqsdiag fix --undo)\n",
                        "\nbackup: %s (oqsdiag fix --undo restores it)\n"), dir);
    report_free(after);
    if (outcome == FIX_ROLLED_BACK || rc < 0)
        return EXIT_TOOL;
    return worst;
}

static int do_undo(struct cli *cli, const struct fix_opts *o)
{
    struct oqs_err err = {0};
    char used[1400] = "";
    int failed = 0;
    int rc = refuse_unless_windows_admin(cli, 1);
    if (rc)
        return rc;
    if (!o->yes) {
        fprintf(cli->err, T("最新のバックアップ%sに戻します。\n", "Restoring the backup%s.\n"),
                o->undo_name ? o->undo_name : "");
        if (!confirm(cli, 1)) {
            fputs(T("何も変更していません。\n", "Nothing was changed.\n"), cli->out);
            return EXIT_TOOL;
        }
    }
    if (fix_undo(o->undo_name, cli->out, cli->lang == LANG_JA, used, sizeof used, &failed,
                 &err) < 0) {
        cmd_error(cli, "fix --undo: %s", err.msg);
        return EXIT_TOOL;
    }
    fprintf(cli->out, T("%s を元に戻しました%s。\n", "restored %s%s.\n"), used,
            failed ? T(" (失敗した手順があります)", " (some steps failed)") : "");
    struct report *now = checks_live(cli, &err);
    if (!now) {
        cmd_error(cli, "fix --undo: checking again failed: %s", err.msg);
        return EXIT_TOOL;
    }
    rc = failed ? EXIT_TOOL : report_exit_status(now);
    report_free(now);
    return rc;
}

int cmd_fix(struct cli *cli, int argc, char **argv)
{
    struct fix_opts o = {0};
    struct oqs_err err = {0};
    struct kb_repairs rs = {0};
    struct kb *kb = NULL;
    struct report *r = NULL;
    struct fix_plan plan = {0};
    int rc = parse_opts(cli, argc, argv, &o);
    if (rc != 0 || (cli->format != OUT_TEXT && cli->format != OUT_JSON) || cli->output) {
        if (rc == 0)
            rc = cli->output ? cmd_usage_error(cli, "fix prints to standard output; -o is not "
                                                    "taken (%s)", cli->output)
                             : cmd_usage_error(cli, "fix prints text or JSON");
        free(o.wanted);
        return rc ? rc : EXIT_TOOL;
    }
    rc = EXIT_TOOL;
    if (o.undo) {
        rc = do_undo(cli, &o);
        free(o.wanted);
        return rc;
    }
    if (kb_repairs_load(&rs, cli->kb_dir, &err) < 0 || !(kb = kb_load(cli->kb_dir, &err)))
        goto fail;
    if (o.list) {
        print_list(cli, &rs);
        rc = 0;
        goto out;
    }
    r = o.from ? cmd_load_snapshot(cli, o.from, &err) : checks_live(cli, &err);
    if (!r)
        goto fail;
    /* --apply shows the commands that will run, the backup folder named;
     * a dry run names a placeholder. */
    char dir[1400];
    struct oqs_err bkerr = {0};
    int have_dir = o.apply && fix_backup_new(dir, sizeof dir, &bkerr) == 0;
    if (!have_dir) {
        if (fix_backup_root(dir, sizeof dir - 16, NULL) < 0)
            snprintf(dir, sizeof dir, "%%ProgramData%%\\oqsdiag\\backup");
        strcat(dir, "\\<UTC-time>");
    }
    if (fix_plan_build(&plan, r, &rs, cli->cfg, o.wanted, o.nwanted, dir, cli->lang == LANG_JA,
                       &err) < 0)
        goto fail;
    if (o.apply) {
        rc = do_apply(cli, &o, &plan, kb, r, have_dir ? dir : NULL, &bkerr);
        goto out;
    }
    print_plan(cli, cli->out, &plan, kb, r->host, 1);
    rc = report_exit_status(r);
    goto out;
fail:
    cmd_error(cli, "fix: %s", err.msg);
out:
    fix_plan_free(&plan);
    report_free(r);
    kb_free(kb);
    kb_repairs_free(&rs);
    free(o.wanted);
    return rc;
}
