/* collectors/sources/live.c against the platform test double: a fake Windows host
 * whose commands answer from a table, whose drive C: is the folder
 * tests/fixtures/live/root, with planted credentials and certificates. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "collectors/checks/checks.h"
#include "collectors/sources/live.h"
#include "core/config.h"
#include "core/platform.h"
#include "core/report.h"
#include "core/source.h"

/* Secrets planted in the fake machine; none may appear in any output. */
#define LOGIN_SECRET "Lk9-secret-pass"
#define CODE_SECRET "1311234567"
#define CRYPT_SECRET "Crypt0Pass1"
#define NAS_SECRET "nas#Secret!"

static const struct plat_fake_cred good_creds[] = {
    {"OQS_LOGIN_KEY", "R1234567", LOGIN_SECRET},
    {"OQS_MEDICAL_INSTITUTION_CODE", "OQS_Admin", CODE_SECRET},
    {"OQS_CRYPT_PASS", "OQS_Admin", CRYPT_SECRET},
    {"OQS_NAS_LOGIN_KEY", "ONSRenkei", NAS_SECRET},
};

static const unsigned char my_der[] = {0x30, 0x82, 0x01, 0x0a, 'M', 'Y', 0x00, 0xff};
static const unsigned char root_a_der[] = {0x30, 0x82, 0x02, 0x0b, 'R', 'A', 0x01};
static const unsigned char root_b_der[] = {0x30, 0x82, 0x02, 0x0c, 'R', 'B', 0x02};
static const struct plat_fake_cert certs[] = {
    {"MY", my_der, sizeof my_der, "CN=clinic", "CN=Online Billing NW Common Root CA"},
    {"ROOT", root_b_der, sizeof root_b_der, "CN=Other Root", "CN=Other Root"},
    {"ROOT", root_a_der, sizeof root_a_der, "CN=Online Billing NW Common Root CA",
     "CN=Online Billing NW Common Root CA"},
};

#define SMB_ARGV                                                                           \
    "powershell -NoProfile -NonInteractive -Command $f = @('C:\\OQS\\req', 'C:\\OQS\\res'); "          \
    "Get-SmbShare | Where-Object { -not $_.Special -and $_.Path } | Where-Object { $p = "     \
    "$_.Path.TrimEnd('\\') + '\\'; @($f | Where-Object { ($_.TrimEnd('\\') + '\\')"       \
    ".StartsWith($p, [StringComparison]::OrdinalIgnoreCase) }).Count -gt 0 } | "             \
    "Get-SmbShareAccess | Format-List"

/* Every command the fake host knows, with its exact argv and raw output
 * (CP932 and CRLF where Japanese Windows prints them). */
static const struct {
    const char *argv, *out;
} commands[] = {
    {"w32tm /query /status",
     "\x83\x8a\x81\x5b\x83\x76\x88\xea\x8e\x9e: 0\r\nSource: ntp.base.oqs-pdl.org\r\n"},
    {"w32tm /query /configuration", "NtpServer: ntp.base.oqs-pdl.org,0x8 (Local)\r\n"},
    {"netsh winhttp show proxy", "\r\n    Proxy Server(s) :  proxy.base.oqs-pdl.org:8080\r\n"},
    {"reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings",
     "    ProxyEnable    REG_DWORD    0x1\r\n"},
    {"schtasks /query /fo csv /v", "\"HostName\",\"TaskName\"\r\n\"SV\",\"\\OQS_exec_comappstart\"\r\n"},
    {"net share", ""},
    /* system/smb_share_access.txt: the shares above or at folders.req/res. */
    {SMB_ARGV, "\r\n\r\nName              : req\r\nScopeName         : *\r\n"
               "AccountName       : Everyone\r\nAccessControlType : Allow\r\n"
               "AccessRight       : Full\r\n\r\n\r\n"},
    {"cmdkey /list", "    Target: LegacyGeneric:target=OQS_LOGIN_KEY\r\n    User: R1234567\r\n"},
    {"icacls C:\\OQS\\req", "C:\\OQS\\req BUILTIN\\Administrators:(OI)(CI)(F)\r\n"},
    {"icacls C:\\OQS\\res", "C:\\OQS\\res BUILTIN\\Administrators:(OI)(CI)(F)\r\n"},
    {"reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall /s",
     "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{A1}\r\n"
     "    DisplayName    REG_SZ    OQSComApp\r\n"
     "    DisplayVersion    REG_SZ    4.1.2\r\n"
     "    UninstallString    REG_SZ    MsiExec.exe /X{A1}\r\n"
     "    InstallLocation    REG_SZ    C:\\Program Files\\OQS\\OQSComApp\\\r\n"
     "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip\r\n"
     "    DisplayName    REG_SZ    7-Zip 23.01\r\n"
     "    DisplayVersion    REG_SZ    23.01\r\n"
     "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{B2}\r\n"
     "    DisplayName    REG_SZ    \x83\x49\x83\x93\x83\x89\x83\x43\x83\x93 OQSDistroApp\r\n"
     "    DisplayVersion    REG_SZ    2.1.0\r\n"},
};

