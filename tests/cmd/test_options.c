/* The commands' option tables (cmd/options.def) as the parser reads them:
 * every command refuses an option it does not know, naming it, before it
 * touches anything; every option that takes a value says so when the value
 * is missing; a near miss gets "did you mean"; "--opt=VALUE" and
 * "--opt VALUE" are the same. */
#include "testutil.h"

#include <string.h>

#include "cmd/cmd.h"

static int run(const char *a1, const char *a2, const char *a3, struct buf *err)
{
    const char *argv[] = {"oqsdiag", "--lang", "en", a1, a2, a3, NULL};
    struct buf out = {0};
    int rc = tu_run(argv, &out, err);
    /* A usage error prints nothing on standard output. */
    assert_int_equal(out.len, 0);
    buf_free(&out);
    buf_append(err, "", 1);
    return rc;
}

static void test_every_command_refuses_an_unknown_option(void **state)
{
    (void)state;
    for (size_t i = 0; i < ncommands; i++) {
        struct buf err = {0};
        int rc = run(commands[i].name, "--bogus-option", NULL, &err);
        if (rc != 3 || !tu_contains(err.data, "'--bogus-option'"))
            fail_msg("%s --bogus-option: exit %d, %s", commands[i].name, rc, err.data);
        buf_free(&err);
    }
}

static void test_a_table_command_names_itself_and_the_option(void **state)
{
    (void)state;
    for (size_t i = 0; i < ncmd_opts; i++) {
        struct buf err = {0};
        char want[128];
        snprintf(want, sizeof want, "%s: unknown option '--bogus-option'", cmd_opts[i].cmd);
        assert_int_equal(run(cmd_opts[i].cmd, "--bogus-option", NULL, &err), 3);
        if (!tu_contains(err.data, want))
            fail_msg("%s: %s", cmd_opts[i].cmd, err.data);
        buf_free(&err);
    }
}

static void test_a_missing_value_is_a_usage_error_naming_the_option(void **state)
{
    (void)state;
    size_t n = 0;
    for (size_t i = 0; i < ncmd_opts; i++) {
        const struct cmd_opt *o = &cmd_opts[i];
        if (!o->arg || o->arg[strlen(o->arg) - 1] == ']')
            continue; /* a flag, or a value that may be left out */
        struct buf err = {0};
        char want[128];
        snprintf(want, sizeof want, "%s: %s needs", o->cmd, o->name);
        assert_int_equal(run(o->cmd, o->name, NULL, &err), 3);
        if (!tu_contains(err.data, want))
            fail_msg("%s %s without a value: %s", o->cmd, o->name, err.data);
        buf_free(&err);
        n++;
    }
    assert_true(n >= 4);
}

static void test_a_near_miss_gets_did_you_mean(void **state)
{
    (void)state;
    struct buf err = {0};
    assert_int_equal(run("collect", "--no-probe", NULL, &err), 3);
    assert_true(tu_contains(err.data, "did you mean '--no-probes'"));
    buf_free(&err);
}

static void test_a_flag_takes_no_value(void **state)
{
    (void)state;
    struct buf err = {0};
    assert_int_equal(run("analyze", "--jsonl=yes", "x", &err), 3);
    assert_true(tu_contains(err.data, "analyze: unknown option '--jsonl=yes'"));
    buf_free(&err);
}

/* "--jobs=0" and "--jobs 0" reach the same check. */
static void test_equals_and_space_spell_the_same_value(void **state)
{
    (void)state;
    struct buf a = {0}, b = {0};
    assert_int_equal(run("analyze", "--jobs=0", "x", &a), 3);
    assert_int_equal(run("analyze", "--jobs", "0", &b), 3);
    assert_true(tu_contains(a.data, "--jobs takes a number from 1 to 64, not '0'"));
    assert_true(tu_contains(b.data, "--jobs takes a number from 1 to 64, not '0'"));
    buf_free(&a);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_command_refuses_an_unknown_option),
        cmocka_unit_test(test_a_table_command_names_itself_and_the_option),
        cmocka_unit_test(test_a_missing_value_is_a_usage_error_naming_the_option),
        cmocka_unit_test(test_a_near_miss_gets_did_you_mean),
        cmocka_unit_test(test_a_flag_takes_no_value),
        cmocka_unit_test(test_equals_and_space_spell_the_same_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
