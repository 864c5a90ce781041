/* oqsdiag fix against the platform test double: a fake Windows server
 * whose settings change when the repair commands run, so that dry run,
 * --apply, the check afterwards, a failing step and --undo are all seen
 * from the outside. The starting state is the issue's: a wrong WinHTTP
 * proxy, the local CMOS clock as time source, a disabled task and
 * OqsComApp not an administrator. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/platform.h"

#define SECRET "Fx9-planted-secret"
#define BYPASS "*.onshikaku.org;*.flets-east.jp;*.flets-west.jp;*.lineauth.mnw;" \
               "*.obn.managedpki.ne.jp;*.cybertrust.ne.jp;*.secomtrust.net;*.rece;" \
               "pweb.base.oqs-pdl.org"
#define PROXY "127.0.0.1:9"
#define NTP "127.0.0.1"
#define TASK "OQS_exec_comappstart"
#define INET "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings"

/* The settings the repairs touch. */
struct machine {
    char winhttp[128], bypass[512];
    char user_server[128], user_override[512];
    int user_enable;
    char peer[128]; /* "" = the local CMOS clock */
    int task_enabled;
    int admin;
};

static const struct machine broken = {
    .winhttp = "proxy.example.jp:3128", .bypass = "*.onshikaku.org",
    .user_server = PROXY, .user_override = BYPASS, .user_enable = 1,
    .peer = "", .task_enabled = 0, .admin = 0,
};

static struct machine m;
static struct buf ran;         /* every command run, one per line */
static const char *fail_on;    /* a command that fails when it starts so */
static char root[4096];

static const struct plat_fake_cred creds[] = {
    {"OQS_LOGIN_KEY", "R1234567", SECRET},
};

static void fixture_into(struct buf *out, const char *rel)
{
    struct buf b = {0};
    assert_int_equal(buf_read_file(&b, tu_fixture(rel), 1 << 20), 0);
    buf_append(out, b.data, b.len);
    buf_free(&b);
}

static void task_xml(struct buf *out)
{
    struct buf b = {0};
    fixture_into(&b, "snapshots/healthy-en/tasks/" TASK ".xml");
    const char *at = strstr(b.data, "<Enabled>true</Enabled>");
    assert_non_null(at);
    buf_append(out, b.data, (size_t)(at - b.data));
    buf_appends(out, m.task_enabled ? "<Enabled>true</Enabled>" : "<Enabled>false</Enabled>");
    buf_appends(out, at + strlen("<Enabled>true</Enabled>"));
    buf_free(&b);
}

/* The task file the live collector reads, kept in step with the state. */
static void write_task_file(void)
{
    struct buf x = {0};
    struct oqs_err e;
    task_xml(&x);
    assert_int_equal(plat_write_file("C:\\Windows\\System32\\Tasks\\" TASK, x.data, x.len, &e), 0);
    buf_free(&x);
}

/* A .reg file of the fake: one line of the state it exported. */
static void reg_export(const char *key, const char *file)
{
    struct buf b = {0};
    struct oqs_err e;
    if (strstr(key, "Connections"))
        buf_appendf(&b, "winhttp\n%s\n%s\n", m.winhttp, m.bypass);
    else if (strstr(key, "W32Time"))
        buf_appendf(&b, "w32time\n%s\n", m.peer);
    else if (strstr(key, "Internet Settings"))
        buf_appendf(&b, "user\n%d\n%s\n%s\n", m.user_enable, m.user_server, m.user_override);
    else
        buf_appendf(&b, "other\n");
    assert_int_equal(plat_write_file(file, b.data, b.len, &e), 0);
    buf_free(&b);
}

static void copy_line(char *dst, size_t n, const char **p)
{
    size_t len = strcspn(*p, "\n");
    snprintf(dst, n, "%.*s", (int)len, *p);
    *p += len + ((*p)[len] != '\0');
}

