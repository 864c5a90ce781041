/* The command table and the global options shared by every command. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../core/atomic_file.h"
#include "../core/oom.h"
#include "../core/platform.h"
#include "../core/secret.h"
#include "../core/suggest.h"
#include "../kb/kb.h"

const struct command commands[] = {
    {"doctor", cmd_doctor, "Run every probe and local check on this machine",
     "この端末で全ての確認を実行する", "doctor [-q]", FMT_REPORT, 0, NULL, ARGS_NONE},
    {"probe", cmd_probe, "Run one or more network probes (help probe lists them)",
     "ネットワーク確認を個別に実行する", "probe NAME [NAME...] [--format nagios -w RANGE -c RANGE]",
     FMT_REPORT, 0, NULL, ARGS_PROBE},
    {"analyze", cmd_analyze, "Analyse a snapshot directory or bundle",
     "スナップショット (フォルダまたはバンドル) を解析する",
     "analyze PATH... [--jsonl] [--jobs N] [--summary]", FMT_REPORT, 0, NULL, ARGS_PATH},
    {"collect", cmd_collect, "Gather this server's state into a support bundle",
     "サポート用バンドルを作成する", "collect [-o FILE] [--from DIR] [--redact] [--no-probes]",
     FMT_BIT(OUT_TEXT), 1, NULL, ARGS_NONE},
    {"verify", cmd_verify, "The manual's post-setup checklist",
     "セットアップ後のチェックリストを確認する", "verify [PATH]", FMT_REPORT, 0, NULL, ARGS_PATH},
    {"fix", cmd_fix, "Show the commands that repair what was found; --apply runs them",
     "見つかった問題を直すコマンドを表示する (--apply で実行)",
     "fix [ID...] [--from PATH] [--apply [--yes]] | fix --undo [BACKUP] | fix --list",
     FMT_TEXT_JSON, 0, NULL, ARGS_REPAIR},
    {"kb", cmd_kb, "Knowledge base: list, show, search, lint",
     "トラブルシューティング情報の一覧・表示・検索・検査", NULL, FMT_TEXT_JSON, 0, kb_subcommands,
     ARGS_NONE},
    {"version", cmd_version, "Print the version and library versions",
     "バージョンを表示する", "version", FMT_TEXT_JSON, 0, NULL, ARGS_NONE},
    {"help", cmd_help, "Help on a command or on the configuration keys",
     "コマンドや設定キーの説明を表示する", "help [COMMAND|config]", FMT_BIT(OUT_TEXT), 0, NULL,
     ARGS_TOPIC},
};
const size_t ncommands = sizeof commands / sizeof commands[0];

void cmd_print_usage(FILE *f, enum lang lang)
{
    cmd_print_usage_head(f);
    fputs(lang == LANG_JA ? "\nコマンド:\n" : "\ncommands:\n", f);
    for (size_t i = 0; i < ncommands; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name,
                lang == LANG_JA ? commands[i].summary_ja : commands[i].summary_en);
    fputs(lang == LANG_JA ? "\n詳しくは: oqsdiag help COMMAND, oqsdiag help config\n"
                          : "\nMore: oqsdiag help COMMAND, oqsdiag help config\n",
          f);
}

const struct command *cmd_find(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int usage_v(struct cli *cli, const char *suggestion, const char *fmt, va_list ap)
{
    char en[1200];
    vsnprintf(en, sizeof en, fmt, ap);
    cmd_say(cli, en);
    if (suggestion)
        cmd_error(cli, "did you mean '%s'?", suggestion);
    cmd_print_usage_head(cli->err);
    return EXIT_TOOL;
}

int cmd_usage_error(struct cli *cli, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    usage_v(cli, NULL, fmt, ap);
    va_end(ap);
    return EXIT_TOOL;
}

int cmd_usage_hint(struct cli *cli, const char *suggestion, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    usage_v(cli, suggestion, fmt, ap);
    va_end(ap);
    return EXIT_TOOL;
}

int cmd_color_decide(enum color_mode m, int tty, const char *no_color, const char *term)
{
    if (m != COLOR_AUTO)
        return m == COLOR_ALWAYS;
    if (no_color && *no_color)
        return 0;
    if (term && strcmp(term, "dumb") == 0)
        return 0;
    return tty;
}

int cmd_not_built(struct cli *cli, const char *what)
{
    cmd_error(cli, "%s is not built yet", what);
    return EXIT_TOOL;
}

/* One run per process, so one start time; elapsed_ms measures from it. */
static long long live_t0_ms;

