/* Which configuration file a run reads (cmd/config_file.c): --config wins,
 * then OQSDIAG_CONFIG, then the machine's default file when it exists;
 * `help config` ends with the one it looked at. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static char *help_config(const char *option_file, int *rc)
{
    const char *with[] = {"oqsdiag", "--config", option_file, "help", "config", NULL};
    const char *without[] = {"oqsdiag", "help", "config", NULL};
    struct buf out = {0}, err = {0};
    *rc = tu_run(option_file ? with : without, &out, &err);
    buf_appends(&out, "\n");
    buf_appends(&out, err.data ? err.data : "");
    buf_free(&err);
    return out.data;
}

static void test_config_env_names_the_file_and_option_wins(void **state)
{
    (void)state;
    int rc;
    setenv("OQSDIAG_CONFIG", tu_fixture("config/good.ini"), 1);
    char *t = help_config(NULL, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(t, "good.ini (named by OQSDIAG_CONFIG)"));
    free(t);
    t = help_config(tu_fixture("config/utf16.ini"), &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(t, "utf16.ini (--config)"));
    assert_null(strstr(t, "OQSDIAG_CONFIG)"));
    free(t);
    unsetenv("OQSDIAG_CONFIG");
}

static void test_config_env_naming_a_missing_file_is_an_error(void **state)
{
    (void)state;
    int rc;
    setenv("OQSDIAG_CONFIG", "/nonexistent/oqsdiag-test.ini", 1);
    char *t = help_config(NULL, &rc);
    unsetenv("OQSDIAG_CONFIG");
    assert_int_equal(rc, 3);
    assert_non_null(strstr(t, "OQSDIAG_CONFIG names /nonexistent/oqsdiag-test.ini"));
    free(t);
}

static void test_config_without_a_file_says_where_it_looked(void **state)
{
    (void)state;
    int rc;
    unsetenv("OQSDIAG_CONFIG");
    char *t = help_config(NULL, &rc);
    assert_int_equal(rc, 0);
    /* /etc/oqsdiag.ini, or %ProgramData%\\oqsdiag\\oqsdiag.ini under Wine:
     * absent on a test machine, or read. */
    assert_true(strstr(t, "oqsdiag.ini); defaults apply") != NULL ||
                strstr(t, "oqsdiag.ini (the default place; read)") != NULL);
    assert_true(strstr(t, "no /etc/oqsdiag.ini") != NULL || strstr(t, "ProgramData") != NULL ||
                strstr(t, "(the default place; read)") != NULL);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_env_names_the_file_and_option_wins),
        cmocka_unit_test(test_config_env_naming_a_missing_file_is_an_error),
        cmocka_unit_test(test_config_without_a_file_says_where_it_looked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
