/* `make install` into a DESTDIR: binary, man page, bash completion; the
 * man page renders without warnings and the completion completes. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"

static int exists(const char *path)
{
    struct plat_dirent st;
    return plat_stat(path, &st) == 0;
}

static int run(const char *const *argv, struct buf *out)
{
    struct oqs_err err;
    int code = -1;
    if (plat_run(argv, 120000, out, &code, &err) < 0)
        return -1;
    return code;
}

static void test_install_puts_binary_man_page_and_completion_under_destdir(void **state)
{
    (void)state;
    if (!exists("/usr/bin/make") && !exists("/usr/local/bin/make")) {
        printf("skipped: make is not installed\n");
        skip();
    }
    struct oqs_err err;
    char *dest = plat_mkdtemp("oqsdiag-install", &err);
    assert_non_null(dest);
    char destdir[4200], build[4200], old[4200];
    snprintf(destdir, sizeof destdir, "DESTDIR=%s", dest);
    snprintf(build, sizeof build, "BUILD=%s", OQS_BUILD_DIR);
    /* The binary is already built (the suite runs it); -o keeps make from
     * rebuilding it from inside the test run. The outer make's jobserver
     * is not ours: env drops it. */
    snprintf(old, sizeof old, "%s/oqsdiag", OQS_BUILD_DIR);
    const char *argv[] = {"/usr/bin/env", "-u", "MAKEFLAGS", "-u", "MFLAGS", "-u", "MAKELEVEL",
                          "make", "--no-print-directory", "-C", OQS_SOURCE_DIR, build, "-o", old,
                          destdir, "PREFIX=/opt/oqs", "install", NULL};
    struct buf out = {0};
    int code = run(argv, &out);
    if (code != 0)
        fail_msg("make install exit %d:\n%s", code, out.data ? out.data : "");
    static const char *const files[] = {"/opt/oqs/bin/oqsdiag", "/opt/oqs/share/man/man1/oqsdiag.1",
                                        "/opt/oqs/share/bash-completion/completions/oqsdiag"};
    for (size_t i = 0; i < 3; i++) {
        char p[4400];
        snprintf(p, sizeof p, "%s%s", dest, files[i]);
        if (!exists(p))
            fail_msg("not installed: %s", p);
    }
    /* Nothing outside DESTDIR/PREFIX. */
    char top[4400];
    snprintf(top, sizeof top, "%s/usr", dest);
    assert_false(exists(top));
    buf_free(&out);
    plat_rmtree(dest);
    free(dest);
}

static void test_man_page_renders_without_warnings(void **state)
{
    (void)state;
    if (!exists("/usr/bin/groff")) {
        printf("skipped: groff is not installed\n");
        skip();
    }
    /* -k: preconv, the page is UTF-8 (Japanese terms of the manual). */
    const char *argv[] = {"/usr/bin/groff", "-k", "-man", "-Tutf8", "-ww", "-z",
                          OQS_SOURCE_DIR "/docs/oqsdiag.1", NULL};
    struct buf out = {0};
    assert_int_equal(run(argv, &out), 0);
    if (out.len)
        fail_msg("groff warnings:\n%s", out.data);
    buf_free(&out);
    /* Every command of the program has its paragraph. */
    struct buf page = {0};
    assert_int_equal(buf_read_file(&page, OQS_SOURCE_DIR "/docs/oqsdiag.1", 1u << 20), 0);
    static const char *const cmds[] = {".B doctor", ".BI \"probe \"", ".BI \"analyze \"",
                                       ".B collect", ".B verify", ".B kb list", ".B version",
                                       ".B help"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!tu_contains(page.data, cmds[i]))
            fail_msg("man page lacks %s", cmds[i]);
    buf_free(&page);
}

/* Runs the completion function for the words given, prints COMPREPLY. */
static char *complete(const char *words, int cword)
{
    char script[2048];
    snprintf(script, sizeof script,
             "PATH=%s:$PATH; source %s/completion/oqsdiag.bash; COMP_WORDS=(%s); COMP_CWORD=%d; "
             "_oqsdiag; printf '%%s\\n' \"${COMPREPLY[@]}\"",
             OQS_BUILD_DIR, OQS_SOURCE_DIR, words, cword);
    const char *argv[] = {"/bin/bash", "--norc", "--noprofile", "-c", script, NULL};
    struct buf out = {0};
    if (run(argv, &out) != 0) {
        buf_free(&out);
        return NULL;
    }
    buf_appends(&out, "");
    return buf_steal(&out, NULL);
}

static void test_bash_completion_completes_commands_probes_formats_and_kb_ids(void **state)
{
    (void)state;
    if (!exists("/bin/bash")) {
        printf("skipped: bash is not installed\n");
        skip();
    }
    char *s = complete("oqsdiag pro", 1);
    assert_non_null(s);
    assert_string_equal(s, "probe\n");
    free(s);
    s = complete("oqsdiag --json probe n", 3);
    assert_string_equal(s, "ntp\n");
    free(s);
    s = complete("oqsdiag --format p", 2);
    assert_string_equal(s, "prometheus\n");
    free(s);
    s = complete("oqsdiag --lang ja v", 3);
    assert_string_equal(s, "verify\nversion\n");
    free(s);
    /* kb show offers the ids of the built-in KB (from the binary itself). */
    s = complete("oqsdiag kb show ntp-d", 3);
    assert_string_equal(s, "ntp-dns-round-robin\n");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_install_puts_binary_man_page_and_completion_under_destdir),
        cmocka_unit_test(test_man_page_renders_without_warnings),
        cmocka_unit_test(test_bash_completion_completes_commands_probes_formats_and_kb_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
