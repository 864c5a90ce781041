/* Every command (cmd/dispatch.c) and its subcommands, probe (probes/run.c
 * probe_defs), option (the global ones of cmd/dispatch.c, each command's in
 * cmd/options.def) and configuration key (core/config_keys.def) is
 * in `oqsdiag help`, in the man page (docs/oqsdiag.1) and offered by the
 * bash completion (completion/oqsdiag.bash, run in bash against the built
 * binary) — as git's t0012-help.sh and curl's test1477 do. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/config.h"
#include "core/platform.h"
#include "probes/probes.h"

static char *slurp(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", OQS_SOURCE_DIR, rel);
    return tu_read_text(path);
}

/* What `oqsdiag --lang en ARGS...` prints on stdout. */
static char *help_text(const char *a1, const char *a2)
{
    const char *argv[] = {"oqsdiag", "--lang", "en", "help", a1, a2, NULL};
    struct buf out = {0}, err = {0};
    tu_run(argv, &out, &err);
    buf_free(&err);
    buf_append(&out, "", 1);
    return out.data;
}

/* The usage head `oqsdiag help` prints (up to its blank line, with its
 * last line feed). The caller frees it. */
static char *usage_head(void)
{
    char *h = help_text(NULL, NULL);
    char *end = strstr(h, "\n\n");
    assert_non_null(end);
    end[1] = '\0';
    return h;
}

/* The man page spells '-' as '\-'; compared without the backslashes. */
static char *man_text(void)
{
    char *m = slurp("docs/oqsdiag.1");
    assert_non_null(m);
    char *w = m;
    for (char *r = m; *r; r++)
        if (!(r[0] == '\\' && r[1] == '-') && !(r[0] == '\\' && r[1] == 'f'))
            *w++ = *r;
        else if (r[1] == 'f')
            r += 2; /* \fB, \fI, \fR */
    *w = '\0';
    return m;
}

/* A whole word of text: not part of a longer name. */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        int before = p == text || !(p[-1] == '-' || p[-1] == '_' || p[-1] == '.' ||
                                    (p[-1] >= 'a' && p[-1] <= 'z'));
        char c = p[n];
        int after = !(c == '_' || c == '.' || (c >= 'a' && c <= 'z') || c == '-');
        if (before && after)
            return 1;
    }
    return 0;
}

/* What the completion offers after the words (the last one is completed),
 * run in the folder dir (NULL: the test's); NULL on Windows, which has no
 * bash: help and man are checked there. */
static char *complete_in(const char *dir, const char *words)
{
    if (plat_is_windows())
        return NULL;
    char script[2048];
    snprintf(script, sizeof script,
             "cd '%s' && PATH=%s:$PATH && source %s/completion/oqsdiag.bash && "
             "COMP_WORDS=(oqsdiag %s) && "
             "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _oqsdiag; echo \" ${COMPREPLY[*]} \"",
             dir ? dir : ".", OQS_BUILD_DIR, OQS_SOURCE_DIR, words);
    const char *argv[] = {"bash", "-c", script, NULL};
    struct buf out = {0};
    struct oqs_err err;
    int code = -1;
    assert_int_equal(plat_run(argv, 30000, &out, &code, &err), 0);
    assert_int_equal(code, 0);
    while (out.len && (out.data[out.len - 1] == '\n' || out.data[out.len - 1] == '\r'))
        out.len--;
    buf_append(&out, "", 1);
    return out.data;
}

static char *complete(const char *words)
{
    return complete_in(NULL, words);
}

static int offered(const char *reply, const char *word)
{
    char w[256];
    snprintf(w, sizeof w, " %.200s ", word);
    return !reply || strstr(reply, w) != NULL;
}

static void test_every_command_is_in_help_man_and_completion(void **state)
{
    (void)state;
    char *help = help_text(NULL, NULL), *man = man_text(), *reply = complete("''");
    int bad = 0;
    for (size_t i = 0; i < ncommands; i++) {
        const char *c = commands[i].name;
        if (!has_word(help, c))
            bad = fprintf(stderr, "command %s: not in `oqsdiag help`\n", c);
        if (!has_word(man, c))
            bad = fprintf(stderr, "command %s: not in docs/oqsdiag.1\n", c);
        if (!offered(reply, c))
            bad = fprintf(stderr, "command %s: not offered by the completion\n", c);
    }
    free(help);
    free(man);
    free(reply);
    assert_false(bad);
}

