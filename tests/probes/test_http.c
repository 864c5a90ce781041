/* probe http (port 80, certificate application) against a plain HTTP site
 * on cert.obn.managedpki.ne.jp's loopback address (tools/testsrv http,
 * named by dnsmasq) and squid in front of it: direct as the manual's bypass
 * list routes it, through an open, an authenticating and a denying proxy,
 * and a port where nothing listens. http.target is always a harness port
 * and dns.servers the harness's dnsmasq, so no test reaches the real site. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "harness.h"

/* proxy: proxy.server (NULL: the default); bypass: proxy.bypass (NULL: the
 * manual's list); port: http.target's port (NULL: the site's). */
static json_t *run_http(const char *proxy, const char *bypass, const char *port, int *status)
{
    static char a[5][512];
    size_t n = 0;
    const char *args[12];
    snprintf(a[0], sizeof a[0], "dns.servers=%s", hx_env(&hx_group, "DNS"));
    snprintf(a[1], sizeof a[1], "http.target=cert.obn.managedpki.ne.jp:%s",
             port ? port : hx_env(&hx_group, "HTTP_PORT"));
    snprintf(a[2], sizeof a[2], "timeout_ms=4000");
    snprintf(a[3], sizeof a[3], "proxy.server=%s", proxy ? proxy : "127.0.0.1:9");
    snprintf(a[4], sizeof a[4], "proxy.bypass=%s", bypass ? bypass : "");
    for (size_t i = 0; i < 5; i++) {
        if (i == 4 && !bypass)
            break;
        args[n++] = "--set";
        args[n++] = a[i];
    }
    args[n] = NULL;
    const char *probes[] = {"http", NULL};
    json_t *doc = hx_probe(args, probes, status);
    assert_non_null(doc);
    return doc;
}

static const char *ev_str(const json_t *f, const char *key)
{
    return json_string_value(json_object_get(json_object_get(f, "evidence"), key));
}

static long ev_int(const json_t *f, const char *key)
{
    return (long)json_integer_value(json_object_get(json_object_get(f, "evidence"), key));
}

/* The manual's bypass list holds *.obn.managedpki.ne.jp: the request goes
 * direct even with a proxy that would refuse every connection. */
static void test_http_site_in_the_bypass_list_is_reached_direct(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_http(NULL, NULL, NULL, &st);
    json_t *f = hx_finding(doc, "http.reach", NULL, NULL);
    if (!f)
        hx_dump(doc);
    assert_string_equal(hx_status(f), "ok");
    assert_string_equal(ev_str(f, "route"), "direct");
    assert_string_equal(ev_str(f, "bypass_entry"), "*.obn.managedpki.ne.jp");
    assert_string_equal(ev_str(f, "address"), "127.0.53.21");
    assert_int_equal(ev_int(f, "status"), 301);
    assert_int_equal(hx_count(doc, "fail"), 0);
    assert_int_equal(st, 0);
    json_decref(doc);
}

/* Outside the bypass list the request goes through the proxy, as an
 * absolute-URI GET that squid forwards to the site. */
static void test_http_site_outside_the_bypass_list_goes_through_the_proxy(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_http(hx_env(&hx_group, "PROXY_OPEN"), "*.onshikaku.org", NULL, &st);
    json_t *f = hx_finding(doc, "http.reach", NULL, NULL);
    if (!f)
        hx_dump(doc);
    assert_string_equal(hx_status(f), "ok");
    assert_string_equal(ev_str(f, "route"), "proxy");
    assert_string_equal(ev_str(f, "proxy"), hx_env(&hx_group, "PROXY_OPEN"));
    assert_int_equal(ev_int(f, "status"), 301);
    json_decref(doc);
}

static void test_http_proxy_demanding_authentication_is_auth_required(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_http(hx_env(&hx_group, "PROXY_AUTH"), "*.onshikaku.org", NULL, &st);
    json_t *f = hx_finding(doc, "http.proxy.auth_required", NULL, NULL);
    assert_string_equal(hx_status(f), "fail");
    assert_int_equal(ev_int(f, "status"), 407);
    assert_null(hx_finding(doc, "http.reach", NULL, NULL));
    assert_true(hx_has_kb(doc, "proxy-requirements"));
    assert_int_equal(st, 2);
    json_decref(doc);
}

