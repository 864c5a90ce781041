/* oqsdiag verify: the checklist from a saved report, from the snapshot
 * fixtures (healthy and each failure), from a bundle and live. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "core/render.h"
#include "report_sample.h"
#include "report_shape.h"

static char *tmpdir;
static char path_fail[4200], path_ok[4200], path_html[4200];

static int setup(void **state)
{
    (void)state;
    struct oqs_err err;
    tmpdir = plat_mkdtemp("oqsdiag-verify", &err);
    if (!tmpdir)
        return -1;
    snprintf(path_fail, sizeof path_fail, "%s/failing.json", tmpdir);
    snprintf(path_ok, sizeof path_ok, "%s/healthy.json", tmpdir);
    snprintf(path_html, sizeof path_html, "%s/report.html", tmpdir);
    struct report *rs[2] = {rs_failing(), rs_healthy()};
    const char *paths[2] = {path_fail, path_ok};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(paths[i], "w");
        if (!f)
            return -1;
        render_json(f, rs[i]);
        fclose(f);
        report_free(rs[i]);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    plat_rmtree(tmpdir);
    free(tmpdir);
    return 0;
}

static void test_verify_failing_report_crosses_proxy_and_time_exit_2(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--lang", "en", "verify", path_fail, NULL};
    assert_int_equal(tu_run(argv, &out, &err), 2);
    assert_true(tu_contains(out.data, "✘ 2-2 Proxy server settings — needs fixing"));
    assert_true(tu_contains(out.data, "FAIL  proxy.tunnel.auth_required"));
    assert_true(tu_contains(out.data, "✘ 2-3 Time settings — needs fixing"));
    assert_true(tu_contains(out.data, "fix: ntp-dns-round-robin [補24]"));
    assert_true(tu_contains(out.data, "✔ 1   Created the user account (OqsComApp) — done"));
    assert_true(tu_contains(out.data, "☐ 5   Created the accounts on the OQS system — check by hand"));
    assert_true(tu_contains(out.data, "manual: 6 Create the accounts"));
    buf_free(&out);
    buf_free(&err);
}

static void test_verify_japanese_shows_kb_fix_steps(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--lang", "ja", "verify", path_fail, NULL};
    assert_int_equal(tu_run(argv, &out, &err), 2);
    assert_true(tu_contains(out.data, "✘ 2-3 時刻設定の変更 — 要対処"));
    /* The built-in KB entry's first fix step, numbered. */
    const char *fix = strstr(out.data, "対処: ntp-dns-round-robin");
    assert_non_null(fix);
    assert_non_null(strstr(fix, "        1. "));
    buf_free(&out);
    buf_free(&err);
}

static void test_verify_healthy_report_ticks_every_visible_item_exit_0(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--lang", "en", "verify", path_ok, NULL};
    assert_int_equal(tu_run(argv, &out, &err), 0);
    assert_false(tu_contains(out.data, "✘"));
    assert_false(tu_contains(out.data, "— cannot tell"));
    assert_true(tu_contains(out.data, "Result: 10 done, 0 need fixing, 0 cannot tell, 2 to check by hand"));
    buf_free(&out);
    buf_free(&err);
}

static void test_verify_json_keeps_report_fields_and_adds_checklist(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "verify", "--json", path_fail, NULL};
    assert_int_equal(tu_run(argv, &out, &err), 2);
    json_error_t je;
    json_t *doc = json_loads(out.data, 0, &je);
    assert_non_null(doc);
    char why[256];
    if (report_shape_check(doc, why, sizeof why) != 0)
        fail_msg("report.md shape: %s", why);
    json_t *cl = json_object_get(doc, "checklist");
    assert_int_equal(json_array_size(cl), 12);
    int fails = 0;
    for (size_t i = 0; i < json_array_size(cl); i++)
        fails += strcmp(json_string_value(json_object_get(json_array_get(cl, i), "state")), "fail") == 0;
    assert_int_equal(fails, 4); /* 2-2, 2-3, 2-1 that sums them up, 2 */
    assert_int_equal(json_array_size(json_object_get(doc, "kb")), 2);
    json_decref(doc);
    buf_free(&out);
    buf_free(&err);
}

