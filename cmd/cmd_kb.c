/* oqsdiag kb — the troubleshooting knowledge base for a person; its
 * subcommands are kb_subcommands below. --kb DIR adds or overrides entries
 * (docs/kb-format.md). */
#include <stdlib.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/encoding.h"
#include "../core/netconfig.h"
#include "../core/platform.h"
#include "../core/source.h"
#include "../kb/kb.h"
#include "kb/kb_repair.h"
#include "../kb/kb_logscan.h"
#include "../kb/kb_search.h"
#include "cmd.h"

static struct kb *load(struct cli *cli)
{
    struct oqs_err err = {{0}};
    struct kb *kb = kb_load(cli->kb_dir, &err);
    if (!kb)
        cmd_say(cli, err.msg);
    return kb;
}

static json_t *strv_json(const struct strv *v)
{
    json_t *a = json_array();
    for (size_t i = 0; i < v->n; i++)
        json_array_append_new(a, json_string(v->v[i]));
    return a;
}

static void trigger_text(const struct kb_trigger *t, struct buf *b)
{
    static const char *const src[] = {"any", "comapp", "distroapp"};
    if (t->kind == KBT_FINDING) {
        buf_appendf(b, "finding %s ", t->glob);
        const char *sep = "";
        for (int s = 0; s < FST_COUNT; s++)
            if (t->status_mask & (1u << s)) {
                buf_appendf(b, "%s%s", sep, fstatus_name((enum fstatus)s));
                sep = ",";
            }
    } else if (t->kind == KBT_LOG) {
        buf_appendf(b, "log %s %s", src[t->logsrc], t->pattern);
    } else {
        buf_appendf(b, "output %s %s", t->glob, t->pattern);
    }
}

/* Where each line came from: null for the manual, else the `source:`
 * text ("field ...") of docs/kb-format.md. */
static json_t *src_json(const struct strv *v)
{
    json_t *a = json_array();
    for (size_t i = 0; i < v->n; i++)
        json_array_append_new(a, v->src[i] ? json_string(v->src[i]) : json_null());
    return a;
}

static json_t *entry_json(const struct kb_entry *e)
{
    json_t *trig = json_array();
    for (size_t i = 0; i < e->ntrig; i++) {
        struct buf b = {0};
        trigger_text(&e->trig[i], &b);
        json_array_append_new(trig, json_string(b.data ? b.data : ""));
        buf_free(&b);
    }
    json_t *src = json_pack("{s:o, s:o, s:o, s:o, s:o, s:s?}", "symptoms", src_json(&e->symptom),
                            "symptoms_en", src_json(&e->symptom_en), "causes",
                            src_json(&e->cause), "causes_en", src_json(&e->cause_en), "fix",
                            src_json(&e->fix), "fix_en", e->fix_en_src);
    return json_pack("{s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o}",
                     "id", e->id, "refs", strv_json(&e->refs), "section", e->section, "title",
                     e->title_ja, "title_en", e->title_en, "symptoms", strv_json(&e->symptom),
                     "symptoms_en", strv_json(&e->symptom_en), "causes", strv_json(&e->cause),
                     "causes_en", strv_json(&e->cause_en), "fix", strv_json(&e->fix), "fix_en",
                     e->fix_en, "match", e->match_all ? "all" : "any", "triggers", trig,
                     "headings", strv_json(&e->heading), "sources", src);
}

static void print_json(struct cli *cli, json_t *doc)
{
    json_dumpf(doc, cli->out, JSON_INDENT(2) | OQS_JSON_FLAGS);
    fputc('\n', cli->out);
    json_decref(doc);
}

static void join_refs(const struct kb_entry *e, struct buf *b)
{
    for (size_t i = 0; i < e->refs.n; i++)
        buf_appendf(b, "%s%s", i ? ", " : "", e->refs.v[i]);
    if (!b->data)
        buf_reserve(b, 0);
}

/* Columns on a terminal: CJK characters take two cells. */
static int display_width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p;
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        for (size_t i = 1; i < len; i++)
            c = (c << 6) | (p[i] & 0x3F);
        if (len == 3)
            c &= 0xFFFF;
        w += (len >= 3 && ((c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
                           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFF60) ||
                           (c >= 0xFFE0 && c <= 0xFFE6)))
                 ? 2
                 : 1;
        for (size_t i = 0; i < len && *p; i++)
            p++;
    }
    return w;
}

static void put_padded(FILE *f, const char *s, int width)
{
    fputs(s, f);
    int w = display_width(s);
    do
        fputc(' ', f);
    while (++w < width);
}