static void test_every_probe_is_in_help_man_and_completion(void **state)
{
    (void)state;
    char *help = help_text("probe", NULL), *man = man_text(), *reply = complete("probe ''");
    int bad = 0;
    assert_true(probe_count > 0);
    for (size_t i = 0; i < probe_count; i++) {
        const char *p = probe_defs[i].name;
        if (!has_word(help, p))
            bad = fprintf(stderr, "probe %s: not in `oqsdiag help probe`\n", p);
        if (!has_word(man, p))
            bad = fprintf(stderr, "probe %s: not in docs/oqsdiag.1\n", p);
        if (!offered(reply, p))
            bad = fprintf(stderr, "probe %s: not offered by the completion\n", p);
    }
    free(help);
    free(man);
    free(reply);
    assert_false(bad);
}

/* Calls fn with each option a usage line names ("--from", "-w"). */
static int each_option(const char *usage, int (*fn)(const char *opt, void *ud), void *ud)
{
    int bad = 0;
    for (const char *p = usage; (p = strchr(p, '-')) != NULL;) {
        if (p > usage && p[-1] != ' ' && p[-1] != '[' && p[-1] != '|') {
            p++;
            continue;
        }
        size_t n = strspn(p, "-abcdefghijklmnopqrstuvwxyz0123456789");
        char opt[64];
        snprintf(opt, sizeof opt, "%.*s", (int)(n < 63 ? n : 63), p);
        p += n ? n : 1;
        if (strlen(opt) < 2 || strcmp(opt, "--") == 0)
            continue;
        bad |= fn(opt, ud);
    }
    return bad;
}

struct where {
    const char *man, *reply, *what;
};

static int in_man_and_completion(const char *opt, void *ud)
{
    const struct where *w = ud;
    int bad = 0;
    if (!has_word(w->man, opt))
        bad = fprintf(stderr, "option %s (%s): not in docs/oqsdiag.1\n", opt, w->what);
    if (!offered(w->reply, opt))
        bad = fprintf(stderr, "option %s (%s): not offered by the completion\n", opt, w->what);
    return bad;
}

/* The global options (the usage head and every row of the table in
 * cmd/dispatch.c) are in the man page and offered by the completion. */
static void test_every_global_option_is_in_man_and_completion(void **state)
{
    (void)state;
    char *man = man_text(), *reply = complete("-");
    char *help = help_text(NULL, NULL);
    char *end = strstr(help, "\n\n");
    if (end)
        *end = '\0'; /* the usage lines only */
    assert_true(strstr(help, "--format") != NULL);
    struct where w = {man, reply, "global"};
    int bad = each_option(help, in_man_and_completion, &w);
    assert_true(nglobal_opts > 10);
    for (size_t i = 0; i < nglobal_opts; i++) {
        const char *names[] = {global_opts[i].name, global_opts[i].alias};
        for (size_t k = 0; k < 2 && names[k]; k++)
            if (!offered(reply, names[k]))
                bad = fprintf(stderr, "option %s: not offered by the completion\n", names[k]);
    }
    free(help);
    free(man);
    free(reply);
    assert_false(bad);
}

/* A folder with one file and one sub-folder: what a file or a folder
 * value's completion offers there is known. */
static char *value_dir(void)
{
    struct oqs_err err;
    char *dir = plat_mkdtemp("oqs-complete", &err);
    assert_non_null(dir);
    tu_write_file(dir, "afile.txt", "x", 1);
    tu_write_file(dir, "adir/inner.txt", "x", 1);
    return dir;
}

/* What the completion must offer for the value of an option whose value is
 * named arg with these choices (NULL: any), in value_dir(); 0 when right. */