/* squid's 403 may equally be the site's own: a warning, not a failure. */
static void test_http_proxy_refusing_the_site_is_denied(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_http(hx_env(&hx_group, "PROXY_DENY"), "*.onshikaku.org", NULL, &st);
    json_t *f = hx_finding(doc, "http.proxy.denied", NULL, NULL);
    assert_string_equal(hx_status(f), "warn");
    assert_int_equal(ev_int(f, "status"), 403);
    assert_true(hx_has_kb(doc, "proxy-requirements"));
    json_decref(doc);
}

/* squid answers 503 when the site refuses port 80 behind it. */
static void test_http_proxy_that_cannot_reach_the_site_is_upstream(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_http(hx_env(&hx_group, "PROXY_OPEN"), "*.onshikaku.org",
                           hx_env(&hx_group, "SILENT_PORT"), &st);
    json_t *f = hx_finding(doc, "http.proxy.upstream", NULL, NULL);
    if (!f)
        hx_dump(doc);
    assert_string_equal(hx_status(f), "fail");
    assert_true(ev_int(f, "status") >= 502 && ev_int(f, "status") <= 504);
    json_decref(doc);
}

/* Port 80 closed after setup (manual 9 末尾): nothing listens on the port. */
static void test_http_closed_port_is_connect_refused_and_names_after_setup_breakage(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_http(NULL, NULL, hx_env(&hx_group, "SILENT_PORT"), &st);
    json_t *f = hx_finding(doc, "http.connect.refused", NULL, NULL);
    if (!f)
        hx_dump(doc);
    assert_string_equal(hx_status(f), "fail");
    assert_string_equal(ev_str(f, "route"), "direct");
    assert_true(hx_has_kb(doc, "after-setup-breakage"));
    assert_int_equal(st, 2);
    json_decref(doc);
}

/* A proxy that refuses connections: the same finding, naming the proxy. */
static void test_http_refusing_proxy_is_connect_refused_on_the_proxy_route(void **state)
{
    (void)state;
    hx_need_group();
    char server[64];
    snprintf(server, sizeof server, "127.0.53.43:%s", hx_env(&hx_group, "PROXY_PORT"));
    int st;
    json_t *doc = run_http(server, "*.onshikaku.org", NULL, &st);
    json_t *f = hx_finding(doc, "http.connect.refused", "route", "proxy");
    if (!f)
        hx_dump(doc);
    assert_string_equal(ev_str(f, "proxy"), server);
    assert_true(tu_contains(json_string_value(json_object_get(f, "summary")), "The proxy"));
    json_decref(doc);
}

static void test_http_site_name_that_does_not_resolve_is_resolve_failed(void **state)
{
    (void)state;
    hx_need_group();
    const char *args[] = {"--set", NULL, "--set", "http.target=missing.obn.managedpki.ne.jp:80", NULL};
    char dns[128];
    snprintf(dns, sizeof dns, "dns.servers=%s", hx_env(&hx_group, "DNS"));
    args[1] = dns;
    const char *probes[] = {"http", NULL};
    int st;
    json_t *doc = hx_probe(args, probes, &st);
    assert_non_null(doc);
    json_t *f = hx_finding(doc, "http.resolve.failed", NULL, NULL);
    assert_string_equal(hx_status(f), "fail");
    assert_string_equal(ev_str(f, "result"), "nxdomain");
    json_decref(doc);
}

/* On Windows without proxy.server the route is WinHTTP's (what the
 * applications use after netsh winhttp import proxy), not the manual's
 * defaults: its http= entry and its own bypass list. */
static json_t *run_winhttp(const char *proxy, const char *bypass)
{
    struct plat_fake host = {.is_windows = 1, .hostname = "OQS-SV01", .winhttp_proxy = proxy,
                             .winhttp_bypass = bypass};
    char dns[128], http[128];
    snprintf(dns, sizeof dns, "dns.servers=%s", hx_env(&hx_group, "DNS"));
    snprintf(http, sizeof http, "http.target=cert.obn.managedpki.ne.jp:%s", hx_env(&hx_group, "HTTP_PORT"));
    const char *args[] = {"--set", dns, "--set", http, "--set", "timeout_ms=4000", NULL};
    const char *probes[] = {"http", NULL};
    int st;
    plat_fake = &host;
    json_t *doc = hx_probe(args, probes, &st);
    plat_fake = NULL;
    assert_non_null(doc);
    return doc;
}

