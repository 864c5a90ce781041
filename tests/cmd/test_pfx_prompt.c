/* The PFX password prompt (issue 16 point 5): on a terminal oqsdiag asks
 * for the password of a PFX client certificate without echo, and the
 * password opens the certificate but appears nowhere; without a terminal it
 * does not ask. The terminal is a pseudo-terminal driven here. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SECRET "pty-typed-secret"

static char dir[] = "/tmp/oqsdiag-pfx-XXXXXX";
static char pfx[512], out_json[512];
static int have_pfx;

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(pfx, sizeof pfx, "%s/client.pfx", dir);
    snprintf(out_json, sizeof out_json, "%s/out.json", dir);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
             "-nodes -keyout k.pem -out c.pem -subj /CN=pfx-prompt-test -days 2 >/dev/null 2>&1 && "
             "openssl pkcs12 -export -in c.pem -inkey k.pem -out client.pfx -passout pass:" SECRET
             " >/dev/null 2>&1",
             dir);
    have_pfx = system(cmd) == 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Reads the terminal until needle shows (needle NULL: until the child
 * closes it), 15 s at most. */
static void read_until(int fd, struct buf *seen, const char *needle)
{
    for (int waited = 0; waited < 150; waited++) {
        if (needle && seen->len) {
            buf_append(seen, "", 1);
            seen->len--;
            if (strstr(seen->data, needle))
                return;
        }
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0)
            continue;
        char chunk[512];
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0)
            return; /* EIO: the child closed the terminal */
        buf_append(seen, chunk, (size_t)n);
    }
}

static void test_prompt_on_a_terminal_without_echo_and_never_in_the_report(void **state)
{
    (void)state;
    if (!have_pfx) {
        printf("skipped: openssl could not make a PFX\n");
        skip();
    }
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(m >= 0);
    assert_int_equal(grantpt(m), 0);
    assert_int_equal(unlockpt(m), 0);
    const char *slave = ptsname(m);
    assert_non_null(slave);
    char set_cert[600];
    snprintf(set_cert, sizeof set_cert, "tls.client_cert=%s", pfx);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setsid();
        int s = open(slave, O_RDWR);
        if (s < 0)
            _exit(120);
        dup2(s, 0);
        dup2(s, 1);
        dup2(s, 2);
        unsetenv("OQSDIAG_PFX_PASSWORD");
        execl(OQS_BUILD_DIR "/oqsdiag", "oqsdiag", "--lang", "en", "--json", "-o", out_json,
              "--set", set_cert, "--set", "tls.target=127.0.0.1:9", "-t", "5", "probe", "tls",
              (char *)NULL);
        _exit(121);
    }
    struct buf seen = {0};
    read_until(m, &seen, "(not shown): ");
    buf_append(&seen, "", 1);
    assert_true(tu_contains(seen.data, "Password for "));
    seen.len--;
    assert_int_equal(write(m, SECRET "\n", sizeof SECRET), (ssize_t)sizeof SECRET);
    read_until(m, &seen, NULL);
    buf_append(&seen, "", 1);
    /* A child that still runs after the terminal went quiet is stuck:
     * end it (by its pid) so the test fails instead of hanging. */
    int st = 0;
    pid_t got = 0;
    for (int i = 0; i < 100 && (got = waitpid(pid, &st, WNOHANG)) == 0; i++)
        usleep(100000);
    if (got == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        fail_msg("oqsdiag did not finish after the password was typed");
    }
    close(m);
    assert_true(WIFEXITED(st));
    /* No echo: the typed password never came back on the terminal. */
    assert_false(tu_contains(seen.data, SECRET));
    buf_free(&seen);
    char *json = tu_read_text(out_json);
    assert_non_null(json);
    assert_false(tu_contains(json, SECRET));
    json_t *doc = json_loads(json, 0, NULL);
    free(json);
    assert_non_null(doc);
    /* The password opened the certificate. */
    json_t *f, *load = NULL;
    size_t i;
    json_array_foreach(json_object_get(doc, "findings"), i, f)
        if (strcmp(json_string_value(json_object_get(f, "id")), "tls.client_cert.load") == 0)
            load = f;
    assert_non_null(load);
    assert_string_equal(json_string_value(json_object_get(load, "status")), "ok");
    json_decref(doc);
}

static void test_no_terminal_no_prompt(void **state)
{
    (void)state;
    if (!have_pfx) {
        printf("skipped: openssl could not make a PFX\n");
        skip();
    }
    char set_cert[600];
    snprintf(set_cert, sizeof set_cert, "tls.client_cert=%s", pfx);
    unsetenv("OQSDIAG_PFX_PASSWORD");
    const char *argv[] = {"oqsdiag", "--lang", "en", "--json", "--set", set_cert, "--set",
                          "tls.target=127.0.0.1:9", "-t", "5", "probe", "tls", NULL};
    struct buf out = {0}, err = {0};
    tu_run(argv, &out, &err);
    buf_append(&out, "", 1);
    buf_append(&err, "", 1);
    assert_false(tu_contains(err.data, "Password"));
    assert_true(tu_contains(out.data, "tls.client_cert.load"));
    assert_true(tu_contains(out.data, "OQSDIAG_PFX_PASSWORD (not set)"));
    buf_free(&out);
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prompt_on_a_terminal_without_echo_and_never_in_the_report),
        cmocka_unit_test(test_no_terminal_no_prompt),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