static char last_argv[1024];

static int fake_run(const char *const *argv, struct buf *out, int *exit_code)
{
    struct buf j = {0};
    for (size_t i = 0; argv[i]; i++)
        buf_appendf(&j, "%s%s", i ? " " : "", argv[i]);
    snprintf(last_argv, sizeof last_argv, "%s", j.data);
    int rc = -1;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(j.data, commands[i].argv) == 0) {
            buf_appends(out, commands[i].out);
            *exit_code = 0;
            rc = 0;
        }
    if (rc < 0 && strcmp(argv[0], "reg") == 0) {
        /* reg's answer for a key that is not there, exit code 1. */
        buf_appends(out, "ERROR: The system was unable to find the specified registry key or value.\r\n");
        *exit_code = 1;
        rc = 0;
    }
    buf_free(&j);
    return rc;
}

static struct plat_fake host;

static struct config *setup_host(const struct plat_fake_cred *creds, size_t ncreds)
{
    memset(&host, 0, sizeof host);
    host.is_windows = 1;
    host.hostname = "OQS-SV01";
    host.creds = creds;
    host.ncreds = ncreds;
    host.certs = certs;
    host.ncerts = sizeof certs / sizeof *certs;
    host.run = fake_run;
    static char root[4096];
    snprintf(root, sizeof root, "%s", tu_fixture("live/root"));
    host.root = root;
    plat_fake = &host;
    struct config *c = config_new();
    struct oqs_err err;
    /* Fixture files are as old as the checkout: every day counts. */
    assert_int_equal(config_set_arg(c, "results.days=3650", &err), 0);
    assert_int_equal(
        config_set_arg(c, "distroapp.record_file=C:\\ProgramData\\OQS\\OQSDistroApp\\record.txt",
                       &err),
        0);
    return c;
}

static void teardown_host(struct config *c)
{
    config_free(c);
    plat_fake = NULL;
}

static enum live_status read_rel(const char *rel, const struct config *c, struct buf *out)
{
    struct oqs_err err = {{0}};
    buf_reset(out);
    return live_read(rel, c, out, &err);
}

static void test_live_non_windows_host_answers_unsupported(void **state)
{
    (void)state;
    plat_fake = NULL;
    /* The cross-built suite runs on Windows (Wine), where the host is one. */
    if (plat_is_windows())
        skip();
    struct config *c = config_new();
    struct buf b = {0};
    struct oqs_err err;
    assert_int_equal(live_read("system/w32tm_status.txt", c, &b, &err), LIVE_UNSUPPORTED);
    assert_int_equal(live_read("probes/local.json", c, &b, &err), LIVE_UNSUPPORTED);
    assert_int_equal(live_read("oqs/results.tsv", c, &b, &err), LIVE_UNSUPPORTED);
    assert_int_equal(b.len, 0);
    buf_free(&b);
    config_free(c);
}

