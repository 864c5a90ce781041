/* oqsdiag verify: the checklist from a saved report (the snapshot and live
 * paths are tested with the fixtures once analysis lands). */
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
    assert_int_equal(fails, 3);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_failing_report_crosses_proxy_and_time_exit_2),
        cmocka_unit_test(test_verify_japanese_shows_kb_fix_steps),
        cmocka_unit_test(test_verify_healthy_report_ticks_every_visible_item_exit_0),
        cmocka_unit_test(test_verify_json_keeps_report_fields_and_adds_checklist),
        cmocka_unit_test(test_verify_html_to_file),
        cmocka_unit_test(test_verify_bad_arguments_and_input_exit_3),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
