/* doctor end to end, against loopback endpoints that never answer, so that
 * no test reaches a real OQS host. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/platform.h"
#include "report_shape.h"

/* Port 9 (discard) on 127.0.0.1 is not served here: connections are refused
 * and UDP goes unanswered, which every probe must turn into findings. */
#define SILENT(key, val) "--set", key "=" val
static const char *const doctor_args[] = {
    SILENT("dns.servers", "127.0.0.1:9"),
    SILENT("names", "ntp.base.oqs-pdl.org"),
    SILENT("ntp.server", "127.0.0.1"),
    SILENT("ntp.port", "9"),
    SILENT("proxy.server", "127.0.0.1:9"),
    SILENT("proxy.target", "127.0.0.1:9"),
    SILENT("tls.target", "127.0.0.1:9"),
    SILENT("http.target", "127.0.0.1:9"),
    SILENT("timeout_ms", "1500"),
};
#define NARGS (sizeof doctor_args / sizeof doctor_args[0])

/* extra: further words before the command (at most four), or NULL. */
static int run_doctor_with(const char *format, const char *const *extra, struct buf *out)
{
    const char *argv[NARGS + 12];
    size_t n = 0;
    argv[n++] = "oqsdiag";
    for (size_t i = 0; i < NARGS; i++)
        argv[n++] = doctor_args[i];
    for (size_t i = 0; extra && extra[i] && i < 4; i++)
        argv[n++] = extra[i];
    argv[n++] = "--lang";
    argv[n++] = "en";
    argv[n++] = "--format";
    argv[n++] = format;
    argv[n++] = "doctor";
    argv[n] = NULL;
    return tu_run(argv, out, NULL);
}

static int run_doctor(const char *format, struct buf *out)
{
    return run_doctor_with(format, NULL, out);
}

static json_t *doctor_json(int *status)
{
    struct buf out = {0};
    *status = run_doctor("json", &out);
    json_error_t je;
    json_t *doc = json_loadb(out.data ? out.data : "", out.len, 0, &je);
    buf_free(&out);
    return doc;
}

static void test_doctor_json_has_every_field_of_report_md(void **state)
{
    (void)state;
    int status;
    json_t *doc = doctor_json(&status);
    assert_non_null(doc);
    char why[256] = "";
    assert_int_equal(report_shape_check(doc, why, sizeof why), 0);
    assert_string_equal(json_string_value(json_object_get(doc, "source")), "live");
    /* Every endpoint is silent, so the report cannot be healthy. */
    assert_int_equal(status, 2);
    assert_true(json_array_size(json_object_get(doc, "findings")) > 0);
    json_decref(doc);
}

/* The text and nagios renderings name the same failing findings as JSON. */
static void test_doctor_text_and_nagios_render_the_same_findings(void **state)
{
    (void)state;
    int status;
    json_t *doc = doctor_json(&status);
    assert_non_null(doc);
    struct buf text = {0}, nagios = {0};
    assert_int_equal(run_doctor("text", &text), status);
    assert_int_equal(run_doctor("nagios", &nagios), status);
    assert_non_null(text.data);
    assert_non_null(nagios.data);
    assert_true(strncmp(nagios.data, "OQSDIAG CRITICAL - ", 19) == 0);
    size_t i;
    json_t *f;
    size_t nfail = 0;
    json_array_foreach(json_object_get(doc, "findings"), i, f) {
        if (strcmp(json_string_value(json_object_get(f, "status")), "fail") != 0)
            continue;
        const char *id = json_string_value(json_object_get(f, "id"));
        nfail++;
        /* Each format is a run of its own: whether a closed port refused
         * or timed out may differ between runs (under Wine it does), so a
         * connect finding is matched up to "connect.". */
        char want[128];
        snprintf(want, sizeof want, "%s", id);
        char *c = strstr(want, ".connect.");
        if (c)
            c[sizeof ".connect." - 1] = '\0';
        if (!tu_contains(text.data, want) || !tu_contains(nagios.data, want))
            fail_msg("finding %s missing from the text or nagios rendering", id);
    }
    assert_true(nfail > 0);
    buf_free(&text);
    buf_free(&nagios);
    json_decref(doc);
}

/* The live host's logs go through the source the checks read, as a
 * snapshot's do: a fake Windows host whose DistroApp log holds a line of a
 * KB `log` trigger (the wording of tests/fixtures/kb/snap-errors) gets that
 * entry, and the same host with the line left out does not. */
static int kb_matched_in(json_t *doc, const char *id, const char *file)
{
    size_t i, k;
    json_t *e, *m;
    json_array_foreach(json_object_get(doc, "kb"), i, e) {
        if (strcmp(json_string_value(json_object_get(e, "id")), id) != 0)
            continue;
        if (!file)
            return 1;
        json_array_foreach(json_object_get(e, "matched"), k, m)
            if (strcmp(json_string_value(json_object_get(m, "file")), file) == 0)
                return 1;
    }
    return 0;
}

static json_t *doctor_on_fake_host(const char *root)
{
    struct plat_fake host = {.is_windows = 1, .hostname = "OQS-SV01", .root = root};
    plat_fake = &host;
    const char *const logs[] = {"--set", "logs.distroapp_dir=C:\\DistroLog", "--set",
                                "logs.comapp_dir=C:\\ComLog", NULL};
    struct buf out = {0};
    run_doctor_with("json", logs, &out);
    plat_fake = NULL;
    json_error_t je;
    json_t *doc = json_loadb(out.data ? out.data : "", out.len, 0, &je);
    buf_free(&out);
    assert_non_null(doc);
    return doc;
}

static void test_doctor_scans_the_live_logs_through_the_source(void **state)
{
    (void)state;
    struct oqs_err err = {{0}};
    char *root = plat_mkdtemp("oqsdiag-test-doctor-logs", &err);
    assert_non_null(root);
    char *log = tu_read_text(tu_fixture("kb/snap-errors/logs/distroapp/OQSDistroApp.log"));
    assert_non_null(log);
    tu_write_file(root, "C/ComLog/quiet.log", "2026/11/20 09:00:00.123 [INFO ] start\r\n", 39);
    tu_write_file(root, "C/DistroLog/OQSDistroApp.log", "2026/11/20 09:00:00.123 [INFO ]\r\n", 33);
    json_t *before = doctor_on_fake_host(root);
    tu_write_file(root, "C/DistroLog/OQSDistroApp.log", log, strlen(log));
    json_t *after = doctor_on_fake_host(root);
    assert_false(kb_matched_in(before, "distroapp-connection-failed", NULL));
    assert_true(
        kb_matched_in(after, "distroapp-connection-failed", "logs/distroapp/OQSDistroApp.log"));
    json_decref(before);
    json_decref(after);
    free(log);
    plat_rmtree(root);
    free(root);
}

static void test_doctor_rejects_arguments(void **state)
{
    (void)state;
    struct buf err = {0};
    const char *argv[] = {"oqsdiag", "doctor", "extra", NULL};
    assert_int_equal(tu_run(argv, NULL, &err), 3);
    assert_true(tu_contains(err.data, "extra"));
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doctor_json_has_every_field_of_report_md),
        cmocka_unit_test(test_doctor_text_and_nagios_render_the_same_findings),
        cmocka_unit_test(test_doctor_rejects_arguments),
        cmocka_unit_test(test_doctor_scans_the_live_logs_through_the_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
