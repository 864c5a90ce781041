/* kb_load: built-in entries, then --kb DIR (same id: the directory wins);
 * the kb command's list, show and findings. */
#include "testutil.h"

#include <string.h>

#include "core/catalog.h"
#include "kb/kb.h"

static void test_kb_dir_overrides_and_adds_entries(void **state)
{
    (void)state;
    struct kb *base = kb_load(NULL, NULL);
    struct oqs_err err = {{0}};
    struct kb *kb = kb_load(tu_fixture("kb/override"), &err);
    assert_non_null(base);
    assert_non_null(kb);
    assert_int_equal(kb_count(kb), kb_count(base) + 1);
    assert_string_equal(kb_find(kb, "ntp-sync-failed")->title_ja, "上書きされた時刻の項目");
    assert_string_not_equal(kb_find(base, "ntp-sync-failed")->title_ja, "上書きされた時刻の項目");
    assert_true(tu_contains(kb_find(kb, "ntp-sync-failed")->file, "override/ntp-sync-failed.kb"));
    /* Sorted by id whatever the source. */
    for (size_t i = 1; i < kb_count(kb); i++)
        assert_true(strcmp(kb_at(kb, i - 1)->id, kb_at(kb, i)->id) < 0);
    /* The added entry's trigger works like a built-in one. */
    struct report *r = report_new("live");
    assert_int_equal(report_add(r, "ntp.offset", FST_WARN, "t", NULL, "x", "x"), 0);
    assert_int_equal(kb_match(kb, r, NULL, NULL), 0);
    assert_int_equal(r->nkb, 1);
    assert_string_equal(r->kb[0].id, "site-offset");
    assert_string_equal(r->kb[0].title_en, "Site entry: clock offset");
    report_free(r);
    kb_free(kb);
    kb_free(base);
}

static void test_broken_kb_dir_fails_load_with_file_and_line(void **state)
{
    (void)state;
    struct oqs_err err = {{0}};
    assert_null(kb_load(tu_fixture("kb/lint/bad-pattern"), &err));
    assert_true(tu_contains(err.msg, "bad-pattern.kb:11: bad pattern"));
    struct buf out = {0}, e2 = {0};
    const char *argv[] = {"oqsdiag", "--kb", tu_fixture("kb/lint/unknown-finding"), "kb", "list",
                          NULL};
    assert_int_equal(tu_run(argv, &out, &e2), 3);
    assert_int_equal(out.len, 0);
    assert_true(tu_contains(e2.data, "unknown-finding.kb:11:"));
    buf_free(&out);
    buf_free(&e2);
}

static void test_cli_show_renders_ja_and_en(void **state)
{
    (void)state;
    struct buf out = {0};
    const char *ja[] = {"oqsdiag", "--lang", "ja", "kb", "show", "ntp-dns-round-robin", NULL};
    assert_int_equal(tu_run(ja, &out, NULL), 0);
    assert_true(tu_contains(out.data, "ネットワーク機器がDNSラウンドロビン非対応の場合"));
    assert_true(tu_contains(out.data, "参照: 補24"));
    assert_true(tu_contains(out.data, "対処:\n  1. 別紙 トラブルシューティング 補24"));
    assert_true(tu_contains(out.data, "finding ntp.rr.unreachable"));
    buf_free(&out);
    const char *en[] = {"oqsdiag", "--lang", "en", "kb", "show", "ntp-dns-round-robin", NULL};
    assert_int_equal(tu_run(en, &out, NULL), 0);
    assert_true(tu_contains(out.data, "Network equipment does not support DNS round robin"));
    assert_true(tu_contains(out.data, "Fix:\n  [field knowledge] See 補24"));
    buf_free(&out);
    const char *over[] = {"oqsdiag", "--kb", tu_fixture("kb/override"), "--lang", "ja",
                          "kb", "show", "ntp-sync-failed", NULL};
    assert_int_equal(tu_run(over, &out, NULL), 0);
    assert_true(tu_contains(out.data, "上書きされた時刻の項目"));
    buf_free(&out);
}

static void test_cli_show_json_has_every_field(void **state)
{
    (void)state;
    struct buf out = {0};
    const char *argv[] = {"oqsdiag", "--json", "kb", "show", "oqs-url-wrong", NULL};
    assert_int_equal(tu_run(argv, &out, NULL), 0);
    json_t *doc = json_loads(out.data, 0, NULL);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "id")), "oqs-url-wrong");
    assert_string_equal(json_string_value(json_array_get(json_object_get(doc, "refs"), 0)), "5-3");
    assert_true(json_array_size(json_object_get(doc, "symptoms")) >= 2);
    assert_true(json_array_size(json_object_get(doc, "triggers")) >= 1);
    json_decref(doc);
    buf_free(&out);
}

static void test_cli_show_unknown_id_exits_3(void **state)
{
    (void)state;
    struct buf err = {0};
    const char *argv[] = {"oqsdiag", "kb", "show", "no-such-entry", NULL};
    assert_int_equal(tu_run(argv, NULL, &err), 3);
    assert_true(tu_contains(err.data, "no-such-entry"));
    buf_free(&err);
    const char *bad[] = {"oqsdiag", "kb", "frob", NULL};
    assert_int_equal(tu_run(bad, NULL, &err), 3);
    assert_true(tu_contains(err.data, "unknown kb command 'frob'"));
    buf_free(&err);
    const char *none[] = {"oqsdiag", "kb", NULL};
    assert_int_equal(tu_run(none, NULL, NULL), 3);
}

static void test_cli_list_and_findings(void **state)
{
    (void)state;
    struct buf out = {0};
    const char *list[] = {"oqsdiag", "--lang", "en", "kb", "list", NULL};
    assert_int_equal(tu_run(list, &out, NULL), 0);
    assert_true(tu_contains(out.data, "after-setup-breakage"));
    assert_true(tu_contains(out.data, "tasks-not-registered"));
    buf_free(&out);
    const char *f[] = {"oqsdiag", "--lang", "en", "kb", "findings", NULL};
    assert_int_equal(tu_run(f, &out, NULL), 0);
    for (size_t i = 0; i < catalog_count(); i++)
        assert_true(tu_contains(out.data, catalog_at(i)->id));
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kb_dir_overrides_and_adds_entries),
        cmocka_unit_test(test_broken_kb_dir_fails_load_with_file_and_line),
        cmocka_unit_test(test_cli_show_renders_ja_and_en),
        cmocka_unit_test(test_cli_show_json_has_every_field),
        cmocka_unit_test(test_cli_show_unknown_id_exits_3),
        cmocka_unit_test(test_cli_list_and_findings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