static int do_list(struct cli *cli, const struct kb *kb, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (cli->format == OUT_JSON) {
        json_t *a = json_array();
        for (size_t i = 0; i < kb_count(kb); i++)
            json_array_append_new(a, entry_json(kb_at(kb, i)));
        print_json(cli, a);
        return 0;
    }
    for (size_t i = 0; i < kb_count(kb); i++) {
        const struct kb_entry *e = kb_at(kb, i);
        struct buf refs = {0};
        join_refs(e, &refs);
        put_padded(cli->out, e->id, 31);
        put_padded(cli->out, refs.data, 16);
        fprintf(cli->out, "%s\n", cli->lang == LANG_JA ? e->title_ja : e->title_en);
        buf_free(&refs);
    }
    return 0;
}

/* Prints a value whose continuation lines keep the indent. A line goes out
 * in one write: Windows' console shows a UTF-8 character split across two
 * writes as U+FFFD (microsoft/terminal#386), and the C runtime writes a
 * console unbuffered, a call at a time. */
static void put_indented(FILE *f, const char *lead, const char *indent, const char *s)
{
    fputs(lead, f);
    for (;;) {
        size_t n = strcspn(s, "\n");
        fwrite(s, 1, n, f);
        if (!s[n])
            break;
        fputc('\n', f);
        fputs(indent, f);
        s += n + 1;
    }
    fputc('\n', f);
}

static void list_block(FILE *f, const char *head, const struct strv *v, int numbered)
{
    if (!v->n)
        return;
    fprintf(f, "%s\n", head);
    for (size_t i = 0; i < v->n; i++) {
        char lead[32];
        if (numbered)
            snprintf(lead, sizeof lead, "  %zu. ", i + 1);
        else
            snprintf(lead, sizeof lead, "  - ");
        put_indented(f, lead, numbered ? "     " : "    ", v->v[i]);
    }
}

static int do_show(struct cli *cli, const struct kb *kb, int argc, char **argv)
{
    (void)argc;
    const char *id = argv[1];
    const struct kb_entry *e = kb_find(kb, id);
    if (!e) {
        cmd_error(cli, "no KB entry '%s' (oqsdiag kb list)", id);
        return EXIT_TOOL;
    }
    if (cli->format == OUT_JSON) {
        print_json(cli, entry_json(e));
        return 0;
    }
    FILE *f = cli->out;
    int ja = cli->lang == LANG_JA;
    struct buf refs = {0};
    join_refs(e, &refs);
    fprintf(f, "%s — %s\n", e->id, ja ? e->title_ja : e->title_en);
    fprintf(f, "%s %s\n", ja ? "参照:" : "Refs:", refs.data);
    fprintf(f, "%s %s\n", ja ? "章:  " : "Section:", e->section);
    for (size_t i = 0; i < e->heading.n; i++)
        fprintf(f, "%s %s\n", ja ? "見出し:" : "Heading:", e->heading.v[i]);
    if (kb_entry_has_field_knowledge(e))
        fprintf(f, "%s\n", ja ? "［現場の知見］の行は手順書にない内容です (公開情報・現場の経験)。"
                               : "Lines marked [field knowledge] go beyond the manual (public "
                                 "reports, field experience).");
    fputc('\n', f);
    buf_free(&refs);
    if (ja) {
        list_block(f, "症状:", &e->symptom, 0);
        list_block(f, "原因:", &e->cause, 0);
        list_block(f, "対処:", &e->fix, 1);
    } else {
        list_block(f, "Symptoms:", e->symptom_en.n ? &e->symptom_en : &e->symptom, 0);
        list_block(f, "Causes:", e->cause_en.n ? &e->cause_en : &e->cause, 0);
        fprintf(f, "Fix:\n");
        put_indented(f, "  ", "  ", e->fix_en);
        if (e->fix.n)
            list_block(f, "Fix steps (the manual's words):", &e->fix, 1);
    }
    /* The manual's table of carriers belongs with the entry that explains
     * the three configurations (core/netconfig.def). */
    if (strcmp(e->id, "network-configuration") == 0)
        netcfg_print_table(f, ja);
    if (e->ntrig) {
        fprintf(f, "%s%s\n", ja ? "検出条件" : "Detected by",
                e->match_all ? (ja ? " (すべて):" : " (all of):") : ":");
        for (size_t i = 0; i < e->ntrig; i++) {
            struct buf b = {0};
            trigger_text(&e->trig[i], &b);
            fprintf(f, "  %s\n", b.data ? b.data : "");
            buf_free(&b);
        }
    } else {
        fprintf(f, "%s\n", ja ? "検出条件: なし (kb search で検索)" : "Detected by: nothing (found by kb search)");
    }
    return 0;
}

