/* The suite's network guard (tests/support/netguard.c) itself: loopback
 * passes, anything else is refused before a packet leaves, and it stands in
 * front of every client the probes use (libcurl, c-ares, our SNTP client),
 * so a test that forgot to point a probe at loopback fails. The refused
 * addresses are TEST-NET-1 (192.0.2.0/24), never routed. */
#include "testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netguard.h"

static int tcp_connect(const char *ip, int port)
{
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    inet_pton(AF_INET, ip, &sa.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    int rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static void test_guard_lets_loopback_through(void **state)
{
    (void)state;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {0};
    socklen_t sl = sizeof sa;
    sa.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(l, 1), 0);
    assert_int_equal(getsockname(l, (struct sockaddr *)&sa, &sl), 0);
    int before = netguard_refused;
    assert_int_equal(tcp_connect("127.0.0.1", ntohs(sa.sin_port)), 0);
    assert_int_equal(netguard_refused, before);
    close(l);
}

static void test_guard_refuses_an_address_outside_loopback(void **state)
{
    (void)state;
    netguard_soft = 1;
    int before = netguard_refused;
    assert_int_equal(tcp_connect("192.0.2.1", 80), -1);
    assert_int_equal(errno, ENETUNREACH);
    assert_int_equal(netguard_refused, before + 1);
    netguard_soft = 0;
}

/* Each probe's client goes through the guard: a target outside loopback
 * is refused (counted), whichever library opens the socket. */
static void test_guard_stands_in_front_of_every_probe_client(void **state)
{
    (void)state;
    static const struct {
        const char *probe, *set1, *set2;
    } cases[] = {
        {"http", "http.target=192.0.2.1:80", "proxy.bypass=192.0.2.*"}, /* libcurl */
        {"proxy", "proxy.server=192.0.2.1:8080", "proxy.target=127.0.0.1:9"},
        {"dns", "dns.servers=192.0.2.1:53", "names=ntp.base.oqs-pdl.org"}, /* c-ares */
        {"ntp", "ntp.server=192.0.2.1", "dns.servers=127.0.0.1:9"},       /* SNTP */
    };
    netguard_soft = 1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int before = netguard_refused;
        const char *argv[] = {"oqsdiag", "--set", cases[i].set1, "--set", cases[i].set2, "--set",
                              "dns.system=no", "--set", "timeout_ms=1000", "--json", "probe",
                              cases[i].probe, NULL};
        struct buf out = {0};
        tu_run(argv, &out, NULL);
        buf_free(&out);
        if (netguard_refused == before)
            fail_msg("probe %s reached 192.0.2.1 without the guard seeing it", cases[i].probe);
    }
    netguard_soft = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guard_lets_loopback_through),
        cmocka_unit_test(test_guard_refuses_an_address_outside_loopback),
        cmocka_unit_test(test_guard_stands_in_front_of_every_probe_client),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
