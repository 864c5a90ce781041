/* events/<log>.xml (collectors/parsers/events.c): the same events in every
 * encoding a snapshot holds them in, Japanese and English; what cannot be
 * read names its line; a 50 MB log is read in bounded memory. Fixtures:
 * tests/fixtures/events (tools/mkevents.py, sources in its README). */
#include "testutil.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/parsers/events.h"
#include "core/platform.h"

struct seen {
    size_t n;
    struct win_event first, last;
    size_t stop_after; /* 0: never */
    size_t heap_base, heap_peak;
};

static int collect(const struct win_event *e, void *ud)
{
    struct seen *s = ud;
    if (s->n == 0)
        s->first = *e;
    s->last = *e;
    s->n++;
    if (s->heap_base) {
        struct mallinfo2 mi = mallinfo2();
        if (mi.uordblks > s->heap_peak)
            s->heap_peak = mi.uordblks;
    }
    return s->stop_after && s->n >= s->stop_after;
}

static void read_fixture(const char *name, struct buf *b)
{
    char rel[128];
    snprintf(rel, sizeof rel, "events/%s", name);
    struct oqs_err err;
    memset(b, 0, sizeof *b);
    if (plat_read_file(tu_fixture(rel), 64u << 20, 0, b, &err) != 0)
        fail_msg("%s: %s", rel, err.msg);
}

static int parse(const struct buf *b, struct seen *s, struct events_stats *st,
                 struct parse_diag *d)
{
    return events_parse((const unsigned char *)(b->data ? b->data : ""), b->len, collect, s, st, d);
}

static void same_events_in(const char *lang, const char *const *encs, const char *text)
{
    struct seen ref = {0};
    for (size_t i = 0; encs[i]; i++) {
        char name[96];
        snprintf(name, sizeof name, "%s-system-faults.%s.xml", lang, encs[i]);
        struct buf b;
        read_fixture(name, &b);
        struct seen s = {0};
        struct parse_diag d = {0};
        struct events_stats st;
        if (parse(&b, &s, &st, &d) != 0)
            fail_msg("%s: line %u: %s", name, d.line, d.why);
        buf_free(&b);
        assert_true(s.n >= 10);
        assert_int_equal(st.events, s.n);
        if (i == 0) {
            ref = s;
            continue;
        }
        /* Every encoding gives the very same events. */
        assert_int_equal(s.n, ref.n);
        assert_string_equal(s.first.provider, ref.first.provider);
        assert_int_equal(s.first.id, ref.first.id);
        assert_string_equal(s.first.message, ref.first.message);
        assert_string_equal(s.last.message, ref.last.message);
        assert_int_equal(s.last.t, ref.last.t);
    }
    /* Newest first: a Time-Service 134 naming the NTP server. */
    assert_string_equal(ref.first.provider, "Microsoft-Windows-Time-Service");
    assert_int_equal(ref.first.id, 134);
    assert_int_equal(ref.first.level, 3);
    assert_true(ref.first.t > 0);
    assert_true(tu_contains(ref.first.message, text));
    assert_string_equal(event_data(&ref.first, "TimeSource"), "ntp.base.oqs-pdl.org,0x8");
    assert_true(event_mentions(&ref.first, "NTP.BASE.OQS-PDL.ORG"));
    assert_string_equal(ref.first.culture, strcmp(lang, "ja") == 0 ? "ja-JP" : "en-US");
    assert_int_equal(ref.first.line, 1);
    /* Messages may hold line breaks: the last event starts on a later line. */
    assert_true(ref.last.line >= ref.n);
}

static void test_japanese_log_reads_the_same_in_every_encoding(void **state)
{
    (void)state;
    static const char *const encs[] = {"utf8", "utf8bom", "utf16", "utf16nobom", "cp932", NULL};
    same_events_in("ja", encs, "での DNS 解決エラーのため、NtpClient でタイム ソースとして使う手動ピア");
}

static void test_english_log_reads_the_same_in_every_encoding(void **state)
{
    (void)state;
    static const char *const encs[] = {"utf8", "utf8bom", "utf16", "utf16nobom", NULL};
    same_events_in("en", encs, "NtpClient was unable to set a manual peer");
}

static void test_task_scheduler_history_gives_task_names_and_result_codes(void **state)
{
    (void)state;
    struct buf b;
    read_fixture("ja-taskscheduler-healthy.utf16.xml", &b);
    struct seen s = {0};
    struct parse_diag d = {0};
    assert_int_equal(parse(&b, &s, NULL, &d), 0);
    buf_free(&b);
    assert_true(s.n >= 10);
    assert_string_equal(s.first.provider, "Microsoft-Windows-TaskScheduler");
    assert_int_equal(s.first.id, 102);
    assert_true(strncmp(event_data(&s.first, "TaskName"), "\\OQS_exec_", 10) == 0);
    assert_true(tu_contains(s.first.message, "タスク スケジューラは、ユーザー"));
    assert_int_equal(s.last.id, 201);
    assert_string_equal(event_data(&s.last, "ResultCode"), "0");
}