static void test_live_commands_run_with_exact_arguments_and_raw_bytes(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct buf b = {0};
    assert_int_equal(read_rel("system/w32tm_status.txt", c, &b), LIVE_OK);
    assert_string_equal(last_argv, "w32tm /query /status");
    assert_int_equal(b.len, strlen(commands[0].out));
    assert_memory_equal(b.data, commands[0].out, b.len);
    assert_int_equal(read_rel("tasks/schtasks.csv", c, &b), LIVE_OK);
    assert_string_equal(last_argv, "schtasks /query /fo csv /v");
    assert_int_equal(read_rel("system/edge_version.txt", c, &b), LIVE_OK);
    assert_string_equal(last_argv, "reg query HKCU\\Software\\Microsoft\\Edge\\BLBeacon /v version");
    /* reg's own error text is the evidence that the value is absent. */
    assert_true(tu_contains(b.data, "unable to find"));
    assert_int_equal(read_rel("system/display.txt", c, &b), LIVE_OK);
    assert_string_equal(last_argv,
                        "reg query HKCU\\Control Panel\\Desktop\\WindowMetrics /v AppliedDPI");
    buf_free(&b);
    teardown_host(c);
}

/* 3-02's shares: one PowerShell run names the configured folders (quoted
 * for PowerShell) and keeps Get-SmbShareAccess's bytes as printed. */
static void test_live_share_access_asks_powershell_for_the_oqs_shares(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct buf b = {0};
    assert_int_equal(read_rel("system/smb_share_access.txt", c, &b), LIVE_OK);
    assert_string_equal(last_argv, SMB_ARGV);
    assert_true(tu_contains(b.data, "AccountName       : Everyone\r\n"));
    struct oqs_err err;
    assert_int_equal(config_set_arg(c, "folders.req=D:\\O'Neil\\req", &err), 0);
    assert_int_equal(read_rel("system/smb_share_access.txt", c, &b), LIVE_ERROR);
    assert_true(tu_contains(last_argv, "@('D:\\O''Neil\\req', 'C:\\OQS\\res')"));
    buf_free(&b);
    teardown_host(c);
}

static void test_live_command_that_cannot_run_or_prints_nothing_is_an_error(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct buf b = {0};
    struct oqs_err err = {{0}};
    assert_int_equal(live_read("system/os.txt", c, &b, &err), LIVE_ERROR);
    assert_string_equal(last_argv, "systeminfo");
    /* A command that ran but printed nothing gives no file. */
    assert_int_equal(live_read("system/net_share.txt", c, &b, &err), LIVE_ERROR);
    assert_true(tu_contains(err.msg, "printed nothing"));
    buf_free(&b);
    teardown_host(c);
}

static void test_live_installed_keeps_oqs_entries_and_three_values(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct buf b = {0};
    assert_int_equal(read_rel("apps/installed.txt", c, &b), LIVE_OK);
    assert_true(tu_contains(b.data, "Uninstall\\{A1}"));
    assert_true(tu_contains(b.data, "DisplayVersion    REG_SZ    4.1.2"));
    assert_true(tu_contains(b.data, "InstallLocation    REG_SZ    C:\\Program Files\\OQS\\OQSComApp"));
    assert_true(tu_contains(b.data, "Uninstall\\{B2}"));
    assert_true(tu_contains(b.data, "2.1.0"));
    assert_false(tu_contains(b.data, "7-Zip"));
    assert_false(tu_contains(b.data, "UninstallString"));
    buf_free(&b);
    teardown_host(c);
}

static json_t *local_json(const struct config *c)
{
    struct buf b = {0};
    assert_int_equal(read_rel("probes/local.json", c, &b), LIVE_OK);
    json_error_t je;
    json_t *doc = json_loads(b.data, 0, &je);
    assert_non_null(doc);
    buf_free(&b);
    return doc;
}

