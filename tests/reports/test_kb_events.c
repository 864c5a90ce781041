/* The events behind a KB entry show in its `matched` (issue 14): in JSON
 * as kind "event" with provider, event id and time and without the message
 * (report.md: the text stays in the file, where masking applies), in text
 * and HTML beside file:line, the same from the snapshot folder, its bundle
 * and a report read back from JSON. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bundle_util.h"
#include "core/report.h"

#define SNAP "snapshots/events-faults-ja"

static json_t *analyze_json(const char *path)
{
    struct buf out = {0};
    const char *argv[] = {"oqsdiag", "--json", "analyze", path, NULL};
    int rc = tu_run(argv, &out, NULL);
    assert_int_equal(rc, 2);
    json_t *doc = json_loads(out.data, 0, NULL);
    buf_free(&out);
    assert_non_null(doc);
    return doc;
}

static const json_t *kb_hit(const json_t *doc, const char *id)
{
    const json_t *ka = json_object_get(doc, "kb");
    for (size_t i = 0; i < json_array_size(ka); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(ka, i), "id")), id) == 0)
            return json_array_get(ka, i);
    fail_msg("no KB entry %s", id);
    return NULL;
}

/* How many matched entries of hit are the event provider/id, each with a
 * file, a line, a time and no text. */
static size_t events_of(const json_t *hit, const char *provider, long long id)
{
    const json_t *m = json_object_get(hit, "matched");
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(m); i++) {
        const json_t *e = json_array_get(m, i);
        const char *kind = json_string_value(json_object_get(e, "kind"));
        if (!kind || strcmp(kind, "event") != 0)
            continue;
        assert_null(json_object_get(e, "text"));
        assert_null(json_object_get(e, "message"));
        assert_string_equal(json_string_value(json_object_get(e, "file")), "events/system.xml");
        assert_true(json_integer_value(json_object_get(e, "line")) > 0);
        const char *t = json_string_value(json_object_get(e, "time"));
        assert_non_null(t);
        assert_true(strncmp(t, "20", 2) == 0 && strchr(t, 'T'));
        if (strcmp(json_string_value(json_object_get(e, "provider")), provider) == 0 &&
            json_integer_value(json_object_get(e, "event_id")) == id)
            n++;
    }
    return n;
}

static void expect_event_matches(const json_t *doc)
{
    /* 134 naming the NTP server: 補24 and the sync entry, the newest three. */
    size_t n = events_of(kb_hit(doc, "ntp-dns-round-robin"), "Microsoft-Windows-Time-Service", 134);
    assert_true(n >= 1 && n <= 3);
    assert_true(events_of(kb_hit(doc, "ntp-sync-failed"), "Microsoft-Windows-Time-Service", 134) >= 1);
    assert_true(events_of(kb_hit(doc, "cert-strong-key-protection"), "Schannel", 36870) >= 1);
}

static void test_json_kb_matched_names_the_events_without_their_text(void **state)
{
    (void)state;
    json_t *doc = analyze_json(tu_fixture(SNAP));
    expect_event_matches(doc);
    /* Read back (verify, batch): the events stay. */
    struct oqs_err err = {{0}};
    struct report *r = report_from_json(doc, &err);
    if (!r)
        fail_msg("report_from_json: %s", err.msg);
    json_t *again = report_to_json(r);
    expect_event_matches(again);
    json_decref(again);
    report_free(r);
    json_decref(doc);
}

static void test_bundle_gives_the_same_event_matches(void **state)
{
    (void)state;
    const char *dir = tu_scratch("kb-events-bundle");
    char out[4200];
    snprintf(out, sizeof out, "%s/b.tar.gz", dir);
    const char *argv[] = {"oqsdiag", "-q", "-o", out, "collect", "--from", tu_fixture(SNAP), NULL};
    assert_int_equal(tu_run(argv, NULL, NULL), 0);
    json_t *doc = analyze_json(out), *folder = analyze_json(tu_fixture(SNAP));
    expect_event_matches(doc);
    /* Every entry with every event, as from the folder. */
    if (!json_equal(json_object_get(doc, "kb"), json_object_get(folder, "kb"))) {
        char *a = json_dumps(json_object_get(folder, "kb"), JSON_COMPACT);
        char *b = json_dumps(json_object_get(doc, "kb"), JSON_COMPACT);
        fail_msg("folder and bundle differ:\n%s\n%s", a, b);
    }
    json_decref(folder);
    json_decref(doc);
}

static void test_text_and_html_show_when_each_event_happened(void **state)
{
    (void)state;
    static const char *const fmt[][2] = {{"--lang", "en"}, {"--lang", "ja"}, {"--format", "html"}};
    for (size_t i = 0; i < sizeof fmt / sizeof *fmt; i++) {
        struct buf out = {0};
        const char *argv[] = {"oqsdiag", fmt[i][0], fmt[i][1], "analyze", tu_fixture(SNAP), NULL};
        tu_run(argv, &out, NULL);
        const char *kb = strstr(out.data, "oqsdiag kb show ntp-dns-round-robin");
        if (i == 2)
            kb = strstr(out.data, "ntp-dns-round-robin</code>");
        if (!kb)
            fail_msg("no ntp-dns-round-robin entry:\n%s", out.data);
        /* "events/system.xml:NN (Microsoft-Windows-Time-Service 134, 2026-.. .. UTC)" */
        const char *ev = strstr(out.data, "(Microsoft-Windows-Time-Service 134, 20");
        if (!ev || !strstr(ev, " UTC)"))
            fail_msg("%s %s: the event's provider, id and time are not shown:\n%s", fmt[i][0],
                     fmt[i][1], out.data);
        buf_free(&out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_kb_matched_names_the_events_without_their_text),
        cmocka_unit_test(test_bundle_gives_the_same_event_matches),
        cmocka_unit_test(test_text_and_html_show_when_each_event_happened),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
