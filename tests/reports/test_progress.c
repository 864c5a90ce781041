#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "probes/probes.h"

static char *contents(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    rewind(f);
    char *s = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    /* C wants a seek between reading and writing again on one stream. */
    fseek(f, 0, SEEK_END);
    return s;
}

static void test_progress_not_wanted_off_a_terminal_or_when_quiet(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_false(progress_wanted(f, 0));
    assert_false(progress_wanted(f, 1));
    fclose(f);
}

static void test_progress_draws_one_line_per_probe_and_redraws_in_place(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    struct progress *p = progress_new(f);
    struct probe_progress pg;
    progress_hook(p, &pg);
    assert_non_null(pg.update);
    pg.update(pg.ud, "dns", "1/5 names", 0);
    pg.update(pg.ud, "ntp", "querying 4 addresses", 0);
    pg.update(pg.ud, "dns", "5/5 names", 1);
    char *s = contents(f);
    /* The third update moves up over the two lines drawn and redraws both,
     * dns first (the order probes first reported). */
    const char *third = strstr(s, "\033[2A");
    assert_non_null(third);
    assert_non_null(strstr(third, "\r\033[K✔ dns: 5/5 names\n\r\033[K… ntp: querying 4 addresses\n"));
    assert_non_null(strstr(s, "… dns: 1/5 names\n"));
    free(s);
    progress_finish(p);
    s = contents(f);
    /* Finishing erases what was drawn. */
    size_t n = strlen(s);
    assert_true(n > 8 && strcmp(s + n - 8, "\033[2A\r\033[J") == 0);
    free(s);
    fclose(f);
}

static void test_progress_cuts_long_states_without_breaking_utf8(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    struct progress *p = progress_new(f);
    char longstate[400] = "";
    for (int i = 0; i < 60; i++)
        strcat(longstate, "名前");
    progress_update(p, "tls", longstate, 0);
    char *s = contents(f);
    const char *line = strstr(s, "… tls: ");
    assert_non_null(line);
    const char *eol = strchr(line, '\n');
    assert_non_null(eol);
    /* At most the line width in bytes plus the mark, and valid UTF-8 at the cut. */
    assert_true((size_t)(eol - line) <= 76 + 4);
    assert_true(((unsigned char)eol[-1] & 0xC0) != 0xC0);
    assert_true(((unsigned char)eol[-1] & 0x80) == 0 || ((unsigned char)eol[-3] & 0xF0) == 0xE0);
    free(s);
    progress_finish(p);
    fclose(f);
}

static void test_progress_doctor_in_a_pipe_prints_no_escape_sequences(void **state)
{
    (void)state;
    /* Captured output is not a terminal: whatever doctor prints (or that it
     * is not built yet), no cursor movement may appear. */
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--set", "timeout_ms=300", "--set", "dns.servers=127.0.0.1:9",
                          "--set", "ntp.server=127.0.0.1", "--set", "ntp.port=9",
                          "--set", "proxy.server=127.0.0.1:9", "--set", "tls.target=127.0.0.1:9",
                          "--set", "http.target=127.0.0.1:9",
                          "doctor", NULL};
    tu_run(argv, &out, &err);
    assert_false(tu_contains(out.data, "\033["));
    assert_false(tu_contains(err.data, "\033["));
    buf_free(&out);
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress_not_wanted_off_a_terminal_or_when_quiet),
        cmocka_unit_test(test_progress_draws_one_line_per_probe_and_redraws_in_place),
        cmocka_unit_test(test_progress_cuts_long_states_without_breaking_utf8),
        cmocka_unit_test(test_progress_doctor_in_a_pipe_prints_no_escape_sequences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
