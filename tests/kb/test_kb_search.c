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

/* The phrase table (tests/fixtures/kb/search_phrases.tsv): issue 15 asks
 * for >= 90 % of the phrases finding their entry first and >= 98 % in the
 * top three; the test prints both shares and every phrase that missed. */
static void test_phrase_table_finds_the_right_entry(void **state)
{
    (void)state;
    struct buf tsv = {0};
    assert_int_equal(buf_read_file(&tsv, tu_fixture("kb/search_phrases.tsv"), 1 << 20), 0);
    size_t total = 0, first = 0, top3 = 0;
    char *save = NULL;
    for (char *line = strtok_r(tsv.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || !line[0])
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *want = tab + 1;
        assert_non_null(kb_find(tu_kb, want));
        struct kb_search_hit *hits;
        size_t n;
        assert_int_equal(kb_search(tu_kb, line, &hits, &n, NULL), 0);
        total++;
        size_t rank = 0;
        for (size_t i = 0; i < n && i < 3 && !rank; i++)
            if (strcmp(hits[i].e->id, want) == 0)
                rank = i + 1;
        first += rank == 1;
        top3 += rank >= 1;
        if (rank != 1)
            fprintf(stderr, "kb search: '%s' -> %s at %s (first: %s)\n", line, want,
                    rank ? "rank 2-3" : "not in top 3", n ? hits[0].e->id : "nothing");
        free(hits);
    }
    buf_free(&tsv);
    fprintf(stderr, "kb search: %zu phrases, %zu first (%.1f %%), %zu in the top three (%.1f %%)\n",
            total, first, 100.0 * (double)first / (double)total, top3,
            100.0 * (double)top3 / (double)total);
    assert_true(total >= 40);
    assert_true(first * 100 >= total * 90);
    assert_true(top3 * 100 >= total * 98);
}

/* Ids are matched whole, never as a part of the text: "ntp" is a word of
 * several entries' text, not a hit on every id holding it. */
static void test_ids_and_refs_match_whole(void **state)
{
    (void)state;
    assert_string_equal(first_hit("ntp-sync-failed"), "ntp-sync-failed");
    assert_string_equal(first_hit("補2"), "distroapp-stop-autoupdate");
    assert_string_equal(first_hit("補24"), "ntp-dns-round-robin");
    struct kb_search_hit *hits;
    size_t n;
    assert_int_equal(kb_search(tu_kb, "sync-failed", &hits, &n, NULL), 0);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(hits[i].field, "id");
    free(hits);
}

/* The synonym table: a word the entries do not use finds them through its
 * synonym (時計 -> 時刻). */
static void test_synonyms_widen_the_query(void **state)
{
    (void)state;
    assert_string_equal(first_hit("時計がずれている"), "ntp-sync-failed");
    /* 5-4 「エラーが表示される」 (補6 is the demanded password change). */
    assert_string_equal(first_hit("login error"), "oqs-login-error");
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
        cmocka_unit_test(test_phrase_table_finds_the_right_entry),
        cmocka_unit_test(test_ids_and_refs_match_whole),
        cmocka_unit_test(test_synonyms_widen_the_query),
        cmocka_unit_test(test_cli_search_prints_the_entry),
    };
    return cmocka_run_group_tests(tests, tu_kb_setup, tu_kb_teardown);
}
