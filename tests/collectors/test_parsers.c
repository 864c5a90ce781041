/* The parsers of the snapshot files over the wording and encodings Windows
 * uses (collectors/parsers/parsers.h): Japanese and English, CP932, UTF-16LE, UTF-8,
 * CSV quoting, repeated headers, a lying XML declaration, and bad input that
 * must name its line. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/parsers/certs.h"
#include "collectors/parsers/parsers.h"

#define U(s) (const unsigned char *)(s), sizeof(s) - 1

/* UTF-16LE with BOM of an ASCII/UTF-8 string, as PowerShell writes. */
static unsigned char *utf16(const char *s, size_t *n)
{
    size_t len = strlen(s);
    unsigned char *o = malloc(2 + len * 2);
    size_t w = 0;
    o[w++] = 0xFF;
    o[w++] = 0xFE;
    for (size_t i = 0; i < len; i++) {
        o[w++] = (unsigned char)s[i];
        o[w++] = 0;
    }
    *n = w;
    return o;
}

static void test_csv_reads_quotes_repeated_headers_and_japanese(void **state)
{
    (void)state;
    /* CP932: "タスク名" etc. come from the fixture; here UTF-8 Japanese. */
    static const char csv[] =
        "\r\n\"ホスト名\",\"タスク名\",\"次回の実行時刻\",\"状態\",\"ログオン モード\",\"前回の実行時刻\","
        "\"前回の結果\",\"作成者\",\"実行するタスク\",\"開始\",\"コメント\",\"スケジュールされたタスクの状態\","
        "\"アイドル時間\",\"電源管理\",\"ユーザーとして実行\"\r\n"
        "\"SV\",\"\\OQS_exec_comappstart\",\"N/A\",\"準備完了\",\"x\",\"2026/11/24 9:00:00\",\"0\",\"a\","
        "\"\"\"C:\\Program Files\\x.exe\"\" /a, /b\",\"N/A\",\"two\r\nlines\",\"無効\",\"\",\"\",\"SV\\OqsComApp\"\r\n"
        "\r\n\"ホスト名\",\"タスク名\",\"次回の実行時刻\",\"状態\",\"ログオン モード\",\"前回の実行時刻\","
        "\"前回の結果\",\"作成者\",\"実行するタスク\",\"開始\",\"コメント\",\"スケジュールされたタスクの状態\","
        "\"アイドル時間\",\"電源管理\",\"ユーザーとして実行\"\r\n"
        "\"SV\",\"\\Microsoft\\Other\",\"N/A\",\"準備完了\",\"x\",\"N/A\",\"-2147024894\",\"a\",\"b\",\"c\","
        "\"d\",\"有効\",\"\",\"\",\"SYSTEM\"\r\n";
    struct schtasks s;
    struct parse_diag d = {0};
    assert_int_equal(schtasks_csv_parse(U(csv), &s, &d), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.by_position, 0);
    const struct sched_row *r = schtasks_find(&s, "oqs_exec_COMAPPSTART");
    assert_non_null(r);
    assert_string_equal(r->run_as, "SV\\OqsComApp");
    assert_int_equal(sched_row_enabled(r), 0);
    assert_int_equal(r->line, 3);
    unsigned long code;
    assert_int_equal(sched_result_code(s.rows[1].last_result, &code), 0);
    assert_int_equal(code, 0x80070002UL);
    assert_non_null(sched_result_meaning(code));
    /* the row after a quoted line break keeps its own line number */
    assert_int_equal(s.rows[1].line, 7);
    schtasks_free(&s);
}

static void test_csv_unknown_header_falls_back_to_positions(void **state)
{
    (void)state;
    static const char csv[] =
        "\"H\",\"T\",\"N\",\"S\",\"L\",\"LR\",\"R\",\"A\",\"TR\",\"SI\",\"C\",\"ST\",\"I\",\"P\",\"U\"\n"
        "\"SV\",\"\\OQS_exec_distroappstart\",\"\",\"Prêt\",\"\",\"\",\"267011\",\"\",\"\",\"\",\"\","
        "\"Enabled\",\"\",\"\",\"OqsComApp\"\n";
    struct schtasks s;
    struct parse_diag d = {0};
    assert_int_equal(schtasks_csv_parse(U(csv), &s, &d), 0);
    assert_int_equal(s.by_position, 1);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.rows[0].last_result, "267011");
    assert_string_equal(s.rows[0].run_as, "OqsComApp");
    schtasks_free(&s);
}