static int parse_text(const char *text, struct seen *s, struct parse_diag *d)
{
    memset(s, 0, sizeof *s);
    memset(d, 0, sizeof *d);
    return events_parse((const unsigned char *)text, strlen(text), collect, s, NULL, d);
}

#define EV(id, t)                                                                           \
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"         \
    "<Provider Name='Schannel'/><EventID>" id "</EventID><Level>2</Level>"                  \
    "<TimeCreated SystemTime='" t "'/></System><EventData><Data Name='AlertDesc'>48</Data>" \
    "</EventData></Event>\r\n"

static void test_empty_log_is_no_events_and_no_error(void **state)
{
    (void)state;
    struct seen s;
    struct parse_diag d;
    assert_int_equal(parse_text("", &s, &d), 0);
    assert_int_equal(s.n, 0);
    assert_int_equal(parse_text("\r\n", &s, &d), 0);
    assert_int_equal(s.n, 0);
}

static void test_a_lying_declaration_is_ignored(void **state)
{
    (void)state;
    struct seen s;
    struct parse_diag d;
    assert_int_equal(parse_text("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n" EV("36887", "2026-11-27T09:00:00.1234567Z"), &s, &d), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.first.id, 36887);
    assert_int_equal(s.first.line, 2);
    assert_string_equal(event_data(&s.first, "AlertDesc"), "48");
}

static void test_wevtutil_error_text_is_not_events(void **state)
{
    (void)state;
    struct seen s;
    struct parse_diag d;
    assert_int_equal(parse_text("Failed to query the events.\r\nThe specified channel could not be found.\r\n", &s, &d), -1);
    assert_int_equal(d.line, 1);
    assert_true(tu_contains(d.why, "Failed to query"));
}

static void test_broken_xml_names_its_line_after_the_good_events(void **state)
{
    (void)state;
    struct seen s;
    struct parse_diag d;
    assert_int_equal(parse_text(EV("36870", "2026-11-27T09:00:00Z") EV("36888", "2026-11-27T08:00:00Z")
                                "<Event><System><Provider Name='x'/></Syst", &s, &d), -1);
    assert_int_equal(s.n, 2);
    assert_int_equal(d.line, 3);
    assert_true(tu_contains(d.why, "XML"));
    /* An entity declaration cannot be smuggled in. */
    assert_int_equal(parse_text("<!DOCTYPE x [<!ENTITY a 'b'>]>" EV("1", "2026-11-27T09:00:00Z"), &s, &d), -1);
}

static void test_callback_can_stop_the_parse(void **state)
{
    (void)state;
    const char *text = EV("1", "2026-11-27T09:00:00Z") EV("2", "2026-11-27T09:00:00Z") EV("3", "2026-11-27T09:00:00Z");
    struct seen s = {.stop_after = 2};
    struct parse_diag d = {0};
    assert_int_equal(events_parse((const unsigned char *)text, strlen(text), collect, &s, NULL, &d), 0);
    assert_int_equal(s.n, 2);
}

/* A 50 MB System log: the parser's memory stays that of one block and one
 * event, whatever the file size. Measured as the heap in use (mallinfo2)
 * at every event, above what was in use before the parse (the input). */
static void test_fifty_megabytes_parse_in_bounded_memory(void **state)
{
    (void)state;
    struct buf one;
    read_fixture("ja-system-faults.utf16.xml", &one);
    size_t want = 50u << 20;
    struct buf big = {0};
    buf_append(&big, one.data, one.len);
    while (big.len < want)
        buf_append(&big, one.data + 2, one.len - 2); /* without the BOM again */
    buf_free(&one);
    struct seen s = {0};
    struct mallinfo2 mi = mallinfo2();
    s.heap_base = s.heap_peak = mi.uordblks;
    struct events_stats st;
    struct parse_diag d = {0};
    assert_int_equal(parse(&big, &s, &st, &d), 0);
    assert_true(s.n > 10000);
    assert_string_equal(st.encoding, "UTF-16LE");
    /* Decoded in blocks, never the whole file at once. */
    assert_true(st.max_block <= 4 * 65536);
    /* Under a sanitizer the heap is not glibc's and mallinfo2 says nothing. */
    if (s.heap_peak > s.heap_base)
        assert_true(s.heap_peak - s.heap_base < (4u << 20));
    buf_free(&big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_japanese_log_reads_the_same_in_every_encoding),
        cmocka_unit_test(test_english_log_reads_the_same_in_every_encoding),
        cmocka_unit_test(test_task_scheduler_history_gives_task_names_and_result_codes),
        cmocka_unit_test(test_empty_log_is_no_events_and_no_error),
        cmocka_unit_test(test_a_lying_declaration_is_ignored),
        cmocka_unit_test(test_wevtutil_error_text_is_not_events),
        cmocka_unit_test(test_broken_xml_names_its_line_after_the_good_events),
        cmocka_unit_test(test_callback_can_stop_the_parse),
        cmocka_unit_test(test_fifty_megabytes_parse_in_bounded_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
