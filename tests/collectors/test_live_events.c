/* events/<log>.xml on a live host (collectors/sources/live_events.c) against
 * the platform test double: the wevtutil queries (logs, providers, days,
 * count, RenderedXml, newest first), the Application log kept to the events
 * naming OQS, the Task Scheduler history switched off, no events at all;
 * then a live run judges the same events as the snapshot they came from. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/checks/checks.h"
#include "collectors/sources/live.h"
#include "core/source.h"
#include "core/config.h"
#include "core/platform.h"
#include "core/report.h"
#include "kb/kb.h"

static struct buf sys_xml, app_xml, tasks_xml;
static int tasks_off, no_events, no_wevtutil;
static char argv_seen[4][8192];
static size_t nseen;

/* A non-OQS crash the Application query also returns (Windows' template). */
static const char other_crash[] =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Application Error'/><EventID Qualifiers='0'>1000</EventID><Level>2</Level>"
    "<TimeCreated SystemTime='2026-11-27T09:10:00.1234567Z'/><Channel>Application</Channel>"
    "<Computer>OQS-SV01</Computer></System><EventData><Data>notepad.exe</Data></EventData>"
    "<RenderingInfo Culture='en-US'><Message>Faulting application name: notepad.exe, version: "
    "10.0.20348.1</Message></RenderingInfo></Event>\r\n";

static int fake_run(const char *const *argv, struct buf *out, int *exit_code)
{
    if (no_wevtutil || strcmp(argv[0], "wevtutil") != 0)
        return -1;
    struct buf j = {0};
    for (size_t i = 0; argv[i]; i++)
        buf_appendf(&j, "%s%s", i ? " " : "", argv[i]);
    if (nseen < 4)
        snprintf(argv_seen[nseen++], sizeof argv_seen[0], "%s", j.data);
    buf_free(&j);
    *exit_code = 0;
    if (strcmp(argv[1], "gl") == 0) {
        buf_appendf(out, "name: %s\r\nenabled: %s\r\ntype: Operational\r\n", argv[2],
                    tasks_off ? "false" : "true");
        return 0;
    }
    if (no_events)
        return 0; /* wevtutil prints nothing when no event matches */
    const struct buf *b = strcmp(argv[2], "System") == 0        ? &sys_xml
                          : strcmp(argv[2], "Application") == 0 ? &app_xml
                                                                : &tasks_xml;
    buf_append(out, b->data, b->len);
    if (b == &app_xml)
        buf_appends(out, other_crash);
    return 0;
}

static struct plat_fake host;

static void load(struct buf *b, const char *rel)
{
    struct oqs_err err;
    memset(b, 0, sizeof *b);
    if (plat_read_file(tu_fixture(rel), 16u << 20, 0, b, &err) != 0)
        fail_msg("%s: %s", rel, err.msg);
}

/* The fixtures' events are of one day; moved to today (ASCII digits are
 * never part of a CP932 or UTF-8 multibyte character), so that a live run,
 * which judges by the real clock, sees them as recent. */
static void to_today(struct buf *b)
{
    static const char attr[] = "SystemTime='";
    const size_t k = sizeof attr - 1;
    char now[32];
    plat_utc_rfc3339(-1, now);
    for (size_t i = 0; b->len >= k + 11 && i <= b->len - (k + 11); i++)
        if (memcmp(b->data + i, attr, k) == 0 && b->data[i + k + 10] == 'T')
            memcpy(b->data + i + k, now, 10);
}

static int setup(void **state)
{
    (void)state;
    load(&sys_xml, "events/ja-system-faults.utf8.xml");
    load(&app_xml, "snapshots/events-faults-ja/events/application.xml");
    load(&tasks_xml, "snapshots/events-faults-ja/events/taskscheduler.xml");
    to_today(&sys_xml);
    to_today(&app_xml);
    to_today(&tasks_xml);
    memset(&host, 0, sizeof host);
    host.is_windows = 1;
    host.hostname = "OQS-SV01";
    host.run = fake_run;
    plat_fake = &host;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    plat_fake = NULL;
    buf_free(&sys_xml);
    buf_free(&app_xml);
    buf_free(&tasks_xml);
    return 0;
}

static enum live_status read_live(const char *rel, const struct config *c, struct buf *out)
{
    struct oqs_err err = {{0}};
    buf_reset(out);
    tasks_off = no_events = no_wevtutil = 0;
    nseen = 0;
    return live_read(rel, c, out, &err);
}

static void test_system_log_is_queried_and_kept_byte_for_byte(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct oqs_err err;
    assert_int_equal(config_set_arg(c, "events.days=3", &err), 0);
    assert_int_equal(config_set_arg(c, "events.max=200", &err), 0);
    struct buf b = {0};
    assert_int_equal(read_live("events/system.xml", c, &b), LIVE_OK);
    assert_int_equal(b.len, sys_xml.len);
    assert_memory_equal(b.data, sys_xml.data, b.len);
    const char *a = argv_seen[0];
    assert_true(tu_contains(a, "wevtutil qe System /q:*[(System[Provider[@Name='Microsoft-Windows-Time-Service'"));
    assert_true(tu_contains(a, "@Name='Schannel'"));
    assert_true(tu_contains(a, "@Name='Microsoft-Windows-DNS-Client'"));
    assert_true(tu_contains(a, "@Name='Microsoft-Windows-WindowsUpdateClient'"));
    assert_true(tu_contains(a, "Provider[@Name='Service Control Manager']"));
    assert_true(tu_contains(a, "EventData[Data='Windows Time' or Data='W32Time']"));
    assert_true(tu_contains(a, "timediff(@SystemTime) <= 259200000]")); /* 3 days */
    assert_true(tu_contains(a, " /f:RenderedXml /rd:true /c:200"));
    assert_false(tu_contains(a, "Security"));
    buf_free(&b);
    config_free(c);
}

