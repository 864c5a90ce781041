/* The credential mask's data file (collectors/bundle/credential_keys.def):
 * every example masks as written there, in every encoding a Windows file
 * may use; and masking is lossless: outside the masked spans every byte of a
 * mixed CP932/UTF-8/UTF-16 file stays as it was (issue 21). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/bundle/bundle_credmask.h"
#include "collectors/bundle/bundle_redact.h"
#include "core/platform.h"

static const struct {
    const char *form, *in, *out;
} cases[] = {
#define CRED_KEY(pattern, lang, why)
#define CRED_CASE(form, in, out) {form, in, out},
#include "collectors/bundle/credential_keys.def"
#undef CRED_KEY
#undef CRED_CASE
};
#define NCASES (sizeof cases / sizeof cases[0])

static const char *const key_langs[] = {
#define CRED_KEY(pattern, lang, why) lang,
#define CRED_CASE(form, in, out)
#include "collectors/bundle/credential_keys.def"
#undef CRED_KEY
#undef CRED_CASE
};

static size_t count_masks(const char *s)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, "********")); p += 8)
        n++;
    return n;
}

static void test_credmask_every_case_of_the_data_file(void **state)
{
    (void)state;
    struct credmask *cm = credmask_new(NULL);
    assert_non_null(cm);
    assert_true(NCASES >= 30);
    for (size_t i = 0; i < NCASES; i++) {
        char *out;
        size_t n, count;
        assert_int_equal(credmask_text(cm, cases[i].in, strlen(cases[i].in), &out, &n, &count, NULL), 0);
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("%s: \"%s\" gave \"%s\", expected \"%s\"", cases[i].form, cases[i].in, out,
                     cases[i].out);
        /* The count is of values masked now, not of masks already there. */
        size_t want = count_masks(cases[i].out) - count_masks(cases[i].in);
        if (count != want)
            fail_msg("%s: %zu masked, expected %zu", cases[i].form, count, want);
        free(out);
    }
    credmask_free(cm);
}

static void test_credmask_keys_in_japanese_and_english(void **state)
{
    (void)state;
    int ja = 0, en = 0;
    for (size_t i = 0; i < sizeof key_langs / sizeof *key_langs; i++) {
        ja += strcmp(key_langs[i], "ja") == 0;
        en += strcmp(key_langs[i], "en") == 0;
    }
    assert_true(ja >= 3 && en >= 3);
}

/* Bytes of text in a code page (1200/1201 UTF-16LE/BE, 932, 65001). */
static char *enc(unsigned cp, const char *utf8, size_t *n)
{
    char *o;
    if (cp == 65001) {
        *n = strlen(utf8);
        o = malloc(*n + 1);
        memcpy(o, utf8, *n + 1);
        return o;
    }
    assert_int_equal(plat_utf8_to_codepage(cp, utf8, strlen(utf8), &o, n, NULL), 0);
    return o;
}

static size_t vn_of(unsigned cp, const char *utf8)
{
    size_t n;
    free(enc(cp, utf8, &n));
    return n;
}

static void test_credmask_each_case_in_each_encoding(void **state)
{
    (void)state;
    static const unsigned cps[] = {65001, 932, 1200, 1201};
    struct credmask *cm = credmask_new(NULL);
    assert_non_null(cm);
    for (size_t k = 0; k < 4; k++)
        for (size_t i = 0; i < NCASES; i++) {
            size_t inn, outn, gotn, count;
            /* A UTF-16 file is found by its NUL bytes: a line of Japanese
             * only has none until its line end. */
            char lin[512], lout[512];
            snprintf(lin, sizeof lin, "%s\r\n", cases[i].in);
            snprintf(lout, sizeof lout, "%s\r\n", cases[i].out);
            char *in = enc(cps[k], lin, &inn), *want = enc(cps[k], lout, &outn);
            unsigned char *got;
            assert_int_equal(redact_bytes(NULL, cm, "logs/comapp/a.log", (unsigned char *)in, inn,
                                          &got, &gotn, &count, NULL), 0);
            if (gotn != outn || memcmp(got, want, outn) != 0)
                fail_msg("%s in code page %u: \"%s\" not masked as \"%s\"", cases[i].form, cps[k],
                         cases[i].in, cases[i].out);
            free(in);
            free(want);
            free(got);
        }
    credmask_free(cm);
}

