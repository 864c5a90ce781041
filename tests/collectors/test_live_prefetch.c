/* The live collection's command pool (collectors/sources/live_prefetch.c)
 * against the platform test double: every command the layout's files come
 * from (the event logs' wevtutil too) runs once, on a pool thread, and
 * reading every file afterwards runs nothing more on the caller's thread,
 * so doctor waits for the slowest command, not the sum (make bench times it). */
#include "testutil.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/layout.h"
#include "collectors/sources/live.h"
#include "core/config.h"
#include "core/platform.h"

#define MAX_SEEN 64

static pthread_t caller;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char line[512];
    int runs, on_caller;
} seen[MAX_SEEN];
static size_t nseen;

static int fake_run(const char *const *argv, struct buf *out, int *exit_code)
{
    char line[512] = "";
    size_t n = 0;
    for (size_t i = 0; argv[i] && n < sizeof line; i++)
        n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", i ? " " : "", argv[i]);
    pthread_mutex_lock(&lock);
    size_t k = 0;
    while (k < nseen && strcmp(seen[k].line, line) != 0)
        k++;
    if (k == nseen && nseen < MAX_SEEN)
        snprintf(seen[nseen++].line, sizeof seen[0].line, "%s", line);
    if (k < MAX_SEEN) {
        seen[k].runs++;
        seen[k].on_caller += pthread_equal(pthread_self(), caller) != 0;
    }
    pthread_mutex_unlock(&lock);
    buf_appends(out, "stand-in output\r\n");
    *exit_code = 0;
    return 0;
}

static void test_every_command_runs_once_in_the_pool(void **state)
{
    (void)state;
    static const struct plat_fake host = {.is_windows = 1, .hostname = "OQS-SV01", .run = fake_run,
                                          .root = "/nonexistent-oqsdiag-prefetch"};
    plat_fake = &host;
    caller = pthread_self();
    struct config *cfg = config_new();
    assert_non_null(cfg);
    struct live_prefetch *p = live_prefetch_start(cfg);
    assert_non_null(p);
    /* Every file of the layout that is not a family pattern, twice over. */
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < LF_COUNT; i++) {
            if (strchr(layout_files[i].path, '<'))
                continue;
            struct buf b = {0};
            struct oqs_err err;
            live_prefetch_read(p, layout_files[i].path, &b, &err);
            buf_free(&b);
        }
    }
    live_prefetch_free(p);
    plat_fake = NULL;
    config_free(cfg);

    int wevtutil = 0, systeminfo = 0;
    for (size_t k = 0; k < nseen; k++) {
        if (seen[k].runs != 1 || seen[k].on_caller != 0)
            fail_msg("%s: ran %d time(s), %d on the caller's thread (want once, in the pool)",
                     seen[k].line, seen[k].runs, seen[k].on_caller);
        wevtutil += strncmp(seen[k].line, "wevtutil ", 9) == 0;
        systeminfo += strcmp(seen[k].line, "systeminfo") == 0;
    }
    /* The pool holds the slow ones: systeminfo and the three event logs
     * (with `wevtutil gl` of the Task Scheduler history). */
    assert_int_equal(systeminfo, 1);
    assert_int_equal(wevtutil, 4);
    assert_true(nseen > 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_command_runs_once_in_the_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
