/* The one status precedence (core/report.h, fstatus_worse): fail > unknown >
 * warn > ok > skip, pinned pair by pair, and the places that combine
 * statuses (checklist, Nagios, Prometheus, exit status) following it. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/render.h"
#include "core/report.h"
#include "core/threshold.h"
#include "report_sample.h"

/* Worst first. */
static const enum fstatus order[] = {FST_FAIL, FST_UNKNOWN, FST_WARN, FST_OK, FST_SKIP};
#define NORDER (sizeof order / sizeof *order)

static void test_order_is_fail_unknown_warn_ok_skip(void **state)
{
    (void)state;
    assert_int_equal(NORDER, FST_COUNT);
    for (size_t i = 0; i < NORDER; i++) {
        assert_int_equal(fstatus_rank(order[i]), (int)(NORDER - 1 - i));
        for (size_t j = 0; j < NORDER; j++) {
            enum fstatus want = order[i < j ? i : j];
            assert_int_equal(fstatus_worse(order[i], order[j]), want);
        }
    }
}

/* A report of two findings with one id (same checklist item). */
static struct report *two(enum fstatus a, enum fstatus b)
{
    struct report *r = report_new("test");
    assert_non_null(r);
    assert_int_equal(report_add(r, "account.admin", a, "t", NULL, "a", "a"), 0);
    assert_int_equal(report_add(r, "account.admin", b, "t", NULL, "b", "b"), 0);
    return r;
}

static enum cl_state item_state(const struct report *r)
{
    int it = checklist_item_of(&r->findings[0]);
    assert_true(it >= 0);
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    enum cl_state st = cl.items[it].state;
    checklist_free(&cl);
    return st;
}

/* The value of the id's oqsdiag_finding_status series. */
static int prometheus_value(const struct report *r)
{
    /* Through a temporary file (report_sample.h): open_memstream is POSIX
     * and this test runs under Wine too. */
    char *text = rs_render(r, "prometheus", 0);
    assert_non_null(text);
    const char *p = strstr(text, "oqsdiag_finding_status{id=\"account.admin\"");
    assert_non_null(p);
    p = strchr(p, '}');
    assert_non_null(p);
    int v = atoi(p + 1);
    free(text);
    return v;
}

static void test_checklist_and_prometheus_take_the_worse(void **state)
{
    (void)state;
    static const struct {
        enum fstatus a, b;
        enum cl_state item;
        int series;
    } cases[] = {
        {FST_WARN, FST_UNKNOWN, CL_UNKNOWN, 3},
        {FST_UNKNOWN, FST_FAIL, CL_FAIL, 2},
        {FST_OK, FST_WARN, CL_WARN, 1},
        {FST_SKIP, FST_OK, CL_OK, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int swap = 0; swap < 2; swap++) {
            struct report *r = swap ? two(cases[i].b, cases[i].a) : two(cases[i].a, cases[i].b);
            assert_int_equal(item_state(r), cases[i].item);
            assert_int_equal(prometheus_value(r), cases[i].series);
            report_free(r);
        }
    }
}

static void test_nagios_critical_over_unknown_over_warning(void **state)
{
    (void)state;
    struct threshold w;
    assert_int_equal(threshold_parse("1", "-w", &w, NULL), 0);
    /* A check with a range but no value is unknown. */
    struct nagios_check unmeasured = {"x", "", 0, 0, &w, NULL, NULL};
    struct report *r = two(FST_OK, FST_WARN);
    assert_int_equal(nagios_state(r, &unmeasured, 1), 3);
    report_free(r);
    r = two(FST_OK, FST_FAIL);
    assert_int_equal(nagios_state(r, &unmeasured, 1), 2);
    report_free(r);
}

static void test_exit_status_is_the_worst_judged(void **state)
{
    (void)state;
    /* An unknown beside judged findings does not raise it (report.md). */
    struct report *r = two(FST_WARN, FST_UNKNOWN);
    assert_int_equal(report_exit_status(r), 1);
    report_free(r);
    r = two(FST_FAIL, FST_WARN);
    assert_int_equal(report_exit_status(r), 2);
    report_free(r);
    r = two(FST_SKIP, FST_OK);
    assert_int_equal(report_exit_status(r), 0);
    report_free(r);
    r = two(FST_SKIP, FST_UNKNOWN);
    assert_int_equal(report_exit_status(r), 3);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_is_fail_unknown_warn_ok_skip),
        cmocka_unit_test(test_checklist_and_prometheus_take_the_worse),
        cmocka_unit_test(test_nagios_critical_over_unknown_over_warning),
        cmocka_unit_test(test_exit_status_is_the_worst_judged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
