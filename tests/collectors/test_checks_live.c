/* The same checks run live (doctor) through source_live: on a host that is
 * not Windows each area says skip ("not a Windows host") and nothing fails or
 * is unknown. */
#include "testutil.h"

#include <string.h>

#include "collectors/checks/checks.h"
#include "core/source.h"
#include "core/config.h"
#include "core/platform.h"
#include "core/report.h"

static void test_live_checks_skip_on_a_host_that_is_not_windows(void **state)
{
    (void)state;
    if (plat_is_windows()) {
        printf("skipped: this host is Windows\n");
        skip();
    }
    struct oqs_err err = {{0}};
    struct config *cfg = config_new();
    struct source *src = source_live(cfg, &err);
    assert_non_null(src);
    assert_string_equal(source_kind(src), "live");
    assert_null(source_root(src));
    struct report *r = report_new("live");
    assert_int_equal(checks_run(src, cfg, r, &err), 0);
    size_t counts[FST_COUNT];
    report_counts(r, counts);
    assert_true(counts[FST_SKIP] >= 10);
    assert_int_equal(counts[FST_FAIL], 0);
    assert_int_equal(counts[FST_WARN], 0);
    assert_int_equal(counts[FST_UNKNOWN], 0);
    assert_int_equal(r->uncataloged, 0);
    const char *areas[] = {"account", "tasks", "creds", "proxy", "ntp", "cert", "system",
                           "folders", "web", "comapp", "distroapp", NULL};
    for (size_t a = 0; areas[a]; a++) {
        int seen = 0;
        for (size_t i = 0; i < r->nfindings; i++)
            if (strcmp(r->findings[i].area, areas[a]) == 0) {
                assert_int_equal(r->findings[i].status, FST_SKIP);
                assert_true(tu_contains(r->findings[i].summary, "not a Windows host"));
                seen = 1;
            }
        if (!seen)
            fail_msg("area %s says nothing on a live non-Windows run", areas[a]);
    }
    report_free(r);
    source_free(src);
    config_free(cfg);
}

static void test_source_dir_refuses_paths_out_of_the_snapshot(void **state)
{
    (void)state;
    struct oqs_err err = {{0}};
    struct source *src = source_dir(tu_fixture("snapshots/healthy-ja"), &err);
    assert_non_null(src);
    struct buf b = {0};
    assert_int_equal(source_read(src, "../healthy-en/manifest.json", &b, &err), SRC_ERROR);
    assert_int_equal(source_read(src, "/etc/passwd", &b, &err), SRC_ERROR);
    assert_int_equal(source_read(src, "system/none.txt", &b, &err), SRC_MISSING);
    assert_int_equal(source_read(src, "system", &b, &err), SRC_ERROR);
    assert_int_equal(source_read(src, "system/os.txt", &b, &err), SRC_OK);
    assert_true(b.len > 100);
    buf_free(&b);
    source_free(src);
    assert_null(source_dir(tu_fixture("snapshots/healthy-ja/manifest.json"), &err));
    assert_true(tu_contains(err.msg, "not a directory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_checks_skip_on_a_host_that_is_not_windows),
        cmocka_unit_test(test_source_dir_refuses_paths_out_of_the_snapshot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
