/* A live collect killed mid-run (issue 20): its staged copy in
 * $TMPDIR/oqsdiag-collect-live-<pid>-* stays behind (SIGKILL leaves no way
 * to clean up), and the next collect removes it, while the folder of a
 * process that still runs is left alone. */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bundle_util.h"
#include "core/platform.h"

#define PREFIX "oqsdiag-collect-live-"

static int ready_fd = -1;

/* The fake host's commands: the first one tells the test that the run is
 * staging, then blocks until the test kills the process. */
static int blocking_run(const char *const *argv, struct buf *out, int *exit_code)
{
    (void)argv;
    if (ready_fd >= 0) {
        char c = 'r';
        if (write(ready_fd, &c, 1) != 1)
            _exit(97);
        for (;;)
            pause();
    }
    buf_appends(out, "ERROR: not available on this fake host.\r\n");
    *exit_code = 1;
    return 0;
}

/* How many entries of dir start with PREFIX<pid in hex>-. */
static int staged_of(const char *dir, long pid)
{
    char want[64];
    snprintf(want, sizeof want, PREFIX "%lx-", (unsigned long)pid);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += strncmp(de->d_name, want, strlen(want)) == 0;
    closedir(d);
    return n;
}

static void test_killed_collect_leaves_stage_that_next_collect_removes(void **state)
{
    (void)state;
    const char *base = tu_scratch("collect-killed");
    char tmp[4200], root[4200], out[4200], keep[4300];
    snprintf(tmp, sizeof tmp, "%s/tmp", base);
    snprintf(root, sizeof root, "%s/root", base);
    snprintf(out, sizeof out, "%s/out.tar.gz", base);
    assert_int_equal(mkdir(tmp, 0700), 0);
    tu_write_file(root, "C/OQS/req/.keep", "", 0);
    assert_int_equal(setenv("TMPDIR", tmp, 1), 0);
    struct plat_fake host = {.is_windows = 1, .hostname = "OQS-SV01", .run = blocking_run,
                             .root = root};
    const char *argv[] = {"oqsdiag", "-q", "-o", out, "collect", "--no-probes", NULL};

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        ready_fd = fds[1];
        plat_fake = &host;
        _exit(tu_run(argv, NULL, NULL) == 0 ? 0 : 3);
    }
    close(fds[1]);
    char c = 0;
    ssize_t got = read(fds[0], &c, 1);
    close(fds[0]);
    if (got != 1) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        fail_msg("the collect child never reached its first command");
    }
    /* Mid-run: the staged copy exists; then the process dies without a
     * chance to remove it. */
    assert_int_equal(staged_of(tmp, pid), 1);
    assert_int_equal(kill(pid, SIGKILL), 0);
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(staged_of(tmp, pid), 1);

    /* A running process's folder (this test's) must survive the sweep. */
    snprintf(keep, sizeof keep, "%s/" PREFIX "%lx-running", tmp, (unsigned long)getpid());
    assert_int_equal(mkdir(keep, 0700), 0);

    host.run = blocking_run;
    plat_fake = &host;
    struct buf errb = {0};
    int rc = tu_run(argv, NULL, &errb);
    plat_fake = NULL;
    unsetenv("TMPDIR");
    if (rc != 0)
        fail_msg("collect after the kill: exit %d: %s", rc, errb.data ? errb.data : "");
    buf_free(&errb);
    assert_int_equal(staged_of(tmp, pid), 0);
    struct stat sb;
    assert_int_equal(stat(keep, &sb), 0);
    /* And the finished run removed its own. */
    assert_int_equal(staged_of(tmp, getpid()), 1);
    assert_int_equal(stat(out, &sb), 0);
    assert_int_equal(rmdir(keep), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_killed_collect_leaves_stage_that_next_collect_removes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
