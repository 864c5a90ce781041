/* The manners of the command line (issue 16, point 8): "did you mean" for a
 * mistyped command, option, probe or key; --color with NO_COLOR and
 * TERM=dumb; usage errors in Japanese under --lang ja. */
#include "testutil.h"

#include <string.h>

#include "cmd/cmd.h"
#include "core/suggest.h"

static char *run_err(const char *const *argv, int *status)
{
    struct buf out = {0}, err = {0};
    *status = tu_run(argv, &out, &err);
    buf_free(&out);
    buf_append(&err, "", 1);
    return err.data;
}

static void test_mistyped_command_gets_did_you_mean(void **state)
{
    (void)state;
    int st;
    const char *a1[] = {"oqsdiag", "--lang", "en", "vrsion", NULL};
    char *e = run_err(a1, &st);
    assert_int_equal(st, 3);
    assert_true(tu_contains(e, "oqsdiag: unknown command 'vrsion'\noqsdiag: did you mean 'version'?\nusage:"));
    free(e);
    /* Nothing near: no guess. */
    const char *a2[] = {"oqsdiag", "--lang", "en", "frobnicate", NULL};
    e = run_err(a2, &st);
    assert_int_equal(st, 3);
    assert_false(tu_contains(e, "did you mean"));
    free(e);
}

static void test_mistyped_option_probe_and_key_get_did_you_mean(void **state)
{
    (void)state;
    int st;
    const char *a1[] = {"oqsdiag", "--lang", "en", "--colr=always", "version", NULL};
    char *e = run_err(a1, &st);
    assert_int_equal(st, 3);
    assert_true(tu_contains(e, "unknown option '--colr=always'"));
    assert_true(tu_contains(e, "did you mean '--color'?"));
    free(e);
    const char *a2[] = {"oqsdiag", "--lang", "en", "probe", "nttp", NULL};
    e = run_err(a2, &st);
    assert_int_equal(st, 3);
    assert_true(tu_contains(e, "did you mean 'ntp'?"));
    free(e);
    const char *a3[] = {"oqsdiag", "--set", "dns.server=127.0.0.1", "version", NULL};
    e = run_err(a3, &st);
    assert_int_equal(st, 3);
    assert_true(tu_contains(e, "unknown key 'dns.server'; did you mean 'dns.servers'?"));
    free(e);
}

static void test_suggest_counts_a_swap_as_one_edit_and_refuses_far_words(void **state)
{
    (void)state;
    const char *const c[] = {"list", "show", "search", "lint"};
    assert_string_equal(suggest_from("lsit", c, 4), "list");
    assert_string_equal(suggest_from("serch", c, 4), "search");
    assert_null(suggest_from("frobnicate", c, 4));
    assert_null(suggest_from("xy", c, 4));
    assert_null(suggest_from("list", c, 1)); /* the word itself is no suggestion */
}

static void test_color_decision_follows_flag_no_color_and_term(void **state)
{
    (void)state;
    assert_true(cmd_color_decide(COLOR_AUTO, 1, NULL, "xterm"));
    assert_false(cmd_color_decide(COLOR_AUTO, 0, NULL, "xterm"));
    /* NO_COLOR counts only when not empty (no-color.org). */
    assert_true(cmd_color_decide(COLOR_AUTO, 1, "", "xterm"));
    assert_false(cmd_color_decide(COLOR_AUTO, 1, "1", "xterm"));
    assert_false(cmd_color_decide(COLOR_AUTO, 1, NULL, "dumb"));
    /* The flag overrides the environment, both ways. */
    assert_true(cmd_color_decide(COLOR_ALWAYS, 0, "1", "dumb"));
    assert_false(cmd_color_decide(COLOR_NEVER, 1, NULL, "xterm"));
}

static int has_escape(const char *color)
{
    struct buf out = {0}, err = {0};
    char opt[32];
    snprintf(opt, sizeof opt, "--color=%s", color);
    const char *argv[] = {"oqsdiag", "--lang", "en", opt, "analyze",
                          tu_fixture("snapshots/account-missing"), NULL};
    tu_run(argv, &out, &err);
    buf_append(&out, "", 1);
    int has = strstr(out.data, "\033[") != NULL;
    assert_true(tu_contains(out.data, "account"));
    buf_free(&out);
    buf_free(&err);
    return has;
}

static void test_color_flag_reaches_the_text_report(void **state)
{
    (void)state;
    assert_true(has_escape("always"));
    assert_false(has_escape("never"));
    /* Not a terminal: auto means none. */
    assert_false(has_escape("auto"));
    int st;
    const char *bad[] = {"oqsdiag", "--color=sometimes", "version", NULL};
    char *e = run_err(bad, &st);
    assert_int_equal(st, 3);
    assert_true(tu_contains(e, "--color takes auto, always or never"));
    free(e);
}

static void test_usage_errors_in_japanese(void **state)
{
    (void)state;
    int st;
    const char *a1[] = {"oqsdiag", "--lang", "ja", "docter", NULL};
    char *e = run_err(a1, &st);
    assert_int_equal(st, 3);
    assert_true(tu_contains(e, "不明なコマンド 'docter'"));
    assert_true(tu_contains(e, "もしかして 'doctor' ですか?"));
    free(e);
    const char *a2[] = {"oqsdiag", "--lang", "ja", "version", "extra", NULL};
    e = run_err(a2, &st);
    assert_int_equal(st, 3);
    assert_true(tu_contains(e, "version は引数を取らない: 'extra'"));
    free(e);
}

/* The conversions of a format, in order ("%s%zu" -> "sz"), %% skipped. */
static void conversions(const char *f, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = strchr(f, '%'); p && k + 1 < n; p = strchr(p, '%')) {
        p++;
        if (*p == '%') {
            p++;
            continue;
        }
        while (*p && strchr("-+ #0123456789.*lhzjt", *p) && k + 2 < n)
            out[k++] = *p++;
        if (*p && k + 1 < n)
            out[k++] = *p++;
    }
    out[k] = '\0';
}

static void test_every_japanese_format_takes_the_same_arguments(void **state)
{
    (void)state;
    for (size_t i = 0; i < ncmd_msgs; i++) {
        char a[32], b[32];
        conversions(cmd_msgs[i].en, a, sizeof a);
        conversions(cmd_msgs[i].ja, b, sizeof b);
        if (strcmp(a, b) != 0)
            fail_msg("messages.def: '%s' takes %s, its Japanese %s", cmd_msgs[i].en, a, b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mistyped_command_gets_did_you_mean),
        cmocka_unit_test(test_mistyped_option_probe_and_key_get_did_you_mean),
        cmocka_unit_test(test_suggest_counts_a_swap_as_one_edit_and_refuses_far_words),
        cmocka_unit_test(test_color_decision_follows_flag_no_color_and_term),
        cmocka_unit_test(test_color_flag_reaches_the_text_report),
        cmocka_unit_test(test_usage_errors_in_japanese),
        cmocka_unit_test(test_every_japanese_format_takes_the_same_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
