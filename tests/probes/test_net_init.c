/* plat_net_init (core/platform_net.h): after it, writing to a connection
 * the peer has closed is an error the probe can report, not SIGPIPE ending
 * the whole run (seen once: the DNS probe's TCP retry against a server that
 * hung up). POSIX-only test code, like tests/support/faultserv.c. */
#include "testutil.h"

#include <errno.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/platform_net.h"

static void test_write_to_closed_peer_is_epipe_not_death(void **state)
{
    (void)state;
    struct oqs_err err = {{0}};
    assert_int_equal(plat_net_init(&err), 0);
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    close(sv[1]);
    /* Without the setting this write kills the test binary. */
    ssize_t w = write(sv[0], "x", 1);
    int e = errno;
    close(sv[0]);
    assert_int_equal(w, -1);
    assert_int_equal(e, EPIPE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_to_closed_peer_is_epipe_not_death),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