struct report *cmd_live_report(void)
{
    struct report *r = report_new("live");
    char host[256];
    if (!r)
        return NULL;
    if (plat_hostname(host, sizeof host) != 0)
        snprintf(host, sizeof host, "unknown");
    if (report_set_host(r, host) != 0) {
        report_free(r);
        return NULL;
    }
    plat_utc_rfc3339(-1, r->started);
    live_t0_ms = plat_now_ms();
    return r;
}

void cmd_report_done(struct report *r)
{
    r->elapsed_ms = plat_now_ms() - live_t0_ms;
}

/* The page shows each KB entry's fix steps; a command that did not hand
 * its KB over (cli->kb_fix) gets the same entries loaded here. */
static void emit_html(struct cli *cli, FILE *f, const struct report *r,
                      const struct render_opts *o)
{
    struct oqs_err e;
    struct kb *kb = NULL;
    struct render_kb rk;
    if (!cli->kb_fix && r->nkb)
        kb = kb_load(cli->kb_dir, &e);
    cmd_kb_fix(&rk, kb);
    render_html(f, r, o, cli->kb_fix ? cli->kb_fix : &rk);
    kb_free(kb);
}

int cmd_emit_report(struct cli *cli, struct report *r)
{
    struct render_opts o = {
        .lang = cli->lang,
        .color = cmd_color_decide(cli->color, cli->out == stdout && plat_isatty(stdout),
                                  getenv("NO_COLOR"), getenv("TERM")),
        .verbose = cli->verbose,
        .problems = cli->problems,
    };
    FILE *f = cli->out;
    switch (cli->format) {
    case OUT_JSON: render_json(f, r); break;
    case OUT_NAGIOS: render_nagios_checks(f, r, cli->service, NULL, 0); break;
    case OUT_PROMETHEUS: render_prometheus(f, r); break;
    case OUT_HTML: emit_html(cli, f, r, &o); break;
    default: render_text(f, r, &o); break;
    }
    cmd_say_unjudged(cli, r);
    return report_exit_status(r);
}

void cmd_say_unjudged(struct cli *cli, const struct report *r)
{
    char why[512];
    if (report_unjudged_reason(r, cli->lang == LANG_JA, why, sizeof why))
        cmd_say(cli, why);
}

/* Matches "--name VALUE" or "--name=VALUE"; advances *i past the value. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **value,
                     int *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return 0;
    if (argv[*i][n] == '=') {
        *value = argv[*i] + n + 1;
        return 1;
    }
    if (argv[*i][n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        *missing = 1;
        return 1;
    }
    *value = argv[++*i];
    return 1;
}

/* Indexed by enum out_format, NULL-ended. */
static const char *const format_names[] = {"text", "json", "nagios", "prometheus", "html", NULL};
/* Indexed by enum color_mode, NULL-ended. */
static const char *const color_names[] = {"auto", "always", "never", NULL};
/* LANG_JA, LANG_EN. */
static const char *const lang_names[] = {"ja", "en", NULL};

/* The index of v in a NULL-ended list of names, or -1. */
static int name_index(const char *const *names, const char *v)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(v, names[i]) == 0)
            return i;
    return -1;
}