static void test_csv_unclosed_quote_names_a_line(void **state)
{
    (void)state;
    static const char csv[] = "\"HostName\",\"TaskName\"\n\"SV\",\"\\OQS_exec_x\n";
    struct schtasks s;
    struct parse_diag d = {0};
    assert_int_equal(schtasks_csv_parse(U(csv), &s, &d), -1);
    assert_true(d.line >= 1);
    assert_true(tu_contains(d.why, "quoted"));
    schtasks_free(&s);
}

static void test_task_xml_ignores_a_lying_declaration(void **state)
{
    (void)state;
    /* UTF-8 bytes under encoding="UTF-16", namespace and a disabled trigger */
    static const char xml[] =
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
        "<Task xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n"
        "<Triggers><BootTrigger><Enabled>false</Enabled></BootTrigger>"
        "<LogonTrigger/></Triggers>\n"
        "<Principals><Principal id=\"Author\"><UserId>S-1-5-21-1-2-3-1001</UserId>\n"
        "<LogonType>Password</LogonType></Principal></Principals>\n"
        "<Settings><Enabled>false</Enabled></Settings>\n"
        "<Actions><Exec><Command>C:\\x.exe</Command></Exec></Actions></Task>\n";
    struct task_xml x;
    struct parse_diag d = {0};
    assert_int_equal(task_xml_parse(U(xml), &x, &d), 0);
    assert_int_equal(x.enabled, 0);
    assert_int_equal(x.ntriggers_all, 2);
    assert_int_equal(x.ntriggers, 1);
    assert_string_equal(x.user_id, "S-1-5-21-1-2-3-1001");
    assert_int_equal(x.user_line, 4);
    assert_string_equal(x.command, "C:\\x.exe");
    size_t n;
    unsigned char *w = utf16(xml, &n);
    assert_int_equal(task_xml_parse(w, n, &x, &d), 0);
    assert_int_equal(x.ntriggers, 1);
    free(w);
}

static void test_task_xml_broken_names_the_line(void **state)
{
    (void)state;
    static const char xml[] = "<Task>\n<Triggers>\n<BootTrigger>\n</Task>\n";
    struct task_xml x;
    struct parse_diag d = {0};
    assert_int_equal(task_xml_parse(U(xml), &x, &d), -1);
    assert_int_equal(d.line, 4);
    static const char other[] = "<NotATask/>";
    assert_int_equal(task_xml_parse(U(other), &x, &d), -1);
}

static void test_netsh_reads_both_languages_and_utf16(void **state)
{
    (void)state;
    struct winhttp_proxy p;
    struct parse_diag d = {0};
    static const char en[] = "\r\nCurrent WinHTTP proxy settings:\r\n\r\n"
                             "    Proxy Server(s) :  http=a:1;https=proxy.base.oqs-pdl.org:8080\r\n"
                             "    Bypass List     :  *.rece;pweb.base.oqs-pdl.org\r\n";
    assert_int_equal(netsh_proxy_parse(U(en), &p, &d), 0);
    assert_string_equal(p.server, "proxy.base.oqs-pdl.org:8080");
    assert_string_equal(p.bypass, "*.rece;pweb.base.oqs-pdl.org");
    assert_int_equal(p.bypass_line, 5);
    winhttp_proxy_free(&p);
    size_t n;
    unsigned char *w = utf16("\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n", &n);
    assert_int_equal(netsh_proxy_parse(w, n, &p, &d), 0);
    assert_int_equal(p.direct, 1);
    winhttp_proxy_free(&p);
    free(w);
    /* CP932: 「直接アクセス (プロキシ サーバーなし)。」 */
    static const char ja[] = "    \x92\xbc\x90\xda\x83\x41\x83\x4e\x83\x5a\x83\x58 (x)\r\n";
    assert_int_equal(netsh_proxy_parse(U(ja), &p, &d), 0);
    assert_int_equal(p.direct, 1);
    winhttp_proxy_free(&p);
    static const char junk[] = "hello\nworld\n";
    assert_int_equal(netsh_proxy_parse(U(junk), &p, &d), -1);
    assert_int_equal(d.line, 1);
    winhttp_proxy_free(&p);
}

