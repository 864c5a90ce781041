#ifndef OQSDIAG_CMD_H
#define OQSDIAG_CMD_H

#include <stdio.h>
#include "../core/config.h"
#include "../core/render.h"
#include "../core/report.h"

/* Exit status when the tool itself cannot run (report.md). */
#define EXIT_TOOL 3

enum out_format { OUT_TEXT, OUT_JSON, OUT_NAGIOS, OUT_PROMETHEUS, OUT_HTML };
enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* What the global options decided; built by cmd/main.c, read by commands. */
struct cli {
    struct config *cfg;
    enum lang lang;
    enum out_format format;
    int quiet;
    int verbose;
    enum color_mode color; /* --color; cmd_color_decide() decides for a stream */
    int problems;          /* --problems: text and HTML show only what is not ok */
    const char *kb_dir;   /* --kb DIR, or NULL */
    const char *output;   /* -o FILE: collect's bundle; other commands write to out,
                           * which dispatch pointed at the file (core/atomic_file.h) */
    FILE *out;            /* standard output, or the -o file */
    FILE *err;            /* stderr */
    /* Fix steps of KB entries for the HTML report; set by a command that
     * loaded the KB (NULL: titles only). */
    const struct render_kb *kb_fix;
    /* The configuration file this run looked at (cmd_config_load), for
     * `help config`: its path ("" when none) and how it was chosen. */
    char config_path[1024];
    enum { CONFIG_FROM_OPTION, CONFIG_FROM_ENV, CONFIG_DEFAULT_READ, CONFIG_DEFAULT_ABSENT }
        config_from;
    /* The monitoring line's service name, saying what was checked
     * ("OQSDIAG-NTP"); NULL: "OQSDIAG", the whole server (doctor). */
    const char *service;
};

/* Loads --config FILE (NULL: not given), else the file OQSDIAG_CONFIG
 * names, else the machine's default file when it exists
 * (%ProgramData%\oqsdiag\oqsdiag.ini on Windows, /etc/oqsdiag.ini
 * elsewhere). A named file that cannot be read is an error. */
int cmd_config_load(struct cli *cli, const char *option_file, struct oqs_err *err);
/* Says which file that was (help config). */
void cmd_config_print_source(const struct cli *cli);

/* A command's own subcommands (`kb list`, `kb show ID`), one table each
 * as git's commands[] one level down: cmd_run_subcommand parses with it,
 * and `help COMMAND`, the usage line and the completion are printed from
 * it. fn gets argv[0] the subcommand's name. */
struct subcommand {
    const char *name;
    const char *args; /* "ID", "[DIR]", "PATH..."; "" none */
    int min, max;     /* how many arguments: min 0 or 1; max 0, 1 or -1 (any) */
    int (*fn)(struct cli *cli, int argc, char **argv);
    const char *help_en, *help_ja;
};

/* What a command's words after its name (not options) are, for the
 * completion: ARGS_PATH a file or folder, ARGS_PROBE a probe's name,
 * ARGS_REPAIR a repair's id (fix --list), ARGS_TOPIC a command or "config". */
enum cmd_args { ARGS_NONE, ARGS_PATH, ARGS_PROBE, ARGS_REPAIR, ARGS_TOPIC };

/* One entry per subcommand: cmd_<name>(cli, argc, argv) with argv[0] the
 * command name. Returns the exit status. */
struct command {
    const char *name;
    int (*fn)(struct cli *cli, int argc, char **argv);
    const char *summary_en;
    const char *summary_ja;
    const char *usage;    /* NULL: built from subs */
    unsigned formats;     /* FMT_* bits of the --format values it honours */
    int own_output;       /* -o names what the command makes (collect's bundle) */
    const struct subcommand *subs; /* ended by a NULL name; NULL: none */
    enum cmd_args args;            /* its words without subcommands */
};

/* --format values a command honours; any other is refused, never ignored. */
#define FMT_BIT(f) (1u << (f))
#define FMT_TEXT_JSON (FMT_BIT(OUT_TEXT) | FMT_BIT(OUT_JSON))
#define FMT_REPORT (FMT_TEXT_JSON | FMT_BIT(OUT_NAGIOS) | FMT_BIT(OUT_PROMETHEUS) | FMT_BIT(OUT_HTML))

extern const struct command commands[];
extern const size_t ncommands;
extern const struct subcommand kb_subcommands[];

/* The global options (cmd/dispatch.c), taken by every command. */
struct global_opt {
    int id;
    const char *name, *alias;
    const char *arg;            /* its value's name ("FILE"); NULL: a flag */
    const char *const *choices; /* the values it takes, NULL-ended; NULL: any */
    const char *bad;            /* the usage error of a missing or wrong value */
    int many;                   /* may be given more than once ("[--set key=value]...") */
};
extern const struct global_opt global_opts[];
extern const size_t nglobal_opts;
/* The global part of the usage ("usage: oqsdiag [--lang ja|en] ...
 * COMMAND [ARGS]"), printed from global_opts and wrapped under 80 columns. */
void cmd_print_usage_head(FILE *f);

/* Runs the subcommand argv[1] of the command argv[0] from its table, after
 * checking how many arguments it got (a usage error names what it takes). */
