/* Allocation-failure torture (issue 20), as curl does it: this test binary
 * replaces malloc, calloc and realloc (glibc allows it; the libraries call
 * the same ones) so that allocation number N fails, for N = 1, 2, ... until
 * a run completes without reaching N. Each run, in a child of its own,
 * must end cleanly: exit 3 (the tool could not run), or, where the failure
 * fell on a path that tolerates it, exactly the output of a run without
 * failures. Never a crash, never a different answer, and every allocation
 * the run made is freed again (a pointer set of the run's allocations; the
 * caches a first run fills for the process's life are filled before).
 * Under ASan (its own allocator) the test is skipped. Linux/glibc only. */
#include "testutil.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <execinfo.h>

#include <openssl/crypto.h>

#include "cmd/cmd.h"
#include "core/platform.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#else
#define UNDER_ASAN 0

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t k);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

/* ---- the allocator ---- */
static int armed;
static long fail_at, count;

/* The run's live allocations: open addressing over a table taken from the
 * real allocator before arming. */
#define LIVE_CAP (1u << 21)
static void **live;
static size_t nlive;

static size_t slot_of(void *p)
{
    return ((size_t)p >> 4) * 2654435761u & (LIVE_CAP - 1);
}

static void **live_from; /* TORTURE_N: who made each one (a leak's origin) */

static void live_add(void *p, void *from)
{
    if (!live || !p)
        return;
    size_t i = slot_of(p);
    while (live[i] && live[i] != (void *)1)
        i = (i + 1) & (LIVE_CAP - 1);
    live[i] = p;
    if (live_from) {
        void *fr[8];
        int k = backtrace(fr, 8);
        for (int j = 0; j < 6; j++)
            live_from[i * 6 + (size_t)j] = j + 2 < k ? fr[j + 2] : from;
    }
    nlive++;
}

static void live_del(void *p)
{
    if (!live || !p)
        return;
    for (size_t i = slot_of(p); live[i]; i = (i + 1) & (LIVE_CAP - 1))
        if (live[i] == p) {
            live[i] = (void *)1; /* a tombstone keeps later probes going */
            nlive--;
            return;
        }
}

static int show_where; /* TORTURE_N with TORTURE_BT: the failing call's stack */

static int fail_now(void)
{
    if (!armed || ++count != fail_at)
        return 0;
    if (show_where) {
        void *frames[32];
        backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
    }
    errno = ENOMEM; /* as glibc's allocator says it */
    return 1;
}

void *malloc(size_t n)
{
    if (fail_now())
        return NULL;
    void *p = __libc_malloc(n);
    if (armed)
        live_add(p, __builtin_return_address(0));
    return p;
}

void *calloc(size_t n, size_t k)
{
    if (fail_now())
        return NULL;
    void *p = __libc_calloc(n, k);
    if (armed)
        live_add(p, __builtin_return_address(0));
    return p;
}

void *realloc(void *old, size_t n)
{
    if (fail_now())
        return NULL;
    void *p = __libc_realloc(old, n);
    if (armed && (p || n == 0)) {
        live_del(old);
        live_add(p, __builtin_return_address(0));
    }
    return p;
}

void free(void *p)
{
    if (armed)
        live_del(p);
    __libc_free(p);
}
#endif

/* ---- the runs ---- */
struct outcome {
    int code;        /* exit code, 128+signal when killed */
    long allocs;     /* allocations the run asked for */
    long leaked;     /* of them still live at its end */
    char out[65536]; /* stdout of the run */
    size_t outn;
};

static const char *const *g_argv;
/* In `make test`: every N up to TORTURE_ALL, then TORTURE_SPREAD more
 * spread over the rest (about 30 s of CPU for the three commands). */
#define TORTURE_ALL 100
#define TORTURE_SPREAD 100

static int count_args(const char *const *argv)
{
    int n = 0;
    while (argv[n])
        n++;
    return n;
}

static int run_main(FILE *o, FILE *e)
{
    char *av[16];
    int ac = count_args(g_argv);
    for (int i = 0; i < ac; i++)
        av[i] = (char *)g_argv[i];
    av[ac] = NULL;
    return oqsdiag_main(ac, av, o, e);
}

/* In a child: a warm-up run, then the run with allocation n failing (0:
 * none); the outcome back through a pipe. */