static int do_search(struct cli *cli, const struct kb *kb, int argc, char **argv)
{
    /* The words of the query, joined: the customer's text may be split by
     * the shell. A console in CP932 hands over CP932 bytes. */
    struct buf q = {0};
    for (int i = 1; i < argc; i++)
        buf_appendf(&q, "%s%s", i > 1 ? " " : "", argv[i]);
    char *utf8 = NULL;
    size_t ulen;
    struct oqs_err err = {{0}};
    if (!q.data || enc_to_utf8((const unsigned char *)q.data, q.len, ENC_AUTO, &utf8, &ulen, NULL,
                               &err) < 0) {
        buf_free(&q);
        cmd_error(cli, "kb search: %s", err.msg[0] ? err.msg : "out of memory");
        return EXIT_TOOL;
    }
    buf_free(&q);
    struct kb_search_hit *hits;
    size_t n;
    int rc = kb_search(kb, utf8, &hits, &n, &err);
    free(utf8);
    if (rc < 0) {
        cmd_error(cli, "kb search: %s", err.msg);
        return EXIT_TOOL;
    }
    if (cli->format == OUT_JSON) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:f, s:s}", "id", hits[i].e->id,
                                               "title", hits[i].e->title_ja, "title_en",
                                               hits[i].e->title_en, "score", hits[i].score,
                                               "field", hits[i].field));
        print_json(cli, a);
    } else if (n == 0) {
        fprintf(cli->out, "%s\n", cli->lang == LANG_JA ? "該当する項目はありません" : "no matching entry");
    } else {
        for (size_t i = 0; i < n; i++)
            fprintf(cli->out, "%-28s %3.0f%%  %s\n", hits[i].e->id, hits[i].score * 100,
                    cli->lang == LANG_JA ? hits[i].e->title_ja : hits[i].e->title_en);
    }
    free(hits);
    return 0;
}

static int do_findings(struct cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (cli->format == OUT_JSON) {
        json_t *a = json_array();
        for (size_t i = 0; i < catalog_count(); i++) {
            const struct catalog_entry *c = catalog_at(i);
            json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "id", c->id, "area",
                                               c->area, "meaning", c->meaning_en, "meaning_ja",
                                               c->meaning_ja));
        }
        print_json(cli, a);
        return 0;
    }
    for (size_t i = 0; i < catalog_count(); i++) {
        const struct catalog_entry *c = catalog_at(i);
        fprintf(cli->out, "%-36s %-10s %s\n", c->id, c->area,
                cli->lang == LANG_JA ? c->meaning_ja : c->meaning_en);
    }
    return 0;
}

static int do_lint(struct cli *cli, int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : NULL;
    struct kb_diag d = {0};
    struct oqs_err err = {{0}};
    size_t n = 0, nfix = 0;
    if (kb_lint(dir, &n, &d, &err) < 0 || kb_repairs_lint(dir, &nfix, &d, &err) < 0) {
        kb_diag_free(&d);
        cmd_error(cli, "kb lint: %s", err.msg);
        return EXIT_TOOL;
    }
    if (d.nerrors)
        fputs(d.text.data ? d.text.data : "kb lint: out of memory: the messages are lost\n", cli->err);
    const char *what = dir ? dir : "built-in entries";
    if (cli->lang == LANG_JA)
        fprintf(d.nerrors ? cli->err : cli->out, "kb lint: %s: %zu 件, 修復 %zu 件, エラー %zu 件\n",
                what, n, nfix, d.nerrors);
    else
        fprintf(d.nerrors ? cli->err : cli->out,
                "kb lint: %s: %zu entries, %zu repairs, %zu errors\n", what, n, nfix, d.nerrors);
    int rc = d.nerrors ? EXIT_TOOL : 0;
    kb_diag_free(&d);
    return rc;
}

/* Scans log files or snapshot folders with the KB's log and output
 * triggers: the helpdesk's way to ask "does this log show a known error?". */