static const char *status_of(json_t *doc, const char *id)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "findings"), i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "id")), id) == 0)
            return json_string_value(json_object_get(f, "status"));
    }
    return "absent";
}

static void test_live_credential_verdicts_follow_the_manual(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    json_t *doc = local_json(c);
    assert_string_equal(json_string_value(json_object_get(doc, "host")), "OQS-SV01");
    assert_string_equal(status_of(doc, "creds.login_key"), "ok");
    assert_string_equal(status_of(doc, "creds.institution_code"), "ok");
    assert_string_equal(status_of(doc, "creds.crypt_pass"), "ok");
    assert_string_equal(status_of(doc, "creds.nas_login_key"), "ok");
    json_decref(doc);
    teardown_host(c);

    static const struct plat_fake_cred bad[] = {
        {"OQS_LOGIN_KEY", "X999", LOGIN_SECRET},
        {"OQS_MEDICAL_INSTITUTION_CODE", "OQS_Admin", "13112345"},
        {"OQS_CRYPT_PASS", "OQS_Admin", "pass-with-symbol"},
    };
    c = setup_host(bad, 3);
    doc = local_json(c);
    assert_string_equal(status_of(doc, "creds.login_key"), "fail");
    assert_string_equal(status_of(doc, "creds.institution_code"), "fail");
    assert_string_equal(status_of(doc, "creds.crypt_pass"), "fail");
    /* Not required by the manual (×): absent is fine. */
    assert_string_equal(status_of(doc, "creds.nas_login_key"), "ok");
    json_decref(doc);
    teardown_host(c);

    c = setup_host(NULL, 0);
    doc = local_json(c);
    assert_string_equal(status_of(doc, "creds.login_key"), "fail");
    assert_string_equal(status_of(doc, "creds.institution_code"), "fail");
    json_decref(doc);
    teardown_host(c);
}

static void test_live_exports_user_certs_and_only_their_issuing_root(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct buf b = {0};
    assert_int_equal(read_rel("certs/user-my/01.cer", c, &b), LIVE_OK);
    assert_int_equal(b.len, sizeof my_der);
    assert_memory_equal(b.data, my_der, sizeof my_der);
    assert_int_equal(read_rel("certs/root/01.cer", c, &b), LIVE_OK);
    assert_int_equal(b.len, sizeof root_a_der);
    assert_memory_equal(b.data, root_a_der, sizeof root_a_der);
    assert_int_equal(read_rel("certs/root/02.cer", c, &b), LIVE_MISSING);
    assert_int_equal(read_rel("certs/user-my/x.cer", c, &b), LIVE_MISSING);
    buf_free(&b);
    teardown_host(c);
}

static void test_live_folders_list_names_sizes_and_times_only(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct buf b = {0};
    assert_int_equal(read_rel("oqs/folders.tsv", c, &b), LIVE_OK);
    assert_true(tu_contains(b.data, "req\tOQSsiquc01req_20261124100000.xml\t"));
    assert_true(tu_contains(b.data, "res\tOQSsiquc01res_20261124101000.xml\t23\t"));
    assert_false(tu_contains(b.data, "PATIENT"));
    assert_int_equal(read_rel("oqs/acl.txt", c, &b), LIVE_OK);
    assert_true(tu_contains(b.data, "C:\\OQS\\req BUILTIN"));
    assert_true(tu_contains(b.data, "C:\\OQS\\res BUILTIN"));
    buf_free(&b);
    teardown_host(c);
}

static void test_live_results_keep_status_fields_only(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct buf b = {0};
    assert_int_equal(read_rel("oqs/results.tsv", c, &b), LIVE_OK);
    /* A tab inside ErrorMessage would shift the columns: it becomes a space. */
    assert_true(tu_contains(b.data, "\t9\tEQ001\t資格情報が見つかりません もう一度\t2\t1234\n"));
    /* Shift_JIS result, whatever its declaration: 正常. */
    assert_true(tu_contains(b.data, "\t1\t\t正常\t1\t\n"));
    assert_true(tu_contains(b.data, "OQSsiquc01res_20261124101000.xml\t"));
    assert_true(tu_contains(b.data, "\tencrypted\t\t\t\t\n"));
    assert_false(tu_contains(b.data, "PATIENT"));
    assert_false(tu_contains(b.data, "患者"));
    buf_free(&b);
    teardown_host(c);
}