static void test_bypass_split_is_case_free(void **state)
{
    (void)state;
    struct strv v = {0};
    assert_int_equal(bypass_split(" *.RECE; pweb.Base.oqs-pdl.org,,x ", &v), 0);
    assert_int_equal(v.n, 3);
    assert_string_equal(v.v[0], "*.rece");
    assert_string_equal(v.v[1], "pweb.base.oqs-pdl.org");
    strv_free(&v);
}

static void test_net_user_reads_name_case_groups_and_absence(void **state)
{
    (void)state;
    static const char en[] = "User name                    oqscomapp\r\nAccount active               No\r\n"
                             "Local Group Memberships      *Administrators       *Remote Desktop Users\r\n"
                             "                             *Users\r\n"
                             "Global Group memberships     *None\r\n";
    struct net_user u;
    struct parse_diag d = {0};
    assert_int_equal(net_user_parse(U(en), &u, &d), 0);
    assert_int_equal(u.found, 1);
    assert_string_equal(u.name, "oqscomapp");
    assert_int_equal(u.active, 0);
    assert_int_equal(u.groups.n, 3);
    assert_string_equal(u.groups.v[1], "Remote Desktop Users");
    assert_string_equal(u.groups.v[2], "Users");
    net_user_free(&u);
    static const char none[] = "The user name could not be found.\r\n\r\nMore help is available by typing NET HELPMSG 2221.\r\n";
    assert_int_equal(net_user_parse(U(none), &u, &d), 0);
    assert_int_equal(u.found, 0);
    assert_int_equal(u.found_line, 1);
    net_user_free(&u);
    static const char junk[] = "\x01\x02 nothing here\n";
    assert_int_equal(net_user_parse(U(junk), &u, &d), -1);
    net_user_free(&u);
}

/* Japanese Windows' own labels (captures in tests/fixtures/snapshots/SOURCES.md):
 * one group a line, 「*なし」 for none; an empty group line is "no group". */
static void test_net_user_reads_japanese_labels_and_empty_group_line(void **state)
{
    (void)state;
    static const char ja[] =
        "ユーザー名                           tsune\r\n"
        "アカウント有効                       Yes\r\n"
        "パスワード有効期間                   2015/02/16 15:37:36\r\n"
        "所属しているローカル グループ        *HomeUsers\r\n"
        "                                     *Users\r\n"
        "所属しているグローバル グループ      *なし\r\n"
        "                                     *Domain Users\r\n"
        "コマンドは正常に終了しました。\r\n";
    struct net_user u;
    struct parse_diag d = {0};
    assert_int_equal(net_user_parse(U(ja), &u, &d), 0);
    assert_int_equal(u.active, 1);
    assert_int_equal(u.groups_line, 4);
    assert_int_equal(u.groups.n, 2);
    assert_string_equal(u.groups.v[1], "Users");
    assert_int_equal(u.groups.line[1], 5);
    assert_string_equal(u.password_expires, "2015/02/16 15:37:36");
    net_user_free(&u);
    static const char empty[] = "User name                    web_svc\r\n"
                                "Local Group Memberships\r\n"
                                "Global Group memberships     *Domain Users         *IT_Support\r\n";
    assert_int_equal(net_user_parse(U(empty), &u, &d), 0);
    assert_int_equal(u.groups_line, 2);
    assert_int_equal(u.groups.n, 0);
    net_user_free(&u);
    static const char none[] = "User name    x\r\nLocal Group Memberships      *None\r\n";
    assert_int_equal(net_user_parse(U(none), &u, &d), 0);
    assert_int_equal(u.groups_line, 2);
    assert_int_equal(u.groups.n, 0);
    net_user_free(&u);
    static const char nolabel[] = "User name    x\r\n";
    assert_int_equal(net_user_parse(U(nolabel), &u, &d), 0);
    assert_int_equal(u.groups_line, 0);
    net_user_free(&u);
}