static int offers_its_value(const char *dir, const char *words, const char *arg,
                            const char *const *choices)
{
    char *reply = complete_in(dir, words);
    if (!reply)
        return 0;
    int bad = 0;
    const char *a = arg + (arg[0] == '[');
    if (choices) {
        for (size_t i = 0; choices[i]; i++)
            if (!offered(reply, choices[i]))
                bad = fprintf(stderr, "`%s`: %s not offered\n", words, choices[i]);
    } else if (strncmp(a, "FILE", 4) == 0 || strncmp(a, "PATH", 4) == 0) {
        if (!offered(reply, "afile.txt") || !offered(reply, "adir"))
            bad = fprintf(stderr, "`%s`: offers%s, not the files\n", words, reply);
    } else if (strncmp(a, "DIR", 3) == 0) {
        if (offered(reply, "afile.txt") || !offered(reply, "adir"))
            bad = fprintf(stderr, "`%s`: offers%s, not the folders\n", words, reply);
    } else if (strncmp(a, "key=", 4) == 0) {
        if (!offered(reply, "ntp.server="))
            bad = fprintf(stderr, "`%s`: offers%s, not the keys\n", words, reply);
    } else if (strspn(reply, " \n") != strlen(reply)) {
        bad = fprintf(stderr, "`%s`: offers%s for a %s\n", words, reply, arg);
    }
    free(reply);
    return bad;
}

/* Every option that takes a value, global (cmd/dispatch.c) or a command's
 * (cmd/options.def), is known to the completion as one: right after it the
 * completion offers its value (its choices, files, folders, keys, or
 * nothing for a number), and the word after it is not taken for the
 * command. A row the completion did not know would offer the command's
 * own words there instead. */
static void test_every_value_option_completes_its_value(void **state)
{
    (void)state;
    char *dir = value_dir();
    int bad = 0, n = 0;
    for (size_t i = 0; i < nglobal_opts; i++) {
        const struct global_opt *g = &global_opts[i];
        const char *names[] = {g->name, g->alias};
        for (size_t k = 0; g->arg && k < 2 && names[k]; k++, n++) {
            char words[128];
            snprintf(words, sizeof words, "%s ''", names[k]);
            bad |= offers_its_value(dir, words, g->arg, g->choices);
            snprintf(words, sizeof words, "%s x ''", names[k]);
            char *reply = complete_in(dir, words);
            if (!offered(reply, "doctor"))
                bad = fprintf(stderr, "`%s`: the value was taken for the command\n", words);
            free(reply);
        }
    }
    for (size_t i = 0; i < ncmd_opts; i++) {
        const struct cmd_opt *o = &cmd_opts[i];
        const char *names[] = {o->name, o->alias};
        size_t len = o->arg ? strlen(o->arg) : 0;
        if (!len || (o->arg[0] == '[' && o->arg[len - 1] == ']'))
            continue; /* a flag, or a value that may be left out */
        for (size_t k = 0; k < 2 && names[k]; k++, n++) {
            char words[128];
            snprintf(words, sizeof words, "%s %s ''", o->cmd, names[k]);
            bad |= offers_its_value(dir, words, o->arg, NULL);
        }
    }
    assert_true(n > 10);
    plat_rmtree(dir);
    free(dir);
    assert_false(bad);
}

/* Every subcommand of a command's table (kb list, kb show, ...) is in
 * `help COMMAND`, in the man page and offered by the completion. */
static void test_every_subcommand_is_in_help_man_and_completion(void **state)
{
    (void)state;
    char *man = man_text();
    int bad = 0, n = 0;
    for (size_t i = 0; i < ncommands; i++) {
        if (!commands[i].subs)
            continue;
        char words[64];
        snprintf(words, sizeof words, "%s ''", commands[i].name);
        char *help = help_text(commands[i].name, NULL), *reply = complete(words);
        for (const struct subcommand *s = commands[i].subs; s->name; s++, n++) {
            if (!has_word(help, s->name) || !has_word(help, s->help_en))
                bad = fprintf(stderr, "%s %s: not in `help %s`\n", commands[i].name, s->name,
                              commands[i].name);
            if (!has_word(man, s->name))
                bad = fprintf(stderr, "%s %s: not in docs/oqsdiag.1\n", commands[i].name, s->name);
            if (!offered(reply, s->name))
                bad = fprintf(stderr, "%s %s: not offered by the completion\n", commands[i].name,
                              s->name);
        }
        free(help);
        free(reply);
    }
    free(man);
    assert_true(n >= 6);
    assert_false(bad);
}