static int do_scan(struct cli *cli, const struct kb *kb, int argc, char **argv)
{
    size_t n = 0;
    for (size_t i = 0; i < kb_count(kb); i++)
        for (size_t j = 0; j < kb_at(kb, i)->ntrig; j++)
            n += kb_at(kb, i)->trig[j].kind != KBT_FINDING;
    struct kb_scan_rule *rules = calloc(n ? n : 1, sizeof *rules);
    if (!rules) {
        cmd_error(cli, "out of memory");
        return EXIT_TOOL;
    }
    const struct kb_entry **owner = calloc(n ? n : 1, sizeof *owner);
    size_t k = 0;
    for (size_t i = 0; owner && i < kb_count(kb); i++)
        for (size_t j = 0; j < kb_at(kb, i)->ntrig; j++)
            if (kb_at(kb, i)->trig[j].kind != KBT_FINDING) {
                owner[k] = kb_at(kb, i);
                rules[k++].t = &kb_at(kb, i)->trig[j];
            }
    struct kb_scan_stats st = {0};
    int rc = owner ? 0 : EXIT_TOOL;
    for (int a = 1; a < argc && rc == 0; a++) {
        struct oqs_err err = {{0}};
        const char *base = strrchr(argv[a], '/');
        struct plat_dirent de;
        int r2;
        if (plat_stat(argv[a], &de) == 0 && de.is_dir) {
            struct source *src = source_dir(argv[a], &err);
            r2 = src ? kb_logscan_source(src, rules, n, &st, &err) : -1;
            source_free(src);
        } else
            r2 = kb_logscan_file(argv[a], base ? base + 1 : argv[a], rules, n, &st, &err);
        if (r2 < 0) {
            cmd_error(cli, "kb scan: %s", err.msg);
            rc = EXIT_TOOL;
        }
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (rules[i].hit)
            fprintf(cli->out, "%-28s %s:%s:%lu\n", owner[i]->id,
                    rules[i].t->kind == KBT_LOG ? "log" : "output", rules[i].file, rules[i].line);
    if (rc == 0)
        cmd_error(cli, "kb scan: %llu files, %llu lines, %llu bytes, %llu long lines cut at %d bytes",
                  st.files, st.lines, st.bytes, st.long_lines, KB_LINE_CAP);
    /* Scanning nothing judged nothing: never a clean "no match" (report.md). */
    if (rc == 0 && st.files == 0) {
        cmd_error(cli, "kb scan: nothing to scan: no log or command-output file in %s%s",
                argv[1], argc > 2 ? " ..." : "");
        rc = EXIT_TOOL;
    }
    free(owner);
    free(rules);
    return rc;
}

/* Runs fn with the knowledge base loaded (built in, and --kb DIR). */
static int with_kb(struct cli *cli, int (*fn)(struct cli *, const struct kb *, int, char **),
                   int argc, char **argv)
{
    struct kb *kb = load(cli);
    if (!kb)
        return EXIT_TOOL;
    int rc = fn(cli, kb, argc, argv);
    kb_free(kb);
    return rc;
}

static int sub_list(struct cli *cli, int argc, char **argv)
{
    return with_kb(cli, do_list, argc, argv);
}

static int sub_show(struct cli *cli, int argc, char **argv)
{
    return with_kb(cli, do_show, argc, argv);
}

static int sub_search(struct cli *cli, int argc, char **argv)
{
    return with_kb(cli, do_search, argc, argv);
}

static int sub_scan(struct cli *cli, int argc, char **argv)
{
    return with_kb(cli, do_scan, argc, argv);
}

const struct subcommand kb_subcommands[] = {
    {"list", "", 0, 0, sub_list, "every entry", "全項目の一覧"},
    {"show", "ID", 1, 1, sub_show, "one entry: symptoms, causes, fix", "1項目の症状・原因・対処"},
    {"search", "TEXT", 1, -1, sub_search,
     "entries whose symptoms match what the customer reads out",
     "お客様が読み上げた内容に症状が合う項目"},
    {"findings", "", 0, 0, do_findings, "the findings catalog (ids that triggers may name)",
     "確認項目の一覧 (検出条件に書ける ID)"},
    {"lint", "[DIR]", 0, 1, do_lint,
     "check entry files (default: the built-in entries); exit 3 on errors",
     "項目ファイルの検査 (既定: 組み込みの項目)。誤りがあれば終了コード 3"},
    {"scan", "PATH...", 1, -1, sub_scan,
     "a log file or snapshot folder against the log/output triggers",
     "ログファイルかスナップショットのフォルダーを log/output の検出条件で調べる"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

int cmd_kb(struct cli *cli, int argc, char **argv)
{
    return cmd_run_subcommand(cli, kb_subcommands, argc, argv);
}
