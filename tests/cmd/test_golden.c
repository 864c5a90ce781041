/* The fixtures' reports, pinned: every snapshot fixture (tests/fixtures/
 * snapshots/NAME, kb/snap-*, bundle/snapshot) analysed as `analyze --json`
 * does, compared line by line with tests/fixtures/golden/<the same path>.txt.
 * A change of any finding (id, status, summary, evidence), of a KB match or
 * of the exit status shows here, so "no behaviour change" is a test, not a
 * promise. When a change is meant (a new check, a corrected wording), write
 * the files again and review their diff:
 *     OQS_GOLDEN_UPDATE=1 build/tests/cmd/test_golden
 * Each golden file: the exit status and the report's head, then one line
 * per finding and per KB entry (JSON, keys sorted); "started" and
 * "elapsed_ms" differ per run and are left out. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/diagnose.h"
#include "core/config.h"
#include "core/platform.h"

/* The fixture groups: a folder whose sub-folders (with the prefix) are
 * snapshots, or one snapshot folder itself (prefix NULL). */
static const struct {
    const char *dir, *prefix;
} groups[] = {
    {"snapshots", ""},
    {"kb", "snap-"},
    {"bundle/snapshot", NULL},
};

struct names {
    char *v[512];
    size_t n;
    const char *prefix;
};

static int add_dir(const struct plat_dirent *e, void *ud)
{
    struct names *l = ud;
    if (e->is_dir && strncmp(e->name, l->prefix, strlen(l->prefix)) == 0 && l->n < 512)
        l->v[l->n++] = strdup(e->name);
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void line_of(struct buf *out, const char *tag, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(12));
    assert_non_null(s);
    buf_appendf(out, "%s %s\n", tag, s);
    free(s);
}

/* The golden text of one snapshot fixture (rel under tests/fixtures). */
static void golden_text(const char *rel, struct buf *out)
{
    struct config *cfg = config_new();
    struct report *r = NULL;
    struct oqs_err err = {{0}};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", tu_fixture(rel));
    if (analyze_dir(dir, cfg, NULL, &r, &err) < 0)
        fail_msg("%s: %s", rel, err.msg);
    json_t *doc = report_to_json(r);
    assert_non_null(doc);
    buf_appendf(out, "# analyze --json tests/fixtures/%s (tests/cmd/test_golden.c)\nexit %d\n",
                rel, report_exit_status(r));
    json_t *findings = json_incref(json_object_get(doc, "findings"));
    json_t *kb = json_incref(json_object_get(doc, "kb"));
    json_object_del(doc, "findings");
    json_object_del(doc, "kb");
    json_object_del(doc, "started");
    json_object_del(doc, "elapsed_ms");
    json_object_del(doc, "tool"); /* the version moves with every release */
    line_of(out, "report", doc);
    size_t i;
    json_t *v;
    json_array_foreach(findings, i, v) line_of(out, "finding", v);
    json_array_foreach(kb, i, v) line_of(out, "kb", v);
    json_decref(findings);
    json_decref(kb);
    json_decref(doc);
    report_free(r);
    config_free(cfg);
}

/* 0 when the file says the same as want; else says where they part. */
static int compare(const char *path, const char *rel, const char *want)
{
    char *have = tu_read_text(path);
    if (!have) {
        fprintf(stderr, "%s: no golden report for tests/fixtures/%s\n", path, rel);
        return 1;
    }
    int bad = strcmp(have, want) != 0;
    if (bad) {
        const char *a = have, *b = want;
        unsigned line = 1;
        while (*a && *a == *b) {
            line += *a == '\n';
            a++;
            b++;
        }
        while (a > have && a[-1] != '\n') {
            a--;
            b--;
        }
        fprintf(stderr, "%s:%u: the report of tests/fixtures/%s changed\n  was: %.*s\n  now: %.*s\n",
                path, line, rel, (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
    }
    free(have);
    return bad;
}

static void test_every_fixture_report_is_unchanged(void **state)
{
    (void)state;
    int update = getenv("OQS_GOLDEN_UPDATE") && *getenv("OQS_GOLDEN_UPDATE");
    size_t count = 0;
    int bad = 0;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        struct names l = {.prefix = groups[g].prefix ? groups[g].prefix : ""};
        struct oqs_err err;
        if (groups[g].prefix) {
            assert_int_equal(plat_list_dir(tu_fixture(groups[g].dir), add_dir, &l, &err), 0);
            qsort(l.v, l.n, sizeof *l.v, name_cmp);
        } else {
            l.v[l.n++] = strdup("");
        }
        for (size_t i = 0; i < l.n; i++) {
            char rel[1024], grel[1100], path[4096];
            snprintf(rel, sizeof rel, "%s%s%s", groups[g].dir, *l.v[i] ? "/" : "", l.v[i]);
            snprintf(grel, sizeof grel, "%s.txt", rel);
            snprintf(path, sizeof path, "%s/tests/fixtures/golden/%s", OQS_SOURCE_DIR, grel);
            struct buf want = {0};
            golden_text(rel, &want);
            buf_append(&want, "", 1);
            if (update)
                tu_write_file(OQS_SOURCE_DIR "/tests/fixtures/golden", grel, want.data,
                              want.len - 1);
            else
                bad |= compare(path, rel, want.data);
            buf_free(&want);
            free(l.v[i]);
            count++;
        }
    }
    if (bad)
        fprintf(stderr, "If the change is meant: OQS_GOLDEN_UPDATE=1 %s/tests/cmd/test_golden, "
                        "then review `git diff tests/fixtures/golden`.\n",
                OQS_BUILD_DIR);
    assert_true(count > 80);
    assert_false(bad);
}

/* A golden file whose fixture is gone would pin nothing. */
static int check_golden(const struct plat_dirent *e, void *ud)
{
    const char *group = ud;
    char rel[1024];
    size_t n = strlen(e->name);
    if (e->is_dir || n < 5 || strcmp(e->name + n - 4, ".txt") != 0)
        return 0;
    snprintf(rel, sizeof rel, "%s/%.*s", group, (int)(n - 4), e->name);
    struct plat_dirent st;
    if (plat_stat(tu_fixture(rel), &st) != 0 || !st.is_dir)
        fail_msg("tests/fixtures/golden/%s: its fixture tests/fixtures/%s is gone", e->name, rel);
    return 0;
}

static void test_no_golden_report_without_its_fixture(void **state)
{
    (void)state;
    struct oqs_err err;
    const char *dirs[] = {"snapshots", "kb"};
    for (size_t i = 0; i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/tests/fixtures/golden/%s", OQS_SOURCE_DIR, dirs[i]);
        assert_int_equal(plat_list_dir(path, check_golden, (void *)dirs[i], &err), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_fixture_report_is_unchanged),
        cmocka_unit_test(test_no_golden_report_without_its_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