static void test_live_shortcuts_name_https_targets_and_the_management_tool(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct buf b = {0};
    assert_int_equal(read_rel("oqs/shortcut.tsv", c, &b), LIVE_OK);
    assert_true(tu_contains(b.data,
                            "オンライン資格確認等システム.url\thttps://hweb.oqs.onshikaku.org/web/\n"));
    assert_true(tu_contains(b.data, "検証環境.lnk\thttps://hweb.oqs-st.onshikaku.org/web/\n"));
    assert_false(tu_contains(b.data, "memo.txt"));
    assert_false(tu_contains(b.data, "example.invalid"));
    /* 8-01 step 4: the management tool's shortcut (the common desktop),
     * its target a path; another program's .lnk stays out. */
    assert_true(tu_contains(b.data, "オンライン資格確認配信アプリケーション管理ツール.lnk\t"
                                    "C:\\Program Files\\OQS\\OQSDistroApp\\OQSDistroApp.exe\n"));
    assert_false(tu_contains(b.data, "メモ帳"));
    buf_free(&b);
    teardown_host(c);
}

static void test_live_copies_oqs_tasks_and_refuses_paths_outside(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct buf b = {0};
    assert_int_equal(read_rel("tasks/OQS_exec_comappstart.xml", c, &b), LIVE_OK);
    assert_true(tu_contains(b.data, "S-1-5-21-1-2-3-1001"));
    assert_int_equal(read_rel("tasks/Vendor_reboot.xml", c, &b), LIVE_MISSING);
    assert_int_equal(read_rel("tasks/OQS_exec_..\\..\\..\\OQS\\req\\x.xml", c, &b),
                     LIVE_MISSING);
    assert_int_equal(read_rel("logs/comapp/../../../OQS/req/OQSsiquc01req_20261124100000.xml",
                              c, &b),
                     LIVE_MISSING);
    assert_int_equal(read_rel("comapp/config/../../../../../OQS/req", c, &b), LIVE_MISSING);
    assert_int_equal(read_rel("apps/version/OQSComApp.info", c, &b), LIVE_OK);
    assert_string_equal(b.data, "Version=4.1.2\r\n");
    assert_int_equal(read_rel("apps/version/OQSDistroApp.info", c, &b), LIVE_MISSING);
    assert_int_equal(read_rel("distroapp/delivery-record.txt", c, &b), LIVE_OK);
    assert_true(tu_contains(b.data, "TerminalID=OQS-SV01"));
    assert_int_equal(read_rel("distroapp/settings.txt", c, &b), LIVE_MISSING);
    buf_free(&b);
    teardown_host(c);
}

struct names {
    struct buf all;
    int count;
};

static int collect_name(const char *name, void *ud)
{
    struct names *n = ud;
    buf_appendf(&n->all, "%s\n", name);
    n->count++;
    return 0;
}

static void test_live_lists_layout_directories(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct names n = {{0}, 0};
    struct oqs_err err;
    assert_int_equal(live_list("tasks", c, collect_name, &n, &err), LIVE_OK);
    assert_true(tu_contains(n.all.data, "OQS_exec_comappstart.xml\n"));
    assert_true(tu_contains(n.all.data, "OQS_exec_distroappstart.xml\n"));
    assert_true(tu_contains(n.all.data, "schtasks.csv\n"));
    assert_false(tu_contains(n.all.data, "Vendor"));
    assert_int_equal(n.count, 3);
    buf_reset(&n.all);
    n.count = 0;
    assert_int_equal(live_list("certs/root", c, collect_name, &n, &err), LIVE_OK);
    assert_string_equal(n.all.data, "01.cer\n");
    buf_free(&n.all);
    teardown_host(c);
}

