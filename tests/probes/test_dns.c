/* probe dns against dnsmasq and our truncating resolver (tests/probes/harness.sh). */
#include "testutil.h"

#include <string.h>

#include "harness.h"

/* Runs probe dns through the harness resolver with extra --set pairs. */
static json_t *run_dns(const char *server_key, const char *names, const char *extra, int *status)
{
    static char a[6][256];
    snprintf(a[0], sizeof a[0], "dns.servers=%s", hx_env(&hx_group, server_key));
    snprintf(a[1], sizeof a[1], "names=%s", names);
    snprintf(a[2], sizeof a[2], "dns.family_port=%s", hx_env(&hx_group, "FAM_PORT"));
    snprintf(a[3], sizeof a[3], "%s", extra ? extra : "timeout_ms=3000");
    const char *args[] = {"--set", a[0], "--set", a[1], "--set", a[2], "--set", a[3],
                          "--set", "ntp.server=ntp.base.oqs-pdl.org", NULL};
    const char *probes[] = {"dns", NULL};
    json_t *doc = hx_probe(args, probes, status);
    assert_non_null(doc);
    return doc;
}

static void test_dns_healthy_harness_gives_no_fail(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_dns("DNS", "hweb.oqs.onshikaku.org,proxy.base.oqs-pdl.org,ntp.base.oqs-pdl.org,"
                                 "pweb.base.oqs-pdl.org,cert.obn.managedpki.ne.jp", NULL, &st);
    if (hx_count(doc, "fail") != 0)
        hx_dump(doc);
    assert_int_equal(hx_count(doc, "fail"), 0);
    assert_int_equal(st, 0);
    assert_int_equal(json_array_size(json_object_get(doc, "kb")), 0);
    assert_non_null(hx_finding(doc, "dns.resolve", "name", "cert.obn.managedpki.ne.jp"));
    assert_non_null(hx_finding(doc, "dns.rr", "name", "ntp.base.oqs-pdl.org"));
    assert_non_null(hx_finding(doc, "dns.family", "name", "hweb.oqs.onshikaku.org"));
    /* The big answer: truncated over plain UDP, whole over EDNS0 and TCP. */
    json_t *t = hx_finding(doc, "dns.transport", "name", "pweb.base.oqs-pdl.org");
    assert_non_null(t);
    assert_string_equal(hx_status(t), "ok");
    json_t *ev = json_object_get(t, "evidence");
    assert_true(json_is_true(json_object_get(json_object_get(ev, "udp"), "tc")));
    assert_true(json_integer_value(json_object_get(json_object_get(ev, "edns0"), "size")) > 512);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(ev, "tcp"), "records")), 40);
    json_decref(doc);
}

static void test_dns_missing_name_is_nxdomain(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_dns("DNS", "missing.oqs-pdl.org", NULL, &st);
    json_t *f = hx_finding(doc, "dns.resolve.nxdomain", "name", "missing.oqs-pdl.org");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    assert_int_equal(st, 2);
    assert_true(hx_has_kb(doc, "ipvpn-line-auth"));
    json_decref(doc);
}

static void test_dns_name_without_address_records_is_nodata(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_dns("DNS", "nodata.oqs-pdl.org", NULL, &st);
    assert_non_null(hx_finding(doc, "dns.resolve.nodata", "name", "nodata.oqs-pdl.org"));
    assert_null(hx_finding(doc, "dns.resolve.nxdomain", NULL, NULL));
    json_decref(doc);
}

/* localhost is the machine itself (RFC 6761): answered by the system
 * resolver from the hosts file, never NXDOMAIN, whatever the DNS server
 * (here dnsmasq, which knows no localhost) would say. */
static void test_dns_localhost_is_never_nxdomain(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_dns("DNS", "localhost", NULL, &st);
    assert_null(hx_finding(doc, "dns.resolve.nxdomain", "name", "localhost"));
    json_t *f = hx_finding(doc, "dns.resolve", "name", "localhost");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "ok");
    assert_null(hx_finding(doc, "dns.transport", "name", "localhost"));
    json_decref(doc);
}

static void test_dns_silent_upstream_is_timeout(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_dns("DNS", "slow.oqs-pdl.org", "timeout_ms=800", &st);
    assert_non_null(hx_finding(doc, "dns.resolve.timeout", "name", "slow.oqs-pdl.org"));
    json_decref(doc);
}

