/* The snapshot that the cross-built collector wrote under Wine (the
 * win32/test_wine run just before this one, docs/windows.md) is read by
 * `oqsdiag analyze` on Linux: no finding is `unknown` because of a file the
 * snapshot holds — every file Wine could produce parses. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/platform.h"

#define SNAPSHOT OQS_BUILD_DIR "/win-snapshot"

/* Wine's net.exe knows only HELP, START, STOP and USE: for `net user`,
 * `net localgroup` and `net share` it prints its usage, which is not
 * Windows' output and rightly does not parse. */
static const char *const wine_cannot[] = {
    "system/net_user_OqsComApp.txt",
    "system/net_localgroup_administrators.txt",
    "system/net_share.txt",
};

static int held(const char *rel)
{
    char path[4096];
    struct plat_dirent e;
    snprintf(path, sizeof path, "%s/%s", SNAPSHOT, rel);
    return plat_stat(path, &e) == 0 && !e.is_dir;
}

static json_t *analyze(void)
{
    const char *argv[] = {"oqsdiag", "analyze", "--json", SNAPSHOT, NULL};
    struct buf out = {0};
    tu_run(argv, &out, NULL);
    json_error_t je;
    json_t *doc = json_loads(out.data ? out.data : "", 0, &je);
    buf_free(&out);
    assert_non_null(doc);
    return doc;
}

static const char *status_of(json_t *doc, const char *id)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "findings"), i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "id")), id) == 0)
            return json_string_value(json_object_get(f, "status"));
    }
    return "absent";
}

static void test_wine_snapshot_files_all_parse_in_analyze(void **state)
{
    (void)state;
    struct plat_dirent e;
    if (plat_stat(SNAPSHOT, &e) != 0) {
        printf("skipped: no snapshot from Wine (wine64/mingw not installed)\n");
        skip();
    }
    json_t *doc = analyze();
    size_t i;
    json_t *f;
    struct buf bad = {0};
    json_array_foreach(json_object_get(doc, "findings"), i, f)
    {
        const char *st = json_string_value(json_object_get(f, "status"));
        const char *src = json_string_value(json_object_get(f, "source"));
        if (strcmp(st, "unknown") != 0 || !src || !held(src))
            continue;
        int excused = 0;
        for (size_t k = 0; k < sizeof wine_cannot / sizeof *wine_cannot; k++)
            excused |= strcmp(src, wine_cannot[k]) == 0;
        if (!excused)
            buf_appendf(&bad, "%s (%s): %s\n", json_string_value(json_object_get(f, "id")), src,
                        json_string_value(json_object_get(f, "summary")));
    }
    if (bad.len)
        fail_msg("unknown findings for files the snapshot holds:\n%s", bad.data);
    /* The files the Wine clinic set up were read, not merely present. */
    assert_true(held("system/edge_version.txt"));
    assert_string_equal(status_of(doc, "system.edge"), "ok");
    assert_string_equal(status_of(doc, "system.dotnet"), "ok");
    assert_string_equal(status_of(doc, "system.display"), "ok");
    assert_string_equal(status_of(doc, "web.shortcut"), "ok");
    assert_true(held("certs/user-my/01.cer"));
    assert_true(held("tasks/OQS_exec_comappstart.xml"));
    /* Wine's wevtutil answers every query with nothing: three empty logs,
     * judged as no events, and no Task Scheduler history (a skip). */
    assert_true(held("events/system.xml") && held("events/application.xml") &&
                held("events/taskscheduler.xml"));
    assert_string_equal(status_of(doc, "events.time.peer_dns"), "ok");
    assert_string_equal(status_of(doc, "events.tasks.history"), "skip");
    buf_free(&bad);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wine_snapshot_files_all_parse_in_analyze),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
