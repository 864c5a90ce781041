/* The counter of analyze over many inputs (issue 16 point 6): done/total,
 * rate and time left, as curl and rsync show them; no guess before the
 * first input is done. */
#include "testutil.h"

#include <string.h>

#include "core/progress.h"

static void test_counter_shows_rate_and_time_left(void **state)
{
    (void)state;
    char line[160];
    progress_counter_line(line, sizeof line, "analyze", 12, 100, 3000, 0);
    assert_string_equal(line, "analyze: 12/100, 4.0/s, 22 s left");
    progress_counter_line(line, sizeof line, "analyze", 12, 100, 3000, 1);
    assert_string_equal(line, "analyze: 12/100 件, 4.0 件/秒, 残り 22 秒");
    progress_counter_line(line, sizeof line, "analyze", 100, 100, 20000, 0);
    assert_string_equal(line, "analyze: 100/100, 5.0/s, 0 s left");
}

static void test_counter_does_not_guess_before_the_first_input(void **state)
{
    (void)state;
    char line[160];
    progress_counter_line(line, sizeof line, "analyze", 0, 40, 1500, 0);
    assert_string_equal(line, "analyze: 0/40");
}

/* Not a terminal: analyze of several inputs draws no counter. */
static void test_no_counter_off_a_terminal(void **state)
{
    (void)state;
    char a[512], b[512];
    snprintf(a, sizeof a, "%s", tu_fixture("snapshots/account-missing"));
    snprintf(b, sizeof b, "%s", tu_fixture("snapshots/account-case"));
    const char *argv[] = {"oqsdiag", "--lang", "en", "analyze", "--summary", a, b, NULL};
    struct buf out = {0}, err = {0};
    tu_run(argv, &out, &err);
    buf_append(&err, "", 1);
    assert_false(tu_contains(err.data, "analyze: "));
    assert_false(tu_contains(err.data, "\033["));
    buf_free(&out);
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_shows_rate_and_time_left),
        cmocka_unit_test(test_counter_does_not_guess_before_the_first_input),
        cmocka_unit_test(test_no_counter_off_a_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
