#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