/* Every row of a command's option table (cmd/options.def) is in `help
 * COMMAND`, in the man page and offered by the completion after the command. */
static void test_every_command_option_is_in_help_man_and_completion(void **state)
{
    (void)state;
    char *man = man_text();
    int bad = 0;
    assert_true(ncmd_opts > 5);
    for (size_t i = 0; i < ncmd_opts; i++) {
        const struct cmd_opt *o = &cmd_opts[i];
        char words[64];
        snprintf(words, sizeof words, "%s -", o->cmd);
        char *help = help_text(o->cmd, NULL), *reply = complete(words);
        const char *names[] = {o->name, o->alias};
        for (size_t k = 0; k < 2 && names[k]; k++) {
            if (!has_word(help, names[k]))
                bad = fprintf(stderr, "%s %s: not in `oqsdiag help %s`\n", o->cmd, names[k], o->cmd);
            if (!has_word(man, names[k]))
                bad = fprintf(stderr, "%s %s: not in docs/oqsdiag.1\n", o->cmd, names[k]);
            if (!offered(reply, names[k]))
                bad = fprintf(stderr, "%s %s: not offered by the completion\n", o->cmd, names[k]);
        }
        if (!has_word(help, o->help_en))
            bad = fprintf(stderr, "%s %s: its help line is not in `help %s`\n", o->cmd, o->name, o->cmd);
        free(help);
        free(reply);
    }
    free(man);
    assert_false(bad);
}

struct usage_of {
    const char *cmd, *globals;
};

static int in_table_or_global(const char *opt, void *ud)
{
    const struct usage_of *u = ud;
    for (size_t i = 0; i < ncmd_opts; i++)
        if (strcmp(cmd_opts[i].cmd, u->cmd) == 0 &&
            (strcmp(cmd_opts[i].name, opt) == 0 ||
             (cmd_opts[i].alias && strcmp(cmd_opts[i].alias, opt) == 0)))
            return 0;
    if (has_word(u->globals, opt))
        return 0;
    return fprintf(stderr, "%s: its usage names %s, which is in no option table\n", u->cmd, opt);
}

/* What a command's usage line names is an option the parser knows: the
 * usage cannot promise an option the table lacks. */
static void test_every_usage_option_is_in_a_table(void **state)
{
    (void)state;
    char *globals = usage_head();
    int bad = 0;
    for (size_t i = 0; i < ncommands; i++) {
        char *h = help_text(commands[i].name, NULL);
        char *nl = strchr(h, '\n');
        if (nl)
            *nl = '\0';
        struct usage_of u = {commands[i].name, globals};
        bad |= each_option(h, in_table_or_global, &u);
        free(h);
    }
    free(globals);
    assert_false(bad);
}

static void test_every_config_key_is_in_help_man_and_completion(void **state)
{
    (void)state;
    char *help = help_text("config", NULL), *man = man_text(), *reply = complete("--set ''");
    int bad = 0;
    assert_true(config_key_count() > 10);
    for (size_t i = 0; i < config_key_count(); i++) {
        const char *k = config_key_name(i);
        if (!has_word(help, k))
            bad = fprintf(stderr, "key %s: not in `oqsdiag help config`\n", k);
        if (!has_word(man, k))
            bad = fprintf(stderr, "key %s: not in docs/oqsdiag.1\n", k);
        char kv[128];
        snprintf(kv, sizeof kv, "%s=", k);
        if (!offered(reply, kv))
            bad = fprintf(stderr, "key %s: not offered by the completion of --set\n", k);
    }
    free(help);
    free(man);
    free(reply);
    assert_false(bad);
}