static void test_verify_html_to_file(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0}, page = {0};
    const char *argv[] = {"oqsdiag", "--lang", "ja", "verify", "--format", "html", "-o", path_html,
                          path_fail, NULL};
    assert_int_equal(tu_run(argv, &out, &err), 2);
    assert_int_equal(out.len, 0);
    assert_int_equal(buf_read_file(&page, path_html, 1u << 24), 0);
    assert_true(tu_contains(page.data, "data-item=\"windows.time\" data-state=\"fail\""));
    /* Fix steps of the built-in KB reached the page. */
    assert_true(tu_contains(page.data, "<ol class=\"fix\">"));
    buf_free(&page);
    buf_free(&out);
    buf_free(&err);
}

static void test_verify_bad_arguments_and_input_exit_3(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *two[] = {"oqsdiag", "verify", path_ok, path_fail, NULL};
    assert_int_equal(tu_run(two, &out, &err), 3);
    assert_true(tu_contains(err.data, "verify takes one PATH"));
    buf_reset(&err);
    const char *missing[] = {"oqsdiag", "verify", "/nonexistent/x.json", NULL};
    assert_int_equal(tu_run(missing, &out, &err), 3);
    assert_true(tu_contains(err.data, "/nonexistent/x.json"));
    buf_reset(&err);
    /* Not JSON: the error names the file and line. */
    char bad[4300];
    snprintf(bad, sizeof bad, "%s/bad.json", tmpdir);
    FILE *f = fopen(bad, "w");
    fputs("{\n \"format\": 1,\n oops\n", f);
    fclose(f);
    const char *badv[] = {"oqsdiag", "verify", bad, NULL};
    assert_int_equal(tu_run(badv, &out, &err), 3);
    assert_true(tu_contains(err.data, "bad.json:3"));
    buf_free(&out);
    buf_free(&err);
}

/* Which item each failure fixture of tests/fixtures/snapshots must cross
 * (fail) or tick with a warning (warn); every other item it can see stays
 * ticked. Parents follow their sub-item, and 2-1 the 2-2..2-4 it sums up.
 * A NULL item: the fixture's finding belongs to no item. */
static const struct {
    const char *fixture, *item, *state;
} expect[] = {
    {"account-case", "account", "fail"},
    {"account-missing", "account", "fail"},
    {"account-not-admin", "account", "fail"},
    /* 事前準備 (OS, Edge) is before item 1: no item; .NET Framework is 9's
     * 「.NET Frameworkの無効化」. */
    {"system-dotnet-missing", "qualification", "fail"},
    {"system-edge-missing", NULL, "fail"},
    {"system-os", NULL, "warn"},
    {"proxy-bypass-missing", "windows.proxy", "fail"},
    {"proxy-not-imported", "windows.proxy", "fail"},
    {"proxy-wrong-server", "windows.proxy", "fail"},
    {"time-cmos", "windows.time", "fail"},
    {"time-config", "windows.time", "fail"},
    {"time-stale", "windows.time", "warn"},
    {"system-display", "windows.display", "warn"},
    {"versions-old", "comapp", "fail"},
    {"folders-missing", "comapp", "fail"},
    {"cert-expired", "cert", "fail"},
    {"cert-missing", "cert", "fail"},
    {"cert-root-missing", "cert", "fail"},
    {"cert-expiring", "cert", "warn"},
    {"cert-multiple", "cert", "warn"},
    {"distroapp-missing", "distroapp", "fail"},
    {"distroapp-record-empty", "distroapp", "fail"},
    {"task-disabled", "distroapp", "fail"},
    {"task-result-fail", "distroapp", "fail"},
    {"creds-code-invalid", "qualification", "fail"},
    {"creds-login-user", "qualification", "fail"},
    {"creds-missing", "qualification", "fail"},
    {"folders-leftover", "qualification", "fail"},
    {"shortcut-wrong-env", "qualification", "fail"},
    {"system-battery", "qualification", "fail"},
    {"task-missing", "qualification", "fail"},
    {"task-no-trigger", "qualification", "fail"},
    {"task-runas", "qualification", "fail"},
    {"task-not-yet-run", "qualification", "warn"},
};

