/* --problems (issue 16 point 6): text and HTML show only what is not ok;
 * the HTML report puts the problems first and names the verdict. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static char *analyze(const char *fmt, int problems)
{
    struct buf out = {0}, err = {0};
    const char *argv[10] = {"oqsdiag", "--lang", "en", "--format", fmt};
    size_t n = 5;
    if (problems)
        argv[n++] = "--problems";
    argv[n++] = "analyze";
    argv[n++] = tu_fixture("snapshots/account-missing");
    argv[n] = NULL;
    tu_run(argv, &out, &err);
    buf_free(&err);
    buf_append(&out, "", 1);
    return out.data;
}

static void test_text_problems_leaves_out_what_is_ok(void **state)
{
    (void)state;
    char *all = analyze("text", 0), *some = analyze("text", 1);
    /* The fixture has both: ok lines and a failing account. */
    assert_true(tu_contains(all, "\n  OK    "));
    assert_true(tu_contains(all, "account.exists"));
    assert_false(tu_contains(some, "\n  OK    "));
    assert_true(tu_contains(some, "account.exists"));
    /* The summary still counts everything. */
    const char *s1 = strstr(all, "Summary:"), *s2 = strstr(some, "Summary:");
    assert_non_null(s1);
    assert_non_null(s2);
    assert_int_equal(strcspn(s1, "("), strcspn(s2, "("));
    assert_true(strncmp(s1, s2, strcspn(s1, "(")) == 0);
    free(all);
    free(some);
}

static void test_html_puts_problems_first_with_a_verdict(void **state)
{
    (void)state;
    char *page = analyze("html", 0);
    const char *p = strstr(page, "<section id=\"problems\">"), *c = strstr(page, "id=\"checklist\"");
    assert_non_null(p);
    assert_non_null(c);
    assert_true(p < c);
    assert_true(tu_contains(page, "<strong class=\"verdict\">FAILED</strong>"));
    /* The first row of the problems is a failure. */
    const char *row = strstr(p, "data-status=\"");
    assert_non_null(row);
    assert_true(strncmp(row, "data-status=\"fail\"", 18) == 0);
    free(page);
    char *some = analyze("html", 1);
    assert_true(tu_contains(some, "<section id=\"problems\">"));
    assert_false(tu_contains(some, "data-status=\"ok\""));
    assert_false(tu_contains(some, "id=\"checklist\""));
    assert_true(tu_contains(some, "account.exists"));
    free(some);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_problems_leaves_out_what_is_ok),
        cmocka_unit_test(test_html_puts_problems_first_with_a_verdict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
