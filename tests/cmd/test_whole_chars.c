/* Every write the program makes ends on a UTF-8 character's boundary, on a
 * stream written a call at a time as the C runtime writes a Windows console
 * (unbuffered): the console of Windows Server 2019 shows a character split
 * across two writes as U+FFFD (microsoft/terminal#386). The stream here is
 * glibc's fopencookie, unbuffered, which records each write; every output
 * format and the commands a helpdesk reads on the console are run through
 * it, in Japanese. */
#define _GNU_SOURCE
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

struct writes {
    size_t calls, split;
    char first[64];
};

/* Whether n bytes of s end inside a UTF-8 character: the last lead byte's
 * sequence runs past the end. */
static int ends_inside(const unsigned char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && (s[i - 1] & 0xC0) == 0x80 && n - i < 3)
        i--;
    if (i == 0)
        return 0; /* only continuation bytes: the split was at the start */
    unsigned char lead = s[i - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return n - (i - 1) < want;
}

static ssize_t record(void *cookie, const char *p, size_t n)
{
    struct writes *w = cookie;
    w->calls++;
    if (n && (ends_inside((const unsigned char *)p, n) || ((unsigned char)p[0] & 0xC0) == 0x80)) {
        if (!w->split++)
            snprintf(w->first, sizeof w->first, "%.*s", (int)(n < 40 ? n : 40), p);
    }
    return (ssize_t)n;
}

/* An unbuffered stream, as the C runtime makes a Windows console, whose
 * every write w records. The caller closes it. */
static FILE *recording(struct writes *w)
{
    cookie_io_functions_t io = {.write = record};
    FILE *f = fopencookie(w, "w", io);
    assert_non_null(f);
    assert_int_equal(setvbuf(f, NULL, _IONBF, 0), 0);
    return f;
}

/* Runs oqsdiag with argv, its standard output a recording unbuffered
 * stream; fails naming the command when a write splits a character. */
static void run_whole(const char *const *argv)
{
    struct writes w = {0};
    FILE *out = recording(&w), *err = tmpfile();
    int argc = 0;
    while (argv[argc])
        argc++;
    oqsdiag_main(argc, (char **)argv, out, err);
    fclose(out);
    fclose(err);
    if (w.calls == 0)
        fail_msg("%s %s: wrote nothing", argv[argc - 2], argv[argc - 1]);
    if (w.split)
        fail_msg("%s %s: %zu of %zu writes split a UTF-8 character (first: '%s')",
                 argv[argc - 2], argv[argc - 1], w.split, w.calls, w.first);
}

static void test_the_recorder_sees_a_split(void **state)
{
    (void)state;
    struct writes w = {0};
    FILE *f = recording(&w);
    for (const char *s = "時刻"; *s; s++)
        fputc(*s, f);
    fclose(f);
    assert_int_equal(w.calls, 6);
    assert_true(w.split >= 4);
}

static void test_kb_show_in_japanese_writes_whole_characters(void **state)
{
    (void)state;
    const char *a[] = {"oqsdiag", "--lang", "ja", "kb", "show", "ntp-dns-round-robin", NULL};
    run_whole(a);
    const char *b[] = {"oqsdiag", "--lang", "ja", "kb", "show", "cert-strong-key-protection", NULL};
    run_whole(b);
}

static void test_every_format_writes_whole_characters(void **state)
{
    (void)state;
    const char *snap = tu_fixture("snapshots/time-config");
    static const char *const formats[] = {"text", "json", "nagios", "prometheus", "html"};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        const char *a[] = {"oqsdiag", "--lang", "ja", "--format", formats[i], "analyze", snap, NULL};
        run_whole(a);
        const char *v[] = {"oqsdiag", "--lang", "ja", "--format", formats[i], "verify", snap, NULL};
        run_whole(v);
    }
}

static void test_help_and_kb_list_write_whole_characters(void **state)
{
    (void)state;
    const char *a[] = {"oqsdiag", "--lang", "ja", "help", "config", NULL};
    run_whole(a);
    const char *b[] = {"oqsdiag", "--lang", "ja", "kb", "list", NULL};
    run_whole(b);
    const char *c[] = {"oqsdiag", "--lang", "ja", "kb", "search", "時刻", NULL};
    run_whole(c);
    const char *d[] = {"oqsdiag", "--lang", "ja", "help", "doctor", NULL};
    run_whole(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_recorder_sees_a_split),
        cmocka_unit_test(test_kb_show_in_japanese_writes_whole_characters),
        cmocka_unit_test(test_every_format_writes_whole_characters),
        cmocka_unit_test(test_help_and_kb_list_write_whole_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