static void test_net_share_reads_paths_and_wrapped_names(void **state)
{
    (void)state;
    static const char s[] = "\nShare name   Resource                        Remark\n\n"
                            "-------------------------------------------------------------------------------\n"
                            "C$           C:\\                             Default share\n"
                            "IPC$                                         Remote IPC\n"
                            "a-very-long-share-name\n"
                            "             C:\\OQS\\res\n"
                            "req          C:\\OQS\\req\n"
                            "The command completed successfully.\n";
    struct net_list l;
    struct parse_diag d = {0};
    assert_int_equal(net_share_parse(U(s), &l, &d), 0);
    assert_int_equal(l.rows.n, 4);
    assert_string_equal(l.rows.v[2], "a-very-long-share-name");
    assert_string_equal(l.paths.v[2], "C:\\OQS\\res");
    assert_string_equal(l.paths.v[3], "C:\\OQS\\req");
    assert_string_equal(l.paths.v[1], "");
    net_list_free(&l);
}

static void test_reg_query_reads_names_with_spaces_and_not_found(void **state)
{
    (void)state;
    static const char s[] = "\r\nHKEY_CURRENT_USER\\Software\\X\r\n    (Default)    REG_SZ    a b\r\n"
                            "    AppliedDPI    REG_DWORD    0x78\r\n";
    struct reg_query q;
    struct parse_diag d = {0};
    assert_int_equal(reg_query_parse(U(s), &q, &d), 0);
    assert_string_equal(reg_find(&q, "(default)")->data, "a b");
    long long v;
    assert_int_equal(reg_dword(reg_find(&q, "AppliedDPI"), &v), 0);
    assert_int_equal(v, 120);
    reg_query_free(&q);
    static const char nf[] = "ERROR: The system was unable to find the specified registry key or value.\r\n";
    /* "not found" is an answer (the value is absent), not unreadable output */
    assert_int_equal(reg_query_parse(U(nf), &q, &d), 0);
    assert_int_equal(q.not_found, 1);
    assert_int_equal(q.n, 0);
    reg_query_free(&q);
    static const char junk[] = "just words\r\n";
    assert_int_equal(reg_query_parse(U(junk), &q, &d), -1);
    assert_int_equal(d.line, 1);
    reg_query_free(&q);
}

static void test_w32tm_status_reads_utf16_and_service_errors(void **state)
{
    (void)state;
    size_t n;
    unsigned char *w = utf16("Leap Indicator: 3(not synchronized)\r\nSource: Free-running System Clock\r\n"
                             "Last Successful Sync Time: unspecified\r\n", &n);
    struct kvlist l;
    struct parse_diag d = {0};
    assert_int_equal(kvtext_parse(w, n, &l, &d), 0);
    static const char *const src[] = {"Source", "ソース", NULL};
    assert_string_equal(kv_find(&l, src)->val, "Free-running System Clock");
    assert_int_equal(kv_find(&l, src)->line, 2);
    kvlist_free(&l);
    free(w);
    static const char err[] = "The following error occurred: The service has not been started. (0x80070426)\r\n";
    assert_int_equal(kvtext_parse(U(err), &l, &d), 0);
    assert_non_null(l.error);
    kvlist_free(&l);
}

/* One time parser or the other: Windows local text at tz minutes east of
 * UTC, or (tz < 0) RFC 3339. */
static int parse_time_as(const char *text, int tz, long long *t)
{
    return tz < 0 ? parse_time_utc(text, t) : parse_windows_time(text, tz, t);
}

/* w32tm prints the last sync in the user's short date format: the order
 * comes from the date itself when it can, else from the system locale, else
 * the date is ambiguous (issue 19). Dates from captures (SOURCES.md). */
