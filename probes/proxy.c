/* probe proxy: the proxy of manual 2 プロキシ must be reachable, must not
 * ask for authentication, and must let the delivery cloud through (CONNECT
 * to proxy.target and a TLS handshake there). Names that match proxy.bypass
 * go direct, the others through the proxy. */
#include <curl/curl.h>
#include <errno.h>
#include <string.h>

#include "../core/platform.h"
#include "dnsq.h"
#include "probe_impl.h"
#include "route.h"
#include "../core/netconfig.h"

#define SRC "probe:proxy"

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

static const char *bypass_entry(const struct config *cfg, const char *host)
{
    size_t n = 0;
    const char *const *v = config_list(cfg, "proxy.bypass", &n);
    return route_bypass_match(v, n, host);
}

/* Which way each name goes; the manual's two fixed points decide the status:
 * the TLS target (*.onshikaku.org) must go direct and the delivery cloud
 * through the proxy (2 プロキシ 5). */
static void check_bypass(struct probe_ctx *c)
{
    char tls_host[256], target_host[256];
    int port;
    route_host_of(config_str(c->cfg, "tls.target"), tls_host, sizeof tls_host, &port, 443);
    route_host_of(config_str(c->cfg, "proxy.target"), target_host, sizeof target_host, &port, 443);
    json_t *routes = json_object();
    size_t n = 0;
    const char *const *names = config_list(c->cfg, "names", &n);
    for (size_t i = 0; i < n; i++) {
        const char *e = bypass_entry(c->cfg, names[i]);
        json_object_set_new(routes, names[i], json_string(e ? "direct" : "proxy"));
    }
    const char *tls_e = bypass_entry(c->cfg, tls_host), *target_e = bypass_entry(c->cfg, target_host);
    json_object_set_new(routes, tls_host, json_string(tls_e ? "direct" : "proxy"));
    json_object_set_new(routes, target_host, json_string(target_e ? "direct" : "proxy"));
    json_t *ev = json_pack("{s:o, s:s, s:s}", "routes", routes, "tls_target", tls_host,
                           "proxy_target", target_host);
    if (tls_e && !target_e)
        report_add(c->r, "proxy.bypass", FST_OK, SRC, ev,
                   "%s goes direct (bypass list) and %s through the proxy",
                   "%s は直接 (バイパス)、%s はプロキシ経由", tls_host, target_host);
    else if (!tls_e)
        report_add(c->r, "proxy.bypass", FST_FAIL, SRC, ev,
                   "%s is not in the bypass list, so it would go through the proxy; the manual bypasses it",
                   "%s がバイパス一覧にないためプロキシ経由になる (手順書ではバイパス)", tls_host);
    else
        report_add(c->r, "proxy.bypass", FST_FAIL, SRC, ev,
                   "%s matches the bypass list (%s), so it would not go through the proxy",
                   "%s がバイパス一覧 (%s) に一致しプロキシを通らない", target_host, target_e);
}