static int reg_import(const char *file)
{
    struct buf b = {0};
    struct oqs_err e;
    if (plat_read_file(file, 1 << 20, 0, &b, &e) != 0)
        return 1;
    const char *p = b.data;
    char kind[32], a[512];
    copy_line(kind, sizeof kind, &p);
    if (strcmp(kind, "winhttp") == 0) {
        copy_line(m.winhttp, sizeof m.winhttp, &p);
        copy_line(m.bypass, sizeof m.bypass, &p);
    } else if (strcmp(kind, "w32time") == 0) {
        copy_line(m.peer, sizeof m.peer, &p);
    } else if (strcmp(kind, "user") == 0) {
        copy_line(a, sizeof a, &p);
        m.user_enable = atoi(a);
        copy_line(m.user_server, sizeof m.user_server, &p);
        copy_line(m.user_override, sizeof m.user_override, &p);
    }
    buf_free(&b);
    return 0;
}

static void show_winhttp(struct buf *out)
{
    buf_appends(out, "\r\nCurrent WinHTTP proxy settings:\r\n\r\n");
    if (!m.winhttp[0])
        buf_appends(out, "    Direct access (no proxy server).\r\n\r\n");
    else
        buf_appendf(out, "    Proxy Server(s) :  %s\r\n    Bypass List     :  %s\r\n\r\n",
                    m.winhttp, m.bypass);
}

static void show_status(struct buf *out)
{
    if (m.peer[0])
        buf_appendf(out, "Leap Indicator: 0(no warning)\r\nStratum: 3 (secondary reference - "
                         "syncd by (S)NTP)\r\nLast Successful Sync Time: %s\r\nSource: %s\r\n",
                    "11/27/2026 5:00:00 PM", m.peer);
    else
        buf_appends(out, "Leap Indicator: 3(not synchronized)\r\nStratum: 1 (primary reference - "
                         "syncd by radio clock)\r\nLast Successful Sync Time: unspecified\r\n"
                         "Source: Local CMOS Clock\r\n");
}

static void show_config(struct buf *out)
{
    buf_appends(out, "[TimeProviders]\r\n\r\nNtpClient (Local)\r\nEnabled: 1 (Local)\r\n");
    buf_appendf(out, "Type: %s (Local)\r\nNtpServer: %s (Local)\r\n", m.peer[0] ? "NTP" : "NoSync",
                m.peer[0] ? m.peer : "time.windows.com,0x9");
}

static void show_admins(struct buf *out)
{
    buf_appendf(out, "Alias name     Administrators\r\nComment        Administrators have complete "
                     "and unrestricted access to the computer/domain\r\n\r\nMembers\r\n\r\n"
                     "---------------------------------------------------------------------------"
                     "----\r\nAdministrator\r\n%sThe command completed successfully.\r\n\r\n",
                m.admin ? "OqsComApp\r\n" : "");
}

static void show_user_proxy(struct buf *out)
{
    buf_appends(out, "\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet "
                     "Settings\r\n");
    buf_appendf(out, "    ProxyEnable    REG_DWORD    0x%x\r\n", m.user_enable);
    if (m.user_server[0])
        buf_appendf(out, "    ProxyServer    REG_SZ    %s\r\n", m.user_server);
    if (m.user_override[0])
        buf_appendf(out, "    ProxyOverride    REG_SZ    %s\r\n", m.user_override);
}