/* The global options, taken anywhere on the line (git's parse_options
 * table): each row's spellings, its value's name (NULL: a flag) and the
 * values it takes, and the usage error when the value is missing or wrong
 * (a format of messages.def, given one "" argument). The parser, "did you
 * mean" and the completion (help --completion) read it; what each sets is
 * apply_global() below. "did you mean" prefers the earlier row. */
enum gopt_id {
    GO_LANG, GO_FORMAT, GO_COLOR, GO_JSON, GO_CONFIG, GO_SET, GO_KB, GO_OUTPUT, GO_QUIET,
    GO_VERBOSE, GO_HELP, GO_TIMEOUT, GO_VERSION, GO_PROBLEMS
};
const struct global_opt global_opts[] = {
    {GO_LANG, "--lang", NULL, "LANG", lang_names, "--lang takes ja or en", 0},
    {GO_FORMAT, "--format", NULL, "FORMAT", format_names,
     "--format takes text, json, nagios, prometheus or html", 0},
    {GO_JSON, "--json", NULL, NULL, NULL, NULL, 0},
    {GO_CONFIG, "--config", NULL, "FILE", NULL, "--config needs a FILE", 0},
    {GO_SET, "--set", NULL, "key=value", NULL, "--set needs key=value", 1},
    {GO_KB, "--kb", NULL, "DIR", NULL, "--kb needs a DIR", 0},
    {GO_OUTPUT, "--output", "-o", "FILE|-", NULL, "-o needs a FILE", 0},
    {GO_QUIET, "--quiet", "-q", NULL, NULL, NULL, 0},
    {GO_VERBOSE, "--verbose", "-v", NULL, NULL, NULL, 0},
    {GO_HELP, "--help", "-h", NULL, NULL, NULL, 0},
    /* monitoring-plugins -t SECONDS: the run's deadline. */
    {GO_TIMEOUT, "--timeout", "-t", "SECONDS", NULL, "-t takes seconds from 1 to 3600%s", 0},
    {GO_VERSION, "--version", "-V", NULL, NULL, NULL, 0},
    {GO_COLOR, "--color", "--colour", "WHEN", color_names, "--color takes auto, always or never", 0},
    {GO_PROBLEMS, "--problems", NULL, NULL, NULL, NULL, 0},
};
const size_t nglobal_opts = sizeof global_opts / sizeof global_opts[0];

/* One row as the usage shows it: the short spelling when there is one,
 * the values it takes (else its value's name). */
static void usage_item(char *item, size_t size, const struct global_opt *g)
{
    const char *spell = g->alias && g->alias[1] != '-' ? g->alias : g->name;
    size_t n = (size_t)snprintf(item, size, "[%s", spell);
    if (g->arg && g->choices)
        for (size_t k = 0; g->choices[k] && n < size; k++)
            n += (size_t)snprintf(item + n, size - n, "%c%s", k ? '|' : ' ', g->choices[k]);
    else if (g->arg && n < size)
        n += (size_t)snprintf(item + n, size - n, " %s", g->arg);
    if (n < size)
        snprintf(item + n, size - n, "]%s", g->many ? "..." : "");
}

void cmd_print_usage_head(FILE *f)
{
    static const char lead[] = "usage: oqsdiag";
    size_t col = sizeof lead - 1;
    fputs(lead, f);
    char item[128];
    for (size_t i = 0; i <= nglobal_opts; i++) {
        if (i < nglobal_opts)
            usage_item(item, sizeof item, &global_opts[i]);
        else
            snprintf(item, sizeof item, "COMMAND [ARGS]");
        size_t n = strlen(item);
        if (col + 1 + n > 79) {
            fprintf(f, "\n%*s", (int)(sizeof lead - 1), "");
            col = sizeof lead - 1;
        }
        fprintf(f, " %s", item);
        col += 1 + n;
    }
    fputc('\n', f);
}

static const char *gopt_name(size_t i, void *ud)
{
    (void)ud;
    return global_opts[i].name;
}

