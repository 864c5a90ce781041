/* oqsdiag help [COMMAND|config]; help --completion for the shell's completion */
#include <string.h>

#include "../core/netconfig.h"
#include "cmd.h"
#include "collectors/checks/checks.h"
#include "probes/probes.h"

/* Longer help per command: what it does, its arguments, its exit status. */
static const struct {
    const char *name, *en, *ja;
} details[] = {
    {"doctor",
     "Runs every network probe (below) at once under one deadline\n"
     "(timeout_ms) and every local check of this server, matches the knowledge\n"
     "base, and prints one report. On a terminal each probe's state is shown live\n"
     "unless --quiet.\n",
     "全てのネットワーク確認 (下記) を同時に (timeout_ms 以内で) 実行し、\n"
     "この端末のローカル確認と合わせて1つのレポートを表示します。\n"},
    {"probe",
     "Runs the named network probes only (below). Endpoints come from\n"
     "the configuration (oqsdiag help config), e.g. --set ntp.server=NAME.\n",
     "指定したネットワーク確認 (下記) だけを実行します。\n"},
    {"analyze",
     "Analyses a snapshot directory or a bundle (.tar.gz) made by `collect`, with\n"
     "the same checks as doctor; the report's source is \"snapshot\".\n",
     "collect で作成したスナップショット (フォルダまたは .tar.gz) を解析します。\n"},
    {"collect",
     "Gathers this server's state (shared/spec/snapshot-layout.md) and the network\n"
     "probes into oqsdiag-<host>-<UTC time>.tar.gz; secrets are never read.\n",
     "この端末の状態を収集し、サポート用バンドル (.tar.gz) を作成します。\n"},
    {"verify",
     "Fills in the manual's post-setup checklist from the findings, live or from a\n"
     "snapshot or bundle.\n",
     "手順書のセットアップ後チェックリストを確認結果から埋めます。\n"},
    {"fix",
     "Shows, for what the local checks of this server found (or a snapshot or\n"
     "bundle with --from PATH), the exact commands that repair it, with the\n"
     "manual's reference, the commands that save the current state first and\n"
     "those that restore it. Nothing changes unless --apply (Windows, elevated,\n"
     "asks for 'yes' unless --yes): the state is saved under\n"
     "%ProgramData%\\oqsdiag\\backup\\<UTC time>\\ (restore.json says how to\n"
     "restore), the repairs run, a failing step restores what the run changed,\n"
     "and the checks run again (before -> after). fix --undo [BACKUP] restores\n"
     "the newest (or the named) backup. ID limits it to a repair (fix --list),\n"
     "a KB entry or a finding id. Values come from the configuration\n"
     "(proxy.server, proxy.bypass, ntp.server), never from the snapshot.\n",
     "確認で見つかった問題を直すコマンド (変更前の状態の保存と元に戻す方法を含む) を\n"
     "表示します。--apply で実行します (Windows、管理者として実行、yes の入力が必要。\n"
     "--yes で省略)。保存先は %ProgramData%\\oqsdiag\\backup\\<UTC時刻>\\ です。\n"
     "fix --undo で元に戻します。--from PATH はバンドルを読んで表示だけします。\n"},
    {"kb", "--kb DIR adds or overrides entries without recompiling (docs/kb-format.md).\n",
     "--kb DIR で項目を追加・上書きできます (再コンパイル不要、docs/kb-format.md)。\n"},
    {"version", "Prints oqsdiag's version and the versions of the libraries it uses.\n",
     "バージョンを表示します。\n"},
    {"help", "help COMMAND: help on a command; help config: every configuration key.\n",
     "help COMMAND: コマンドの説明、help config: 設定キーの一覧\n"},
};

static const char exit_en[] =
    "\nExit status: 0 all ok, 1 some warn and no fail, 2 some fail, 3 could not judge:\n"
    "nothing came out ok, warn or fail (not a snapshot, nothing readable), bad\n"
    "arguments, or an output that could not be written.\n";
static const char exit_ja[] =
    "\n終了コード: 0 すべて正常、1 警告あり (異常なし)、2 異常あり、3 判定できなかった\n"
    "(スナップショットではない、読めない、引数の誤り、出力を書き込めない)\n";

int cmd_help(struct cli *cli, int argc, char **argv)
{
    int ja = cli->lang == LANG_JA;
    if (argc < 2) {
        cmd_print_usage(cli->out, cli->lang);
        fputs(ja ? exit_ja : exit_en, cli->out);
        return 0;
    }
    if (argc > 2)
        return cmd_usage_error(cli, "help takes one topic, got '%s'", argv[2]);
    if (strcmp(argv[1], "--completion") == 0)
        return cmd_print_completion(cli->out);
    if (strcmp(argv[1], "config") == 0) {
        config_print_help(cli->out, ja);
        fputc('\n', cli->out);
        netcfg_print_table(cli->out, ja);
        cmd_config_print_source(cli);
        return 0;
    }
    const struct command *c = cmd_find(argv[1]);
    if (!c)
        return cmd_usage_error(cli, "no help on '%s' (a command, or config)", argv[1]);
    fputs("usage: oqsdiag ", cli->out);
    cmd_print_usage_of(cli->out, c);
    fprintf(cli->out, "\n\n%s\n", ja ? c->summary_ja : c->summary_en);
    cmd_print_subcommands(cli->out, c, ja);
    for (size_t i = 0; i < sizeof details / sizeof details[0]; i++)
        if (strcmp(details[i].name, c->name) == 0)
            fprintf(cli->out, "\n%s", ja ? details[i].ja : details[i].en);
    cmd_print_options(cli->out, c->name, ja);
    if (strcmp(c->name, "probe") == 0 || strcmp(c->name, "doctor") == 0) {
        fputs(ja ? "\nネットワーク確認:\n" : "\nprobes:\n", cli->out);
        for (size_t i = 0; i < probe_count; i++)
            fprintf(cli->out, "  %-6s %s\n", probe_defs[i].name,
                    ja ? probe_defs[i].summary_ja : probe_defs[i].summary_en);
    }
    if (strcmp(c->name, "doctor") == 0 || strcmp(c->name, "analyze") == 0) {
        fputs(ja ? "\nローカル確認:\n" : "\nlocal checks:\n", cli->out);
        for (size_t i = 0; i < check_count; i++)
            fprintf(cli->out, "  %-9s %s\n", check_defs[i].area,
                    ja ? check_defs[i].summary_ja : check_defs[i].summary_en);
    }
    fputs(ja ? exit_ja : exit_en, cli->out);
    return 0;
}
