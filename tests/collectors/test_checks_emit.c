/* The rule of issue 19: no check may disappear because a parser returned
 * nothing. Every check, over every fixture snapshot (and a snapshot of junk
 * bytes), emits at least one finding (ok, warn, fail, unknown or skip) for
 * every input file it consumes: the finding's source or evidence names the
 * file. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/checks/check.h"
#include "collectors/checks/checks.h"
#include "collectors/parsers/manifest.h"
#include "core/config.h"
#include "core/platform.h"
#include "core/report.h"


static void manifest_check(struct chk *c)
{
    struct snap_meta meta;
    check_manifest(c, &meta);
}

/* Every check of the registry (collectors/checks/checks.c), then the
 * manifest's. */
static const struct check_def *check_at(size_t k)
{
    static const struct check_def manifest = {"manifest", manifest_check, "", ""};
    return k < check_count ? &check_defs[k] : k == check_count ? &manifest : NULL;
}

static int names_file(const struct finding *f, const char *file)
{
    const char *ef = json_string_value(json_object_get(f->evidence, "file"));
    return (f->source && strcmp(f->source, file) == 0) || (ef && strcmp(ef, file) == 0);
}

/* Runs every check over dir; appends "dir: check: file" lines to bad. */
static void walk(const char *dir, const char *label, struct buf *bad)
{
    struct oqs_err err = {{0}};
    struct source *src = source_dir(dir, &err);
    if (!src)
        fail_msg("%s: %s", dir, err.msg);
    struct config *cfg = config_new();
    assert_int_equal(config_set_arg(cfg, "folders.shared=true", &err), 0);
    for (size_t k = 0; check_at(k); k++) {
        struct report *r = report_new("snapshot");
        struct strv consumed = {0};
        struct chk c = {.src = src, .cfg = cfg, .r = r, .now = plat_time_now(), .tz_min = 540,
                        .consumed = &consumed};
        check_at(k)->run(&c);
        for (size_t i = 0; i < consumed.n; i++) {
            int seen = 0;
            for (size_t j = 0; j < r->nfindings && !seen; j++)
                seen = names_file(&r->findings[j], consumed.v[i]);
            if (!seen)
                buf_appendf(bad, "%s: check %s read %s and said nothing of it\n", label,
                            check_at(k)->area, consumed.v[i]);
        }
        assert_int_equal(r->uncataloged, 0);
        strv_free(&consumed);
        report_free(r);
    }
    config_free(cfg);
    source_free(src);
}

struct names {
    char *v[256];
    size_t n;
};

static int dir_cb(const struct plat_dirent *e, void *ud)
{
    struct names *ns = ud;
    if (e->is_dir && ns->n < 256)
        ns->v[ns->n++] = strdup(e->name);
    return 0;
}

static void test_every_check_speaks_of_every_file_of_every_fixture(void **state)
{
    (void)state;
    struct names ns = {{0}, 0};
    struct oqs_err err;
    assert_int_equal(plat_list_dir(tu_fixture("snapshots"), dir_cb, &ns, &err), 0);
    assert_true(ns.n >= 70);
    struct buf bad = {0};
    size_t taken = 0;
    for (size_t i = 0; i < ns.n; i++) {
        char rel[512];
        snprintf(rel, sizeof rel, "snapshots/%s", ns.v[i]);
        /* Every check over every fixture: the checks' logic, the same on
         * both systems; under Wine (slow file access) every 4th fixture. */
        if (tu_win_sample(i, 4)) {
            walk(tu_fixture(rel), ns.v[i], &bad);
            taken++;
        }
        free(ns.v[i]);
    }
    tu_win_sampled("fixtures", taken, ns.n);
    if (bad.len)
        fail_msg("%s", bad.data);
    buf_free(&bad);
}

/* The same over files that hold no command output at all. */
static void test_every_check_speaks_of_files_of_junk(void **state)
{
    (void)state;
    static const char *const files[] = {
        "manifest.json", "system/os.txt", "system/winhttp_proxy.txt", "system/user_proxy.txt",
        "system/w32tm_status.txt", "system/w32tm_config.txt", "system/net_user_OqsComApp.txt",
        "system/net_localgroup_administrators.txt", "system/net_share.txt",
        "system/cmdkey_list.txt", "system/edge_version.txt", "system/dotnet.txt",
        "system/display.txt", "system/power.txt", "apps/installed.txt",
        "apps/version/OQSComApp.info", "apps/version/OQSDistroApp.info", "tasks/schtasks.csv",
        "tasks/OQS_exec_comappstart.xml", "certs/user-my/a.cer", "certs/root/b.cer",
        "distroapp/delivery-record.txt", "distroapp/settings.txt", "oqs/folders.tsv",
        "oqs/acl.txt", "oqs/shortcut.tsv", "oqs/results.tsv",
        "comapp/config/UserDefinition.property", "comapp/config/encrypt.conf", NULL};
    static const char *const junk[] = {"x\r\n", "\xff\xfe\x00", "a: b\r\n(c)\r\n*d\r\n"};
    struct oqs_err err;
    struct buf bad = {0};
    for (size_t r = 0; r < sizeof junk / sizeof *junk; r++) {
        char *dir = plat_mkdtemp("oqs-emit", &err);
        assert_non_null(dir);
        for (size_t i = 0; files[i]; i++)
            tu_write_file(dir, files[i], junk[r], strlen(junk[r]));
        walk(dir, junk[r][0] == 'x' ? "junk x" : "junk", &bad);
        plat_rmtree(dir);
        free(dir);
    }
    if (bad.len)
        fail_msg("%s", bad.data);
    buf_free(&bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_check_speaks_of_every_file_of_every_fixture),
        cmocka_unit_test(test_every_check_speaks_of_files_of_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
