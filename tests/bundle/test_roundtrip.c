/* Round trip (issue 6, Done when): collect --from a fixture snapshot, then
 * analyze of the bundle gives the same findings and KB entries as analyze of
 * the folder — for every fixture of tests/fixtures/snapshots. Also the
 * many-bundle forms: --jsonl order, --jobs, --summary. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bundle_util.h"
#include "collectors/bundle/bundle_manifest.h"
#include "core/encoding.h"
#include "core/platform.h"

struct names {
    char *v[128];
    size_t n;
};

static int name_cb(const struct plat_dirent *e, void *ud)
{
    struct names *ns = ud;
    if (e->is_dir && ns->n < 128)
        ns->v[ns->n++] = strdup(e->name);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void fixtures(struct names *ns)
{
    memset(ns, 0, sizeof *ns);
    struct oqs_err err;
    assert_int_equal(plat_list_dir(tu_fixture("snapshots"), name_cb, ns, &err), 0);
    assert_true(ns->n > 0);
    qsort(ns->v, ns->n, sizeof *ns->v, cmp_str);
}

static json_t *analyze_json(const char *path, int *status)
{
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--json", "analyze", path, NULL};
    *status = tu_run(argv, &out, &err);
    json_t *doc = json_loadb(out.data, out.len, 0, NULL);
    if (!doc)
        fail_msg("analyze %s: exit %d, %s", path, *status, err.data);
    buf_free(&out);
    buf_free(&err);
    return doc;
}

/* What must agree: host, and per finding id, status, source, summary and
 * evidence; per KB entry id and triggers. Time fields may differ. */
