/* `oqsdiag help --completion`: the tables the shell completion reads
 * (completion/oqsdiag.bash), one fact a line, so that the script lists no
 * command, option, probe, key or subcommand itself (git's
 * --git-completion-helper). Lines, fields split by one space:
 *   command NAME
 *   option CMD SPELLING TAKES KIND [CHOICE...]
 *       CMD "-" for a global option; TAKES 0 a flag, 1 a value, ? a value
 *       that may be left out; KIND flag, choice, file, dir, key, id or value
 *   sub CMD NAME KIND        KIND as an option's, or none (no argument)
 *   args CMD KIND            the command's words: path, probe, repair or topic
 *   probe NAME
 *   key NAME */
#include <string.h>

#include "cmd.h"
#include "../core/config.h"
#include "probes/probes.h"

/* "[BACKUP]": the whole value in brackets, so it may be left out. */
static int optional(const char *arg)
{
    size_t n = arg ? strlen(arg) : 0;
    return n > 2 && arg[0] == '[' && arg[n - 1] == ']';
}

/* What the shell offers for a value named arg ("FILE", "[DIR]", "ID"). */
static const char *kind_of(const char *arg, const char *const *choices)
{
    if (!arg)
        return "flag";
    if (choices)
        return "choice";
    const char *b = arg + optional(arg);
    static const struct {
        const char *prefix, *kind;
    } kinds[] = {{"FILE", "file"}, {"PATH", "file"}, {"DIR", "dir"}, {"key=", "key"},
                 {"ID", "id"}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strncmp(b, kinds[i].prefix, strlen(kinds[i].prefix)) == 0)
            return kinds[i].kind;
    return "value";
}

static void option_line(FILE *f, const char *cmd, const char *spelling, const char *arg,
                        const char *const *choices)
{
    fprintf(f, "option %s %s %s %s", cmd, spelling, !arg ? "0" : optional(arg) ? "?" : "1",
            kind_of(arg, choices));
    for (size_t i = 0; choices && choices[i]; i++)
        fprintf(f, " %s", choices[i]);
    fputc('\n', f);
}

int cmd_print_completion(FILE *f)
{
    /* Indexed by enum cmd_args. */
    static const char *const args_kinds[] = {NULL, "path", "probe", "repair", "topic"};
    for (size_t i = 0; i < ncommands; i++) {
        fprintf(f, "command %s\n", commands[i].name);
        if (args_kinds[commands[i].args])
            fprintf(f, "args %s %s\n", commands[i].name, args_kinds[commands[i].args]);
        for (const struct subcommand *s = commands[i].subs; s && s->name; s++)
            fprintf(f, "sub %s %s %s\n", commands[i].name, s->name,
                    *s->args ? kind_of(s->args, NULL) : "none");
    }
    for (size_t i = 0; i < nglobal_opts; i++) {
        const struct global_opt *g = &global_opts[i];
        option_line(f, "-", g->name, g->arg, g->choices);
        if (g->alias)
            option_line(f, "-", g->alias, g->arg, g->choices);
    }
    for (size_t i = 0; i < ncmd_opts; i++) {
        const struct cmd_opt *o = &cmd_opts[i];
        option_line(f, o->cmd, o->name, o->arg, NULL);
        if (o->alias)
            option_line(f, o->cmd, o->alias, o->arg, NULL);
    }
    for (size_t i = 0; i < probe_count; i++)
        fprintf(f, "probe %s\n", probe_defs[i].name);
    for (size_t i = 0; i < config_key_count(); i++)
        fprintf(f, "key %s\n", config_key_name(i));
    return 0;
}
