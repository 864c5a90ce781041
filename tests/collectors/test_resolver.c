/* Name resolution as the applications see it (issue 16 point 4): ipconfig
 * /all and the hosts file parsed in Japanese and English, and judged. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "cmd/diagnose.h"
#include "collectors/parsers/netconf.h"
#include "core/config.h"
#include "core/platform.h"

static struct buf fixture(const char *name)
{
    struct buf b = {0};
    char rel[128];
    snprintf(rel, sizeof rel, "netconf/%s", name);
    assert_int_equal(buf_read_file(&b, tu_fixture(rel), 1 << 20), 0);
    return b;
}

static void test_ipconfig_japanese_cp932_dns_servers_with_continuation(void **state)
{
    (void)state;
    struct buf b = fixture("ipconfig-ja.txt");
    struct ipconfig c;
    struct parse_diag d = {0};
    assert_int_equal(ipconfig_parse((const unsigned char *)b.data, b.len, &c, &d), 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.v[0].name, "イーサネット アダプター イーサネット");
    assert_int_equal(c.v[0].dns.n, 2);
    assert_string_equal(c.v[0].dns.v[0], "192.168.1.1");
    assert_string_equal(c.v[0].dns.v[1], "fec0:0:0:ffff::1");
    assert_string_equal(c.v[0].ipv4.v[0], "192.168.1.20");
    assert_int_equal(c.v[0].ipv6.n, 0); /* link-local only */
    assert_false(c.v[0].disconnected);
    assert_true(c.v[1].disconnected);
    ipconfig_free(&c);
    buf_free(&b);
}

static void test_ipconfig_english_ipv6_and_tunnel(void **state)
{
    (void)state;
    struct buf b = fixture("ipconfig-en.txt");
    struct ipconfig c;
    struct parse_diag d = {0};
    assert_int_equal(ipconfig_parse((const unsigned char *)b.data, b.len, &c, &d), 0);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.v[0].dns.n, 2);
    assert_string_equal(c.v[0].dns.v[1], "198.51.100.54");
    assert_int_equal(c.v[0].ipv6.n, 2);
    assert_string_equal(c.v[0].ipv6.v[0], "2001:db8:acad:1:5c43:ee7c:2959:da68");
    assert_true(c.v[1].tunnel);
    ipconfig_free(&c);
    buf_free(&b);
    /* Text without an adapter is not ipconfig output: the reason is given. */
    const char *junk = "hello\r\nworld\r\n";
    assert_int_equal(ipconfig_parse((const unsigned char *)junk, strlen(junk), &c, &d), -1);
    assert_true(tu_contains(d.why, "nor an adapter section"));
}

static void test_hosts_comments_skipped_names_lower_case(void **state)
{
    (void)state;
    struct buf b = fixture("hosts-default.txt");
    struct hosts_file h;
    struct parse_diag d = {0};
    assert_int_equal(hosts_parse((const unsigned char *)b.data, b.len, &h, &d), 0);
    assert_int_equal(h.n, 0);
    hosts_free(&h);
    buf_free(&b);
    b = fixture("hosts-pinned.txt");
    assert_int_equal(hosts_parse((const unsigned char *)b.data, b.len, &h, &d), 0);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.v[1].addr, "203.0.113.123");
    assert_string_equal(h.v[1].name, "ntp.base.oqs-pdl.org");
    assert_int_equal(h.v[1].line, 20);
    hosts_free(&h);
    buf_free(&b);
}

/* A snapshot with only the two files, analysed: the findings say which DNS
 * server is asked and whether an OQS name is pinned. */
static struct report *analyze_with(const char *ipconfig, const char *hosts)
{
    struct oqs_err err;
    char *dir = plat_mkdtemp("oqs-resolver", &err);
    char path[4200];
    snprintf(path, sizeof path, "%s/system", dir);
    assert_int_equal(plat_mkdir_p(path, &err), 0);
    const char *files[2][2] = {{"ipconfig.txt", ipconfig}, {"hosts.txt", hosts}};
    for (int i = 0; i < 2; i++) {
        struct buf b = fixture(files[i][1]);
        snprintf(path, sizeof path, "%s/system/%s", dir, files[i][0]);
        assert_int_equal(plat_write_file(path, b.data, b.len, &err), 0);
        buf_free(&b);
    }
    struct config *cfg = config_new();
    struct report *r = NULL;
    assert_int_equal(analyze_dir(dir, cfg, NULL, &r, &err), 0);
    config_free(cfg);
    plat_rmtree(dir);
    free(dir);
    return r;
}

static const struct finding *find(const struct report *r, const char *id)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].id, id) == 0)
            return &r->findings[i];
    return NULL;
}

static void test_router_dns_and_pinned_oqs_name_are_judged(void **state)
{
    (void)state;
    struct report *r = analyze_with("ipconfig-ja.txt", "hosts-pinned.txt");
    const struct finding *f = find(r, "dns.servers");
    assert_non_null(f);
    assert_int_equal(f->status, FST_OK);
    assert_true(tu_contains(f->summary, "192.168.1.1"));
    assert_true(tu_contains(f->summary, "補24"));
    f = find(r, "dns.hosts.pinned");
    assert_non_null(f);
    assert_int_equal(f->status, FST_WARN);
    assert_true(tu_contains(f->summary, "ntp.base.oqs-pdl.org to 203.0.113.123"));
    assert_null(find(r, "dns.hosts"));
    f = find(r, "dns.ipv6");
    assert_non_null(f);
    assert_false(json_is_true(json_object_get(f->evidence, "global_ipv6")));
    /* Two files of the layout were there: this is a snapshot. */
    assert_null(find(r, "snapshot.layout"));
    assert_int_equal(report_exit_status(r), 1);
    report_free(r);

    r = analyze_with("ipconfig-en.txt", "hosts-default.txt");
    f = find(r, "dns.hosts");
    assert_non_null(f);
    assert_int_equal(f->status, FST_OK);
    f = find(r, "dns.servers");
    assert_false(tu_contains(f->summary, "補24")); /* public servers, no relay */
    f = find(r, "dns.ipv6");
    assert_true(json_is_true(json_object_get(f->evidence, "global_ipv6")));
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipconfig_japanese_cp932_dns_servers_with_continuation),
        cmocka_unit_test(test_ipconfig_english_ipv6_and_tunnel),
        cmocka_unit_test(test_hosts_comments_skipped_names_lower_case),
        cmocka_unit_test(test_router_dns_and_pinned_oqs_name_are_judged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