static json_t *verify_fixture(const char *name, int *rc)
{
    char rel[256];
    snprintf(rel, sizeof rel, "snapshots/%s", name);
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "verify", "--json", tu_fixture(rel), NULL};
    *rc = tu_run(argv, &out, &err);
    json_error_t je;
    json_t *doc = json_loads(out.data ? out.data : "", 0, &je);
    if (!doc)
        fail_msg("%s: verify exit %d, no JSON: %s", name, *rc, err.data ? err.data : "");
    buf_free(&out);
    buf_free(&err);
    return doc;
}

static const char *state_of(json_t *cl, const char *id, const char **parent)
{
    for (size_t i = 0; i < json_array_size(cl); i++) {
        json_t *it = json_array_get(cl, i);
        if (strcmp(json_string_value(json_object_get(it, "id")), id) == 0) {
            if (parent)
                *parent = json_string_value(json_object_get(it, "parent"));
            return json_string_value(json_object_get(it, "state"));
        }
    }
    fail_msg("no item %s", id);
    return NULL;
}

static void test_verify_healthy_fixtures_tick_every_item_the_tool_can_see(void **state)
{
    (void)state;
    static const char *const healthy[] = {"healthy-ja", "healthy-en"};
    for (size_t h = 0; h < 2; h++) {
        int rc;
        json_t *doc = verify_fixture(healthy[h], &rc);
        assert_int_equal(rc, 0);
        json_t *cl = json_object_get(doc, "checklist");
        size_t ticked = 0;
        for (size_t i = 0; i < json_array_size(cl); i++) {
            json_t *it = json_array_get(cl, i);
            const char *st = json_string_value(json_object_get(it, "state"));
            const char *id = json_string_value(json_object_get(it, "id"));
            if (strcmp(st, "manual") == 0) {
                assert_true(strcmp(id, "oqs_account") == 0 || strcmp(id, "oqs_settings") == 0);
                continue;
            }
            if (strcmp(st, "ok") != 0)
                fail_msg("%s: item %s is %s", healthy[h], id, st);
            assert_true(json_array_size(json_object_get(it, "decided_by")) > 0);
            ticked++;
        }
        assert_int_equal(ticked, 10);
        json_decref(doc);
    }
}

static void test_verify_each_failure_fixture_crosses_the_right_item(void **state)
{
    (void)state;
    for (size_t e = 0; e < sizeof expect / sizeof expect[0]; e++) {
        int rc;
        json_t *doc = verify_fixture(expect[e].fixture, &rc);
        json_t *cl = json_object_get(doc, "checklist");
        const char *parent = NULL, *want = expect[e].item ? expect[e].item : "";
        if (expect[e].item) {
            const char *st = state_of(cl, expect[e].item, &parent);
            if (strcmp(st, expect[e].state) != 0)
                fail_msg("%s: item %s is %s, want %s", expect[e].fixture, expect[e].item, st,
                         expect[e].state);
        }
        assert_int_equal(rc, strcmp(expect[e].state, "fail") == 0 ? 2 : 1);
        if (parent) {
            assert_string_equal(state_of(cl, parent, NULL), expect[e].state);
            assert_string_equal(state_of(cl, "windows.distroapp_prep", NULL), expect[e].state);
        }
        /* Only that item (and its parent) changes. */
        for (size_t i = 0; i < json_array_size(cl); i++) {
            json_t *it = json_array_get(cl, i);
            const char *id = json_string_value(json_object_get(it, "id"));
            const char *s = json_string_value(json_object_get(it, "state"));
            if (strcmp(id, want) == 0 ||
                (parent && (strcmp(id, parent) == 0 || strcmp(id, "windows.distroapp_prep") == 0)))
                continue;
            if (strcmp(s, "ok") != 0 && strcmp(s, "manual") != 0)
                fail_msg("%s: item %s is %s too", expect[e].fixture, id, s);
        }
        json_decref(doc);
    }
}