int cmd_run_subcommand(struct cli *cli, const struct subcommand *subs, int argc, char **argv);
/* The usage line of a command: its usage, or "kb list | show ID | …". */
void cmd_print_usage_of(FILE *f, const struct command *c);
/* The subcommands' lines of `help COMMAND` (nothing when it has none). */
void cmd_print_subcommands(FILE *f, const struct command *c, int ja);
/* `help --completion`: every command, option, subcommand, probe and
 * configuration key, one a line, for completion/oqsdiag.bash. */
int cmd_print_completion(FILE *f);

int cmd_doctor(struct cli *cli, int argc, char **argv);
int cmd_probe(struct cli *cli, int argc, char **argv);
int cmd_analyze(struct cli *cli, int argc, char **argv);
int cmd_collect(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);
int cmd_kb(struct cli *cli, int argc, char **argv);
int cmd_version(struct cli *cli, int argc, char **argv);
int cmd_help(struct cli *cli, int argc, char **argv);
int cmd_fix(struct cli *cli, int argc, char **argv);

/* A snapshot folder or a bundle, analysed as `analyze` does. Caller frees
 * with report_free(); NULL with err. */
struct report *cmd_load_snapshot(struct cli *cli, const char *path, struct oqs_err *err);

/* Clears the out-of-memory mark (core/oom.h) and routes jansson's and
 * OpenSSL's allocations through it: the start of every command. */
void cmd_watch_allocs(void);

/* The whole program; main() only calls this (tests call it too). */
int oqsdiag_main(int argc, char **argv, FILE *out, FILE *err);

/* A report of this machine: source "live", host name, start time set.
 * Caller frees with report_free(); call cmd_report_done() before printing. */
struct report *cmd_live_report(void);
/* Sets elapsed_ms from the start time recorded by cmd_live_report(). */
void cmd_report_done(struct report *r);

/* Fills rk so that renderers show the fix steps of kb's entries (kb may be
 * NULL: none). rk refers to kb: keep kb until the report is printed. */
struct kb;
void cmd_kb_fix(struct render_kb *rk, const struct kb *kb);

/* Prints a report in the chosen format; returns its exit status. */
int cmd_emit_report(struct cli *cli, struct report *r);
/* When r judged nothing (report_unjudged_reason): one line on stderr
 * saying why; the exit status is then 3. */
void cmd_say_unjudged(struct cli *cli, const struct report *r);
/* "X is not built yet" on stderr, exit 3: no placeholder output. */
int cmd_not_built(struct cli *cli, const char *what);
/* A one-line error (fmt with one %s) and the usage on stderr; returns 3. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int cmd_usage_error(struct cli *cli, const char *fmt, ...);
/* cmd_usage_error with "did you mean 'suggestion'?" after the error line
 * (suggestion NULL: none; core/suggest.h finds it). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int cmd_usage_hint(struct cli *cli, const char *suggestion, const char *fmt, ...);
void cmd_print_usage(FILE *f, enum lang lang);
/* Asks for the PFX password on the terminal when tls.client_cert needs one
 * (cmd/pfx_prompt.c); call before the probes run. */
void cmd_ask_pfx_password(struct cli *cli);
/* Whether to colour: --color=always/never decide; auto colours a terminal
 * unless NO_COLOR is set and not empty (no-color.org) or TERM is dumb. */
int cmd_color_decide(enum color_mode m, int tty, const char *no_color, const char *term);
/* cmd/messages.def: every message cmd/ prints, in English and Japanese. */
struct cmd_msg {
    const char *en, *ja;
};
extern const struct cmd_msg cmd_msgs[];
extern const size_t ncmd_msgs;
/* The Japanese of an English message (an error from below, or a format of
 * the table filled in) into out: 1 when the table knew it or a part of it
 * after ": ", 0 when it is copied as it is (cmd/messages.c). */
int cmd_msg_ja(const char *en, char *out, size_t n);
/* "oqsdiag: MESSAGE" on stderr, in the language of cli. */
void cmd_say(struct cli *cli, const char *en);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void cmd_error(struct cli *cli, const char *fmt, ...);
const struct command *cmd_find(const char *name);

/* The commands' own options: one row each in cmd/options.def. */
enum cmd_opt_id {
#define OPT(id, cmd, name, alias, arg, missing, en, ja) OPT_##id,
#include "options.def"
#undef OPT
    OPT_COUNT
};
struct cmd_opt {
    enum cmd_opt_id id;
    const char *cmd, *name, *alias, *arg, *missing, *help_en, *help_ja;
};
extern const struct cmd_opt cmd_opts[];
extern const size_t ncmd_opts;
/* Takes the options of the command argv[0] out of argv (anywhere on the
 * line; "--opt VALUE" or "--opt=VALUE"), calling on() for each in order with
 * its value (NULL for a flag or an optional value not given); the other
 * words stay in argv[1..*argc-1]. Returns 0, on()'s non-zero answer, or the
 * usage status after a printf-style usage error (an unknown option, with
 * "did you mean", or a missing value). */
int cmd_parse_options(struct cli *cli, int *argc, char **argv,
                      int (*on)(struct cli *cli, void *ud, enum cmd_opt_id id, const char *v),
                      void *ud);
/* The "options:" section of `help COMMAND`, from the same rows. */
void cmd_print_options(FILE *f, const char *cmd, int ja);

#include "../core/version.h"

#endif