static void test_unknown_probe_names_the_registry(void **state)
{
    (void)state;
    const char *argv[] = {"oqsdiag", "probe", "nosuch", NULL};
    struct buf out = {0}, err = {0};
    assert_int_equal(tu_run(argv, &out, &err), 3);
    buf_append(&err, "", 1);
    char all[128];
    probe_names_join(all, sizeof all, ", ");
    assert_true(tu_contains(err.data, "unknown probe 'nosuch'"));
    assert_true(tu_contains(err.data, all));
    buf_free(&out);
    buf_free(&err);
}

/* Whether a usage line names a word the command takes (an upper-case word,
 * "[ID...]", "COMMAND|config", that is not an option's value). */
static int upper_word(const char *usage)
{
    int after_option = 0;
    for (const char *t = usage; *t; t += strcspn(t, " "), t += strspn(t, " ")) {
        t += strspn(t, "[|");
        if (!after_option && t[0] >= 'A' && t[0] <= 'Z' && t[1] >= 'A' && t[1] <= 'Z')
            return 1;
        after_option = t[0] == '-';
    }
    return 0;
}

/* The first repair `fix --list` names. */
static char *first_repair(void)
{
    const char *argv[] = {"oqsdiag", "fix", "--list", NULL};
    struct buf out = {0};
    assert_int_equal(tu_run(argv, &out, NULL), 0);
    buf_append(&out, "", 1);
    out.data[strcspn(out.data, " \n")] = '\0';
    assert_true(out.data[0] != '\0');
    return out.data;
}

/* The words a command takes after its name (its usage's upper-case words:
 * PATH, NAME, ID, COMMAND) are what its args kind says, and the completion
 * offers them: a file for a path, the probes, the repairs, the topics. */
static void test_every_command_argument_completes(void **state)
{
    (void)state;
    char *dir = value_dir(), *repair = first_repair();
    int bad = 0;
    for (size_t i = 0; i < ncommands; i++) {
        const struct command *c = &commands[i];
        if (!c->usage)
            continue; /* its subcommands' table, checked above */
        if (!upper_word(c->usage) != (c->args == ARGS_NONE))
            bad = fprintf(stderr, "%s: its usage '%s' and its args kind %d disagree\n",
                          c->name, c->usage, (int)c->args);
        char words[64];
        snprintf(words, sizeof words, "%s ''", c->name);
        char *reply = complete_in(dir, words);
        const char *want = c->args == ARGS_PATH    ? "afile.txt"
                           : c->args == ARGS_PROBE  ? probe_defs[0].name
                           : c->args == ARGS_REPAIR ? repair
                           : c->args == ARGS_TOPIC  ? "config"
                                                    : NULL;
        if (want && !offered(reply, want))
            bad = fprintf(stderr, "`%s`: %s not offered (%s)\n", words, want, reply);
        if (!want && reply && strcmp(reply, "  ") != 0 && strcmp(reply, " ") != 0)
            bad = fprintf(stderr, "`%s`: offers '%s' for a command that takes no words\n",
                          words, reply);
        free(reply);
    }
    plat_rmtree(dir);
    free(dir);
    free(repair);
    assert_false(bad);
}

/* The README shows the usage head exactly as `oqsdiag help` prints it from
 * the global option table. */
static void test_readme_shows_the_usage(void **state)
{
    (void)state;
    char *help = usage_head(), *readme = slurp("README.md");
    assert_non_null(readme);
    if (!strstr(readme, help))
        fail_msg("README.md does not show the usage as oqsdiag prints it:\n%s", help);
    free(help);
    free(readme);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_command_is_in_help_man_and_completion),
        cmocka_unit_test(test_every_probe_is_in_help_man_and_completion),
        cmocka_unit_test(test_every_global_option_is_in_man_and_completion),
        cmocka_unit_test(test_every_command_option_is_in_help_man_and_completion),
        cmocka_unit_test(test_every_usage_option_is_in_a_table),
        cmocka_unit_test(test_every_value_option_completes_its_value),
        cmocka_unit_test(test_every_subcommand_is_in_help_man_and_completion),
        cmocka_unit_test(test_every_config_key_is_in_help_man_and_completion),
        cmocka_unit_test(test_unknown_probe_names_the_registry),
        cmocka_unit_test(test_every_command_argument_completes),
        cmocka_unit_test(test_readme_shows_the_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
