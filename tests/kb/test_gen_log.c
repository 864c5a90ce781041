/* tools/gen_log (make bench): the generated log has the size asked for,
 * mixes CP932 and UTF-8 lines, and the scan finds only its final known
 * error line, so a scan that reports it has read the whole file. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "core/platform.h"
#include "core/source.h"
#include "kb/kb.h"

static void test_generated_log_scans_to_its_last_line(void **state)
{
    (void)state;
    const char *argv[] = {OQS_BUILD_DIR "/tools/gen_log", "3M", "7", NULL};
    struct buf out = {0};
    int code = -1;
    assert_int_equal(plat_run(argv, 60000, &out, &code, NULL), 0);
    assert_int_equal(code, 0);
    assert_int_equal(out.len, 3 * 1024 * 1024);

    /* Both encodings occur: some lines are valid UTF-8 with Japanese text,
     * some are not UTF-8 at all (CP932). */
    size_t utf8_ja = 0, cp932 = 0, lines = 0;
    struct lines ls;
    lines_init(&ls, out.data, out.len);
    const char *l;
    size_t n;
    while (lines_next(&ls, &l, &n)) {
        lines++;
        if (!enc_valid_utf8((const unsigned char *)l, n))
            cp932++;
        else if (memchr(l, 0xE3, n))
            utf8_ja++;
    }
    assert_true(cp932 > 100);
    assert_true(utf8_ja > 100);

    char *dir = plat_mkdtemp("oqsdiag-genlog", NULL);
    assert_non_null(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/logs/comapp", dir);
    assert_int_equal(plat_mkdir_p(path, NULL), 0);
    strncat(path, "/OqsComApp.log", sizeof path - strlen(path) - 1);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(out.data, 1, out.len, f), out.len);
    fclose(f);

    struct kb *kb = kb_load(NULL, NULL);
    assert_non_null(kb);
    struct report *r = report_new("snapshot");
    struct source *src = source_dir(dir, NULL);
    assert_non_null(src);
    assert_int_equal(kb_match(kb, r, src, NULL), 0);
    source_free(src);
    assert_int_equal(r->nkb, 1);
    assert_string_equal(r->kb[0].id, "result-file-inoperable");
    /* The line is in matched; because names findings only (none here). */
    assert_int_equal(r->kb[0].nbecause, 0);
    assert_int_equal(r->kb[0].nmatched, 1);
    assert_string_equal(r->kb[0].matched[0].kind, "log");
    assert_string_equal(r->kb[0].matched[0].file, "logs/comapp/OqsComApp.log");
    assert_int_equal(r->kb[0].matched[0].line, lines);
    report_free(r);
    kb_free(kb);
    plat_rmtree(dir);
    free(dir);
    buf_free(&out);
}

static void test_bad_size_is_a_usage_error(void **state)
{
    (void)state;
    const char *argv[] = {OQS_BUILD_DIR "/tools/gen_log", "lots", NULL};
    struct buf out = {0};
    int code = -1;
    assert_int_equal(plat_run(argv, 10000, &out, &code, NULL), 0);
    assert_int_equal(code, 2);
    assert_true(tu_contains(out.data, "usage: gen_log"));
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_log_scans_to_its_last_line),
        cmocka_unit_test(test_bad_size_is_a_usage_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