static void test_verify_failure_fixture_text_names_kb_entry_and_fix(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--lang", "ja", "verify", tu_fixture("snapshots/task-disabled"),
                          NULL};
    assert_int_equal(tu_run(argv, &out, &err), 2);
    const char *item = strstr(out.data, "✘ 7   配信アプリケーションをインストールした");
    assert_non_null(item);
    assert_non_null(strstr(item, "異常  tasks.enabled"));
    assert_non_null(strstr(item, "対処: tasks-not-registered"));
    assert_non_null(strstr(item, "        1. "));
    buf_free(&out);
    buf_free(&err);
}

static void test_verify_bundle_crosses_the_same_item_as_its_folder(void **state)
{
    (void)state;
    char bundle[4300];
    snprintf(bundle, sizeof bundle, "%s/task-disabled.tar.gz", tmpdir);
    struct buf out = {0}, err = {0};
    const char *collect[] = {"oqsdiag", "collect", "--from", tu_fixture("snapshots/task-disabled"),
                             "-o", bundle, NULL};
    assert_int_equal(tu_run(collect, &out, &err), 0);
    buf_reset(&out);
    const char *argv[] = {"oqsdiag", "verify", "--json", bundle, NULL};
    assert_int_equal(tu_run(argv, &out, &err), 2);
    json_t *doc = json_loads(out.data, 0, NULL);
    assert_non_null(doc);
    assert_string_equal(state_of(json_object_get(doc, "checklist"), "distroapp", NULL), "fail");
    assert_string_equal(state_of(json_object_get(doc, "checklist"), "qualification", NULL), "ok");
    json_decref(doc);
    buf_free(&out);
    buf_free(&err);
}

/* This machine, as doctor sees it, with every endpoint on a loopback port
 * where nothing answers (port 9): no real host is ever asked. */
static void test_verify_live_uses_probes_and_local_checks(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--set", "dns.servers=127.0.0.1:9",
                          "--set", "names=ntp.base.oqs-pdl.org", "--set", "ntp.server=127.0.0.1",
                          "--set", "ntp.port=9", "--set", "proxy.server=127.0.0.1:9",
                          "--set", "proxy.target=127.0.0.1:9", "--set", "tls.target=127.0.0.1:9",
                          "--set", "http.target=127.0.0.1:9",
                          "--set", "timeout_ms=1500", "verify", "--json", NULL};
    int rc = tu_run(argv, &out, &err);
    json_t *doc = json_loads(out.data ? out.data : "", 0, NULL);
    if (!doc)
        fail_msg("verify exit %d: %s", rc, err.data ? err.data : "");
    assert_string_equal(json_string_value(json_object_get(doc, "source")), "live");
    json_t *cl = json_object_get(doc, "checklist");
    /* No NTP server answers: the time item is crossed, by a probe finding. */
    assert_string_equal(state_of(cl, "windows.time", NULL), "fail");
    assert_int_equal(rc, 2);
    /* Whatever this host is, the items done on the OQS web stay manual. */
    assert_string_equal(state_of(cl, "oqs_account", NULL), "manual");
    json_decref(doc);
    /* No progress escapes when the output is not a terminal. */
    assert_false(tu_contains(out.data, "\033["));
    buf_free(&out);
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_failing_report_crosses_proxy_and_time_exit_2),
        cmocka_unit_test(test_verify_japanese_shows_kb_fix_steps),
        cmocka_unit_test(test_verify_healthy_report_ticks_every_visible_item_exit_0),
        cmocka_unit_test(test_verify_json_keeps_report_fields_and_adds_checklist),
        cmocka_unit_test(test_verify_html_to_file),
        cmocka_unit_test(test_verify_bad_arguments_and_input_exit_3),
        cmocka_unit_test(test_verify_healthy_fixtures_tick_every_item_the_tool_can_see),
        cmocka_unit_test(test_verify_each_failure_fixture_crosses_the_right_item),
        cmocka_unit_test(test_verify_failure_fixture_text_names_kb_entry_and_fix),
        cmocka_unit_test(test_verify_bundle_crosses_the_same_item_as_its_folder),
        cmocka_unit_test(test_verify_live_uses_probes_and_local_checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
