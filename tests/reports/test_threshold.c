#include "testutil.h"

#include <string.h>

#include "core/threshold.h"

static struct threshold parse_ok(const char *s)
{
    struct threshold t;
    struct oqs_err e = {{0}};
    assert_int_equal(threshold_parse(s, "-w", &t, &e), 0);
    assert_true(t.set);
    assert_string_equal(t.text, s);
    return t;
}

static void test_threshold_plain_number_is_zero_to_n(void **state)
{
    (void)state;
    struct threshold t = parse_ok("10");
    assert_false(threshold_alert(&t, 0));
    assert_false(threshold_alert(&t, 10));
    assert_false(threshold_alert(&t, 5.5));
    assert_true(threshold_alert(&t, 10.01));
    assert_true(threshold_alert(&t, -0.5));
}

static void test_threshold_open_end_alerts_below_start(void **state)
{
    (void)state;
    struct threshold t = parse_ok("10:");
    assert_true(threshold_alert(&t, 9.99));
    assert_false(threshold_alert(&t, 10));
    assert_false(threshold_alert(&t, 1e12));
}

static void test_threshold_tilde_start_alerts_above_end(void **state)
{
    (void)state;
    struct threshold t = parse_ok("~:10");
    assert_false(threshold_alert(&t, -1e12));
    assert_false(threshold_alert(&t, 10));
    assert_true(threshold_alert(&t, 10.5));
}

static void test_threshold_range_alerts_outside(void **state)
{
    (void)state;
    struct threshold t = parse_ok("10:20");
    assert_true(threshold_alert(&t, 9));
    assert_false(threshold_alert(&t, 10));
    assert_false(threshold_alert(&t, 20));
    assert_true(threshold_alert(&t, 21));
}

static void test_threshold_at_alerts_inside_inclusive(void **state)
{
    (void)state;
    struct threshold t = parse_ok("@10:20");
    assert_false(threshold_alert(&t, 9));
    assert_true(threshold_alert(&t, 10));
    assert_true(threshold_alert(&t, 15));
    assert_true(threshold_alert(&t, 20));
    assert_false(threshold_alert(&t, 20.5));
}

static void test_threshold_decimals_and_negative_numbers(void **state)
{
    (void)state;
    struct threshold t = parse_ok("-0.5:0.5");
    assert_false(threshold_alert(&t, -0.5));
    assert_true(threshold_alert(&t, -0.51));
    assert_true(threshold_alert(&t, 0.6));
}

static void test_threshold_state_crit_wins_over_warn(void **state)
{
    (void)state;
    struct threshold w = parse_ok("30:"), c = parse_ok("7:");
    assert_int_equal(threshold_state(&w, &c, 90), 0);
    assert_int_equal(threshold_state(&w, &c, 20), 1);
    assert_int_equal(threshold_state(&w, &c, 3), 2);
    assert_int_equal(threshold_state(NULL, &c, 20), 0);
    assert_int_equal(threshold_state(&w, NULL, 3), 1);
}

static void test_threshold_unset_never_alerts(void **state)
{
    (void)state;
    struct threshold t;
    memset(&t, 0, sizeof t);
    assert_false(threshold_alert(&t, -1e300));
    assert_false(threshold_alert(NULL, 1e300));
}

static void test_threshold_bad_syntax_is_an_error_naming_the_option(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "abc", "10x", "1:2:3", "20:10", "@", "inf", "nan",
                                      "0x10", "~", "10:~", "::"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct threshold t;
        struct oqs_err e = {{0}};
        assert_int_equal(threshold_parse(bad[i], "-c", &t, &e), -1);
        assert_false(t.set);
        assert_non_null(strstr(e.msg, "-c"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threshold_plain_number_is_zero_to_n),
        cmocka_unit_test(test_threshold_open_end_alerts_below_start),
        cmocka_unit_test(test_threshold_tilde_start_alerts_above_end),
        cmocka_unit_test(test_threshold_range_alerts_outside),
        cmocka_unit_test(test_threshold_at_alerts_inside_inclusive),
        cmocka_unit_test(test_threshold_decimals_and_negative_numbers),
        cmocka_unit_test(test_threshold_state_crit_wins_over_warn),
        cmocka_unit_test(test_threshold_unset_never_alerts),
        cmocka_unit_test(test_threshold_bad_syntax_is_an_error_naming_the_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
