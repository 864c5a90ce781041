/* Every entry of shared/spec/kb-ids.md is reachable: through its triggers
 * where a probe or collector sees the cause (a synthetic report with that
 * one finding), else through `kb search` with the text the manual quotes
 * (issue 3, Done when). */
#include "testutil.h"
#include "kb_fixture.h"

#include <string.h>

#include "kb/kb.h"
#include "kb/kb_search.h"

/* finding: the entry must rank first for a report holding only this
 * finding; search: the entry must be the first hit for the text. */
static const struct reach {
    const char *id;
    const char *finding;
    enum fstatus st;
    const char *search;
} reach[] = {
    {"edge-latest", "system.edge", FST_FAIL, NULL},
    {"distroapp-stop-autoupdate", NULL, 0, "自動更新を停止"},
    {"master-password-change", NULL, 0, "一定期間マスタアカウントでログインしていなかった"},
    {"result-file-inoperable", "folders.acl", FST_FAIL, NULL},
    {"comapp-not-working", "comapp.results", FST_FAIL, NULL},
    {"ntp-dns-round-robin", "ntp.rr.unreachable", FST_FAIL, NULL},
    {"client-apps-install", "comapp.version", FST_WARN, NULL},
    {"account-oqscomapp", "account.case", FST_FAIL, NULL},
    {"account-password-policy", NULL, 0, "パスワード ポリシーの要件を満たしていません"},
    {"proxy-winhttp-settings", "proxy.winhttp.not_imported", FST_FAIL, NULL},
    {"proxy-requirements", "proxy.tunnel.auth_required", FST_FAIL, NULL},
    {"proxy-maintenance", NULL, 0, "Windows Updateがエラーになります"},
    {"ntp-sync-failed", "ntp.w32tm.source", FST_FAIL, NULL},
    {"display-scaling", "system.display", FST_WARN, NULL},
    {"installer-message", NULL, 0, "ツールを終了します。何かキーを押してください"},
    {"cert-missing-or-invalid", "cert.client.present", FST_FAIL, NULL},
    {"cert-expiry", "cert.client.expiry", FST_WARN, NULL},
    {"cert-strong-key-protection", NULL, 0, "新しい秘密交換キーをインポートします。"},
    {"cert-root-not-trusted", "cert.root.present", FST_FAIL, NULL},
    {"cert-shared-or-code-change", "cert.client.multiple", FST_WARN, NULL},
    {"oqs-url-wrong", "web.shortcut", FST_FAIL, NULL},
    {"ipvpn-line-auth", NULL, 0, "回線認証接続"},
    {"distroapp-record-empty", "distroapp.record.terminal_id", FST_FAIL, NULL},
    {"distroapp-connection-failed", NULL, 0, "接続失敗"},
    {"tasks-not-registered", "tasks.runas", FST_FAIL, NULL},
    {"credentials-missing-or-invalid", "creds.login_key", FST_FAIL, NULL},
    {"after-setup-breakage", "system.dotnet", FST_FAIL, NULL},
    /* Added by issue 15 (the manual's 構成 ①②③, 8-01 設定の変更). */
    {"network-configuration", NULL, 0, "プロキシ設定の内容は利用される配信方法（ネットワーク構成）に応じて異なります"},
    {"distroapp-cloud-setting", "distroapp.settings.target", FST_FAIL, NULL},
    /* 2 時刻 6 / 8-03: the line setup (IPsec+IKE), and 5-4's login error
     * apart from 補6. */
    {"line-setup", NULL, 0, "通信回線の設定が正しくされていることを確認"},
    {"oqs-login-error", NULL, 0, "入力したID、パスワードに間違いがないか確認してください"},
    /* Issue 15 point 6: section 7's 文字コード, 3-02's こんなときは, the 注意 on
     * face authentication. */
    {"character-code-setting", NULL, 0, "文字コードをShift-JISに変更する必要がある"},
    {"shared-folder-location", NULL, 0, "共有するフォルダを変更したい場合やフォルダ格納時に暗号化の設定をしたい場合"},
    {"face-auth-separate-terminal", "system.face_auth", FST_WARN, NULL},
};
#define NREACH (sizeof reach / sizeof reach[0])

static void test_table_covers_every_kb_ids_entry(void **state)
{
    (void)state;
    /* kb-ids.md lists 27 ids, issue 15 adds 7; each is built in, and
     * nothing else is. */
    assert_int_equal(NREACH, 34);
    assert_int_equal(kb_count(tu_kb), NREACH);
    for (size_t i = 0; i < NREACH; i++) {
        if (!kb_find(tu_kb, reach[i].id))
            fprintf(stderr, "missing entry %s\n", reach[i].id);
        assert_non_null(kb_find(tu_kb, reach[i].id));
    }
}

static void test_every_entry_is_reachable(void **state)
{
    (void)state;
    for (size_t i = 0; i < NREACH; i++) {
        const struct reach *x = &reach[i];
        const char *got = NULL;
        struct report *r = report_new("live");
        struct kb_search_hit *hits = NULL;
        size_t n = 0;
        if (x->finding) {
            assert_int_equal(report_add(r, x->finding, x->st, "test", NULL, "x", "x"), 0);
            assert_int_equal(kb_match(tu_kb, r, NULL, NULL), 0);
            if (r->nkb)
                got = r->kb[0].id;
        } else {
            assert_int_equal(kb_search(tu_kb, x->search, &hits, &n, NULL), 0);
            if (n)
                got = hits[0].e->id;
        }
        if (!got || strcmp(got, x->id) != 0)
            fprintf(stderr, "%s: got %s\n", x->id, got ? got : "nothing");
        assert_non_null(got);
        assert_string_equal(got, x->id);
        free(hits);
        report_free(r);
    }
}

/* The three symptoms the issue names, as the customer reads them out. */
static void test_search_finds_the_issues_examples(void **state)
{
    (void)state;
    static const char *const q[][2] = {
        {"ピアは解決されていません", "ntp-sync-failed"},
        {"接続検証環境", "oqs-url-wrong"},
        {"医療情報閲覧用端末", "oqs-url-wrong"},
        {"秘密交換キー", "cert-strong-key-protection"},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        struct kb_search_hit *hits;
        size_t n;
        assert_int_equal(kb_search(tu_kb, q[i][0], &hits, &n, NULL), 0);
        assert_true(n >= 1);
        assert_string_equal(hits[0].e->id, q[i][1]);
        assert_string_equal(hits[0].field, "symptom");
        free(hits);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_covers_every_kb_ids_entry),
        cmocka_unit_test(test_every_entry_is_reachable),
        cmocka_unit_test(test_search_finds_the_issues_examples),
    };
    return cmocka_run_group_tests(tests, tu_kb_setup, tu_kb_teardown);
}
