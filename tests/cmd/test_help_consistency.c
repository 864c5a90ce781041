/* Every command (cmd/dispatch.c), probe (probes/run.c probe_defs), option
 * (the global ones of the usage head, each command's in cmd/options.def) and
 * configuration key (core/config_keys.def) is
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

/* What the completion offers after the words (the last one is completed);
 * NULL on Windows, which has no bash: help and man are checked there. */
static char *complete(const char *words)
{
    if (plat_is_windows())
        return NULL;
    char script[2048];
    snprintf(script, sizeof script,
             "PATH=%s:$PATH; source %s/completion/oqsdiag.bash; COMP_WORDS=(oqsdiag %s); "
             "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _oqsdiag; echo \" ${COMPREPLY[*]} \"",
             OQS_BUILD_DIR, OQS_SOURCE_DIR, words);
    const char *argv[] = {"bash", "-c", script, NULL};
    struct buf out = {0};
    struct oqs_err err;
    int code = -1;
    assert_int_equal(plat_run(argv, 30000, &out, &code, &err), 0);
    assert_int_equal(code, 0);
    buf_append(&out, "", 1);
    return out.data;
}

static int offered(const char *reply, const char *word)
{
    char w[128];
    snprintf(w, sizeof w, " %s ", word);
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
    const char *man, *bash, *what;
};

static int in_man_and_script(const char *opt, void *ud)
{
    const struct where *w = ud;
    int bad = 0;
    if (!has_word(w->man, opt))
        bad = fprintf(stderr, "option %s (%s): not in docs/oqsdiag.1\n", opt, w->what);
    if (!has_word(w->bash, opt))
        bad = fprintf(stderr, "option %s (%s): not in completion/oqsdiag.bash\n", opt, w->what);
    return bad;
}

/* The global options (the usage head) are in the man page and the
 * completion script. */
static void test_every_global_option_is_in_man_and_completion(void **state)
{
    (void)state;
    char *man = man_text(), *bash = slurp("completion/oqsdiag.bash");
    assert_non_null(bash);
    char *help = help_text(NULL, NULL);
    char *end = strstr(help, "\n\n");
    if (end)
        *end = '\0'; /* the usage lines only */
    assert_true(strstr(help, "--format") != NULL);
    struct where w = {man, bash, "global"};
    int bad = each_option(help, in_man_and_script, &w);
    free(help);
    free(man);
    free(bash);
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
    char *globals = help_text(NULL, NULL);
    char *end = strstr(globals, "\n\n");
    if (end)
        *end = '\0';
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

static void test_every_config_key_is_in_help_and_man(void **state)
{
    (void)state;
    char *help = help_text("config", NULL), *man = man_text();
    int bad = 0;
    assert_true(config_key_count() > 10);
    for (size_t i = 0; i < config_key_count(); i++) {
        const char *k = config_key_name(i);
        if (!has_word(help, k))
            bad = fprintf(stderr, "key %s: not in `oqsdiag help config`\n", k);
        if (!has_word(man, k))
            bad = fprintf(stderr, "key %s: not in docs/oqsdiag.1\n", k);
    }
    free(help);
    free(man);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_command_is_in_help_man_and_completion),
        cmocka_unit_test(test_every_probe_is_in_help_man_and_completion),
        cmocka_unit_test(test_every_global_option_is_in_man_and_completion),
        cmocka_unit_test(test_every_command_option_is_in_help_man_and_completion),
        cmocka_unit_test(test_every_usage_option_is_in_a_table),
        cmocka_unit_test(test_every_config_key_is_in_help_and_man),
        cmocka_unit_test(test_unknown_probe_names_the_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