static void test_application_log_keeps_only_events_naming_oqs(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct buf b = {0};
    assert_int_equal(read_live("events/application.xml", c, &b), LIVE_OK);
    assert_true(tu_contains(b.data, "OQSComApp.exe"));
    assert_true(tu_contains(b.data, "OQSDistroApp.exe"));
    assert_false(tu_contains(b.data, "notepad.exe"));
    assert_true(tu_contains(argv_seen[0], "@Name='Application Error' or @Name='Application Hang' or "
                                          "@Name='.NET Runtime'"));
    assert_true(tu_contains(argv_seen[0], " /c:5000"));
    buf_free(&b);
    config_free(c);
}

static void test_task_history_of_the_five_tasks_or_what_windows_says_when_off(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct buf b = {0};
    assert_int_equal(read_live("events/taskscheduler.xml", c, &b), LIVE_OK);
    assert_int_equal(b.len, tasks_xml.len);
    assert_string_equal(argv_seen[0], "wevtutil gl Microsoft-Windows-TaskScheduler/Operational");
    assert_true(tu_contains(argv_seen[1], "wevtutil qe Microsoft-Windows-TaskScheduler/Operational"));
    assert_true(tu_contains(argv_seen[1], "Data[@Name='TaskName']='\\OQS_exec_comappstart'"));
    assert_true(tu_contains(argv_seen[1], "Data[@Name='TaskName']='\\OQS_exec_distroappstop_periodic'"));

    struct oqs_err err;
    buf_reset(&b);
    tasks_off = 1;
    nseen = 0;
    assert_int_equal(live_read("events/taskscheduler.xml", c, &b, &err), LIVE_OK);
    assert_true(tu_contains(b.data, "enabled: false"));
    assert_int_equal(nseen, 1); /* no query of a log that is off */
    buf_free(&b);
    config_free(c);
}

static void test_no_events_is_an_empty_file_and_no_wevtutil_an_error(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct buf b = {0};
    struct oqs_err err = {{0}};
    no_events = 1;
    assert_int_equal(live_read("events/system.xml", c, &b, &err), LIVE_OK);
    assert_int_equal(b.len, 0);
    assert_int_equal(live_read("events/application.xml", c, &b, &err), LIVE_OK);
    assert_int_equal(b.len, 0);
    no_events = 0;
    no_wevtutil = 1;
    assert_int_equal(live_read("events/system.xml", c, &b, &err), LIVE_ERROR);
    no_wevtutil = 0;
    buf_free(&b);
    config_free(c);
}

static const struct finding *find(const struct report *r, const char *id, enum fstatus st)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].id, id) == 0 && r->findings[i].status == st)
            return &r->findings[i];
    return NULL;
}

/* A live run on a host whose logs are those of events-faults-ja (moved to
 * today) gives the same event findings and entries. */
static void test_live_run_judges_the_events_like_the_snapshot(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct oqs_err err = {{0}};
    /* Before source_live: its commands start at once (live_prefetch.c). */
    tasks_off = no_events = no_wevtutil = 0;
    struct source *src = source_live(c, &err);
    assert_non_null(src);
    struct report *r = report_new("live");
    if (checks_run(src, c, r, &err) != 0)
        fail_msg("checks_run: %s", err.msg);
    static const char *const ids[] = {
        "events.time.peer_dns", "events.time.no_sync",    "events.time.service",
        "events.dns.timeout",   "events.schannel.key",    "events.schannel.untrusted",
        "events.schannel.cert", "events.comapp.crash",    "events.distroapp.crash",
        "events.tasks.failed",
    };
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        if (!find(r, ids[i], FST_FAIL))
            fail_msg("live run: no %s fail", ids[i]);
    if (!find(r, "events.wu.failed", FST_WARN))
        fail_msg("live run: no events.wu.failed warn");
    struct kb *kb = kb_load(NULL, &err);
    assert_non_null(kb);
    assert_int_equal(kb_match(kb, r, NULL, &err), 0);
    /* Every event's entry (the mapping of docs/decisions.md), each with
     * the events that led to it in matched. */
    static const char *const entries[] = {
        "ntp-dns-round-robin",     "ntp-sync-failed",       "ipvpn-line-auth",
        "cert-strong-key-protection", "cert-missing-or-invalid", "cert-root-not-trusted",
        "proxy-maintenance",       "comapp-not-working",    "client-apps-install",
        "tasks-not-registered",
    };
    for (size_t e = 0; e < sizeof entries / sizeof *entries; e++) {
        const struct kb_hit *k = NULL;
        for (size_t i = 0; i < r->nkb && !k; i++)
            if (strcmp(r->kb[i].id, entries[e]) == 0)
                k = &r->kb[i];
        if (!k)
            fail_msg("live run: no KB entry %s", entries[e]);
        size_t nev = 0;
        for (size_t i = 0; i < k->nmatched; i++)
            nev += strcmp(k->matched[i].kind, "event") == 0 && k->matched[i].provider &&
                   k->matched[i].time && k->matched[i].time[0];
        if (!nev)
            fail_msg("live run: KB entry %s names no event in matched", entries[e]);
    }
    kb_free(kb);
    report_free(r);
    source_free(src);
    config_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_system_log_is_queried_and_kept_byte_for_byte),
        cmocka_unit_test(test_application_log_keeps_only_events_naming_oqs),
        cmocka_unit_test(test_task_history_of_the_five_tasks_or_what_windows_says_when_off),
        cmocka_unit_test(test_no_events_is_an_empty_file_and_no_wevtutil_an_error),
        cmocka_unit_test(test_live_run_judges_the_events_like_the_snapshot),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
