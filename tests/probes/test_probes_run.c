/* probes_run and `oqsdiag probe`: the one deadline, names, usage. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "harness.h"

/* Every endpoint silent (bound, never answering): the run ends at the one
 * deadline, not after the sum of the probes' own timeouts. This checks the
 * deadline works; it is not a speed measurement. */
static void test_probes_all_silent_end_at_the_one_deadline(void **state)
{
    (void)state;
    hx_need_group();
    const char *silent = hx_env(&hx_group, "SILENT");
    char dns[128], ntp_port[64], proxy[128], tls[128], http[128];
    snprintf(dns, sizeof dns, "dns.servers=%s", silent);
    snprintf(ntp_port, sizeof ntp_port, "ntp.port=%s", hx_env(&hx_group, "SILENT_PORT"));
    snprintf(proxy, sizeof proxy, "proxy.server=%s", silent);
    snprintf(tls, sizeof tls, "tls.target=%s", silent);
    snprintf(http, sizeof http, "http.target=%s", silent);
    const long timeout = 1000;
    const char *args[] = {"--set", dns, "--set", "ntp.server=127.0.53.4", "--set", ntp_port,
                          "--set", proxy, "--set", tls, "--set", http, "--set", "timeout_ms=1000", NULL};
    const char *probes[] = {"dns", "ntp", "proxy", "tls", "http", NULL};
    int st;
    long long t0 = plat_now_ms();
    json_t *doc = hx_probe(args, probes, &st);
    long long elapsed = plat_now_ms() - t0;
    assert_non_null(doc);
    printf("all silent: %lld ms for timeout_ms %ld\n", elapsed, timeout);
    assert_true(elapsed < (timeout * 11 / 10 + 400) * tu_time_scale());
    assert_non_null(hx_finding(doc, "dns.resolve.timeout", "name", "ntp.base.oqs-pdl.org"));
    assert_non_null(hx_finding(doc, "ntp.unreachable", NULL, NULL));
    assert_non_null(hx_finding(doc, "http.connect.timeout", NULL, NULL));
    assert_int_equal(st, 2);
    json_decref(doc);
}

/* The whole healthy harness, every probe at once, with the client
 * certificate: no fail and no KB entry (report.md: a healthy machine gives
 * no kb entries). */
static void test_probes_healthy_harness_all_at_once_gives_no_fail_and_no_kb(void **state)
{
    (void)state;
    hx_need_group();
    static char a[11][512];
    snprintf(a[0], sizeof a[0], "dns.servers=%s", hx_env(&hx_group, "DNS"));
    snprintf(a[1], sizeof a[1], "ntp.port=%s", hx_env(&hx_group, "NTP_PORT"));
    snprintf(a[2], sizeof a[2], "dns.family_port=%s", hx_env(&hx_group, "FAM_PORT"));
    snprintf(a[3], sizeof a[3], "proxy.server=%s", hx_env(&hx_group, "PROXY_OPEN"));
    snprintf(a[4], sizeof a[4], "proxy.target=d2vhvuj0j7c8bh.cloudfront.net:%s", hx_env(&hx_group, "TLS_PORT"));
    snprintf(a[5], sizeof a[5], "tls.target=tls-clientauth.oqs.onshikaku.org:%s", hx_env(&hx_group, "TLS_PORT"));
    snprintf(a[6], sizeof a[6], "tls.ca_file=%s", hx_env(&hx_group, "CA_FILE"));
    snprintf(a[7], sizeof a[7], "tls.client_cert=%s/client.pfx", hx_env(&hx_group, "CERTS"));
    /* A healthy harness answers at once; the deadline only has to hold a
     * slow run (valgrind) too. */
    snprintf(a[8], sizeof a[8], "timeout_ms=%ld", 5000 * tu_time_scale());
    snprintf(a[9], sizeof a[9], "http.target=cert.obn.managedpki.ne.jp:%s", hx_env(&hx_group, "HTTP_PORT"));
    const char *args[] = {"--set", a[0], "--set", a[1], "--set", a[2], "--set", a[3], "--set", a[4],
                          "--set", a[5], "--set", a[6], "--set", a[7], "--set", a[8], "--set", a[9], NULL};
    const char *probes[] = {"dns", "ntp", "proxy", "tls", "http", NULL};
    setenv("OQSDIAG_PFX_PASSWORD", "harness-pfx-pass", 1);
    int st;
    json_t *doc = hx_probe(args, probes, &st);
    unsetenv("OQSDIAG_PFX_PASSWORD");
    assert_non_null(doc);
    if (hx_count(doc, "fail") || hx_count(doc, "warn"))
        hx_dump(doc);
    assert_int_equal(hx_count(doc, "fail"), 0);
    assert_int_equal(json_array_size(json_object_get(doc, "kb")), 0);
    assert_non_null(hx_finding(doc, "ntp.rr", NULL, NULL));
    assert_non_null(hx_finding(doc, "proxy.tunnel", NULL, NULL));
    assert_non_null(hx_finding(doc, "tls.client_cert.accepted", NULL, NULL));
    assert_non_null(hx_finding(doc, "dns.family", NULL, NULL));
    assert_non_null(hx_finding(doc, "http.reach", "route", "direct"));
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
        cmocka_unit_test(test_probes_healthy_harness_all_at_once_gives_no_fail_and_no_kb),
        cmocka_unit_test(test_probe_without_a_name_is_usage_error),
        cmocka_unit_test(test_probe_unknown_name_is_usage_error),
        cmocka_unit_test(test_probe_report_is_live_with_findings_in_probe_order),
    };
    return hx_run_group(tests, "silent dns ntp family tls proxy http");
}
