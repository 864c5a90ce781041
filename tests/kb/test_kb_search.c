/* kb search: what the customer reads out finds its entry, whatever the
 * width, kana or case (kb_search.h). */
#include "testutil.h"
#include "kb_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "kb/kb.h"
#include "kb/kb_search.h"

static void norm_is(const char *in, const char *want)
{
    char *got = kb_search_normalize(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_normalize_folds_width_kana_case_and_punctuation(void **state)
{
    (void)state;
    norm_is("ＡＢＣ１２３", "abc123");
    norm_is("ｶﾞｷﾞﾊﾟﾎﾟｳﾞ", "がぎぱぽゔ");
    norm_is("カタカナ", "かたかな");
    norm_is("「テスト」。、・ ＷinHTTP", "てすとwinhttp");
    norm_is("ﾌﾟﾛｷｼ サーバー", "ぷろきしさーばー");
    norm_is("", "");
}

static const char *first_hit(const char *q)
{
    static char id[64];
    struct kb_search_hit *hits;
    size_t n;
    assert_int_equal(kb_search(tu_kb, q, &hits, &n, NULL), 0);
    id[0] = '\0';
    if (n)
        snprintf(id, sizeof id, "%s", hits[0].e->id);
    free(hits);
    return id;
}

static void test_search_tolerates_width_kana_and_case(void **state)
{
    (void)state;
    assert_string_equal(first_hit("ﾋﾟｱは解決されていません"), "ntp-sync-failed");
    assert_string_equal(first_hit("ぴあはかいけつされていません"), "ntp-sync-failed");
    assert_string_equal(first_hit("接続検証環境"), "oqs-url-wrong");
    assert_string_equal(first_hit("ＷＩＮＨＴＴＰ"), "proxy-winhttp-settings");
    assert_string_equal(first_hit("netsh winhttp import proxy source=ie"), "proxy-winhttp-settings");
}

static void test_search_finds_partial_and_misremembered_text(void **state)
{
    (void)state;
    assert_string_equal(first_hit("秘密交換"), "cert-strong-key-protection");
    assert_string_equal(first_hit("ピアが解決されていない"), "ntp-sync-failed");
    assert_string_equal(first_hit("ntp.base.oqs-pdl.org と同期中にエラーが発生しました。"),
                        "ntp-sync-failed");
}

static void test_search_without_a_match_returns_nothing(void **state)
{
    (void)state;
    assert_string_equal(first_hit("zzqqxxyy"), "");
    struct kb_search_hit *hits;
    size_t n;
    struct oqs_err err = {{0}};
    assert_int_equal(kb_search(tu_kb, "「」。 ", &hits, &n, &err), -1);
    assert_true(tu_contains(err.msg, "no letters"));
}

static void test_cli_search_prints_the_entry(void **state)
{
    (void)state;
    struct buf out = {0};
    const char *argv[] = {"oqsdiag", "--lang", "en", "kb", "search", "ﾋﾟｱは解決", NULL};
    assert_int_equal(tu_run(argv, &out, NULL), 0);
    assert_true(tu_contains(out.data, "ntp-sync-failed"));
    assert_true(tu_contains(out.data, "Time synchronisation fails"));
    buf_free(&out);
    const char *none[] = {"oqsdiag", "--lang", "ja", "kb", "search", "zzqqxxyy", NULL};
    assert_int_equal(tu_run(none, &out, NULL), 0);
    assert_true(tu_contains(out.data, "該当する項目はありません"));
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_folds_width_kana_case_and_punctuation),
        cmocka_unit_test(test_search_tolerates_width_kana_and_case),
        cmocka_unit_test(test_search_finds_partial_and_misremembered_text),
        cmocka_unit_test(test_search_without_a_match_returns_nothing),
        cmocka_unit_test(test_cli_search_prints_the_entry),
    };
    return cmocka_run_group_tests(tests, tu_kb_setup, tu_kb_teardown);
}