static void test_http_on_windows_follows_the_winhttp_proxy_and_bypass(void **state)
{
    (void)state;
    hx_need_group();
    char list[256];
    snprintf(list, sizeof list, "http=%s;https=127.0.0.1:9", hx_env(&hx_group, "PROXY_OPEN"));
    /* WinHTTP's bypass list lacks *.obn.managedpki.ne.jp: through its proxy. */
    json_t *doc = run_winhttp(list, "*.onshikaku.org;<local>");
    json_t *f = hx_finding(doc, "http.reach", NULL, NULL);
    if (!f)
        hx_dump(doc);
    assert_string_equal(ev_str(f, "route"), "proxy");
    assert_string_equal(ev_str(f, "proxy_from"), "winhttp");
    assert_string_equal(ev_str(f, "proxy"), hx_env(&hx_group, "PROXY_OPEN"));
    json_decref(doc);
    /* With the manual's entry in WinHTTP's list: direct. */
    doc = run_winhttp(list, "*.onshikaku.org; *.obn.managedpki.ne.jp");
    f = hx_finding(doc, "http.reach", NULL, NULL);
    assert_string_equal(ev_str(f, "route"), "direct");
    assert_string_equal(ev_str(f, "bypass_entry"), "*.obn.managedpki.ne.jp");
    json_decref(doc);
    /* A proxy for https only: plain HTTP goes direct. */
    doc = run_winhttp("https=127.0.0.1:9", "");
    f = hx_finding(doc, "http.reach", NULL, NULL);
    assert_string_equal(ev_str(f, "route"), "direct");
    assert_string_equal(ev_str(f, "route_why"), "no proxy");
    json_decref(doc);
}

/* The snapshot side: collect keeps the probe's findings in
 * probes/network.json, and analyze of the bundle elsewhere gives the same
 * finding and the same KB entry. */
static void test_http_finding_survives_collect_and_analyze(void **state)
{
    (void)state;
    hx_need_group();
    struct oqs_err err;
    char *dir = plat_mkdtemp("oqs-http", &err);
    assert_non_null(dir);
    char out[4200], dns[128], http[128];
    snprintf(out, sizeof out, "%s/bundle.tar.gz", dir);
    snprintf(dns, sizeof dns, "dns.servers=%s", hx_env(&hx_group, "DNS"));
    snprintf(http, sizeof http, "http.target=cert.obn.managedpki.ne.jp:%s", hx_env(&hx_group, "SILENT_PORT"));
    const char *collect[] = {"oqsdiag", "-q", "-o", out, "--set", dns, "--set", http, "--set",
                             "ntp.server=127.0.0.1", "--set", "ntp.port=9", "--set",
                             "proxy.server=127.0.0.1:9", "--set", "proxy.target=127.0.0.1:9", "--set",
                             "tls.target=127.0.0.1:9", "--set", "timeout_ms=2000", "collect", NULL};
    struct buf eb = {0}, ob = {0};
    int rc = tu_run(collect, NULL, &eb);
    if (rc != 0)
        fail_msg("collect: %s", eb.data ? eb.data : "");
    const char *analyze[] = {"oqsdiag", "--json", "analyze", out, NULL};
    tu_run(analyze, &ob, NULL);
    json_t *doc = json_loadb(ob.data ? ob.data : "", ob.len, 0, NULL);
    assert_non_null(doc);
    json_t *f = hx_finding(doc, "http.connect.refused", "file", "probes/network.json");
    if (!f)
        hx_dump(doc);
    assert_string_equal(hx_status(f), "fail");
    assert_string_equal(ev_str(f, "route"), "direct");
    assert_true(hx_has_kb(doc, "after-setup-breakage"));
    json_decref(doc);
    buf_free(&eb);
    buf_free(&ob);
    plat_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_http_site_in_the_bypass_list_is_reached_direct),
        cmocka_unit_test(test_http_site_outside_the_bypass_list_goes_through_the_proxy),
        cmocka_unit_test(test_http_proxy_demanding_authentication_is_auth_required),
        cmocka_unit_test(test_http_proxy_refusing_the_site_is_denied),
        cmocka_unit_test(test_http_proxy_that_cannot_reach_the_site_is_upstream),
        cmocka_unit_test(test_http_closed_port_is_connect_refused_and_names_after_setup_breakage),
        cmocka_unit_test(test_http_refusing_proxy_is_connect_refused_on_the_proxy_route),
        cmocka_unit_test(test_http_site_name_that_does_not_resolve_is_resolve_failed),
        cmocka_unit_test(test_http_finding_survives_collect_and_analyze),
        cmocka_unit_test(test_http_on_windows_follows_the_winhttp_proxy_and_bypass),
    };
    return hx_run_group(tests, "dns http proxy");
}