static void test_live_logs_stay_within_the_cap_newest_first(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct oqs_err err;
    /* Four files of 3000+3000+3000+2000 bytes against a 7000-byte cap. */
    assert_int_equal(config_set_arg(c, "logs.max_bytes=7000", &err), 0);
    struct names n = {{0}, 0};
    assert_int_equal(live_list("logs/comapp", c, collect_name, &n, &err), LIVE_OK);
    assert_int_equal(n.count, 3);
    size_t total = 0;
    struct buf b = {0};
    const char *s = n.all.data;
    while (*s) {
        size_t len = strcspn(s, "\n");
        char rel[512];
        snprintf(rel, sizeof rel, "logs/comapp/%.*s", (int)len, s);
        assert_int_equal(read_rel(rel, c, &b), LIVE_OK);
        total += b.len;
        s += len + 1;
    }
    assert_int_equal(total, 7000);
    buf_free(&b);
    buf_free(&n.all);
    teardown_host(c);
}

/* ---- the whole snapshot, and the proof that no secret leaks ---- */

struct scan {
    const char *const *needles;
    size_t nneedles;
    int files;
    struct buf found;
};

static int scan_entry(const struct plat_dirent *e, void *ud);

static int has_bytes(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; hay && i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return 1;
    return 0;
}

static void scan_dir(const char *dir, struct scan *s)
{
    struct {
        const char *dir;
        struct scan *s;
    } ctx = {dir, s};
    struct oqs_err err;
    assert_int_equal(plat_list_dir(dir, scan_entry, &ctx, &err), 0);
}

static int scan_entry(const struct plat_dirent *e, void *ud)
{
    struct {
        const char *dir;
        struct scan *s;
    } *ctx = ud;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", ctx->dir, e->name);
    if (e->is_dir) {
        scan_dir(path, ctx->s);
        return 0;
    }
    struct buf b = {0};
    struct oqs_err err;
    assert_int_equal(plat_read_file(path, 1 << 26, 0, &b, &err), 0);
    ctx->s->files++;
    for (size_t i = 0; i < ctx->s->nneedles; i++)
        if (has_bytes(b.data, b.len, ctx->s->needles[i]))
            buf_appendf(&ctx->s->found, "%s in %s\n", ctx->s->needles[i], path);
    buf_free(&b);
    return 0;
}

/* Secrets and patients' data that must stay on the server. */
static const char *const forbidden[] = {LOGIN_SECRET, CRYPT_SECRET, NAS_SECRET, "PATIENT",
                                        "患者", "ENCRYPTED-PAYLOAD"};

static void skipped_cb(const char *rel, const char *why, void *ud)
{
    buf_appendf(ud, "%s: %s\n", rel, why);
}

