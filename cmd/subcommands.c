/* Commands with subcommands (`kb`): parsed, and their usage and help
 * printed, from one table per command (struct subcommand in cmd.h). */
#include <string.h>

#include "cmd.h"

static void word_of(FILE *f, const char *cmd, const struct subcommand *s)
{
    fprintf(f, "%s%s%s%s", cmd ? cmd : "", cmd ? " " : "", s->name, *s->args ? " " : "");
    fputs(s->args, f);
}

void cmd_print_usage_of(FILE *f, const struct command *c)
{
    if (!c->subs) {
        fputs(c->usage, f);
        return;
    }
    for (const struct subcommand *s = c->subs; s->name; s++) {
        fputs(s == c->subs ? "" : " | ", f);
        word_of(f, s == c->subs ? c->name : NULL, s);
    }
}

void cmd_print_subcommands(FILE *f, const struct command *c, int ja)
{
    if (!c->subs)
        return;
    fputc('\n', f);
    for (const struct subcommand *s = c->subs; s->name; s++) {
        char col[64];
        snprintf(col, sizeof col, "%s %s%s%s", c->name, s->name, *s->args ? " " : "", s->args);
        fprintf(f, "%-18s %s\n", col, ja ? s->help_ja : s->help_en);
    }
}

/* The argument's name without brackets or dots: "DIR" of "[DIR]". */
static void bare(const char *args, char *out, size_t n)
{
    snprintf(out, n, "%.*s", (int)strcspn(args + (*args == '['), "].") ,
             args + (*args == '['));
}

int cmd_run_subcommand(struct cli *cli, const struct subcommand *subs, int argc, char **argv)
{
    const char *cmd = argv[0];
    if (argc < 2) {
        char list[512] = "";
        size_t n = 0;
        for (const struct subcommand *s = subs; s->name && n < sizeof list; s++)
            n += (size_t)snprintf(list + n, sizeof list - n, "%s%s%s%s", s == subs ? "" : " | ",
                                  s->name, *s->args ? " " : "", s->args);
        return cmd_usage_error(cli, "%s needs a subcommand: %s", cmd, list);
    }
    const struct subcommand *s = subs;
    while (s->name && strcmp(s->name, argv[1]) != 0)
        s++;
    if (!s->name)
        return cmd_usage_error(cli, "unknown %s command '%s'", cmd, argv[1]);
    int n = argc - 2;
    if (s->max == 0 && n > 0)
        return cmd_usage_error(cli, "%s %s takes no arguments, got '%s'", cmd, s->name, argv[2]);
    char what[64];
    bare(s->args, what, sizeof what);
    if (s->min == 1 && s->max == 1 && n != 1)
        return cmd_usage_error(cli, "%s %s takes one %s", cmd, s->name, what);
    if (s->max >= 0 && n > s->max)
        return cmd_usage_error(cli, "%s %s takes at most one %s, got '%s'", cmd, s->name, what,
                               argv[2 + s->max]);
    if (n < s->min)
        return cmd_usage_error(cli, "%s %s needs an argument", cmd, s->name);
    return s->fn(cli, argc - 1, argv + 1);
}
