/* --problems (issue 16 point 6): text and HTML show only what is not ok;
 * the HTML report puts the problems first, names the verdict, and gives
 * what to do for a warning as for a failure. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static char *analyze_at(const char *snapshot, const char *fmt, int problems)
{
    struct buf out = {0}, err = {0};
    const char *argv[10] = {"oqsdiag", "--lang", "en", "--format", fmt};
    size_t n = 5;
    if (problems)
        argv[n++] = "--problems";
    argv[n++] = "analyze";
    argv[n++] = tu_fixture(snapshot);
    argv[n] = NULL;
    tu_run(argv, &out, &err);
    buf_free(&err);
    buf_append(&out, "", 1);
    return out.data;
}

static char *analyze(const char *fmt, int problems)
{
    return analyze_at("snapshots/account-missing", fmt, problems);
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

/* A snapshot whose only problem is a warning (a certificate that expires
 * in 18 days): the page still says what to do — the warning's row in the
 * problems and its checklist item link to the KB entry, whose fix steps
 * are printed, with --problems too. */
static void test_html_gives_what_to_do_for_a_warning(void **state)
{
    (void)state;
    for (int problems = 0; problems < 2; problems++) {
        char *page = analyze_at("snapshots/cert-expiring", "html", problems);
        assert_true(tu_contains(page, "<strong class=\"verdict\">WARNING</strong>"));
        const char *p = strstr(page, "<section id=\"problems\">");
        assert_non_null(p);
        const char *row = strstr(p, "data-id=\"cert.client.expiry\" data-status=\"warn\"");
        assert_non_null(row);
        const char *link = strstr(row, "<tr class=\"finding-kb\" data-id=\"cert.client.expiry\">");
        assert_non_null(link);
        const char *end = strstr(p, "</section>");
        assert_true(link < end);
        assert_true(strstr(link, "href=\"#kb-cert-expiry\"") < strstr(link, "</tr>"));
        const char *entry = strstr(page, "<article class=\"kb\" id=\"kb-cert-expiry\"");
        assert_non_null(entry);
        const char *steps = strstr(entry, "<ol class=\"fix\">");
        assert_non_null(steps);
        assert_true(steps < strstr(entry, "</article>"));
        if (!problems) {
            const char *item = strstr(page, "<tr class=\"item-kb\"");
            assert_non_null(item);
            assert_true(strstr(item, "href=\"#kb-cert-expiry\"") < strstr(item, "</tr>"));
        }
        free(page);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_problems_leaves_out_what_is_ok),
        cmocka_unit_test(test_html_puts_problems_first_with_a_verdict),
        cmocka_unit_test(test_html_gives_what_to_do_for_a_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