/* The row argv[*i] spells, or NULL; a value is taken as opt_value does. */
static const struct global_opt *match_global(int argc, char **argv, int *i, const char **v,
                                             int *missing)
{
    for (size_t k = 0; k < nglobal_opts; k++) {
        const struct global_opt *g = &global_opts[k];
        if (!g->arg) {
            if (strcmp(argv[*i], g->name) == 0 || (g->alias && strcmp(argv[*i], g->alias) == 0))
                return g;
        } else if (opt_value(argc, argv, i, g->name, v, missing) ||
                   (g->alias && opt_value(argc, argv, i, g->alias, v, missing))) {
            return g;
        }
    }
    return NULL;
}

/* What the parse of the global options collects beside struct cli. */
struct gparse {
    const char *config_file;
    const char **sets;
    size_t nsets;
    char timeout_set[32];
    int want_help;
};

/* Sets what row g says; -1 when the value is wrong. */
static int apply_global(struct cli *cli, struct gparse *gp, const struct global_opt *g,
                        const char *v)
{
    int k = g->choices ? name_index(g->choices, v) : 0;
    if (k < 0)
        return -1;
    switch ((enum gopt_id)g->id) {
    case GO_LANG: cli->lang = k == 0 ? LANG_JA : LANG_EN; return 0;
    case GO_FORMAT: cli->format = (enum out_format)k; return 0;
    case GO_COLOR: cli->color = (enum color_mode)k; return 0;
    case GO_JSON: cli->format = OUT_JSON; return 0;
    case GO_CONFIG: gp->config_file = v; return 0;
    case GO_SET: gp->sets[gp->nsets++] = v; return 0;
    case GO_KB: cli->kb_dir = v; return 0;
    case GO_OUTPUT: cli->output = v; return 0;
    case GO_QUIET: cli->quiet = 1; return 0;
    case GO_VERBOSE: cli->verbose = 1; return 0;
    case GO_HELP: gp->want_help = 1; return 0;
    case GO_TIMEOUT: {
        char *end = NULL;
        long secs = strtol(v, &end, 10);
        if (!*v || *end || secs < 1 || secs > 3600)
            return -1;
        snprintf(gp->timeout_set, sizeof gp->timeout_set, "timeout_ms=%ld", secs * 1000);
        gp->sets[gp->nsets++] = gp->timeout_set;
        return 0;
    }
    case GO_VERSION: return 0; /* the parse runs the version command */
    case GO_PROBLEMS: cli->problems = 1; return 0;
    }
    return -1;
}

static const char *command_name(size_t i, void *ud)
{
    (void)ud;
    return commands[i].name;
}

/* Runs cmd with its output where -o points (core/atomic_file.h): the file
 * appears whole when the command wrote something, and not at all when it
 * stopped before (a usage error leaves no empty file behind). Every write
 * error names its reason and makes the exit status 3. */
/* An allocation failed somewhere in the run (core/oom.h): whatever was
 * printed may lack a part, so the run is an error, never an answer. */
static int oom_said(struct cli *cli)
{
    if (!oqs_oom_seen())
        return 0;
    cmd_say(cli, "out of memory: the run is incomplete; do not use its output");
    return 1;
}

static int run_command(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
    if (!(cmd->formats & FMT_BIT(cli->format))) {
        cmd_error(cli, "%s does not print --format %s", cmd->name, format_names[cli->format]);
        return EXIT_TOOL;
    }
    if (cmd->own_output) {
        if (cli->output && strcmp(cli->output, "-") == 0) {
            cmd_error(cli, "%s writes a file: -o needs a file name, not -", cmd->name);
            return EXIT_TOOL;
        }
        int rc = cmd->fn(cli, argc, argv);
        return oom_said(cli) ? EXIT_TOOL : rc;
    }
    struct oqs_err e = {{0}};
    struct atomic_file *af = atomic_file_open(cli->output, cli->out, &e);
    if (!af) {
        cmd_say(cli, e.msg);
        return EXIT_TOOL;
    }
    FILE *std = cli->out;
    cli->out = atomic_file_stream(af);
    int rc = cmd->fn(cli, argc, argv);
    cli->out = std;
    if (oom_said(cli)) {
        atomic_file_abort(af);
        return EXIT_TOOL;
    }
    if (rc == EXIT_TOOL && atomic_file_written(af) == 0) {
        atomic_file_abort(af);
        return rc;
    }
    if (atomic_file_commit(af, &e) != 0) {
        cmd_say(cli, e.msg);
        return EXIT_TOOL;
    }
    return rc;
}

