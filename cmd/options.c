/* The commands' own options (cmd/options.def): parsed from the table, so
 * the parser, `help COMMAND` and the tests read the same rows. */
#include <string.h>

#include "cmd.h"
#include "../core/suggest.h"

const struct cmd_opt cmd_opts[] = {
#define OPT(id, cmd, name, alias, arg, missing, en, ja) \
    {OPT_##id, cmd, name, alias, arg, missing, en, ja},
#include "options.def"
#undef OPT
};
const size_t ncmd_opts = sizeof cmd_opts / sizeof cmd_opts[0];

struct names_of {
    const char *v[OPT_COUNT];
    size_t n;
};

static const char *name_at(size_t i, void *ud)
{
    return ((struct names_of *)ud)->v[i];
}

/* The row of cmd spelled as word (the part before any '='), or NULL. */
static const struct cmd_opt *find(const char *cmd, const char *word, size_t len)
{
    for (size_t i = 0; i < ncmd_opts; i++) {
        const struct cmd_opt *o = &cmd_opts[i];
        if (strcmp(o->cmd, cmd) != 0)
            continue;
        if ((strlen(o->name) == len && strncmp(o->name, word, len) == 0) ||
            (o->alias && strlen(o->alias) == len && strncmp(o->alias, word, len) == 0))
            return o;
    }
    return NULL;
}

/* "[BACKUP]": the whole value in brackets, so it may be left out. */
static int optional_value(const struct cmd_opt *o)
{
    size_t n = o->arg ? strlen(o->arg) : 0;
    return n > 2 && o->arg[0] == '[' && o->arg[n - 1] == ']';
}

static int unknown(struct cli *cli, const char *cmd, const char *arg, size_t len)
{
    struct names_of l = {.n = 0};
    for (size_t i = 0; i < ncmd_opts; i++)
        if (strcmp(cmd_opts[i].cmd, cmd) == 0)
            l.v[l.n++] = cmd_opts[i].name;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)len, arg);
    return cmd_usage_hint(cli, suggest_nearest(word, l.n, name_at, &l),
                          "%s: unknown option '%s'", cmd, arg);
}

int cmd_parse_options(struct cli *cli, int *argc, char **argv,
                      int (*on)(struct cli *cli, void *ud, enum cmd_opt_id id, const char *v),
                      void *ud)
{
    const char *cmd = argv[0];
    int n = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            argv[n++] = argv[i];
            continue;
        }
        size_t len = strcspn(a, "=");
        const struct cmd_opt *o = find(cmd, a, len);
        if (!o || (!o->arg && a[len] == '='))
            return unknown(cli, cmd, a, len);
        const char *v = NULL;
        if (a[len] == '=')
            v = a + len + 1;
        else if (optional_value(o))
            v = i + 1 < *argc && argv[i + 1][0] != '-' ? argv[++i] : NULL;
        else if (o->arg && i + 1 < *argc)
            v = argv[++i];
        else if (o->arg)
            return o->missing ? cmd_usage_error(cli, o->missing, o->name)
                              : cmd_usage_error(cli, "%s: %s needs %s", cmd, o->name, o->arg);
        int rc = on ? on(cli, ud, o->id, v) : 0;
        if (rc)
            return rc;
    }
    *argc = n;
    return 0;
}

void cmd_print_options(FILE *f, const char *cmd, int ja)
{
    int any = 0;
    for (size_t i = 0; i < ncmd_opts; i++) {
        const struct cmd_opt *o = &cmd_opts[i];
        if (strcmp(o->cmd, cmd) != 0)
            continue;
        if (!any++)
            fputs(ja ? "\nオプション:\n" : "\noptions:\n", f);
        char col[64];
        snprintf(col, sizeof col, "%s%s%s%s%s", o->name, o->alias ? ", " : "",
                 o->alias ? o->alias : "", o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(f, "  %-22s %s\n", col, ja ? o->help_ja : o->help_en);
    }
}