int probe_proxy(struct probe_ctx *c)
{
    const char *server = netcfg_expected(c->cfg, "proxy.server");
    const char *server_from = "config";
    char winhttp[256], wbypass[2048];
    /* On Windows without proxy.server: the machine's WinHTTP proxy, the
     * one the OQS applications go through (netsh winhttp import proxy). */
    if (plat_is_windows() && !config_is_set(c->cfg, "proxy.server")) {
        struct oqs_err we;
        const char *e;
        if (plat_winhttp_proxy(winhttp, sizeof winhttp, wbypass, sizeof wbypass, &we) == 0 &&
            (e = route_scheme_entry(winhttp, "https")) != NULL && *e) {
            server = e;
            server_from = "winhttp";
        }
    }
    if (!server) {
        /* ②/③: the proxy is the carrier's or the clinic's; without it given
         * there is nothing to connect to. */
        enum netcfg n = netcfg_of(c->cfg);
        report_add(c->r, "proxy.connect", FST_SKIP, SRC,
                   json_pack("{s:s}", "network_config", config_str(c->cfg, "network.config")),
                   "%s%.0s: the proxy is the one the contact gave: set proxy.server (and proxy.bypass) to check it",
                   "%.0s%s: プロキシは問い合わせ先の値: 確認するには proxy.server (と proxy.bypass) を設定する",
                   netcfg_label(n, 0), netcfg_label(n, 1));
        probe_state(c, "done", 1);
        return 0;
    }
    const char *target = config_str(c->cfg, "proxy.target");
    char host[256], thost[256];
    int port, tport;
    route_host_of(server, host, sizeof host, &port, 8080);
    route_host_of(target, thost, sizeof thost, &tport, 443);
    struct oqs_err err;

    if (netcfg_given(c->cfg, "proxy.bypass"))
        check_bypass(c);
    probe_state(c, "resolving", 0);
    struct dnsq_addrs res;
    if (dnsq_resolve(c->cfg, host, c->deadline_ms, &res, &err) < 0)
        return -1;
    if (res.status != DNSQ_OK) {
        report_add(c->r, "proxy.resolve.failed", FST_FAIL, SRC,
                   json_pack("{s:s, s:s}", "server", server, "result", dnsq_status_name(res.status)),
                   "The proxy name %s does not resolve (%s)", "プロキシ名 %s を解決できない (%s)",
                   host, dnsq_status_name(res.status));
        dnsq_addrs_free(&res);
        probe_state(c, "done", 1);
        return 0;
    }
    /* The first address, IPv4 first: what WinHTTP reaches on an IPv4 LAN. */
    const char *ip = res.n4 ? res.v4[0] : res.v6[0];
    if (!dnsq_ip_family(host))
        report_add(c->r, "proxy.resolve", FST_OK, SRC,
                   json_pack("{s:s, s:s}", "server", server, "address", ip),
                   "The proxy name %s resolves to %s", "プロキシ名 %s は %s に解決される", host, ip);

    probe_state(c, "connecting", 0);
    char proxy_url[300], url[300], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(proxy_url, sizeof proxy_url, strchr(ip, ':') ? "http://[%s]:%d" : "http://%s:%d", ip, port);
    snprintf(url, sizeof url, "https://%s:%d/", thost, tport);
    CURL *h = curl_easy_init();
    if (!h) {
        dnsq_addrs_free(&res);
        return -1;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROXY, proxy_url);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "");
    curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
    /* CONNECT and the TLS handshake through the tunnel, no request: the
     * question is whether the path opens, not what the cloud serves. */
    curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, probe_left_ms(c));
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    const char *ca = config_str(c->cfg, "tls.ca_file");
    if (ca && *ca)
        curl_easy_setopt(h, CURLOPT_CAINFO, ca);
    else
        /* Windows: the trusted roots of the system store, as WinHTTP uses
         * (elsewhere curl keeps its own default bundle). */
        curl_easy_setopt(h, CURLOPT_SSL_OPTIONS, (long)CURLSSLOPT_NATIVE_CA);
    CURLcode rc = curl_easy_perform(h);
    long code = 0, oserr = 0;
    curl_off_t t_connect = 0, t_app = 0;
    curl_easy_getinfo(h, CURLINFO_HTTP_CONNECTCODE, &code);
    curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
    curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &t_connect);
    curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &t_app);
    curl_easy_cleanup(h);
    if (!errbuf[0])
        snprintf(errbuf, sizeof errbuf, "%s", curl_easy_strerror(rc));

    long timeout = config_int(c->cfg, "timeout_ms");
    int connected = t_connect > 0 || code > 0 || rc == CURLE_OK;
    int reset = oserr == ECONNRESET || strstr(errbuf, "reset") != NULL;
    json_t *ev_conn = json_pack("{s:s, s:s, s:s, s:f}", "server", server, "server_from",
                                server_from, "address", ip, "connect_ms", (double)t_connect / 1000.0);
    if (!connected) {
        json_object_set_new(ev_conn, "error", json_string(errbuf));
        if (rc == CURLE_OPERATION_TIMEDOUT) {
            json_object_set_new(ev_conn, "timeout_ms", json_integer(timeout));
            report_add(c->r, "proxy.connect.timeout", FST_FAIL, SRC, ev_conn,
                       "The proxy %s does not answer TCP connections in time",
                       "プロキシ %s への接続がタイムアウトした", server);
        } else if (reset) {
            report_add(c->r, "proxy.connect.reset", FST_FAIL, SRC, ev_conn,
                       "The proxy %s reset the connection", "プロキシ %s が接続をリセットした", server);
        } else {
            report_add(c->r, "proxy.connect.refused", FST_FAIL, SRC, ev_conn,
                       "The proxy %s refuses TCP connections (%s)", "プロキシ %s への接続が拒否された (%s)",
                       server, errbuf);
        }
        dnsq_addrs_free(&res);
        probe_state(c, "done", 1);
        return 0;
    }
    report_add(c->r, "proxy.connect", FST_OK, SRC, ev_conn, "TCP connection to the proxy %s opens",
               "プロキシ %s へTCP接続できる", server);

    json_t *ev = json_pack("{s:s, s:s, s:i, s:f, s:f}", "server", server, "target", target,
                           "status", (int)code, "connect_ms", (double)t_connect / 1000.0,
                           "tunnel_ms", (double)t_app / 1000.0);
    if (rc == CURLE_OK) {
        report_add(c->r, "proxy.tunnel", FST_OK, SRC, ev,
                   "CONNECT to %s through the proxy and the TLS handshake there succeed",
                   "プロキシ経由で %s へ接続しTLSハンドシェイクできた", target);
    } else if (code == 407) {
        report_add(c->r, "proxy.tunnel.auth_required", FST_FAIL, SRC, ev,
                   "The proxy demands authentication (407) for %s; the manual requires a proxy without authentication",
                   "プロキシが %s への接続に認証を要求した (407)。手順書では認証なしのプロキシが必要", target);
    } else if (code >= 400 && code < 500) {
        report_add(c->r, "proxy.tunnel.denied", FST_FAIL, SRC, ev,
                   "The proxy refuses %s (%ld): it must allow the delivery cloud",
                   "プロキシが %s への接続を拒否した (%ld)。配信クラウドへの接続を許可する必要がある",
                   target, code);
    } else if (code >= 500) {
        report_add(c->r, "proxy.tunnel.upstream", FST_FAIL, SRC, ev,
                   "The proxy cannot reach %s (%ld)", "プロキシが %s へ到達できない (%ld)", target,
                   code);
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
        json_object_set_new(ev, "timeout_ms", json_integer(timeout));
        report_add(c->r, "proxy.tunnel.timeout", FST_FAIL, SRC, ev,
                   "CONNECT to %s or the TLS handshake through the proxy timed out",
                   "プロキシ経由の %s への接続がタイムアウトした", target);
    } else if (code >= 200 && code < 300) {
        json_object_set_new(ev, "error", json_string(errbuf));
        report_add(c->r, "proxy.tunnel.tls", FST_FAIL, SRC, ev,
                   "The tunnel to %s opened but the TLS handshake failed: %s",
                   "%s へのトンネルは開いたがTLSハンドシェイクに失敗: %s", target, errbuf);
    } else if (reset) {
        json_object_set_new(ev, "error", json_string(errbuf));
        report_add(c->r, "proxy.connect.reset", FST_FAIL, SRC, ev,
                   "The proxy %s reset the connection during CONNECT", "プロキシ %s がCONNECT中に接続をリセットした",
                   server);
    } else {
        json_object_set_new(ev, "error", json_string(errbuf));
        report_add(c->r, "proxy.tunnel.error", FST_FAIL, SRC, ev,
                   "CONNECT to %s through the proxy failed: %s", "プロキシ経由の %s への接続に失敗: %s",
                   target, errbuf);
    }
    dnsq_addrs_free(&res);
    probe_state(c, "done", 1);
    return 0;
}