static int reg_command(const char *const *argv, struct buf *out, int *code)
{
    if (strcmp(argv[1], "export") == 0) {
        reg_export(argv[2], argv[3]);
    } else if (strcmp(argv[1], "import") == 0) {
        *code = reg_import(argv[2]);
        return 0;
    } else if (strcmp(argv[1], "query") == 0 && strcmp(argv[2], INET) == 0 && !argv[3]) {
        show_user_proxy(out);
    } else if (strcmp(argv[1], "query") == 0 && strstr(argv[2], "WindowMetrics")) {
        buf_appends(out, "\r\nHKEY_CURRENT_USER\\Control Panel\\Desktop\\WindowMetrics\r\n"
                         "    AppliedDPI    REG_DWORD    0x60\r\n\r\n");
    } else if (strcmp(argv[1], "add") == 0 && strcmp(argv[2], INET) == 0) {
        const char *v = argv[4], *d = argv[8];
        if (strcmp(v, "ProxyEnable") == 0)
            m.user_enable = atoi(d);
        else if (strcmp(v, "ProxyServer") == 0)
            snprintf(m.user_server, sizeof m.user_server, "%s", d);
        else if (strcmp(v, "ProxyOverride") == 0)
            snprintf(m.user_override, sizeof m.user_override, "%s", d);
    } else if (strcmp(argv[1], "delete") == 0 && strcmp(argv[2], INET) == 0) {
        if (strcmp(argv[4], "ProxyServer") == 0)
            m.user_server[0] = '\0';
        else if (strcmp(argv[4], "ProxyOverride") == 0)
            m.user_override[0] = '\0';
    } else {
        buf_appends(out, "ERROR: The system was unable to find the specified registry key or "
                         "value.\r\n");
        *code = 1;
        return 0;
    }
    *code = 0;
    return 0;
}

static int other_command(const char *cmd, const char *const *argv, struct buf *out, int *code)
{
    *code = 0;
    if (strcmp(cmd, "netsh winhttp show proxy") == 0)
        show_winhttp(out);
    else if (strcmp(cmd, "ipconfig /all") == 0)
        fixture_into(out, "netconf/ipconfig-en.txt");
    else if (strncmp(cmd, "netsh winhttp set proxy proxy-server=", 37) == 0) {
        snprintf(m.winhttp, sizeof m.winhttp, "%s", argv[4] + strlen("proxy-server="));
        snprintf(m.bypass, sizeof m.bypass, "%s", argv[5] + strlen("bypass-list="));
        show_winhttp(out);
    } else if (strcmp(cmd, "w32tm /query /status") == 0)
        show_status(out);
    else if (strcmp(cmd, "w32tm /query /configuration") == 0)
        show_config(out);
    else if (strncmp(cmd, "w32tm /config /manualpeerlist:", 30) == 0)
        snprintf(m.peer, sizeof m.peer, "%.*s", (int)strcspn(argv[2] + 16, " "), argv[2] + 16);
    else if (strcmp(cmd, "w32tm /config /update") == 0 || strcmp(cmd, "w32tm /resync") == 0)
        buf_appends(out, "The command completed successfully.\r\n");
    else if (strcmp(cmd, "net start w32time") == 0) {
        buf_appends(out, "The requested service has already been started.\r\n");
        *code = 2;
    } else if (strcmp(cmd, "net localgroup Administrators") == 0)
        show_admins(out);
    else if (strcmp(cmd, "net localgroup Administrators OqsComApp /add") == 0)
        m.admin = 1;
    else if (strcmp(cmd, "net localgroup Administrators OqsComApp /delete") == 0)
        m.admin = 0;
    else if (strcmp(cmd, "net user OqsComApp") == 0)
        fixture_into(out, "snapshots/healthy-en/system/net_user_OqsComApp.txt");
    else if (strcmp(cmd, "schtasks /query /fo csv /v") == 0)
        fixture_into(out, m.task_enabled ? "snapshots/healthy-en/tasks/schtasks.csv"
                                         : "snapshots/en-task-disabled/tasks/schtasks.csv");
    else if (strcmp(cmd, "schtasks /query /tn \\" TASK " /xml") == 0)
        task_xml(out);
    else if (strcmp(cmd, "schtasks /change /tn \\" TASK " /enable") == 0 ||
             strcmp(cmd, "schtasks /change /tn \\" TASK " /disable") == 0) {
        m.task_enabled = strstr(cmd, "/enable") != NULL;
        write_task_file();
        buf_appends(out, "SUCCESS: The parameters of scheduled task \"" TASK
                         "\" have been changed.\r\n");
    } else
        return -1;
    return 0;
}