int oqsdiag_main(int argc, char **argv, FILE *out, FILE *err)
{
    struct cli cli = {.lang = render_lang_from_env(), .format = OUT_TEXT, .out = out, .err = err};
    cmd_watch_allocs();
    /* --lang is read first, so an error earlier on the line is in its language. */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *v = strncmp(argv[i], "--lang=", 7) == 0 ? argv[i] + 7
                        : strcmp(argv[i], "--lang") == 0 && i + 1 < argc ? argv[i + 1] : NULL;
        if (v && (strcmp(v, "ja") == 0 || strcmp(v, "en") == 0))
            cli.lang = v[0] == 'j' ? LANG_JA : LANG_EN;
    }
    struct gparse gp = {0};
    gp.sets = calloc((size_t)argc + 1, sizeof *gp.sets);
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0, rc = EXIT_TOOL;
    const struct command *cmd = NULL;
    if (!gp.sets || !rest)
        goto done;

    /* Global options are taken anywhere on the line, so `oqsdiag doctor
     * --json` works too; everything else goes to the command. */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int missing = 0;
        if (strcmp(a, "--") == 0) {
            while (++i < argc)
                rest[nrest++] = argv[i];
            break;
        }
        const struct global_opt *g = match_global(argc, argv, &i, &v, &missing);
        if (g) {
            if (missing || apply_global(&cli, &gp, g, v) < 0) {
                rc = cmd_usage_error(&cli, g->bad, "");
                goto done;
            }
            if (g->id == GO_VERSION)
                rest[nrest++] = (char *)"version";
        } else if (!cmd && a[0] == '-' && a[1]) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)strcspn(a, "="), a);
            rc = cmd_usage_hint(&cli, suggest_nearest(name, nglobal_opts, gopt_name, NULL),
                                "unknown option '%s'", a);
            goto done;
        } else {
            if (!cmd && !(cmd = cmd_find(a))) {
                rc = cmd_usage_hint(&cli, suggest_nearest(a, ncommands, command_name, NULL),
                                    "unknown command '%s'", a);
                goto done;
            }
            rest[nrest++] = argv[i];
        }
    }
    if (!cmd && nrest > 0)
        cmd = cmd_find(rest[0]);
    if (gp.want_help) {
        if (cmd && strcmp(cmd->name, "help") != 0) {
            char *hv[] = {(char *)"help", (char *)cmd->name, NULL};
            rc = cmd_help(&cli, 2, hv);
        } else {
            cmd_print_usage(out, cli.lang);
            rc = 0;
        }
        goto done;
    }
    if (!cmd) {
        cmd_say(&cli, "no command given");
        cmd_print_usage(err, cli.lang);
        goto done;
    }

    struct oqs_err e = {{0}};
    cli.cfg = config_new();
    if (!cli.cfg) {
        cmd_say(&cli, "out of memory");
        goto done;
    }
    if (cmd_config_load(&cli, gp.config_file, &e) < 0) {
        cmd_say(&cli, e.msg);
        goto done;
    }
    for (size_t i = 0; i < gp.nsets; i++)
        if (config_set_arg(cli.cfg, gp.sets[i], &e) < 0) {
            cmd_say(&cli, e.msg);
            goto done;
        }
    rc = run_command(&cli, cmd, nrest, rest);
done:
    secret_wipe();
    config_free(cli.cfg);
    free(gp.sets);
    free(rest);
    return rc;
}
