#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "core/platform.h"

static char *conv(const char *in, size_t n, enum enc hint, enum enc *det)
{
    char *out = NULL;
    size_t outn;
    struct oqs_err err;
    assert_int_equal(enc_to_utf8((const unsigned char *)in, n, hint, &out, &outn, det, &err), 0);
    assert_int_equal(strlen(out), outn);
    return out;
}

static void test_encoding_cp932_becomes_utf8(void **state)
{
    (void)state;
    static const char sjis[] = "\x83\x76\x83\x8d\x83\x4c\x83\x56\x20\x83\x54\x81\x5b\x83\x6f\x81\x5b: x";
    enum enc det;
    char *s = conv(sjis, sizeof sjis - 1, ENC_AUTO, &det);
    assert_int_equal(det, ENC_CP932);
    assert_string_equal(s, "プロキシ サーバー: x");
    free(s);
}

static void test_encoding_utf16le_with_and_without_bom(void **state)
{
    (void)state;
    static const char bom[] = "\xff\xfe" "A\0:\0\x42\x66\r\0\n\0";  /* "A:時\r\n" (U+6642) */
    enum enc det;
    char *s = conv(bom, sizeof bom - 1, ENC_AUTO, &det);
    assert_int_equal(det, ENC_UTF16LE);
    assert_string_equal(s, "A:時\r\n");
    free(s);
    static const char nobom[] = "T\0a\0s\0k\0N\0a\0m\0e\0";
    s = conv(nobom, sizeof nobom - 1, ENC_AUTO, &det);
    assert_int_equal(det, ENC_UTF16LE);
    assert_string_equal(s, "TaskName");
    free(s);
}

static void test_encoding_utf16be_with_bom(void **state)
{
    (void)state;
    static const char be[] = "\xfe\xff\0O\0K";
    enum enc det;
    char *s = conv(be, sizeof be - 1, ENC_AUTO, &det);
    assert_int_equal(det, ENC_UTF16BE);
    assert_string_equal(s, "OK");
    free(s);
}

static void test_encoding_utf8_bom_is_removed(void **state)
{
    (void)state;
    static const char u[] = "\xef\xbb\xbf時刻";
    enum enc det;
    char *s = conv(u, sizeof u - 1, ENC_AUTO, &det);
    assert_int_equal(det, ENC_UTF8);
    assert_string_equal(s, "時刻");
    free(s);
}

static void test_encoding_bad_bytes_become_replacement_characters(void **state)
{
    (void)state;
    /* A forced UTF-8 hint over invalid bytes, and a CP932 lead byte cut off. */
    static const char bad[] = "a\xff" "b";
    char *s = conv(bad, sizeof bad - 1, ENC_UTF8, NULL);
    assert_string_equal(s, "a\xef\xbf\xbd" "b");
    free(s);
    static const char cut[] = "ok\x83";
    s = conv(cut, sizeof cut - 1, ENC_CP932, NULL);
    assert_string_equal(s, "ok\xef\xbf\xbd");
    free(s);
}

static void test_encoding_lines_split_crlf_and_lf(void **state)
{
    (void)state;
    static const char t[] = "one\r\ntwo\n\nfour";
    struct lines l;
    const char *line;
    size_t n;
    lines_init(&l, t, sizeof t - 1);
    assert_true(lines_next(&l, &line, &n));
    assert_int_equal(n, 3);
    assert_memory_equal(line, "one", 3);
    assert_true(lines_next(&l, &line, &n));
    assert_memory_equal(line, "two", 3);
    assert_true(lines_next(&l, &line, &n));
    assert_int_equal(n, 0);
    assert_true(lines_next(&l, &line, &n));
    assert_int_equal(l.lineno, 4);
    assert_memory_equal(line, "four", 4);
    assert_false(lines_next(&l, &line, &n));
}

static void test_encoding_detects_plain_ascii_as_utf8(void **state)
{
    (void)state;
    assert_int_equal(enc_detect((const unsigned char *)"Direct access", 13), ENC_UTF8);
    assert_true(enc_valid_utf8((const unsigned char *)"\xe6\x99\x82", 3));
    assert_false(enc_valid_utf8((const unsigned char *)"\xed\xa0\x80", 3)); /* surrogate */
    assert_false(enc_valid_utf8((const unsigned char *)"\xc0\xaf", 2));     /* overlong */
}

