/* The memory bound of analyze (issue 20, docs/hardening.md "Memory bound"):
 * names and tree nodes count against bundle.max_total_bytes like file bytes,
 * and parsers keep no copy per line. Each reproduction runs in a child under
 * RLIMIT_AS (what `prlimit --as` sets) and must end with a report or with a
 * refusal naming the cap: never "out of memory", never a crash. Under ASan
 * (which reserves terabytes of address space) the limit is left off and only
 * the outcome is checked. No timing is measured. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <jansson.h>

#include "bundle_util.h"
#include "childproc.h"
#include "cmd/diagnose.h"
#include "collectors/bundle/bundle_extract.h"
#include "core/config.h"
#include "core/memtree.h"
#include "core/report.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#else
#define UNDER_ASAN 0
#endif

enum { OUT_REPORT = 0, OUT_REFUSED_CAP = 10, OUT_OOM = 20, OUT_OTHER = 30 };

struct job {
    const char *bundle;
    struct bundle_caps caps;
    long long as_limit; /* bytes of address space for the child */
};

static int run_job(void *ud)
{
    const struct job *j = ud;
    if (!UNDER_ASAN) {
        struct rlimit rl = {(rlim_t)j->as_limit, (rlim_t)j->as_limit};
        if (setrlimit(RLIMIT_AS, &rl) != 0)
            return OUT_OTHER;
    }
    struct config *cfg = config_new();
    struct memtree tree;
    struct report *r = NULL;
    struct oqs_err err = {{0}};
    int out = OUT_OTHER;
    if (bundle_extract(j->bundle, &j->caps, &tree, &err) < 0) {
        out = tu_contains(err.msg, "out of memory") ? OUT_OOM
              : tu_contains(err.msg, "bundle.max_total_bytes") ? OUT_REFUSED_CAP : OUT_OTHER;
    } else if (analyze_memtree(&tree, cfg, NULL, &r, &err) < 0) {
        out = tu_contains(err.msg, "out of memory") ? OUT_OOM : OUT_OTHER;
    } else {
        json_t *doc = report_to_json(r);
        char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
        out = !text ? OUT_OOM : tu_contains(text, "out of memory") ? OUT_OOM : OUT_REPORT;
        free(text);
        json_decref(doc);
    }
    if (out != OUT_REPORT)
        fprintf(stderr, "child: %s\n", err.msg);
    report_free(r);
    memtree_free(&tree);
    config_free(cfg);
    return out;
}

static int measured(struct job *j, long *rss_kib)
{
    int code = -1;
    assert_int_equal(cp_run_measured(run_job, j, rss_kib, &code), 0);
    print_message("  outcome %d, peak RSS %ld KiB\n", code, *rss_kib);
    return code;
}

/* Reproduction 2a: thousands of empty entries with long deep paths, each
 * under its own folder. Before: ~290 KB each (879 MB for 3,000). */
static void test_deep_long_names_stay_within_the_total_cap(void **state)
{
    (void)state;
    const char *dir = tu_scratch("mem-deep");
    char bundle[4200];
    snprintf(bundle, sizeof bundle, "%s/deep.tar.gz", dir);
    enum { N = 3000 };
    struct tu_entry *e = calloc(N + 1, sizeof *e);
    char **names = calloc(N + 1, sizeof *names);
    assert_non_null(e);
    assert_non_null(names);
    e[0] = (struct tu_entry){"snap/", TU_DIR, NULL, 0, NULL};
    for (size_t i = 0; i < N; i++) {
        struct buf b = {0};
        buf_appendf(&b, "snap/d%05zu", i);
        while (b.len < 1000)
            buf_appends(&b, "/a");
        buf_appends(&b, "/f");
        names[i] = buf_steal(&b, NULL);
        e[i + 1] = (struct tu_entry){names[i], TU_FILE, "", 0, NULL};
    }
    assert_int_equal(tu_tar_write(bundle, e, N + 1), 0);
    for (size_t i = 0; i < N; i++)
        free(names[i]);
    free(names);
    free(e);
    /* Caps of 64 MiB in all: the tree may hold at most that, names
     * included; the child gets 64 MiB above its start-up size. */
    struct job j = {bundle, {16 << 20, 64 << 20, 100000}, 320ll << 20};
    long rss = 0;
    int code = measured(&j, &rss);
    assert_true(code == OUT_REFUSED_CAP || code == OUT_REPORT);
    if (!UNDER_ASAN)
        assert_true(rss < 200 * 1024);
}

/* Reproduction 2b: a 64 MiB "a:b" listing as system/os.txt in a small
 * bundle. Before: two heap strings per line (1.65 GB). */
static void test_kvtext_listing_costs_its_bytes_not_a_copy_per_line(void **state)
{
    (void)state;
    const char *dir = tu_scratch("mem-kv");
    char bundle[4200];
    snprintf(bundle, sizeof bundle, "%s/kv.tar.gz", dir);
    size_t n = (size_t)64 << 20;
    char *data = malloc(n);
    assert_non_null(data);
    for (size_t i = 0; i + 4 <= n; i += 4)
        memcpy(data + i, "a:b\n", 4);
    struct tu_entry e[] = {{"snap/", TU_DIR, NULL, 0, NULL},
                           {"snap/system/os.txt", TU_FILE, data, n, NULL},
                           {"snap/system/w32tm-status.txt", TU_FILE, data, n, NULL}};
    assert_int_equal(tu_tar_write(bundle, e, 3), 0);
    free(data);
    /* The tree holds 128 MiB; parsing one file costs it twice more at
     * most (the read copy and the decoded text), plus start-up. */
    struct job j = {bundle, {96 << 20, 160 << 20, 100000}, 768ll << 20};
    long rss = 0;
    int code = measured(&j, &rss);
    assert_int_equal(code, OUT_REPORT);
    if (!UNDER_ASAN)
        assert_true(rss < 600 * 1024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deep_long_names_stay_within_the_total_cap),
        cmocka_unit_test(test_kvtext_listing_costs_its_bytes_not_a_copy_per_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