static int fake_run(const char *const *argv, struct buf *out, int *code)
{
    struct buf j = {0};
    for (size_t i = 0; argv[i]; i++)
        buf_appendf(&j, "%s%s", i ? " " : "", argv[i]);
    buf_appendf(&ran, "%s\n", j.data);
    int rc;
    if (fail_on && strncmp(j.data, fail_on, strlen(fail_on)) == 0) {
        buf_appends(out, "ERROR: Access is denied.\r\n");
        *code = 1;
        rc = 0;
    } else if (strcmp(argv[0], "reg") == 0 && argv[1] && argv[2]) {
        rc = reg_command(argv, out, code);
    } else {
        rc = other_command(j.data, argv, out, code);
    }
    buf_free(&j);
    return rc;
}

static struct plat_fake host;

static int setup(void **state)
{
    (void)state;
    struct oqs_err e;
    char *dir = plat_mkdtemp("oqsdiag-fix", &e);
    assert_non_null(dir);
    snprintf(root, sizeof root, "%s", dir);
    free(dir);
    memset(&host, 0, sizeof host);
    host.is_windows = 1;
    host.hostname = "OQS-SV01";
    host.creds = creds;
    host.ncreds = 1;
    host.run = fake_run;
    host.root = root;
    plat_fake = &host;
    m = broken;
    fail_on = NULL;
    buf_free(&ran);
    assert_int_equal(plat_mkdir_p("C:\\Windows\\System32\\Tasks", &e), 0);
    write_task_file();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    plat_fake = NULL;
    plat_rmtree(root);
    buf_free(&ran);
    return 0;
}

#define SETS "--set", "proxy.server=" PROXY, "--set", "ntp.server=" NTP

static int fix(struct buf *out, struct buf *err, const char *a1, const char *a2, const char *a3)
{
    const char *argv[] = {"oqsdiag", "--lang", "en", SETS, "fix", a1, a2, a3, NULL};
    return tu_run(argv, out, err);
}

static void assert_state(const struct machine *want)
{
    assert_string_equal(m.winhttp, want->winhttp);
    assert_string_equal(m.bypass, want->bypass);
    assert_string_equal(m.peer, want->peer);
    assert_int_equal(m.task_enabled, want->task_enabled);
    assert_int_equal(m.admin, want->admin);
    assert_string_equal(m.user_server, want->user_server);
    assert_string_equal(m.user_override, want->user_override);
}

/* The commands that change something, in the order they ran. */
static void changes(const struct buf *log, struct buf *out);

/* No command that changes something ran, and the state is the first one. */
static void assert_nothing_changed(void)
{
    struct buf ch = {0};
    changes(&ran, &ch);
    assert_int_equal(ch.len, 0);
    assert_state(&broken);
    buf_free(&ch);
}

/* The commands that change something, in the order they ran. */
static void changes(const struct buf *log, struct buf *out)
{
    static const char *const readers[] = {"netsh winhttp show", "w32tm /query", "net user",
                                          "net localgroup Administrators\n", "schtasks /query",
                                          "reg query", "reg export", "systeminfo", "cmdkey",
                                          "net share", "powershell", "icacls", "ipconfig /all",
                                          "wevtutil qe", "wevtutil gl"};
    for (const char *p = log->data ? log->data : ""; *p;) {
        size_t n = strcspn(p, "\n");
        int reader = 0;
        for (size_t i = 0; i < sizeof readers / sizeof *readers; i++)
            if (strncmp(p, readers[i], strlen(readers[i])) == 0)
                reader = 1;
        if (!reader)
            buf_appendf(out, "%.*s\n", (int)n, p);
        p += n + (p[n] != '\0');
    }
}

