/* probe dns, names as the applications see them (issue 16 point 4): the
 * real getaddrinfo and c-ares against dnsmasq, in namespaces of their own
 * where /etc/hosts and /etc/resolv.conf are ours (tests/probes/sysres.sh). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"

static char dir[] = "/tmp/oqsdiag-sysres-XXXXXX";
static json_t *doc;
static int rc = -1;
static char skip_why[512];
static char *dnsmasq_log;

static const char hosts[] =
    "# as C:\\Windows\\System32\\drivers\\etc\\hosts pins a name: address, names\n"
    "127.0.0.1 localhost\n"
    "127.0.0.99 pinned.oqs.test\n"
    "127.0.0.98 hostsonly.oqs.test\n";

static const char dnsmasq_conf[] =
    "no-resolv\nno-hosts\nbind-interfaces\nlisten-address=127.0.0.1\nport=53\nuser=\ngroup=\n"
    "log-queries\nlocal=/oqs.test/\naddress=/localhost/\n"
    "host-record=agree.oqs.test,127.0.0.20\n"
    "host-record=pinned.oqs.test,127.0.0.21\n";

static char *slurp(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return tu_read_text(p);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    tu_write_file(dir, "hosts", hosts, sizeof hosts - 1);
    tu_write_file(dir, "resolv.conf", "nameserver 127.0.0.1\n", 21);
    tu_write_file(dir, "nsswitch.conf", "hosts: files dns\n", 17);
    tu_write_file(dir, "dnsmasq.conf", dnsmasq_conf, sizeof dnsmasq_conf - 1);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "sh '%s/tests/probes/sysres.sh' '%s' '%s/oqsdiag' --lang en "
             "--set names=agree.oqs.test,pinned.oqs.test,hostsonly.oqs.test,localhost "
             "--set ntp.server=agree.oqs.test --set dns.rr_queries=2 --set timeout_ms=4000",
             OQS_SOURCE_DIR, dir, OQS_BUILD_DIR);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t n = fread(skip_why, 1, sizeof skip_why - 1, p);
    skip_why[n] = '\0';
    int st = pclose(p);
    if (WEXITSTATUS(st) == 77)
        return 0; /* skip_why says why */
    skip_why[0] = '\0';
    char *r = slurp("rc");
    rc = r ? atoi(r) : -1;
    free(r);
    char *out = slurp("out.json");
    doc = out ? json_loads(out, 0, NULL) : NULL;
    free(out);
    dnsmasq_log = slurp("dnsmasq.log");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(doc);
    free(dnsmasq_log);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void need_run(void)
{
    if (skip_why[0]) {
        printf("skipped: %s", skip_why);
        skip();
    }
    if (!doc)
        fail_msg("no JSON from the probe (exit %d)", rc);
}

static void test_pinned_hosts_entry_differing_from_dns_is_a_finding(void **state)
{
    (void)state;
    need_run();
    json_t *f = hx_finding(doc, "dns.system.pinned", "name", "pinned.oqs.test");
    if (!f)
        hx_dump(doc);
    assert_non_null(f);
    assert_string_equal(hx_status(f), "warn");
    json_t *ev = json_object_get(f, "evidence");
    assert_string_equal(json_string_value(json_array_get(json_object_get(ev, "system_addresses"), 0)),
                        "127.0.0.99");
    assert_string_equal(json_string_value(json_array_get(json_object_get(ev, "dns_addresses"), 0)),
                        "127.0.0.21");
}

static void test_name_only_the_hosts_file_knows_is_a_finding(void **state)
{
    (void)state;
    need_run();
    json_t *f = hx_finding(doc, "dns.system.hosts_only", "name", "hostsonly.oqs.test");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "warn");
    assert_string_equal(json_string_value(json_object_get(json_object_get(f, "evidence"), "dns")),
                        "nxdomain");
    /* DNS itself still says the name does not exist. */
    assert_non_null(hx_finding(doc, "dns.resolve.nxdomain", "name", "hostsonly.oqs.test"));
}

static void test_agreeing_resolvers_are_ok(void **state)
{
    (void)state;
    need_run();
    json_t *f = hx_finding(doc, "dns.system", "name", "agree.oqs.test");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "ok");
    assert_null(hx_finding(doc, "dns.system.pinned", "name", "agree.oqs.test"));
}

static void test_localhost_is_never_nxdomain_nor_asked_of_dns(void **state)
{
    (void)state;
    need_run();
    /* dnsmasq would say NXDOMAIN (address=/localhost/): it is never asked. */
    assert_null(hx_finding(doc, "dns.resolve.nxdomain", "name", "localhost"));
    json_t *f = hx_finding(doc, "dns.resolve", "name", "localhost");
    assert_non_null(f);
    assert_string_equal(hx_status(f), "ok");
    assert_string_equal(hx_status(hx_finding(doc, "dns.system", "name", "localhost")), "ok");
    assert_non_null(dnsmasq_log);
    assert_true(tu_contains(dnsmasq_log, "agree.oqs.test"));
    assert_false(tu_contains(dnsmasq_log, "query[A] localhost"));
    assert_false(tu_contains(dnsmasq_log, "query[AAAA] localhost"));
    /* Two warnings (pinned, hosts only) and one failure (NXDOMAIN). */
    assert_int_equal(rc, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pinned_hosts_entry_differing_from_dns_is_a_finding),
        cmocka_unit_test(test_name_only_the_hosts_file_knows_is_a_finding),
        cmocka_unit_test(test_agreeing_resolvers_are_ok),
        cmocka_unit_test(test_localhost_is_never_nxdomain_nor_asked_of_dns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