static void test_live_snapshot_holds_the_layout_and_no_secret(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    struct oqs_err err;
    plat_fake = NULL; /* the temporary folder is a real one */
    char *dir = plat_mkdtemp("oqsdiag-live", &err);
    assert_non_null(dir);
    plat_fake = &host;
    struct buf skipped = {0};
    assert_int_equal(live_snapshot_write(dir, c, skipped_cb, &skipped, &err), 0);
    assert_true(tu_contains(skipped.data, "system/os.txt: systeminfo"));
    assert_true(tu_contains(skipped.data, "distroapp/settings.txt: "));
    plat_fake = NULL;
    static const char *const expect[] = {
        "system/w32tm_status.txt", "tasks/OQS_exec_comappstart.xml", "certs/user-my/01.cer",
        "certs/root/01.cer", "probes/local.json", "oqs/results.tsv", "oqs/folders.tsv",
        "oqs/shortcut.tsv", "apps/installed.txt", "comapp/config/encrypt.conf",
        "logs/comapp/comapp1.log", "logs/comapp/old/comapp0.log",
        "distroapp/delivery-record.txt"};
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++) {
        char path[4096];
        struct plat_dirent e;
        snprintf(path, sizeof path, "%s/%s", dir, expect[i]);
        if (plat_stat(path, &e) != 0)
            fail_msg("%s was not written", expect[i]);
    }
    struct scan s = {forbidden, sizeof forbidden / sizeof *forbidden, 0, {0}};
    scan_dir(dir, &s);
    assert_true(s.files >= (int)(sizeof expect / sizeof *expect));
    if (s.found.len)
        fail_msg("leaked: %s", s.found.data);
    assert_false(tu_contains(skipped.data, LOGIN_SECRET));

    /* The scan itself can fail: a planted secret is found. */
    char planted[4096];
    snprintf(planted, sizeof planted, "%s/system/planted.txt", dir);
    assert_int_equal(plat_write_file(planted, "x " CRYPT_SECRET " y", 4 + strlen(CRYPT_SECRET),
                                     &err),
                     0);
    struct scan s2 = {forbidden, sizeof forbidden / sizeof *forbidden, 0, {0}};
    scan_dir(dir, &s2);
    assert_true(tu_contains(s2.found.data, CRYPT_SECRET " in "));
    buf_free(&s.found);
    buf_free(&s2.found);
    buf_free(&skipped);
    assert_int_equal(plat_rmtree(dir), 0);
    free(dir);
    config_free(c);
}

/* doctor on the server: what `collect` writes about a snapshot
 * (manifest.json, probes/network.json) a live run has none of, so no
 * "manifest.json is missing", and the user running it is who collected. */
static void test_live_run_has_no_manifest_and_knows_its_user(void **state)
{
    (void)state;
    struct config *c = setup_host(good_creds, 4);
    host.user = "OqsComApp";
    struct buf b = {0};
    assert_int_equal(read_rel("manifest.json", c, &b), LIVE_UNSUPPORTED);
    assert_int_equal(read_rel("probes/network.json", c, &b), LIVE_UNSUPPORTED);
    buf_free(&b);
    struct oqs_err err = {{0}};
    struct source *src = source_live(c, &err);
    assert_non_null(src);
    struct report *r = report_new("live");
    assert_int_equal(checks_run(src, c, r, &err), 0);
    int by = 0;
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (strncmp(f->id, "snapshot.manifest", 17) == 0)
            fail_msg("a live run judged its manifest: %s %s", f->id, f->summary);
        if (strcmp(f->id, "snapshot.collected_by") == 0) {
            by++;
            assert_int_equal(f->status, FST_OK);
            assert_string_equal(json_string_value(json_object_get(f->evidence, "seen")),
                                "OqsComApp");
        }
    }
    assert_int_equal(by, 1);
    report_free(r);
    source_free(src);
    teardown_host(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_non_windows_host_answers_unsupported),
        cmocka_unit_test(test_live_commands_run_with_exact_arguments_and_raw_bytes),
        cmocka_unit_test(test_live_command_that_cannot_run_or_prints_nothing_is_an_error),
        cmocka_unit_test(test_live_installed_keeps_oqs_entries_and_three_values),
        cmocka_unit_test(test_live_credential_verdicts_follow_the_manual),
        cmocka_unit_test(test_live_exports_user_certs_and_only_their_issuing_root),
        cmocka_unit_test(test_live_folders_list_names_sizes_and_times_only),
        cmocka_unit_test(test_live_results_keep_status_fields_only),
        cmocka_unit_test(test_live_shortcuts_name_https_targets_and_the_management_tool),
        cmocka_unit_test(test_live_share_access_asks_powershell_for_the_oqs_shares),
        cmocka_unit_test(test_live_copies_oqs_tasks_and_refuses_paths_outside),
        cmocka_unit_test(test_live_lists_layout_directories),
        cmocka_unit_test(test_live_logs_stay_within_the_cap_newest_first),
        cmocka_unit_test(test_live_snapshot_holds_the_layout_and_no_secret),
        cmocka_unit_test(test_live_run_has_no_manifest_and_knows_its_user),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