static void test_dry_run_shows_four_repairs_and_changes_nothing(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    int rc = fix(&out, &err, NULL, NULL, NULL);
    assert_int_equal(rc, 2);
    assert_true(tu_contains(out.data, "4 repair(s) (dry run"));
    assert_true(tu_contains(out.data, "(winhttp-proxy)"));
    assert_true(tu_contains(out.data, "(time-source)"));
    assert_true(tu_contains(out.data, "(task-enable)"));
    assert_true(tu_contains(out.data, "(admin-group)"));
    assert_true(tu_contains(out.data, "netsh winhttp set proxy proxy-server=" PROXY
                                      " bypass-list=\"" BYPASS "\""));
    assert_true(tu_contains(out.data, "w32tm /config \"/manualpeerlist:" NTP
                                      ",0x8\" /syncfromflags:manual /update"));
    assert_true(tu_contains(out.data, "schtasks /change /tn \\" TASK " /enable"));
    assert_true(tu_contains(out.data, "net localgroup Administrators OqsComApp /add"));
    assert_nothing_changed();
    buf_free(&out);
    buf_free(&err);
}

static void test_apply_without_confirmation_changes_nothing(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    assert_non_null(freopen("/dev/null", "r", stdin));
    int rc = fix(&out, &err, "--apply", NULL, NULL);
    assert_int_equal(rc, 3);
    assert_true(tu_contains(out.data, "nothing was changed"));
    assert_nothing_changed();
    struct plat_dirent e;
    assert_int_not_equal(plat_stat("C:\\ProgramData\\oqsdiag\\backup", &e), 0);
    buf_free(&out);
    buf_free(&err);
}

static json_t *doctor_json(void)
{
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", SETS, "--set", "dns.servers=127.0.0.1:9", "--set",
                          "names=ntp.base.oqs-pdl.org", "--set", "ntp.port=9", "--set",
                          "proxy.target=127.0.0.1:9", "--set", "tls.target=127.0.0.1:9",
                          "--set", "http.target=127.0.0.1:9", "--set", "timeout_ms=1000", "--json", "doctor", NULL};
    tu_run(argv, &out, &err);
    json_t *doc = json_loads(out.data ? out.data : "", 0, NULL);
    assert_non_null(doc);
    buf_free(&out);
    buf_free(&err);
    return doc;
}

static const char *status_of(json_t *doc, const char *id, const char *task)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "findings"), i, f) {
        json_t *t = json_object_get(json_object_get(f, "evidence"), "task");
        if (strcmp(json_string_value(json_object_get(f, "id")), id) == 0 &&
            (!task || (t && strcmp(json_string_value(t), task) == 0)))
            return json_string_value(json_object_get(f, "status"));
    }
    return "absent";
}

static void assert_areas(json_t *doc, const char *want)
{
    assert_string_equal(status_of(doc, "proxy.winhttp.server", NULL), want);
    assert_string_equal(status_of(doc, "ntp.w32tm.source", NULL), want);
    assert_string_equal(status_of(doc, "tasks.enabled", TASK), want);
    assert_string_equal(status_of(doc, "account.admin", NULL), want);
}

