/* Every finding id the code emits is in the catalog (core/findings.def):
 * scans probes/, collectors/, core/ and cmd/ for string-literal ids passed
 * to report_add, so other engineers' code is checked too. Ids built at run
 * time are caught instead by report.uncataloged. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "testutil.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/platform.h"

static pcre2_code *re;

static int setup(void **state)
{
    (void)state;
    int ec;
    PCRE2_SIZE off;
    /* report_add(<first argument>, "<id>" — the id is the second argument. */
    re = pcre2_compile((PCRE2_SPTR) "\\breport_add\\s*\\(\\s*[^,;\"]+,\\s*\"([^\"]*)\"",
                       PCRE2_ZERO_TERMINATED, 0, &ec, &off, NULL);
    return re ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pcre2_code_free(re);
    return 0;
}

/* Appends "file: id\n" for each literal id of text missing from the
 * catalog; counts every literal id seen. */
static void scan_text(const char *file, const char *text, size_t n, struct buf *missing,
                      size_t *seen)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    assert_non_null(md);
    PCRE2_SIZE start = 0;
    while (start < n && pcre2_match(re, (PCRE2_SPTR)text, n, start, 0, md, NULL) >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        char id[256];
        size_t len = ov[3] - ov[2];
        snprintf(id, sizeof id, "%.*s", (int)(len < 255 ? len : 255), text + ov[2]);
        (*seen)++;
        if (!catalog_find(id))
            buf_appendf(missing, "%s: %s\n", file, id);
        start = ov[1];
    }
    pcre2_match_data_free(md);
}

struct walk {
    char path[4096];
    struct buf *missing;
    size_t seen, files;
};

static int walk_cb(const struct plat_dirent *e, void *ud)
{
    struct walk *w = ud;
    size_t keep = strlen(w->path);
    snprintf(w->path + keep, sizeof w->path - keep, "/%s", e->name);
    size_t n = strlen(e->name);
    if (e->is_dir && !e->is_link) {
        plat_list_dir(w->path, walk_cb, w, NULL);
    } else if (n > 2 && (strcmp(e->name + n - 2, ".c") == 0 || strcmp(e->name + n - 2, ".h") == 0)) {
        struct buf b = {0};
        assert_int_equal(buf_read_file(&b, w->path, 16 * 1024 * 1024), 0);
        scan_text(w->path, b.data ? b.data : "", b.len, w->missing, &w->seen);
        w->files++;
        buf_free(&b);
    }
    w->path[keep] = '\0';
    return 0;
}

static void test_scanner_reports_an_uncatalogued_literal(void **state)
{
    (void)state;
    struct buf text = {0}, missing = {0};
    assert_int_equal(buf_read_file(&text, tu_fixture("kb/catalog/emits_unknown.c.txt"), 65536), 0);
    size_t seen = 0;
    scan_text("emits_unknown.c", text.data, text.len, &missing, &seen);
    assert_int_equal(seen, 2);
    assert_non_null(missing.data);
    assert_string_equal(missing.data, "emits_unknown.c: ntp.made_up_id\n");
    buf_free(&text);
    buf_free(&missing);
}

static void test_every_emitted_literal_id_is_catalogued(void **state)
{
    (void)state;
    static const char *const dirs[] = {"probes", "collectors", "core", "cmd"};
    struct buf missing = {0};
    struct walk w = {.missing = &missing};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(w.path, sizeof w.path, "%s/%s", OQS_SOURCE_DIR, dirs[i]);
        plat_list_dir(w.path, walk_cb, &w, NULL);
    }
    /* The tree has sources to scan (core/ and cmd/ at least). */
    assert_true(w.files > 10);
    if (missing.len)
        fprintf(stderr, "finding ids missing from core/findings.def:\n%s", missing.data);
    assert_int_equal(missing.len, 0);
    buf_free(&missing);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scanner_reports_an_uncatalogued_literal),
        cmocka_unit_test(test_every_emitted_literal_id_is_catalogued),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
