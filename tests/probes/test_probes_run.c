/* probes_run and `oqsdiag probe`: the one deadline, names, usage. */
#include "testutil.h"

#include <string.h>

#include "core/platform.h"
#include "harness.h"

static struct hx hx;
static int started;

static int setup(void **state)
{
    (void)state;
    started = hx_start(&hx, "silent") == 0;
    if (!started)
        printf("skipped: %s\n", hx.skip);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    hx_stop(&hx);
    return 0;
}

/* Every endpoint silent (bound, never answering): the run ends at the one
 * deadline, not after the sum of the probes' own timeouts. This checks the
 * deadline works; it is not a speed measurement. */
static void test_probes_all_silent_end_at_the_one_deadline(void **state)
{
    (void)state;
    if (!started)
        skip();
    const char *silent = hx_env(&hx, "SILENT");
    char dns[128], ntp_port[64], proxy[128], tls[128];
    snprintf(dns, sizeof dns, "dns.servers=%s", silent);
    snprintf(ntp_port, sizeof ntp_port, "ntp.port=%s", hx_env(&hx, "SILENT_PORT"));
    snprintf(proxy, sizeof proxy, "proxy.server=%s", silent);
    snprintf(tls, sizeof tls, "tls.target=%s", silent);
    const long timeout = 1000;
    const char *args[] = {"--set", dns, "--set", "ntp.server=127.0.53.4", "--set", ntp_port,
                          "--set", proxy, "--set", tls, "--set", "timeout_ms=1000", NULL};
    const char *probes[] = {"dns", "ntp", "proxy", "tls", NULL};
    int st;
    long long t0 = plat_now_ms();
    json_t *doc = hx_probe(args, probes, &st);
    long long elapsed = plat_now_ms() - t0;
    assert_non_null(doc);
    printf("all silent: %lld ms for timeout_ms %ld\n", elapsed, timeout);
    assert_true(elapsed < timeout * 11 / 10 + 400);
    assert_non_null(hx_finding(doc, "dns.resolve.timeout", "name", "ntp.base.oqs-pdl.org"));
    assert_non_null(hx_finding(doc, "ntp.unreachable", NULL, NULL));
    assert_int_equal(st, 2);
    json_decref(doc);
}

static void test_probe_without_a_name_is_usage_error(void **state)
{
    (void)state;
    struct buf err = {0};
    const char *argv[] = {"oqsdiag", "probe", NULL};
    assert_int_equal(tu_run(argv, NULL, &err), 3);
    assert_true(tu_contains(err.data, "usage:"));
    buf_free(&err);
}

static void test_probe_unknown_name_is_usage_error(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "probe", "dns", "smtp", NULL};
    assert_int_equal(tu_run(argv, &out, &err), 3);
    assert_int_equal(out.len, 0);
    assert_true(tu_contains(err.data, "'smtp'"));
    buf_free(&out);
    buf_free(&err);
}

static void test_probe_report_is_live_with_findings_in_probe_order(void **state)
{
    (void)state;
    /* IP literals: nothing to resolve, and nothing listens on port 9 of
     * 127.0.53.5, so the answers are immediate refusals. */
    const char *args[] = {"--set", "ntp.server=127.0.53.5", "--set", "ntp.port=9", "--set",
                          "names=127.0.53.5", NULL};
    const char *probes[] = {"ntp", "dns", NULL};
    int st;
    json_t *doc = hx_probe(args, probes, &st);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "source")), "live");
    json_t *f0 = json_array_get(json_object_get(doc, "findings"), 0);
    assert_non_null(f0);
    assert_string_equal(json_string_value(json_object_get(f0, "area")), "ntp");
    assert_string_equal(json_string_value(json_object_get(f0, "source")), "probe:ntp");
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probes_all_silent_end_at_the_one_deadline),
        cmocka_unit_test(test_probe_without_a_name_is_usage_error),
        cmocka_unit_test(test_probe_unknown_name_is_usage_error),
        cmocka_unit_test(test_probe_report_is_live_with_findings_in_probe_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