static void test_short_dates_in_every_order_and_ambiguity(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *locale;
        int rc;
        enum date_order used;
    } forms[] = {
        {"30/05/2023 20:21:27", NULL, 0, DATE_DMY},
        {"30.05.2023 20:21:27", NULL, 0, DATE_DMY},
        {"2023-05-30 20:21:27", NULL, 0, DATE_YMD},
        {"5/30/2023 8:21:27 PM", NULL, 0, DATE_MDY},
        {"2023/05/30 20:21:27", "ja;日本語", 0, DATE_YMD},
        {"2023/05/30 午後 8:21:27", "ja;日本語", 0, DATE_YMD},
        {"05/30/2023 20:21", "en-gb;English (United Kingdom)", 0, DATE_MDY},
        {"30/05/2023 20:21:27", "en-us;English (United States)", 0, DATE_DMY},
    };
    long long ref;
    assert_int_equal(civil_epoch(2023, 5, 30, 20, 21, 27, &ref), 0);
    ref -= 540 * 60;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        long long t = 0;
        enum date_order used = DATE_ORDER_UNKNOWN;
        int rc = parse_windows_date(forms[i].text, date_order_for_locale(forms[i].locale), 540, &t,
                                    &used);
        long long want = ref - (strstr(forms[i].text, ":27") ? 0 : 27);
        if (rc != forms[i].rc || used != forms[i].used || t != want)
            fail_msg("%s: rc %d, order %s, %lld s off", forms[i].text, rc, date_order_name(used),
                     t - want);
    }
    /* 5 June or 6 May: the locale decides, and without one it is ambiguous */
    long long t;
    enum date_order used;
    assert_int_equal(parse_windows_date("05/06/2023 20:21:27", DATE_ORDER_UNKNOWN, 0, &t, &used), -2);
    assert_int_equal(parse_windows_date("05/06/2023 20:21:27",
                                        date_order_for_locale("en-gb;English (United Kingdom)"), 0,
                                        &t, &used), 0);
    assert_int_equal(used, DATE_DMY);
    long long june5;
    assert_int_equal(civil_epoch(2023, 6, 5, 20, 21, 27, &june5), 0);
    assert_int_equal(t, june5);
    assert_int_equal(date_order_for_locale("en-us;English (United States)"), DATE_MDY);
    assert_int_equal(date_order_for_locale("de-at;German (Austria)"), DATE_DMY);
    assert_int_equal(date_order_for_locale("xx;Unknown"), DATE_ORDER_UNKNOWN);
    assert_int_equal(date_order_for_locale(""), DATE_ORDER_UNKNOWN);
    static const char *const bad[] = {"未指定", "unspecified", "13/13/2023 10:00:00", "2023/05/30",
                                      "31/02/2023 10:00:00", "5/30/2023 13:00:00 PM", "30/05/2023 20:21:27 x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse_windows_date(bad[i], DATE_DMY, 0, &t, &used) != -1)
            fail_msg("%s read as a date", bad[i]);
}

/* w32tm's own error text when W32Time is stopped, in either language. */
static void test_w32tm_error_text_is_kept_with_its_line(void **state)
{
    (void)state;
    static const char ja[] = "次のエラーが発生しました: サービスは開始されていません。 (0x80070426)\r\n";
    struct kvlist l;
    struct parse_diag d = {0};
    assert_int_equal(kvtext_parse(U(ja), &l, &d), 0);
    assert_non_null(l.error);
    assert_int_equal(l.error_line, 1);
    assert_non_null(strstr(l.error, "0x80070426"));
    kvlist_free(&l);
}

static void test_times_in_every_form_name_the_same_instant(void **state)
{
    (void)state;
    /* 2026/11/24 9:12:03 at UTC+09:00, as w32tm, schtasks and the
     * collectors write it; later: seconds after that instant. */
    static const struct {
        const char *text;
        int tz;
        long long later;
    } forms[] = {
        {"11/24/2026 9:12:03 AM", 540, 0},
        {"11/24/2026 9:12:03 PM", 540, 12 * 3600},
        {"2026-11-24T00:12:03Z", -1, 0},
        {"2026-11-24T09:12:03+09:00", -1, 0},
    };
    long long ref;
    assert_int_equal(parse_windows_time("2026/11/24 9:12:03", 540, &ref), 0);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        long long t = 0;
        int rc = parse_time_as(forms[i].text, forms[i].tz, &t);
        if (rc != 0 || t - ref != forms[i].later)
            fail_msg("%s: rc %d, %lld s after the reference, want %lld", forms[i].text, rc,
                     t - ref, forms[i].later);
    }
    int tz;
    assert_int_equal(parse_tz_offset("(UTC+09:00) 大阪、札幌、東京", &tz), 0);
    assert_int_equal(tz, 540);
}

