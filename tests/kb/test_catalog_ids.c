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

static pcre2_code *re, *shaped, *cfgkey;
static struct buf cfgkeys; /* "\nkey\n" for each config key */

static int setup(void **state)
{
    (void)state;
    int ec;
    PCRE2_SIZE off;
    /* report_add(<first argument>, "<id>" — the id is the second argument. */
    re = pcre2_compile((PCRE2_SPTR) "\\breport_add\\s*\\(\\s*[^,;\"]+,\\s*\"([^\"]*)\"",
                       PCRE2_ZERO_TERMINATED, 0, &ec, &off, NULL);
    /* Any literal shaped like a finding id of an area (docs/findings.md):
     * ids chosen by a ternary or kept in a table are not report_add's
     * literal second argument, but they are literals all the same. */
    shaped = pcre2_compile(
        (PCRE2_SPTR) "\"((?:dns|ntp|proxy|tls|cert|account|tasks|creds|folders|distroapp|comapp|"
                     "system|web|snapshot)\\.[a-z0-9_.]*[a-z0-9_])\"",
        PCRE2_ZERO_TERMINATED, 0, &ec, &off, NULL);
    cfgkey = pcre2_compile((PCRE2_SPTR) "CONFIG_KEY\\(\"([^\"]+)\"", PCRE2_ZERO_TERMINATED, 0, &ec,
                           &off, NULL);
    if (!re || !shaped || !cfgkey)
        return -1;
    /* Configuration keys share the dotted shape (ntp.server): not findings. */
    struct buf def = {0};
    if (buf_read_file(&def, OQS_SOURCE_DIR "/core/config_keys.def", 1 << 20) < 0)
        return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(cfgkey, NULL);
    PCRE2_SIZE at = 0;
    buf_appends(&cfgkeys, "\n");
    while (pcre2_match(cfgkey, (PCRE2_SPTR)def.data, def.len, at, 0, md, NULL) >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        buf_append(&cfgkeys, def.data + ov[2], ov[3] - ov[2]);
        buf_appends(&cfgkeys, "\n");
        at = ov[1];
    }
    pcre2_match_data_free(md);
    buf_free(&def);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pcre2_code_free(re);
    pcre2_code_free(shaped);
    pcre2_code_free(cfgkey);
    buf_free(&cfgkeys);
    return 0;
}

/* Appends "file: id\n" for each literal id of text missing from the
 * catalog; counts every literal id seen. */
static int is_config_key(const char *id)
{
    char k[300];
    snprintf(k, sizeof k, "\n%s\n", id);
    return strstr(cfgkeys.data, k) != NULL;
}

static void scan_with(const pcre2_code *rx, const char *file, const char *text, size_t n,
                      struct buf *missing, size_t *seen)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(rx, NULL);
    assert_non_null(md);
    PCRE2_SIZE start = 0;
    while (start < n && pcre2_match(rx, (PCRE2_SPTR)text, n, start, 0, md, NULL) >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        char id[256];
        size_t len = ov[3] - ov[2];
        snprintf(id, sizeof id, "%.*s", (int)(len < 255 ? len : 255), text + ov[2]);
        start = ov[1];
        /* A header name ("ntp.h") or a configuration key is not an id. */
        if (rx == shaped && (is_config_key(id) || (len > 2 && strcmp(id + len - 2, ".h") == 0)))
            continue;
        (*seen)++;
        if (!catalog_find(id))
            buf_appendf(missing, "%s: %s\n", file, id);
    }
    pcre2_match_data_free(md);
}

static void scan_text(const char *file, const char *text, size_t n, struct buf *missing,
                      size_t *seen)
{
    scan_with(re, file, text, n, missing, seen);
    scan_with(shaped, file, text, n, missing, seen);
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
    /* Each id is seen by both scans; the ternary's two ids by the second;
     * the config key and the header name are not ids. */
    assert_int_equal(seen, 6);
    assert_non_null(missing.data);
    assert_string_equal(missing.data, "emits_unknown.c: ntp.made_up_id\n"
                                      "emits_unknown.c: ntp.made_up_id\n"
                                      "emits_unknown.c: tasks.not_an_id\n");
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