/* analyze --jobs converts from several threads at once, and the platform
 * keeps iconv descriptors between calls: each thread must still get its
 * own text back, also after a bad byte left a descriptor mid-sequence. */
#define CONV_THREADS 12 /* more than the platform keeps idle */
#define CONV_ROUNDS 60

struct conv_job {
    int id;
    int rounds_ok;
    char failure[160];
};

static int conv_check(struct conv_job *j, int to_utf8, unsigned cp, const char *in, size_t n,
                      const char *want, size_t wantn)
{
    char *out = NULL;
    size_t outn = 0;
    struct oqs_err err;
    int rc = to_utf8 ? plat_codepage_to_utf8(cp, in, n, &out, &outn, &err)
                     : plat_utf8_to_codepage(cp, in, n, &out, &outn, &err);
    int ok = rc == 0 && outn == wantn && memcmp(out, want, wantn) == 0;
    if (!ok && !j->failure[0])
        snprintf(j->failure, sizeof j->failure, "thread %d: cp %u %s: rc %d, %zu bytes", j->id,
                 cp, to_utf8 ? "to UTF-8" : "from UTF-8", rc, outn);
    free(out);
    return ok;
}

static void conv_worker(void *arg)
{
    struct conv_job *j = arg;
    /* "プロキシ" in CP932, then a cut-off lead byte; and UTF-16LE "時". */
    static const char sjis[] = "\x83\x76\x83\x8d\x83\x4c\x83\x56";
    static const char utf8[] = "プロキシ";
    static const char cut[] = "ok\x83";
    static const char u16[] = "\x42\x66";
    for (int r = 0; r < CONV_ROUNDS; r++) {
        char tag[16];
        int tn = snprintf(tag, sizeof tag, "t%d.%d", j->id, r);
        int ok = 1;
        switch ((j->id + r) % 4) {
        case 0:
            ok &= conv_check(j, 1, 932, sjis, sizeof sjis - 1, utf8, sizeof utf8 - 1);
            ok &= conv_check(j, 1, 932, tag, (size_t)tn, tag, (size_t)tn);
            break;
        case 1:
            ok &= conv_check(j, 1, 932, cut, sizeof cut - 1, "ok\xEF\xBF\xBD", 5);
            ok &= conv_check(j, 0, 932, utf8, sizeof utf8 - 1, sjis, sizeof sjis - 1);
            break;
        case 2:
            ok &= conv_check(j, 0, 932, "a\xE6\x99", 3, "a?", 2);
            ok &= conv_check(j, 0, 1252, tag, (size_t)tn, tag, (size_t)tn);
            break;
        default:
            ok &= conv_check(j, 1, 1200, u16, 2, "時", sizeof "時" - 1);
            ok &= conv_check(j, 0, 1200, "時", sizeof "時" - 1, u16, 2);
            break;
        }
        j->rounds_ok += ok;
    }
}

static void test_encoding_conversions_from_many_threads_each_get_their_own_text(void **state)
{
    (void)state;
    struct conv_job jobs[CONV_THREADS];
    struct plat_thread *th[CONV_THREADS];
    for (int i = 0; i < CONV_THREADS; i++) {
        jobs[i].id = i;
        jobs[i].rounds_ok = 0;
        jobs[i].failure[0] = '\0';
        th[i] = plat_thread_start(conv_worker, &jobs[i]);
        assert_non_null(th[i]);
    }
    for (int i = 0; i < CONV_THREADS; i++)
        plat_thread_join(th[i]);
    for (int i = 0; i < CONV_THREADS; i++) {
        if (jobs[i].failure[0])
            fail_msg("%s", jobs[i].failure);
        assert_int_equal(jobs[i].rounds_ok, CONV_ROUNDS);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding_cp932_becomes_utf8),
        cmocka_unit_test(test_encoding_utf16le_with_and_without_bom),
        cmocka_unit_test(test_encoding_utf16be_with_bom),
        cmocka_unit_test(test_encoding_utf8_bom_is_removed),
        cmocka_unit_test(test_encoding_bad_bytes_become_replacement_characters),
        cmocka_unit_test(test_encoding_lines_split_crlf_and_lf),
        cmocka_unit_test(test_encoding_detects_plain_ascii_as_utf8),
        cmocka_unit_test(test_encoding_conversions_from_many_threads_each_get_their_own_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