static void test_malformed_times_are_refused(void **state)
{
    (void)state;
    /* A short or malformed offset is refused, never read past its end. */
    static const struct {
        const char *text;
        int tz;
    } bad[] = {
        {"2026-11-24T00:12:03+1:2", -1},
        {"2026-11-24T00:12:03+09", -1},
        {"2026-11-24T00:12:03+ 9:00", -1},
        {"2026-11-24T00:12:03+09:00x", -1},
        {"unspecified", 540},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long long t;
        if (parse_time_as(bad[i].text, bad[i].tz, &t) != -1)
            fail_msg("%s was read as a time", bad[i].text);
    }
}

static void test_cmdkey_reads_targets_never_secrets(void **state)
{
    (void)state;
    static const char s[] = "\nCurrently stored credentials:\n\n"
                            "    Target: LegacyGeneric:target=OQS_LOGIN_KEY\n    Type: Generic \n"
                            "    User: R1000000001\n    Local machine persistence\n";
    struct cmdkey_list l;
    struct parse_diag d = {0};
    assert_int_equal(cmdkey_parse(U(s), &l, &d), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(cmdkey_find(&l, "oqs_login_key")->user, "R1000000001");
    cmdkey_free(&l);
    static const char none[] = "\nCurrently stored credentials:\n\n* NONE *\n";
    assert_int_equal(cmdkey_parse(U(none), &l, &d), 0);
    assert_int_equal(l.none, 1);
    cmdkey_free(&l);
}

/* Get-SmbShareAccess | Format-List as Windows PowerShell prints it (Name
 * first) and as PowerShell 7 / Select-Object * print it (alphabetical, with
 * PSComputerName); the wording of tests/fixtures/snapshots/SOURCES.md. */
static void test_smb_access_reads_both_orders_and_says_what_it_cannot(void **state)
{
    (void)state;
    static const char ps5[] = "\r\n\r\nName              : req\r\nScopeName         : *\r\n"
                              "AccountName       : Everyone\r\nAccessControlType : Allow\r\n"
                              "AccessRight       : Full\r\n\r\nName              : req\r\n"
                              "ScopeName         : *\r\nAccountName       : OQS-SV01\\receiptcom\r\n"
                              "AccessControlType : Deny\r\nAccessRight       : Read\r\n\r\n\r\n";
    struct smb_access a;
    struct parse_diag d = {0};
    assert_int_equal(smb_access_parse(U(ps5), &a, &d), 0);
    assert_int_equal(a.n, 2);
    assert_string_equal(a.v[0].share, "req");
    assert_string_equal(a.v[0].account, "Everyone");
    assert_int_equal(a.v[0].type, SMB_ALLOW);
    assert_int_equal(a.v[0].right, SMB_FULL);
    assert_int_equal(a.v[0].line, 5);
    assert_string_equal(a.v[1].account, "OQS-SV01\\receiptcom");
    assert_int_equal(a.v[1].type, SMB_DENY);
    assert_int_equal(a.v[1].right, SMB_READ);
    smb_access_free(&a);
    /* Alphabetical, no blank line between two records: the repeated key
     * starts the next; an unknown right is kept as printed. */
    static const char ps7[] = "AccessControlType : Allow\nAccessRight       : Change\n"
                              "AccountName       : BUILTIN\\Users\nName              : res\n"
                              "ScopeName         : *\nPSComputerName    :\n"
                              "AccessControlType : Allow\nAccessRight       : Special\n"
                              "AccountName       : Todos\nName              : res\n";
    assert_int_equal(smb_access_parse(U(ps7), &a, &d), 0);
    assert_int_equal(a.n, 2);
    assert_int_equal(a.v[0].right, SMB_CHANGE);
    assert_string_equal(a.v[0].share, "res");
    assert_int_equal(a.v[1].right, SMB_RIGHT_UNKNOWN);
    assert_string_equal(a.v[1].right_text, "Special");
    smb_access_free(&a);
    /* Nothing printed: no share under the folders. */
    assert_int_equal(smb_access_parse(U("\r\n\r\n"), &a, &d), 0);
    assert_int_equal(a.n, 0);
    smb_access_free(&a);
    /* Records without an account: an error naming the line. */
    static const char half[] = "\nName : req\nScopeName : *\n";
    assert_int_equal(smb_access_parse(U(half), &a, &d), -1);
    assert_int_equal(d.line, 2);
    smb_access_free(&a);
    /* PowerShell's error record is kept, with its line. */
    static const char err[] =
        "Get-SmbShareAccess : No MSFT_SmbShare objects found with property 'Name' equal to 'req'.\r\n"
        "    + FullyQualifiedErrorId : CmdletizationQuery_NotFound_Name,Get-SmbShareAccess\r\n";
    assert_int_equal(smb_access_parse(U(err), &a, &d), 0);
    assert_int_equal(a.n, 0);
    assert_non_null(a.error);
    smb_access_free(&a);
}

static void test_ini_icacls_tsv_versions(void **state)
{
    (void)state;
    struct parse_diag d = {0};
    struct ini f;
    static const char rec[] = "[Information]\r\nMedicalInstitutionCode=\r\nTerminalID=SV\r\n";
    assert_int_equal(ini_parse(U(rec), &f, &d), 0);
    assert_string_equal(ini_find(&f, "information", "medicalinstitutioncode")->val, "");
    assert_int_equal(ini_find(&f, NULL, "TerminalID")->line, 3);
    ini_free(&f);

    struct acl_list a;
    static const char acl[] = "C:\\OQS Data\\res BUILTIN\\Administrators:(I)(OI)(CI)(F)\n"
                              "                HOST\\receiptcom:(OI)(CI)(M)\n\n"
                              "Successfully processed 1 files; Failed processing 0 files\n"
                              "C:\\OQS\\req: The system cannot find the file specified.\n";
    assert_int_equal(icacls_parse(U(acl), NULL, &a, &d), 0);
    assert_int_equal(a.n, 3);
    assert_string_equal(a.v[0].path, "C:\\OQS Data\\res");
    assert_string_equal(a.v[1].principal, "HOST\\receiptcom");
    assert_string_equal(a.v[1].perms, "(OI)(CI)(M)");
    assert_string_equal(a.v[2].path, "C:\\OQS\\req");
    assert_string_equal(a.v[2].perms, "missing");
    acl_list_free(&a);

    /* Real first entries with a blank in the account (SOURCES.md), a path
     * with a blank, and a relative path that is not found. */
    static const char first[] =
        "C:\\OQS Data\\res NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\r\n"
        "                 BUILTIN\\Administrators:(OI)(CI)(F)\r\n\r\n"
        "1 個のファイルが正常に処理されました。0 個のファイルを処理できませんでした\r\n"
        "C:\\OQS\\req CREATOR OWNER:(OI)(CI)(IO)(F)\r\n"
        "res: 指定されたファイルが見つかりません。\r\n"
        "0 個のファイルが正常に処理されました。1 個のファイルを処理できませんでした\r\n";
    static const char *const asked[] = {"C:\\OQS Data\\res", "C:\\OQS\\req", NULL};
    for (int with = 0; with < 2; with++) {
        assert_int_equal(icacls_parse(U(first), with ? asked : NULL, &a, &d), 0);
        assert_int_equal(a.n, 4);
        assert_string_equal(a.v[0].path, "C:\\OQS Data\\res");
        assert_string_equal(a.v[0].principal, "NT AUTHORITY\\SYSTEM");
        assert_string_equal(a.v[1].path, "C:\\OQS Data\\res");
        assert_string_equal(a.v[2].path, "C:\\OQS\\req");
        assert_string_equal(a.v[2].principal, "CREATOR OWNER");
        assert_string_equal(a.v[3].path, "res");
        assert_string_equal(a.v[3].perms, "missing");
        acl_list_free(&a);
    }
    /* An account with a blank the list does not know: only the asked folder
     * can tell where the path ends (else the last blank is taken). */
    static const char odd[] = "C:\\OQS\\res Some Group:(OI)(CI)(M)\r\n";
    assert_int_equal(icacls_parse(U(odd), asked + 1, &a, &d), 0);
    assert_string_equal(a.v[0].path, "C:\\OQS\\res Some");
    acl_list_free(&a);
    static const char *const res[] = {"C:\\OQS\\res", NULL};
    assert_int_equal(icacls_parse(U(odd), res, &a, &d), 0);
    assert_string_equal(a.v[0].path, "C:\\OQS\\res");
    assert_string_equal(a.v[0].principal, "Some Group");
    acl_list_free(&a);

    struct tsv t;
    static const char bad[] = "res\ta\t1\t2026-11-24T00:00:00Z\nres\tonly-two\n";
    assert_int_equal(tsv_parse(U(bad), 4, &t, &d), -1);
    assert_int_equal(d.line, 2);
    tsv_free(&t);

    char ver[32];
    unsigned line;
    static const char info[] = "OQSComApp\r\nBuild 2026.11\r\nVersion=4.1.10.0\r\n";
    assert_int_equal(version_info_parse(U(info), ver, sizeof ver, &line, &d), 0);
    assert_string_equal(ver, "4.1.10.0");
    assert_int_equal(line, 3);
    assert_true(version_cmp("4.1.10", "4.1.9") > 0);
    assert_true(version_cmp("4.0.99", "4.1.0") < 0);
    assert_int_equal(version_cmp("4.1", "4.1.0"), 0);
}

static void count_cert(X509 *x, void *ud)
{
    char cn[64];
    cert_name_cn(X509_get_issuer_name(x), cn, sizeof cn);
    if (strcmp(cn, "Online Billing NW Common Root CA") == 0)
        (*(int *)ud)++;
}

static void test_certs_read_der_and_pem_and_refuse_junk(void **state)
{
    (void)state;
    struct buf b = {0};
    struct parse_diag d = {0};
    int n = 0;
    assert_int_equal(buf_read_file(&b, tu_fixture("snapshots/healthy-ja/certs/user-my/client.cer"), 1 << 20), 0);
    assert_int_equal(b.data[0], 0x30); /* DER */
    assert_int_equal(certs_parse((const unsigned char *)b.data, b.len, count_cert, &n, &d), 1);
    assert_int_equal(n, 1);
    buf_free(&b);
    assert_int_equal(buf_read_file(&b, tu_fixture("snapshots/healthy-en/certs/user-my/client.cer"), 1 << 20), 0);
    assert_true(tu_contains(b.data, "-----BEGIN CERTIFICATE-----"));
    assert_int_equal(certs_parse((const unsigned char *)b.data, b.len, count_cert, &n, &d), 1);
    assert_int_equal(n, 2);
    /* one byte short: refused, not read past the end */
    assert_int_equal(certs_parse((const unsigned char *)b.data, 40, count_cert, &n, &d), -1);
    buf_free(&b);
    static const char junk[] = "\x30\x82\xff\xff not a certificate";
    assert_int_equal(certs_parse(U(junk), count_cert, &n, &d), -1);
    assert_true(d.why[0] != '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_reads_quotes_repeated_headers_and_japanese),
        cmocka_unit_test(test_csv_unknown_header_falls_back_to_positions),
        cmocka_unit_test(test_csv_unclosed_quote_names_a_line),
        cmocka_unit_test(test_task_xml_ignores_a_lying_declaration),
        cmocka_unit_test(test_task_xml_broken_names_the_line),
        cmocka_unit_test(test_netsh_reads_both_languages_and_utf16),
        cmocka_unit_test(test_bypass_split_is_case_free),
        cmocka_unit_test(test_net_user_reads_name_case_groups_and_absence),
        cmocka_unit_test(test_net_user_reads_japanese_labels_and_empty_group_line),
        cmocka_unit_test(test_net_share_reads_paths_and_wrapped_names),
        cmocka_unit_test(test_reg_query_reads_names_with_spaces_and_not_found),
        cmocka_unit_test(test_w32tm_status_reads_utf16_and_service_errors),
        cmocka_unit_test(test_short_dates_in_every_order_and_ambiguity),
        cmocka_unit_test(test_w32tm_error_text_is_kept_with_its_line),
        cmocka_unit_test(test_times_in_every_form_name_the_same_instant),
        cmocka_unit_test(test_malformed_times_are_refused),
        cmocka_unit_test(test_cmdkey_reads_targets_never_secrets),
        cmocka_unit_test(test_smb_access_reads_both_orders_and_says_what_it_cannot),
        cmocka_unit_test(test_ini_icacls_tsv_versions),
        cmocka_unit_test(test_certs_read_der_and_pem_and_refuse_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
