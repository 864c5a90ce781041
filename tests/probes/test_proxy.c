/* probe proxy against squid in three configurations (open, authentication
 * required, delivery cloud denied) and an address where nothing listens;
 * the target is an openssl s_server behind the name of the delivery cloud
 * (squid resolves it from the harness hosts file). */
#include "testutil.h"

#include <string.h>

#include "harness.h"

static json_t *run_proxy(const char *server, const char *extra, int *status)
{
    static char a[6][512];
    snprintf(a[0], sizeof a[0], "dns.servers=%s", hx_env(&hx_group, "DNS"));
    snprintf(a[1], sizeof a[1], "proxy.server=%s", server);
    snprintf(a[2], sizeof a[2], "proxy.target=d2vhvuj0j7c8bh.cloudfront.net:%s", hx_env(&hx_group, "TLS_PORT"));
    snprintf(a[3], sizeof a[3], "tls.ca_file=%s", hx_env(&hx_group, "CA_FILE"));
    snprintf(a[4], sizeof a[4], "%s", extra ? extra : "timeout_ms=4000");
    const char *args[] = {"--set", a[0], "--set", a[1], "--set", a[2], "--set", a[3], "--set", a[4], NULL};
    const char *probes[] = {"proxy", NULL};
    json_t *doc = hx_probe(args, probes, status);
    assert_non_null(doc);
    return doc;
}

static void test_proxy_open_proxy_tunnels_to_the_cloud_with_no_fail(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_proxy(hx_env(&hx_group, "PROXY_OPEN"), NULL, &st);
    if (hx_count(doc, "fail"))
        hx_dump(doc);
    assert_int_equal(hx_count(doc, "fail"), 0);
    assert_int_equal(json_array_size(json_object_get(doc, "kb")), 0);
    json_t *t = hx_finding(doc, "proxy.tunnel", NULL, NULL);
    assert_non_null(t);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(t, "evidence"), "status")), 200);
    assert_string_equal(hx_status(hx_finding(doc, "proxy.connect", NULL, NULL)), "ok");
    assert_string_equal(hx_status(hx_finding(doc, "proxy.bypass", NULL, NULL)), "ok");
    json_decref(doc);
}

static void test_proxy_demanding_authentication_is_auth_required(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_proxy(hx_env(&hx_group, "PROXY_AUTH"), NULL, &st);
    json_t *f = hx_finding(doc, "proxy.tunnel.auth_required", NULL, NULL);
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(f, "evidence"), "status")), 407);
    assert_int_equal(st, 2);
    assert_true(hx_has_kb(doc, "proxy-requirements"));
    json_decref(doc);
}

static void test_proxy_denying_the_cloud_is_denied(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_proxy(hx_env(&hx_group, "PROXY_DENY"), NULL, &st);
    json_t *f = hx_finding(doc, "proxy.tunnel.denied", NULL, NULL);
    assert_non_null(f);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(f, "evidence"), "status")), 403);
    assert_null(hx_finding(doc, "proxy.tunnel", NULL, NULL));
    assert_true(hx_has_kb(doc, "proxy-requirements"));
    json_decref(doc);
}

static void test_proxy_port_without_listener_is_connect_refused(void **state)
{
    (void)state;
    hx_need_group();
    char server[64];
    snprintf(server, sizeof server, "127.0.53.43:%s", hx_env(&hx_group, "PROXY_PORT"));
    int st;
    json_t *doc = run_proxy(server, NULL, &st);
    assert_non_null(hx_finding(doc, "proxy.connect.refused", "server", server));
    assert_null(hx_finding(doc, "proxy.tunnel", NULL, NULL));
    json_decref(doc);
}

static void test_proxy_name_that_does_not_resolve_is_resolve_failed(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_proxy("missing.oqs-pdl.org:8080", NULL, &st);
    json_t *f = hx_finding(doc, "proxy.resolve.failed", NULL, NULL);
    assert_non_null(f);
    assert_string_equal(json_string_value(json_object_get(json_object_get(f, "evidence"), "result")),
                        "nxdomain");
    json_decref(doc);
}

static void test_proxy_cloud_in_the_bypass_list_fails_the_bypass_check(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_proxy(hx_env(&hx_group, "PROXY_OPEN"), "proxy.bypass=*.onshikaku.org;*.cloudfront.net", &st);
    json_t *f = hx_finding(doc, "proxy.bypass", NULL, NULL);
    assert_non_null(f);
    assert_string_equal(hx_status(f), "fail");
    json_t *routes = json_object_get(json_object_get(f, "evidence"), "routes");
    assert_string_equal(json_string_value(json_object_get(routes, "d2vhvuj0j7c8bh.cloudfront.net")), "direct");
    assert_string_equal(json_string_value(json_object_get(routes, "hweb.oqs.onshikaku.org")), "direct");
    assert_true(hx_has_kb(doc, "proxy-winhttp-settings"));
    json_decref(doc);
}

static void test_proxy_manual_bypass_list_routes_names_as_the_manual_says(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_proxy(hx_env(&hx_group, "PROXY_OPEN"), NULL, &st);
    json_t *routes = json_object_get(json_object_get(hx_finding(doc, "proxy.bypass", NULL, NULL), "evidence"), "routes");
    assert_string_equal(json_string_value(json_object_get(routes, "pweb.base.oqs-pdl.org")), "direct");
    assert_string_equal(json_string_value(json_object_get(routes, "cert.obn.managedpki.ne.jp")), "direct");
    assert_string_equal(json_string_value(json_object_get(routes, "ntp.base.oqs-pdl.org")), "proxy");
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proxy_open_proxy_tunnels_to_the_cloud_with_no_fail),
        cmocka_unit_test(test_proxy_demanding_authentication_is_auth_required),
        cmocka_unit_test(test_proxy_denying_the_cloud_is_denied),
        cmocka_unit_test(test_proxy_port_without_listener_is_connect_refused),
        cmocka_unit_test(test_proxy_name_that_does_not_resolve_is_resolve_failed),
        cmocka_unit_test(test_proxy_cloud_in_the_bypass_list_fails_the_bypass_check),
        cmocka_unit_test(test_proxy_manual_bypass_list_routes_names_as_the_manual_says),
    };
    return hx_run_group(tests, "dns tls proxy");
}