/* A CP932 log with a UTF-8 line, then a UTF-16LE tail at an odd offset
 * (PowerShell 5 `>>`), and bytes that are no text at all. */
static void test_credmask_is_lossless_on_mixed_encodings(void **state)
{
    (void)state;
    struct buf f = {0};
    size_t n;
    char *p = enc(932, "2026-11-23 起動 接続先\r\npassword=Sjis秘密1\r\n", &n);
    buf_append(&f, p, n);
    free(p);
    buf_appends(&f, "utf8 行: 暗証番号=1234 end\n\xff\xfe\x80 raw\r\n");
    p = enc(1200, "追記 secret: U16Tail9\r\n後続 行\r\n", &n);
    buf_append(&f, "X", 1); /* the tail starts at an odd offset */
    buf_append(&f, p, n);
    free(p);
    struct credmask *cm = credmask_new(NULL);
    unsigned char *out;
    size_t outn, count;
    assert_int_equal(redact_bytes(NULL, cm, "logs/comapp/a.log", (unsigned char *)f.data, f.len,
                                  &out, &outn, &count, NULL), 0);
    assert_int_equal(count, 3);
    /* Expected: the input with exactly the three values replaced. */
    struct buf want = {0};
    size_t a = 0;
    const struct {
        const char *value;
        unsigned cp;
    } vals[] = {{"Sjis秘密1", 932}, {"1234 end", 65001}, {"U16Tail9", 1200}};
    for (size_t i = 0; i < 3; i++) {
        size_t vn;
        char *v = enc(vals[i].cp, vals[i].value, &vn);
        char *at = NULL;
        for (size_t j = a; j + vn <= f.len && !at; j++)
            if (memcmp(f.data + j, v, vn) == 0)
                at = f.data + j;
        assert_non_null(at);
        buf_append(&want, f.data + a, (size_t)(at - f.data) - a);
        size_t mn;
        char *m = enc(vals[i].cp, "********", &mn);
        buf_append(&want, m, mn);
        free(m);
        a = (size_t)(at - f.data) + vn_of(vals[i].cp, vals[i].value);
        free(v);
    }
    buf_append(&want, f.data + a, f.len - a);
    if (outn != want.len || memcmp(out, want.data, outn) != 0)
        fail_msg("bytes outside the masked spans changed (%zu bytes out, %zu expected)", outn, want.len);
    free(out);
    buf_free(&want);
    buf_free(&f);
    credmask_free(cm);
}

static void test_credmask_file_without_secret_keeps_every_byte(void **state)
{
    (void)state;
    /* Undecodable bytes, a lone CP932 lead byte, NULs: nothing to mask. */
    static const unsigned char in[] = "abc\x81\r\n\xff\xfe\x00\x00x\x82\n\xe3\x81";
    struct credmask *cm = credmask_new(NULL);
    unsigned char *out;
    size_t outn, count;
    assert_int_equal(redact_bytes(NULL, cm, "logs/distroapp/b.log", in, sizeof in - 1, &out,
                                  &outn, &count, NULL), 0);
    assert_int_equal(count, 0);
    assert_int_equal(outn, sizeof in - 1);
    assert_memory_equal(out, in, outn);
    free(out);
    credmask_free(cm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_credmask_every_case_of_the_data_file),
        cmocka_unit_test(test_credmask_keys_in_japanese_and_english),
        cmocka_unit_test(test_credmask_each_case_in_each_encoding),
        cmocka_unit_test(test_credmask_is_lossless_on_mixed_encodings),
        cmocka_unit_test(test_credmask_file_without_secret_keeps_every_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
