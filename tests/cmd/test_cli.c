#include "testutil.h"

#include <string.h>

#include <jansson.h>

#include "core/config.h"

static void test_cli_unknown_command_is_one_line_and_usage_exit_3(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "frobnicate", NULL};
    assert_int_equal(tu_run(argv, &out, &err), 3);
    assert_int_equal(out.len, 0);
    assert_true(strncmp(err.data, "oqsdiag: unknown command 'frobnicate'\nusage: oqsdiag", 52) == 0);
    buf_free(&out);
    buf_free(&err);
}

static void test_cli_unknown_option_is_one_line_and_usage_exit_3(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--frob", "doctor", NULL};
    assert_int_equal(tu_run(argv, &out, &err), 3);
    assert_int_equal(out.len, 0);
    assert_true(strncmp(err.data, "oqsdiag: unknown option '--frob'\nusage:", 39) == 0);
    buf_free(&out);
    buf_free(&err);
}

static void test_cli_no_command_prints_usage_exit_3(void **state)
{
    (void)state;
    struct buf err = {0};
    const char *argv[] = {"oqsdiag", NULL};
    assert_int_equal(tu_run(argv, NULL, &err), 3);
    assert_true(tu_contains(err.data, "usage: oqsdiag"));
    buf_free(&err);
}

static void test_cli_bad_option_values_exit_3(void **state)
{
    (void)state;
    const char *a1[] = {"oqsdiag", "--lang", "fr", "version", NULL};
    const char *a2[] = {"oqsdiag", "--format", "xml", "version", NULL};
    const char *a3[] = {"oqsdiag", "version", "--config", NULL};
    const char *const *cases[] = {a1, a2, a3};
    const char *expect[] = {"--lang", "--format", "--config"};
    for (size_t i = 0; i < 3; i++) {
        struct buf err = {0};
        assert_int_equal(tu_run(cases[i], NULL, &err), 3);
        assert_true(tu_contains(err.data, expect[i]));
        buf_free(&err);
    }
}

static void test_cli_bad_set_names_the_key_exit_3(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--set", "ntp.prot=1", "version", NULL};
    assert_int_equal(tu_run(argv, &out, &err), 3);
    assert_true(tu_contains(err.data, "unknown key 'ntp.prot'"));
    assert_int_equal(out.len, 0);
    buf_free(&out);
    buf_free(&err);
}

static void test_cli_bad_config_file_names_file_and_line_exit_3(void **state)
{
    (void)state;
    struct buf err = {0};
    const char *argv[] = {"oqsdiag", "--config", tu_fixture("config/bad-value.ini"), "version", NULL};
    assert_int_equal(tu_run(argv, NULL, &err), 3);
    assert_true(tu_contains(err.data, "bad-value.ini:2: ntp.offset_warn_ms"));
    buf_free(&err);
}

static void test_cli_help_config_lists_every_key_with_default(void **state)
{
    (void)state;
    struct buf out = {0};
    const char *argv[] = {"oqsdiag", "help", "config", NULL};
    assert_int_equal(tu_run(argv, &out, NULL), 0);
    for (size_t i = 0; i < config_key_count(); i++) {
        char line[128];
        snprintf(line, sizeof line, "\n  %s (", config_key_name(i));
        assert_true(tu_contains(out.data, line));
    }
    assert_true(tu_contains(out.data, "default: proxy.base.oqs-pdl.org:8080"));
    buf_free(&out);
}

static void test_cli_help_command_and_unknown_topic(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *a1[] = {"oqsdiag", "help", "probe", NULL};
    assert_int_equal(tu_run(a1, &out, NULL), 0);
    assert_true(tu_contains(out.data, "usage: oqsdiag probe NAME"));
    assert_true(tu_contains(out.data, "Exit status"));
    const char *a2[] = {"oqsdiag", "help", "nothing", NULL};
    assert_int_equal(tu_run(a2, NULL, &err), 3);
    assert_true(tu_contains(err.data, "no help on 'nothing'"));
    buf_reset(&out);
    const char *a3[] = {"oqsdiag", "analyze", "--help", NULL};
    assert_int_equal(tu_run(a3, &out, NULL), 0);
    assert_true(tu_contains(out.data, "usage: oqsdiag analyze PATH"));
    buf_free(&out);
    buf_free(&err);
}

static void test_cli_version_text_and_json(void **state)
{
    (void)state;
    struct buf out = {0};
    const char *a1[] = {"oqsdiag", "version", NULL};
    assert_int_equal(tu_run(a1, &out, NULL), 0);
    assert_true(strncmp(out.data, "oqsdiag 0.", 10) == 0);
    assert_true(tu_contains(out.data, "c-ares"));
    buf_reset(&out);
    const char *a2[] = {"oqsdiag", "--json", "version", NULL};
    assert_int_equal(tu_run(a2, &out, NULL), 0);
    json_t *doc = json_loads(out.data, 0, NULL);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "name")), "oqsdiag");
    assert_int_equal(json_integer_value(json_object_get(doc, "report_format")), 1);
    json_decref(doc);
    buf_free(&out);
}

static void test_cli_binary_runs_as_a_process(void **state)
{
    (void)state;
    struct buf out = {0};
    const char *argv[] = {"--lang", "ja", "help", NULL};
    assert_int_equal(tu_run_binary(argv, &out), 0);
    assert_true(tu_contains(out.data, "コマンド:"));
    assert_true(tu_contains(out.data, "終了コード"));
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_unknown_command_is_one_line_and_usage_exit_3),
        cmocka_unit_test(test_cli_unknown_option_is_one_line_and_usage_exit_3),
        cmocka_unit_test(test_cli_no_command_prints_usage_exit_3),
        cmocka_unit_test(test_cli_bad_option_values_exit_3),
        cmocka_unit_test(test_cli_bad_set_names_the_key_exit_3),
        cmocka_unit_test(test_cli_bad_config_file_names_file_and_line_exit_3),
        cmocka_unit_test(test_cli_help_config_lists_every_key_with_default),
        cmocka_unit_test(test_cli_help_command_and_unknown_topic),
        cmocka_unit_test(test_cli_version_text_and_json),
        cmocka_unit_test(test_cli_binary_runs_as_a_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
