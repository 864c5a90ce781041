/* A helpdesk pastes an event's message into `kb search` (issue 14): the
 * message of every fault event of the fixtures, as Windows renders it in
 * Japanese and English, finds one of the entries that event leads to
 * (docs/decisions.md, Mapping) first. */
#include "testutil.h"
#include "kb_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/parsers/events.h"
#include "core/platform.h"
#include "kb/kb.h"
#include "kb/kb_search.h"

struct want {
    const char *provider;
    unsigned long id;
    const char *entries[3];
};

static const struct want wants[] = {
    {"Microsoft-Windows-Time-Service", 134, {"ntp-dns-round-robin", "ntp-sync-failed"}},
    {"Microsoft-Windows-Time-Service", 47, {"ntp-sync-failed"}},
    {"Service Control Manager", 7023, {"ntp-sync-failed"}},
    {"Microsoft-Windows-DNS-Client", 1014, {"ipvpn-line-auth", "after-setup-breakage"}},
    {"Schannel", 36870, {"cert-strong-key-protection", "cert-missing-or-invalid"}},
    {"Schannel", 36887, {"cert-root-not-trusted", "cert-missing-or-invalid"}},
    {"Schannel", 36888, {"cert-missing-or-invalid", "cert-root-not-trusted"}},
    {"Microsoft-Windows-WindowsUpdateClient", 20, {"proxy-maintenance"}},
    {"Microsoft-Windows-WindowsUpdateClient", 25, {"proxy-maintenance"}},
    /* The linkage app's or the delivery app's entry, by the program named. */
    {"Application Error", 1000, {"comapp-not-working", "client-apps-install"}},
    {"Application Hang", 1002, {"comapp-not-working", "client-apps-install"}},
    {".NET Runtime", 1026, {"comapp-not-working", "client-apps-install"}},
};

struct seen {
    const char *file;
    size_t checked;
};

static int on_event(const struct win_event *e, void *ud)
{
    struct seen *s = ud;
    for (size_t i = 0; i < sizeof wants / sizeof *wants; i++) {
        const struct want *w = &wants[i];
        if (strcmp(e->provider, w->provider) != 0 || e->id != w->id || !e->message[0])
            continue;
        struct kb_search_hit *hits = NULL;
        size_t n = 0;
        assert_int_equal(kb_search(tu_kb, e->message, &hits, &n, NULL), 0);
        const char *top = n ? hits[0].e->id : "nothing";
        int ok = 0;
        for (size_t k = 0; k < 3 && w->entries[k]; k++)
            ok |= strcmp(top, w->entries[k]) == 0;
        if (!ok)
            fail_msg("%s:%u: %s %lu: kb search gives %s first, not %s:\n%s", s->file, e->line,
                     e->provider, e->id, top, w->entries[0], e->message);
        free(hits);
        s->checked++;
    }
    return 0;
}

static void test_pasted_event_messages_find_their_entries(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        size_t min;
    } files[] = {
        {"events/ja-system-faults.utf8.xml", 8},
        {"events/en-system-faults.utf8.xml", 8},
        {"snapshots/events-faults-ja/events/application.xml", 2},
        {"snapshots/events-faults-en/events/application.xml", 2},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        struct buf raw = {0};
        struct oqs_err err = {{0}};
        if (plat_read_file(tu_fixture(files[i].file), 16u << 20, 0, &raw, &err) != 0)
            fail_msg("%s: %s", files[i].file, err.msg);
        struct seen s = {files[i].file, 0};
        struct parse_diag d = {0};
        assert_int_equal(events_parse((const unsigned char *)raw.data, raw.len, on_event, &s,
                                      NULL, &d),
                         0);
        /* Every kind of fault event of the file was looked up. */
        if (s.checked < files[i].min)
            fail_msg("%s: %zu fault events", files[i].file, s.checked);
        buf_free(&raw);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pasted_event_messages_find_their_entries),
    };
    return cmocka_run_group_tests(tests, tu_kb_setup, tu_kb_teardown);
}
