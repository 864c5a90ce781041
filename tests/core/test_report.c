#include "testutil.h"

#include <string.h>

#include "core/report.h"
#include "report_shape.h"

static void test_report_add_formats_both_languages(void **state)
{
    (void)state;
    struct report *r = report_new("live");
    assert_int_equal(report_add(r, "ntp.rr.unreachable", FST_FAIL, "probe:ntp", NULL,
                                "%d of %d addresses silent", "%d/%d 件が応答なし", 2, 4),
                     0);
    assert_int_equal(r->nfindings, 1);
    assert_string_equal(r->findings[0].summary, "2 of 4 addresses silent");
    assert_string_equal(r->findings[0].summary_ja, "2/4 件が応答なし");
    assert_string_equal(r->findings[0].area, "ntp");
    assert_true(json_is_object(r->findings[0].evidence));
    assert_int_equal(r->uncataloged, 0);
    report_free(r);
}

static void test_report_counts_uncataloged_ids(void **state)
{
    (void)state;
    struct report *r = report_new("live");
    report_add(r, "ntp.no_such_thing", FST_OK, "x", NULL, "a", "a");
    assert_int_equal(r->uncataloged, 1);
    assert_string_equal(r->findings[0].area, "unknown");
    report_free(r);
}

static void test_report_exit_status_follows_worst_status(void **state)
{
    (void)state;
    struct report *r = report_new("live");
    char why[256];
    /* Nothing judged is never OK: no finding, or only unknown/skip. */
    assert_int_equal(report_exit_status(r), 3);
    report_add(r, "dns.resolve", FST_UNKNOWN, "x", NULL, "cannot tell", "a");
    report_add(r, "dns.resolve", FST_SKIP, "x", NULL, "a", "a");
    assert_int_equal(report_exit_status(r), 3);
    assert_int_equal(report_unjudged_reason(r, 0, why, sizeof why), 1);
    assert_string_equal(why, "nothing judged (1 unknown, 1 skipped): dns.resolve: cannot tell");
    report_add(r, "dns.resolve", FST_OK, "x", NULL, "a", "a");
    assert_int_equal(report_exit_status(r), 0);
    assert_int_equal(report_unjudged_reason(r, 0, why, sizeof why), 0);
    report_add(r, "dns.rr.cut", FST_WARN, "x", NULL, "a", "a");
    assert_int_equal(report_exit_status(r), 1);
    report_add(r, "dns.resolve.nxdomain", FST_FAIL, "x", NULL, "a", "a");
    assert_int_equal(report_exit_status(r), 2);
    report_free(r);
}

static struct report *sample(void)
{
    struct report *r = report_new("snapshot");
    report_set_host(r, "OQS-SV01");
    snprintf(r->started, sizeof r->started, "2026-11-23T10:00:00Z");
    r->elapsed_ms = 812;
    report_add(r, "ntp.rr.unreachable", FST_FAIL, "probes/network.json",
               json_pack("{s:[s,s], s:i}", "addresses", "192.0.2.1", "192.0.2.2", "timeout_ms", 2000),
               "2 of 4 addresses of %s do not answer NTP", "%s の 4 件中 2 件が応答しない",
               "ntp.base.oqs-pdl.org");
    report_add(r, "dns.resolve", FST_OK, "probe:dns", NULL, "resolves", "解決できる");
    const char *refs[] = {"補24"}, *because[] = {"ntp.rr.unreachable"};
    report_add_kb(r, "ntp-dns-round-robin", refs, 1, "ネットワーク機器がDNSラウンドロビン非対応の場合",
                  "Network equipment without DNS round robin", 0.9, because, 1);
    return r;
}

static void test_report_json_has_every_field_of_the_spec(void **state)
{
    (void)state;
    struct report *r = sample();
    json_t *doc = report_to_json(r);
    char why[256] = "";
    assert_int_equal(report_shape_check(doc, why, sizeof why), 0);
    assert_string_equal(json_string_value(json_object_get(doc, "source")), "snapshot");
    json_t *k = json_array_get(json_object_get(doc, "kb"), 0);
    assert_string_equal(json_string_value(json_array_get(json_object_get(k, "refs"), 0)), "補24");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "summary"), "fail")), 1);
    json_decref(doc);
    report_free(r);
}

static void test_report_shape_check_rejects_a_bad_status(void **state)
{
    (void)state;
    struct report *r = sample();
    json_t *doc = report_to_json(r);
    json_object_set_new(json_array_get(json_object_get(doc, "findings"), 0), "status",
                        json_string("broken"));
    char why[256] = "";
    assert_int_equal(report_shape_check(doc, why, sizeof why), -1);
    assert_true(tu_contains(why, "status"));
    json_decref(doc);
    report_free(r);
}

static void test_report_json_round_trip_keeps_findings_and_kb(void **state)
{
    (void)state;
    struct report *r = sample();
    json_t *doc = report_to_json(r);
    struct oqs_err err;
    struct report *back = report_from_json(doc, &err);
    assert_non_null(back);
    assert_int_equal(back->nfindings, 2);
    assert_string_equal(back->findings[0].id, "ntp.rr.unreachable");
    assert_int_equal(back->findings[0].status, FST_FAIL);
    assert_string_equal(back->findings[0].summary_ja, r->findings[0].summary_ja);
    assert_true(json_equal(back->findings[0].evidence, r->findings[0].evidence));
    assert_int_equal(back->nkb, 1);
    assert_string_equal(back->kb[0].because[0], "ntp.rr.unreachable");
    assert_string_equal(back->host, "OQS-SV01");
    json_decref(doc);
    report_free(back);
    report_free(r);
}

static void test_report_from_json_names_the_bad_field(void **state)
{
    (void)state;
    struct oqs_err err;
    json_t *doc = json_loads("{\"format\":1,\"findings\":[{\"id\":\"dns.resolve\",\"status\":\"maybe\"}]}",
                             0, NULL);
    assert_null(report_from_json(doc, &err));
    assert_true(tu_contains(err.msg, "findings[0].status"));
    json_decref(doc);
    doc = json_loads("{\"format\":2,\"findings\":[]}", 0, NULL);
    assert_null(report_from_json(doc, &err));
    assert_true(tu_contains(err.msg, "format"));
    json_decref(doc);
    doc = json_loads("[1,2]", 0, NULL);
    assert_null(report_from_json(doc, &err));
    json_decref(doc);
}

static void test_report_merge_overrides_source(void **state)
{
    (void)state;
    struct report *a = report_new("snapshot"), *b = sample();
    assert_int_equal(report_merge(a, b, "probes/network.json"), 0);
    assert_int_equal(a->nfindings, 2);
    assert_string_equal(a->findings[1].source, "probes/network.json");
    report_free(a);
    report_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_add_formats_both_languages),
        cmocka_unit_test(test_report_counts_uncataloged_ids),
        cmocka_unit_test(test_report_exit_status_follows_worst_status),
        cmocka_unit_test(test_report_json_has_every_field_of_the_spec),
        cmocka_unit_test(test_report_shape_check_rejects_a_bad_status),
        cmocka_unit_test(test_report_json_round_trip_keeps_findings_and_kb),
        cmocka_unit_test(test_report_from_json_names_the_bad_field),
        cmocka_unit_test(test_report_merge_overrides_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