static void test_apply_yes_makes_doctor_clean_and_undo_restores(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0}, ch = {0}, xml_before = {0}, xml_after = {0};
    struct oqs_err e;
    json_t *doc = doctor_json();
    assert_areas(doc, "fail");
    json_decref(doc);
    assert_int_equal(plat_read_file("C:\\Windows\\System32\\Tasks\\" TASK, 1 << 20, 0,
                                    &xml_before, &e), 0);
    buf_reset(&ran);

    int rc = fix(&out, &err, "--apply", "--yes", NULL);
    assert_int_equal(rc, 0);
    /* Exactly these changes, in this order (the backups before them). */
    changes(&ran, &ch);
    assert_string_equal(ch.data,
                        "net localgroup Administrators OqsComApp /add\n"
                        "netsh winhttp set proxy proxy-server=" PROXY " bypass-list=" BYPASS "\n"
                        "net start w32time\n"
                        "w32tm /config /manualpeerlist:" NTP ",0x8 /syncfromflags:manual /update\n"
                        "w32tm /resync\n"
                        "schtasks /change /tn \\" TASK " /enable\n");
    assert_true(tu_contains(out.data, "proxy.winhttp.server: fail -> ok"));
    assert_true(tu_contains(out.data, "tasks.enabled (" TASK "): fail -> ok"));
    doc = doctor_json();
    assert_areas(doc, "ok");
    json_decref(doc);

    buf_reset(&out);
    rc = fix(&out, &err, "--undo", "--yes", NULL);
    assert_int_equal(rc, 2);
    assert_state(&broken);
    assert_int_equal(plat_read_file("C:\\Windows\\System32\\Tasks\\" TASK, 1 << 20, 0,
                                    &xml_after, &e), 0);
    assert_int_equal(xml_after.len, xml_before.len);
    assert_memory_equal(xml_after.data, xml_before.data, xml_before.len);
    doc = doctor_json();
    assert_areas(doc, "fail");
    json_decref(doc);
    /* A second undo finds nothing still applied. */
    assert_int_equal(fix(&out, &err, "--undo", "--yes", NULL), 3);
    buf_free(&out);
    buf_free(&err);
    buf_free(&ch);
    buf_free(&xml_before);
    buf_free(&xml_after);
}

static void test_failing_step_restores_what_this_run_changed(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    fail_on = "schtasks /change";
    int rc = fix(&out, &err, "--apply", "--yes", NULL);
    assert_int_equal(rc, 3);
    assert_true(tu_contains(out.data, "a step failed: restoring"));
    assert_true(tu_contains(ran.data, "reg import"));
    fail_on = NULL;
    assert_state(&broken);
    buf_free(&out);
    buf_free(&err);
}

static void test_only_what_is_asked_for(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0}, ch = {0};
    int rc = fix(&out, &err, "admin-group", "--apply", "--yes");
    assert_int_equal(rc, 0);
    changes(&ran, &ch);
    assert_string_equal(ch.data, "net localgroup Administrators OqsComApp /add\n");
    assert_int_equal(m.admin, 1);
    assert_string_equal(m.winhttp, broken.winhttp);
    assert_int_equal(fix(&out, &err, "no-such-repair", NULL, NULL), 3);
    /* Output choices it cannot honour are refused, not ignored. */
    const char *o[] = {"oqsdiag", "-o", "plan.txt", "fix", NULL};
    assert_int_equal(tu_run(o, &out, &err), 3);
    assert_true(tu_contains(err.data, "-o is not taken"));
    const char *nag[] = {"oqsdiag", "--format", "nagios", "fix", NULL};
    assert_int_equal(tu_run(nag, &out, &err), 3);
    assert_true(tu_contains(err.data, "fix does not print --format nagios"));
    assert_true(tu_contains(err.data, "'no-such-repair' is not a repair"));
    buf_free(&out);
    buf_free(&err);
    buf_free(&ch);
}

static void test_no_repair_runs_off_windows_or_unelevated(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    host.not_elevated = 1;
    assert_int_equal(fix(&out, &err, "--apply", "--yes", NULL), 3);
    assert_true(tu_contains(err.data, "elevated prompt"));
    host.not_elevated = 0;
    host.is_windows = 0;
    buf_reset(&err);
    assert_int_equal(fix(&out, &err, "--apply", "--yes", NULL), 3);
    assert_true(tu_contains(err.data, "Windows server only"));
    assert_int_equal(fix(&out, &err, "--undo", "--yes", NULL), 3);
    host.is_windows = 1;
    assert_nothing_changed();
    buf_free(&out);
    buf_free(&err);
}

