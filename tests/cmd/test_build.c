/* The build's own manners (issue 16, point 9): a missing library is named
 * with the way to get it; CPPFLAGS reach the compiler; `make uninstall`
 * removes what `make install` put under DESTDIR, and only that. Runs make on this source tree. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs `make ARGS` in the source tree (the parent make's flags and jobserver
 * left out), its output into *out; returns make's exit status. */
static int run_make(const char *args, struct buf *out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory "
             "BUILD='%s' -o '%s/oqsdiag' %s 2>&1",
             OQS_SOURCE_DIR, OQS_BUILD_DIR, OQS_BUILD_DIR, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char chunk[1024];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(out, chunk, n);
    buf_append(out, "", 1);
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_missing_library_is_named_with_make_deps(void **state)
{
    (void)state;
    struct buf out = {0};
    int rc = run_make("PKGS='jansson oqsdiag-no-such-module' pkgs-present", &out);
    assert_int_not_equal(rc, 0);
    assert_true(tu_contains(out.data, "pkg-config does not find: oqsdiag-no-such-module\n"));
    assert_false(tu_contains(out.data, "find: jansson"));
    assert_true(tu_contains(out.data, "make deps"));
    buf_free(&out);
    struct buf ok = {0};
    assert_int_equal(run_make("pkgs-present", &ok), 0);
    buf_free(&ok);
}

/* CPPFLAGS (the preprocessor flags a packager or a user gives) reach
 * every compile, the library's and the tests' alike: shown by a dry run
 * that would rebuild one object of each. */
static void test_cppflags_reach_the_compiler(void **state)
{
    (void)state;
    struct buf out = {0};
    char args[1200];
    snprintf(args, sizeof args, "-n -B CPPFLAGS=-DOQS_CPPFLAGS_PROBE '%s/core/buf.o' '%s/tests/core/test_render'",
             OQS_BUILD_DIR, OQS_BUILD_DIR);
    assert_int_equal(run_make(args, &out), 0);
    size_t compiles = 0, with = 0;
    /* A recipe continued with backslash-newline is one command. */
    for (char *p = out.data; (p = strstr(p, "\\\n")) != NULL;)
        p[0] = p[1] = ' ';
    for (char *line = strtok(out.data, "\n"); line; line = strtok(NULL, "\n")) {
        /* tools/embed is a build-time helper run on the build machine. */
        if ((!strstr(line, " -c ") && !strstr(line, ".c -o ")) || strstr(line, "tools/"))
            continue;
        compiles++;
        with += strstr(line, "-DOQS_CPPFLAGS_PROBE") != NULL;
    }
    assert_true(compiles >= 2);
    assert_int_equal(with, compiles);
    buf_free(&out);
}

static int exists(const char *dir, const char *rel)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    return stat(p, &st) == 0;
}

static void test_uninstall_removes_what_install_put(void **state)
{
    (void)state;
    char dir[] = "/tmp/oqsdiag-install-XXXXXX";
    assert_non_null(mkdtemp(dir));
    /* Somebody else's file in the same folder stays. */
    tu_write_file(dir, "usr/bin/other-tool", "x", 1);
    char args[512];
    snprintf(args, sizeof args, "-s DESTDIR='%s' PREFIX=/usr install", dir);
    struct buf out = {0};
    assert_int_equal(run_make(args, &out), 0);
    buf_free(&out);
    const char *files[] = {"usr/bin/oqsdiag", "usr/share/man/man1/oqsdiag.1",
                           "usr/share/bash-completion/completions/oqsdiag"};
    for (size_t i = 0; i < 3; i++)
        assert_true(exists(dir, files[i]));
    snprintf(args, sizeof args, "-s DESTDIR='%s' PREFIX=/usr uninstall", dir);
    struct buf un = {0};
    assert_int_equal(run_make(args, &un), 0);
    buf_free(&un);
    for (size_t i = 0; i < 3; i++)
        assert_false(exists(dir, files[i]));
    assert_true(exists(dir, "usr/bin/other-tool"));
    char rm[4200];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    assert_int_equal(system(rm), 0);
}

/* make deb, then dpkg -i and dpkg -r into a private dpkg root: the package
 * holds the binary, man page, completion and KB, and removing it leaves
 * none of them behind. */
static void test_deb_installs_and_removes_cleanly(void **state)
{
    (void)state;
    if (system("command -v dpkg-deb >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1") != 0) {
        printf("skipped: dpkg is not installed (make deb is for Debian)\n");
        skip();
    }
    struct buf out = {0};
    int rc = run_make("-s deb", &out);
    if (rc != 0)
        fail_msg("make deb: %s", out.data);
    buf_free(&out);
    char dir[] = "/tmp/oqsdiag-deb-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[8192];
    /* --force-depends: the private root has no libc; --force-not-root: CI
     * may not be root; the admin directory is the root's own. */
    const char *dpkg = "dpkg --root='%s' --admindir='%s/var/lib/dpkg' --force-not-root "
                       "--force-depends --log=/dev/null";
    char base[1024];
    snprintf(base, sizeof base, dpkg, dir, dir);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/var/lib/dpkg/info' '%s/var/lib/dpkg/updates' && "
             "touch '%s/var/lib/dpkg/status' && %s -i '%s'/oqsdiag_*.deb >/dev/null 2>&1",
             dir, dir, dir, base, OQS_BUILD_DIR);
    assert_int_equal(system(cmd), 0);
    const char *files[] = {"usr/bin/oqsdiag", "usr/share/man/man1/oqsdiag.1.gz",
                           "usr/share/bash-completion/completions/oqsdiag",
                           "usr/share/oqsdiag/kb/ntp-dns-round-robin.kb"};
    for (size_t i = 0; i < 4; i++)
        if (!exists(dir, files[i]))
            fail_msg("dpkg -i did not install %s", files[i]);
    snprintf(cmd, sizeof cmd, "%s -r oqsdiag >/dev/null 2>&1", base);
    assert_int_equal(system(cmd), 0);
    for (size_t i = 0; i < 4; i++)
        if (exists(dir, files[i]))
            fail_msg("dpkg -r left %s", files[i]);
    assert_false(exists(dir, "usr/share/oqsdiag"));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_library_is_named_with_make_deps),
        cmocka_unit_test(test_cppflags_reach_the_compiler),
        cmocka_unit_test(test_uninstall_removes_what_install_put),
        cmocka_unit_test(test_deb_installs_and_removes_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