static void test_dns_refused_and_servfail_are_servfail(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_dns("FAKEDNS", "refused.oqs-pdl.org,servfail.oqs-pdl.org", NULL, &st);
    json_t *r = hx_finding(doc, "dns.resolve.servfail", "name", "refused.oqs-pdl.org");
    json_t *s = hx_finding(doc, "dns.resolve.servfail", "name", "servfail.oqs-pdl.org");
    assert_non_null(r);
    assert_non_null(s);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "evidence"), "a")),
                        "refused");
    assert_string_equal(json_string_value(json_object_get(json_object_get(s, "evidence"), "a")),
                        "servfail");
    json_decref(doc);
}

static void test_dns_truncated_answer_without_tcp_or_edns_fails(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_dns("FAKEDNS", "pweb.base.oqs-pdl.org", NULL, &st);
    json_t *f = hx_finding(doc, "dns.transport.truncated", "name", "pweb.base.oqs-pdl.org");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    assert_true(tu_contains(json_string_value(json_object_get(f, "summary")), "EDNS"));
    assert_null(hx_finding(doc, "dns.transport", "name", "pweb.base.oqs-pdl.org"));
    assert_true(hx_has_kb(doc, "ntp-dns-round-robin"));
    json_decref(doc);
}

static void test_dns_ipv6_unreachable_while_ipv4_works_is_v6_broken(void **state)
{
    (void)state;
    hx_need_group();
    char extra[64];
    /* FAM4_PORT has a listener on the IPv4 address only. */
    snprintf(extra, sizeof extra, "dns.family_port=%s", hx_env(&hx_group, "FAM4_PORT"));
    int st;
    json_t *doc = run_dns("DNS", "hweb.oqs.onshikaku.org", extra, &st);
    json_t *f = hx_finding(doc, "dns.family.v6_broken", "name", "hweb.oqs.onshikaku.org");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    assert_null(hx_finding(doc, "dns.family", NULL, NULL));
    assert_true(hx_has_kb(doc, "ipvpn-line-auth"));
    json_decref(doc);
}

static void test_dns_single_address_ntp_answer_is_rr_cut(void **state)
{
    (void)state;
    hx_need_group();
    char a0[128];
    snprintf(a0, sizeof a0, "dns.servers=%s", hx_env(&hx_group, "DNS"));
    const char *args[] = {"--set", a0, "--set", "names=proxy.base.oqs-pdl.org", "--set",
                          "ntp.server=proxy.base.oqs-pdl.org", NULL};
    const char *probes[] = {"dns", NULL};
    int st;
    json_t *doc = hx_probe(args, probes, &st);
    assert_non_null(doc);
    json_t *f = hx_finding(doc, "dns.rr.cut", "name", "proxy.base.oqs-pdl.org");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "warn");
    assert_true(hx_has_kb(doc, "ntp-dns-round-robin"));
    json_decref(doc);
}

static void test_dns_forwarder_returning_one_rotating_address_is_rr_cut(void **state)
{
    (void)state;
    hx_need_group();
    char a0[128];
    snprintf(a0, sizeof a0, "dns.servers=%s", hx_env(&hx_group, "FAKEDNS"));
    const char *args[] = {"--set", a0, "--set", "names=127.0.53.10", "--set",
                          "ntp.server=rr1.oqs-pdl.org", "--set", "dns.rr_queries=6", NULL};
    const char *probes[] = {"dns", NULL};
    int st;
    json_t *doc = hx_probe(args, probes, &st);
    assert_non_null(doc);
    json_t *f = hx_finding(doc, "dns.rr.cut", "name", "rr1.oqs-pdl.org");
    assert_non_null(f);
    json_t *ev = json_object_get(f, "evidence");
    assert_int_equal(json_array_size(json_object_get(ev, "distinct")), 3);
    assert_true(json_is_true(json_object_get(ev, "rotates")));
    assert_true(hx_has_kb(doc, "ntp-dns-round-robin"));
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dns_healthy_harness_gives_no_fail),
        cmocka_unit_test(test_dns_missing_name_is_nxdomain),
        cmocka_unit_test(test_dns_name_without_address_records_is_nodata),
        cmocka_unit_test(test_dns_localhost_is_never_nxdomain),
        cmocka_unit_test(test_dns_silent_upstream_is_timeout),
        cmocka_unit_test(test_dns_refused_and_servfail_are_servfail),
        cmocka_unit_test(test_dns_truncated_answer_without_tcp_or_edns_fails),
        cmocka_unit_test(test_dns_ipv6_unreachable_while_ipv4_works_is_v6_broken),
        cmocka_unit_test(test_dns_single_address_ntp_answer_is_rr_cut),
        cmocka_unit_test(test_dns_forwarder_returning_one_rotating_address_is_rr_cut),
    };
    return hx_run_group(tests, "dns family");
}