static void test_from_snapshot_shows_but_never_applies(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--lang", "en", "fix", "--from",
                          tu_fixture("snapshots/en-time-cmos"), NULL};
    assert_int_equal(tu_run(argv, &out, &err), 2);
    assert_true(tu_contains(out.data, "manualpeerlist:ntp.base.oqs-pdl.org,0x8"));
    const char *apply[] = {"oqsdiag", "fix", "--from", tu_fixture("snapshots/en-time-cmos"),
                           "--apply", NULL};
    assert_int_equal(tu_run(apply, &out, &err), 3);
    assert_true(tu_contains(err.data, "--from only shows the commands"));
    buf_reset(&out);
    const char *js[] = {"oqsdiag", "--json", "fix", "--from", tu_fixture("snapshots/en-time-cmos"),
                        NULL};
    assert_int_equal(tu_run(js, &out, &err), 2);
    json_t *doc = json_loads(out.data, 0, NULL);
    json_t *r0 = json_array_get(json_object_get(doc, "repairs"), 0);
    assert_string_equal(json_string_value(json_object_get(r0, "repair")), "time-source");
    assert_true(json_is_true(json_object_get(doc, "dry_run")));
    json_t *cmds = json_object_get(r0, "commands");
    assert_string_equal(json_string_value(json_object_get(json_array_get(cmds, 2), "command")),
                        "w32tm /config \"/manualpeerlist:ntp.base.oqs-pdl.org,0x8\" "
                        "/syncfromflags:manual /update");
    json_decref(doc);
    buf_free(&out);
    buf_free(&err);
}

/* verify and the HTML report point at the repair. */
static void test_verify_and_html_name_the_fix_command(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    plat_fake = NULL;
    const char *verify[] = {"oqsdiag", "--lang", "en", "verify",
                            tu_fixture("snapshots/account-not-admin"), NULL};
    tu_run(verify, &out, &err);
    assert_true(tu_contains(out.data, "repair by command: oqsdiag fix account-oqscomapp"));
    /* An entry without a repair gets no such line. */
    assert_false(tu_contains(out.data, "oqsdiag fix comapp-not-working"));
    buf_reset(&out);
    const char *html[] = {"oqsdiag", "--lang", "en", "--format", "html", "analyze",
                          tu_fixture("snapshots/time-cmos"), NULL};
    tu_run(html, &out, &err);
    assert_true(tu_contains(out.data, "<code>oqsdiag fix ntp-sync-failed</code>"));
    plat_fake = &host;
    buf_free(&out);
    buf_free(&err);
}

/* Secrets: the plan, the run and the backup hold none. */
static int no_secret_in(const struct plat_dirent *e, void *ud)
{
    struct buf b = {0};
    struct oqs_err er;
    char path[4096];
    snprintf(path, sizeof path, "%s\\%s", (const char *)ud, e->name);
    if (e->is_dir)
        plat_list_dir(path, no_secret_in, path, NULL);
    else if (plat_read_file(path, 1 << 20, 0, &b, &er) == 0)
        assert_false(tu_contains(b.data ? b.data : "", SECRET));
    buf_free(&b);
    return 0;
}

static void test_no_secret_in_output_or_backup(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    assert_int_equal(fix(&out, &err, "--apply", "--yes", NULL), 0);
    assert_false(tu_contains(out.data, SECRET));
    assert_false(tu_contains(err.data ? err.data : "", SECRET));
    char dir[] = "C:\\ProgramData\\oqsdiag\\backup";
    assert_int_equal(plat_list_dir(dir, no_secret_in, dir, NULL), 0);
    buf_free(&out);
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dry_run_shows_four_repairs_and_changes_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_apply_without_confirmation_changes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_apply_yes_makes_doctor_clean_and_undo_restores,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_failing_step_restores_what_this_run_changed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_only_what_is_asked_for, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_repair_runs_off_windows_or_unelevated, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_from_snapshot_shows_but_never_applies, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_secret_in_output_or_backup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_and_html_name_the_fix_command, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