static char *essence(json_t *doc)
{
    json_t *e = json_pack("{s:O, s:O, s:O, s:O}", "host", json_object_get(doc, "host"),
                          "findings", json_object_get(doc, "findings"), "kb",
                          json_object_get(doc, "kb"), "summary", json_object_get(doc, "summary"));
    char *s = json_dumps(e, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(e);
    return s;
}

/* Under Wine every program start costs about a second and each fixture
 * here takes three (collect, analyze of the folder, of the bundle), in two
 * tests: on Windows they take every WIN_EVERY-th fixture they compare
 * (tu_win_sample). */
#define WIN_EVERY 12

/* analyze of the folder and of its bundle: the same essence and exit. */
static void same_analysis(const char *name, const char *snap, const char *bundle)
{
    int st_dir, st_bundle;
    json_t *a = analyze_json(snap, &st_dir), *b = analyze_json(bundle, &st_bundle);
    assert_string_equal(json_string_value(json_object_get(b, "source")), "snapshot");
    char *ea = essence(a), *eb = essence(b);
    if (strcmp(ea, eb) != 0 || st_dir != st_bundle)
        fail_msg("%s: folder (exit %d) and bundle (exit %d) differ:\n%s\n%s", name, st_dir,
                 st_bundle, ea, eb);
    free(ea);
    free(eb);
    json_decref(a);
    json_decref(b);
}

static void test_roundtrip_bundle_gives_same_findings_as_folder(void **state)
{
    (void)state;
    struct names ns;
    fixtures(&ns);
    const char *dir = tu_scratch("roundtrip");
    size_t compared = 0, comparable = 0;
    for (size_t i = 0; i < ns.n; i++) {
        /* The manifest-* fixtures test a broken manifest.json, which collect
         * writes anew: their folder and bundle differ on purpose. */
        if (strncmp(ns.v[i], "manifest-", 9) == 0)
            continue;
        /* no-manifest-*: the folder has none and the bundle gets one (without a
         * collection time; tests/collectors/test_fidelity.c checks the time). */
        if (strncmp(ns.v[i], "no-manifest-", 12) == 0)
            continue;
        if (!tu_win_sample(comparable++, WIN_EVERY))
            continue;
        char snap[4200], bundle[4200];
        snprintf(snap, sizeof snap, "%s", tu_fixture("snapshots"));
        snprintf(snap + strlen(snap), sizeof snap - strlen(snap), "/%s", ns.v[i]);
        snprintf(bundle, sizeof bundle, "%s/%s.tar.gz", dir, ns.v[i]);
        struct buf err = {0};
        const char *argv[] = {"oqsdiag", "-q", "-o", bundle, "collect", "--from", snap, NULL};
        if (tu_run(argv, NULL, &err) != 0)
            fail_msg("collect --from %s: %s", ns.v[i], err.data);
        buf_free(&err);
        same_analysis(ns.v[i], snap, bundle);
        compared++;
    }
    tu_win_sampled("fixtures", compared, comparable);
    assert_true(compared >= (plat_is_windows() ? 5 : 10));
    for (size_t i = 0; i < ns.n; i++)
        free(ns.v[i]);
}

/* ---- the same with masking: every fixture with credentials planted ---- */

struct copy {
    const char *from, *to;
    struct manifest *m;
    char rel[2048];
};

/* Copies a fixture; every log and comapp/config file gets credential lines
 * in its own and in other encodings (a CP932 line, a UTF-16LE tail at an odd
 * offset), so that masking has work in mixed files. The copy's manifest is
 * written anew (its hashes must hold). */
static int copy_cb(const struct plat_dirent *e, void *ud)
{
    struct copy *c = ud;
    size_t base = strlen(c->rel);
    snprintf(c->rel + base, sizeof c->rel - base, "%s%s", base ? "/" : "", e->name);
    char src[4400], dst[4400];
    snprintf(src, sizeof src, "%s/%s", c->from, c->rel);
    snprintf(dst, sizeof dst, "%s/%s", c->to, c->rel);
    if (e->is_dir) {
        assert_int_equal(plat_mkdir_p(dst, NULL), 0);
        assert_int_equal(plat_list_dir(src, copy_cb, c, NULL), 0);
    } else if (strcmp(c->rel, "manifest.json") != 0) {
        struct buf b = {0};
        assert_int_equal(buf_read_file(&b, src, 1 << 24), 0);
        if (strncmp(c->rel, "logs/", 5) == 0 || strncmp(c->rel, "comapp/config/", 14) == 0) {
            buf_appends(&b, "\r\nMasterAccountPassword=Rt-Secret-1\r\n");
            char *o;
            size_t on;
            const char *ja = "パスワード：Rt秘密2\r\n";
            assert_int_equal(plat_utf8_to_codepage(932, ja, strlen(ja), &o, &on, NULL), 0);
            buf_append(&b, o, on);
            free(o);
            if (b.len % 2 == 0)
                buf_append(&b, "X", 1);
            const char *tail = "secret: Rt-Tail-3\r\nproxy http://u:Rt-Pw-4@10.1.2.3:8080\r\n";
            assert_int_equal(plat_utf8_to_codepage(1200, tail, strlen(tail), &o, &on, NULL), 0);
            buf_append(&b, o, on);
            free(o);
        }
        assert_int_equal(plat_write_file(dst, b.data, b.len, NULL), 0);
        char hex[65];
        assert_int_equal(manifest_sha256(b.data, b.len, hex, NULL), 0);
        assert_int_equal(manifest_add_file(c->m, c->rel, (long long)b.len, hex), 0);
        buf_free(&b);
    }
    c->rel[base] = '\0';
    return 0;
}

static void test_roundtrip_masked_bundle_gives_same_findings_as_folder(void **state)
{
    (void)state;
    struct names ns;
    fixtures(&ns);
    const char *dir = tu_scratch("roundtrip-masked");
    size_t compared = 0, comparable = 0;
    for (size_t i = 0; i < ns.n; i++) {
        if (strncmp(ns.v[i], "manifest-", 9) == 0)
            continue;
        if (!tu_win_sample(comparable++, WIN_EVERY))
            continue;
        char from[4200], snap[4200], bundle[4200], mpath[4400];
        snprintf(from, sizeof from, "%s/%s", tu_fixture("snapshots"), ns.v[i]);
        snprintf(snap, sizeof snap, "%s/%s", dir, ns.v[i]);
        snprintf(bundle, sizeof bundle, "%s/%s.tar.gz", dir, ns.v[i]);
        assert_int_equal(plat_mkdir_p(snap, NULL), 0);
        struct buf old = {0};
        snprintf(mpath, sizeof mpath, "%s/manifest.json", from);
        struct manifest *m = NULL;
        if (buf_read_file(&old, mpath, 1 << 20) == 0)
            m = manifest_parse(old.data, old.len, mpath, NULL);
        buf_free(&old);
        if (!m)
            continue;
        for (size_t k = 0; k < m->nfiles; k++)
            free(m->files[k].path);
        m->nfiles = 0;
        struct copy c = {from, snap, m, ""};
        assert_int_equal(plat_list_dir(from, copy_cb, &c, NULL), 0);
        size_t jn;
        char *json = manifest_to_json(m, &jn, NULL);
        snprintf(mpath, sizeof mpath, "%s/manifest.json", snap);
        assert_int_equal(plat_write_file(mpath, json, jn, NULL), 0);
        free(json);
        manifest_free(m);
        struct buf err = {0};
        const char *argv[] = {"oqsdiag", "-q", "-o", bundle, "collect", "--from", snap, NULL};
        if (tu_run(argv, NULL, &err) != 0)
            fail_msg("collect --from %s: %s", ns.v[i], err.data);
        buf_free(&err);
        /* Masking happened: the bundle holds none of the values. */
        struct tu_tar t;
        assert_int_equal(tu_tar_load(bundle, &t), 0);
        for (size_t k = 0; k < t.n; k++)
            if (tu_contains((const char *)t.data[k], "Rt-Secret-1"))
                fail_msg("%s: not masked in %s", ns.v[i], t.names[k]);
        tu_tar_free(&t);
        same_analysis(ns.v[i], snap, bundle);
        compared++;
    }
    tu_win_sampled("fixtures", compared, comparable);
    assert_true(compared >= (plat_is_windows() ? 5 : 10));
    for (size_t i = 0; i < ns.n; i++)
        free(ns.v[i]);
}

/* Bundles of three fixtures: healthy, a failing one, then healthy again. */
static void make_three(const char *dir, char paths[3][4200])
{
    static const char *const fx[3] = {"healthy-ja", "task-missing", "healthy-en"};
    for (int i = 0; i < 3; i++) {
        char snap[4200];
        snprintf(snap, sizeof snap, "%s", tu_fixture("snapshots"));
        snprintf(snap + strlen(snap), sizeof snap - strlen(snap), "/%s", fx[i]);
        snprintf(paths[i], 4200, "%s/%d-%s.tar.gz", dir, i, fx[i]);
        const char *argv[] = {"oqsdiag", "-q", "-o", paths[i], "collect", "--from", snap, NULL};
        assert_int_equal(tu_run(argv, NULL, NULL), 0);
    }
}

static void test_analyze_jsonl_one_line_per_bundle_in_order_with_jobs(void **state)
{
    (void)state;
    const char *dir = tu_scratch("jsonl");
    char p[3][4200], bad[4200];
    make_three(dir, p);
    snprintf(bad, sizeof bad, "%s/evil.tar.gz", dir);
    struct tu_entry e[] = {{"x/../../evil", TU_FILE, "x", 1, NULL}};
    assert_int_equal(tu_tar_write(bad, e, 1), 0);
    for (int jobs = 1; jobs <= 3; jobs += 2) {
        char jn[16];
        snprintf(jn, sizeof jn, "%d", jobs);
        struct buf out = {0};
        const char *argv[] = {"oqsdiag", "analyze", "--jsonl", "--jobs", jn, p[0], bad, p[1], p[2], NULL};
        /* One bundle could not be analysed: exit 3. */
        assert_int_equal(tu_run(argv, &out, NULL), 3);
        struct lines l;
        const char *line;
        size_t len, n = 0;
        const char *expect[4] = {p[0], bad, p[1], p[2]};
        lines_init(&l, out.data, out.len);
        while (lines_next(&l, &line, &len)) {
            json_t *doc = json_loadb(line, len, 0, NULL);
            assert_non_null(doc);
            assert_true(n < 4);
            assert_string_equal(json_string_value(json_object_get(doc, "input")), expect[n]);
            if (n == 1)
                assert_true(tu_contains(json_string_value(json_object_get(doc, "error")), "x/../../evil"));
            else
                assert_true(json_is_array(json_object_get(doc, "findings")));
            json_decref(doc);
            n++;
        }
        assert_int_equal(n, 4);
        buf_free(&out);
    }
}

static void test_analyze_summary_counts_kb_entries_across_bundles(void **state)
{
    (void)state;
    const char *dir = tu_scratch("summary");
    char p[3][4200];
    make_three(dir, p);
    /* The KB entries of the one failing bundle, from its own report. */
    int st;
    json_t *one = analyze_json(p[1], &st);
    json_t *kb = json_object_get(one, "kb");
    if (json_array_size(kb) == 0) {
        json_decref(one);
        skip();
    }
    const char *top = json_string_value(json_object_get(json_array_get(kb, 0), "id"));
    struct buf out = {0};
    const char *argv[] = {"oqsdiag", "--json", "analyze", "--summary", "--jobs", "2", p[0], p[1], p[2], NULL};
    assert_int_equal(tu_run(argv, &out, NULL), st);
    json_t *doc = json_loadb(out.data, out.len, 0, NULL);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "inputs")), 3);
    assert_int_equal(json_integer_value(json_object_get(doc, "analysed")), 3);
    json_t *sum = json_object_get(doc, "summary");
    assert_int_equal(json_array_size(sum), json_array_size(kb));
    int found = 0;
    size_t i;
    json_t *row;
    json_array_foreach(sum, i, row) {
        assert_int_equal(json_integer_value(json_object_get(row, "bundles")), 1);
        found |= strcmp(json_string_value(json_object_get(row, "id")), top) == 0;
    }
    assert_true(found);
    /* The text table names the entry with its count. */
    buf_reset(&out);
    const char *argv2[] = {"oqsdiag", "--lang", "en", "analyze", "--summary", p[0], p[1], p[2], NULL};
    assert_int_equal(tu_run(argv2, &out, NULL), st);
    assert_true(tu_contains(out.data, "analysed 3 of 3"));
    assert_true(tu_contains(out.data, top));
    json_decref(doc);
    json_decref(one);
    buf_free(&out);
}

static void test_analyze_many_without_mode_or_bad_jobs_exit_3(void **state)
{
    (void)state;
    struct buf err = {0};
    const char *a1[] = {"oqsdiag", "analyze", "a.tar.gz", "b.tar.gz", NULL};
    assert_int_equal(tu_run(a1, NULL, &err), 3);
    assert_true(tu_contains(err.data, "--jsonl or --summary"));
    buf_reset(&err);
    const char *a2[] = {"oqsdiag", "analyze", "--jsonl", "--jobs", "0", "a.tar.gz", NULL};
    assert_int_equal(tu_run(a2, NULL, &err), 3);
    assert_true(tu_contains(err.data, "--jobs"));
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_bundle_gives_same_findings_as_folder),
        cmocka_unit_test(test_roundtrip_masked_bundle_gives_same_findings_as_folder),
        cmocka_unit_test(test_analyze_jsonl_one_line_per_bundle_in_order_with_jobs),
        cmocka_unit_test(test_analyze_summary_counts_kb_entries_across_bundles),
        cmocka_unit_test(test_analyze_many_without_mode_or_bad_jobs_exit_3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
