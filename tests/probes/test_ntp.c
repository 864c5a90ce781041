/* probe ntp against chronyd and tools/testsrv (tests/probes/harness.sh):
 * ntp.base.oqs-pdl.org -> three chronyd; ntp-partial adds two addresses
 * where nothing listens; ntp-dead has only those; ntp-unsync is a chronyd
 * without a time source; 127.0.53.14 sends kiss-o'-death, .15 replies with a
 * wrong origin timestamp. */
#include "testutil.h"

#include <string.h>

#include "harness.h"

static json_t *run_ntp(const char *server, const char *extra, int *status)
{
    static char a[4][256];
    snprintf(a[0], sizeof a[0], "dns.servers=%s", hx_env(&hx_group, "DNS"));
    snprintf(a[1], sizeof a[1], "ntp.server=%s", server);
    snprintf(a[2], sizeof a[2], "ntp.port=%s", hx_env(&hx_group, "NTP_PORT"));
    snprintf(a[3], sizeof a[3], "%s", extra ? extra : "timeout_ms=2000");
    const char *args[] = {"--set", a[0], "--set", a[1], "--set", a[2], "--set", a[3], NULL};
    const char *probes[] = {"ntp", NULL};
    json_t *doc = hx_probe(args, probes, status);
    assert_non_null(doc);
    return doc;
}

static void test_ntp_every_round_robin_address_answering_is_ok(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_ntp("ntp.base.oqs-pdl.org", NULL, &st);
    if (hx_count(doc, "fail") != 0)
        hx_dump(doc);
    assert_int_equal(hx_count(doc, "fail"), 0);
    assert_int_equal(st, 0);
    assert_int_equal(json_array_size(json_object_get(doc, "kb")), 0);
    assert_non_null(hx_finding(doc, "ntp.rr", NULL, NULL));
    for (int i = 10; i <= 12; i++) {
        char ip[32];
        snprintf(ip, sizeof ip, "127.0.53.%d", i);
        json_t *q = hx_finding(doc, "ntp.query", "address", ip);
        assert_non_null(q);
        assert_string_equal(hx_status(q), "ok");
        assert_int_equal(json_integer_value(json_object_get(json_object_get(q, "evidence"), "stratum")), 10);
    }
    json_t *off = hx_finding(doc, "ntp.offset", NULL, NULL);
    assert_non_null(off);
    assert_string_equal(hx_status(off), "ok");
    json_decref(doc);
}

static void test_ntp_asks_ipv4_and_ipv6_addresses_alike(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_ntp("ntp-dual.oqs-pdl.org", NULL, &st);
    if (hx_count(doc, "fail") != 0)
        hx_dump(doc);
    assert_string_equal(hx_status(hx_finding(doc, "ntp.query", "address", "::1")), "ok");
    assert_string_equal(hx_status(hx_finding(doc, "ntp.query", "address", "127.0.53.10")), "ok");
    assert_non_null(hx_finding(doc, "ntp.rr", NULL, NULL));
    json_decref(doc);
}

static void test_ntp_some_silent_addresses_is_rr_unreachable(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_ntp("ntp-partial.oqs-pdl.org", NULL, &st);
    json_t *f = hx_finding(doc, "ntp.rr.unreachable", NULL, NULL);
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    json_t *silent = json_object_get(json_object_get(f, "evidence"), "silent");
    assert_int_equal(json_array_size(silent), 2);
    json_t *answering = json_object_get(json_object_get(f, "evidence"), "answering");
    assert_int_equal(json_array_size(answering), 3);
    assert_string_equal(hx_status(hx_finding(doc, "ntp.query", "address", "127.0.53.16")), "fail");
    assert_null(hx_finding(doc, "ntp.unreachable", NULL, NULL));
    assert_int_equal(st, 2);
    assert_true(hx_has_kb(doc, "ntp-dns-round-robin"));
    json_decref(doc);
}

static void test_ntp_no_address_answering_is_unreachable(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_ntp("ntp-dead.oqs-pdl.org", NULL, &st);
    json_t *f = hx_finding(doc, "ntp.unreachable", NULL, NULL);
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    assert_null(hx_finding(doc, "ntp.rr.unreachable", NULL, NULL));
    assert_null(hx_finding(doc, "ntp.offset", NULL, NULL));
    assert_true(hx_has_kb(doc, "ntp-sync-failed"));
    json_decref(doc);
}

static void test_ntp_unresolvable_server_is_unreachable(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_ntp("missing.oqs-pdl.org", NULL, &st);
    assert_string_equal(hx_status(hx_finding(doc, "ntp.resolve", NULL, NULL)), "fail");
    assert_non_null(hx_finding(doc, "ntp.unreachable", NULL, NULL));
    json_decref(doc);
}

static void test_ntp_server_without_time_source_is_unsynchronized(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_ntp("ntp-unsync.oqs-pdl.org", NULL, &st);
    json_t *f = hx_finding(doc, "ntp.unsynchronized", NULL, NULL);
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    json_t *a = json_array_get(json_object_get(json_object_get(f, "evidence"), "addresses"), 0);
    assert_int_equal(json_integer_value(json_object_get(a, "leap")), 3);
    assert_true(hx_has_kb(doc, "ntp-sync-failed"));
    assert_null(hx_finding(doc, "ntp.offset", NULL, NULL));
    json_decref(doc);
}

static void test_ntp_kiss_of_death_is_kod_with_its_code(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_ntp("127.0.53.14", NULL, &st);
    json_t *f = hx_finding(doc, "ntp.kod", "code", "DENY");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    assert_true(hx_has_kb(doc, "ntp-sync-failed"));
    json_decref(doc);
}

static void test_ntp_reply_with_wrong_origin_is_bad_reply(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_ntp("127.0.53.15", "timeout_ms=500", &st);
    json_t *f = hx_finding(doc, "ntp.bad_reply", "address", "127.0.53.15");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    assert_true(tu_contains(json_string_value(json_object_get(json_object_get(f, "evidence"), "reason")),
                            "origin"));
    assert_null(hx_finding(doc, "ntp.offset", NULL, NULL));
    json_decref(doc);
}

static void test_ntp_offset_over_the_warn_threshold_is_warn(void **state)
{
    (void)state;
    hx_need_group();
    /* A loopback offset is a fraction of a millisecond, never exactly 0. */
    const char *extra = "ntp.offset_warn_ms=0";
    int st;
    json_t *doc = run_ntp("ntp.base.oqs-pdl.org", extra, &st);
    json_t *f = hx_finding(doc, "ntp.offset", NULL, NULL);
    assert_non_null(f);
    assert_string_equal(hx_status(f), "warn");
    assert_int_equal(st, 1);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ntp_every_round_robin_address_answering_is_ok),
        cmocka_unit_test(test_ntp_asks_ipv4_and_ipv6_addresses_alike),
        cmocka_unit_test(test_ntp_some_silent_addresses_is_rr_unreachable),
        cmocka_unit_test(test_ntp_no_address_answering_is_unreachable),
        cmocka_unit_test(test_ntp_unresolvable_server_is_unreachable),
        cmocka_unit_test(test_ntp_server_without_time_source_is_unsynchronized),
        cmocka_unit_test(test_ntp_kiss_of_death_is_kod_with_its_code),
        cmocka_unit_test(test_ntp_reply_with_wrong_origin_is_bad_reply),
        cmocka_unit_test(test_ntp_offset_over_the_warn_threshold_is_warn),
    };
    return hx_run_group(tests, "dns ntp");
}