static void child(long n, int fd)
{
    static struct outcome oc;
    /* A crash must end this child, not return into cmocka's handler. */
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    signal(SIGILL, SIG_DFL);
    signal(SIGFPE, SIG_DFL);
    static char obuf[8192], ebuf[8192];
    FILE *o = tmpfile(), *e = tmpfile();
    if (!o || !e)
        _exit(99);
    /* Buffers of our own: stdio's would be allocated inside the run. */
    setvbuf(o, obuf, _IOFBF, sizeof obuf);
    setvbuf(e, ebuf, _IOFBF, sizeof ebuf);
#if !UNDER_ASAN
    live = __libc_calloc(LIVE_CAP, sizeof *live);
    fail_at = n;
    count = 0;
    armed = 1;
#endif
    int rc = run_main(o, e);
    /* OpenSSL keeps the thread's error queue (and the text buffers of
     * errors it cleared, for reuse) for the thread's life: freed here, so
     * that only what the run itself kept counts as a leak. */
    OPENSSL_thread_stop();
#if !UNDER_ASAN
    armed = 0;
    oc.allocs = count;
    oc.leaked = (long)nlive;
#endif
    oc.code = rc;
    fflush(o);
    long end = ftell(o);
    rewind(o);
    oc.outn = fread(oc.out, 1, end > 0 && (size_t)end < sizeof oc.out ? (size_t)end : sizeof oc.out - 1, o);
    oc.out[oc.outn] = '\0';
    /* The run's own clock is no part of its answer. */
    for (char *l = oc.out; *l;) {
        char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) + 1 : strlen(l);
        char keep = l[len];
        l[len] = '\0';
        int clock = strstr(l, "\"started\"") || strstr(l, "\"elapsed_ms\"");
        l[len] = keep;
        if (clock) {
            memmove(l, l + len, strlen(l + len) + 1);
            continue;
        }
        l += len;
    }
    oc.outn = strlen(oc.out);
    if (fd < 0) {
        /* TORTURE_N: for a person, not the parent. */
#if !UNDER_ASAN
        for (size_t i = 0; live_from && i < LIVE_CAP; i++)
            if (live[i] && live[i] != (void *)1)
                backtrace_symbols_fd(&live_from[i * 6], 6, 2);
#endif
        static char etext[8192];
        fflush(e);
        rewind(e);
        etext[fread(etext, 1, sizeof etext - 1, e)] = '\0';
        fprintf(stderr, "allocation %ld failing: exit %d, %ld allocations, %ld leaked\n%s\n%s", n,
                oc.code, oc.allocs, oc.leaked, oc.out, etext);
        _exit(0);
    }
    const char *p = (const char *)&oc;
    size_t left = sizeof oc;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w <= 0)
            _exit(98);
        p += w;
        left -= (size_t)w;
    }
    _exit(0);
}

static void run_with_failure(long n, struct outcome *oc)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        child(n, fds[1]);
    }
    close(fds[1]);
    memset(oc, 0, sizeof *oc);
    char *p = (char *)oc;
    size_t got = 0;
    ssize_t r;
    while (got < sizeof *oc && (r = read(fds[0], p + got, sizeof *oc - got)) > 0)
        got += (size_t)r;
    close(fds[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        ;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || got != sizeof *oc)
        oc->code = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 200 + (WIFEXITED(st) ? WEXITSTATUS(st) : 0);
}

/* Runs argv failing allocation 1, 2, ... until a run asks for fewer. */
static void torture(const char *const *argv)
{
    if (UNDER_ASAN) {
        print_message("skipped under ASan (its allocator cannot be replaced)\n");
        skip();
    }
    /* TORTURE_ONLY=WORD: only the commands whose second word it is. */
    if (getenv("TORTURE_ONLY") && strcmp(getenv("TORTURE_ONLY"), argv[2]) != 0)
        skip();
    g_argv = argv;
    /* The warm-up: the caches a first run fills for the process's life
     * (OpenSSL, iconv, the SHA-256 method) are filled here, once, and every
     * child inherits them. */
    FILE *o = tmpfile(), *e = tmpfile();
    assert_non_null(o);
    assert_non_null(e);
    run_main(o, e);
    fclose(o);
    fclose(e);

    static struct outcome ref, oc;
    if (getenv("TORTURE_N")) {
        /* One N in this process, for a debugger. */
#if !UNDER_ASAN
        void *frames[4];
        backtrace(frames, 4); /* loads what backtrace needs, before arming */
        show_where = getenv("TORTURE_BT") != NULL;
        live_from = __libc_calloc(LIVE_CAP * 6, sizeof *live_from);
#endif
        child(strtol(getenv("TORTURE_N"), NULL, 10), -1);
    }
    run_with_failure(0, &ref);
    assert_true(ref.code >= 0 && ref.code <= 3);
    assert_int_equal(ref.leaked, 0);
    print_message("  %s %s: %ld allocations\n", argv[1], argv[2], ref.allocs);
    /* TORTURE_FULL=1 (`make torture`) takes every N. */
    long bad = 0, step = 1;
    int full = getenv("TORTURE_FULL") && strcmp(getenv("TORTURE_FULL"), "1") == 0;
    for (long n = 1; n <= ref.allocs; n += step) {
        if (!full && n > TORTURE_ALL)
            step = ref.allocs / TORTURE_SPREAD > 1 ? ref.allocs / TORTURE_SPREAD : 1;
        run_with_failure(n, &oc);
        int same = oc.code == ref.code && strcmp(oc.out, ref.out) == 0;
        /* A failure the run survives gives the same answer; any other ends
         * the run with exit 3 ("out of memory", core/oom.h), never another
         * answer, not even one that says why in a finding. */
        if ((oc.code != 3 && !same) || oc.leaked != 0) {
            if (bad++ < 10)
                print_message("  allocation %ld failing: exit %d, %s output, %ld leaked\n%.*s\n", n,
                              oc.code, same ? "the same" : "a different", oc.leaked,
                              getenv("TORTURE_VERBOSE") ? (int)oc.outn : 0, oc.out);
        }
    }
    assert_int_equal(bad, 0);
}

static void test_torture_kb_show(void **state)
{
    (void)state;
    const char *argv[] = {"oqsdiag", "kb", "show", "ntp-sync-failed", NULL};
    torture(argv);
}

static void test_torture_verify_report(void **state)
{
    (void)state;
    static char snap[4096];
    snprintf(snap, sizeof snap, "%s", tu_fixture("snapshots/cert-expired"));
    const char *argv[] = {"oqsdiag", "--json", "analyze", snap, NULL};
    torture(argv);
}

static void test_torture_kb_lint(void **state)
{
    (void)state;
    const char *argv[] = {"oqsdiag", "kb", "lint", tu_fixture("kb/lint/backtracking"), NULL};
    torture(argv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_torture_kb_show),
        cmocka_unit_test(test_torture_kb_lint),
        cmocka_unit_test(test_torture_verify_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
