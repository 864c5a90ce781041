/* probe http: port 80, which the manual keeps open for the certificate
 * application (9 末尾「80ポート (HTTP:証明書申請用)」; the application and
 * download sites of 4 are on cert.obn.managedpki.ne.jp). One HEAD request
 * to http.target, routed as the OQS applications route it: direct when the
 * name matches the bypass list (the manual's *.obn.managedpki.ne.jp does),
 * otherwise through the proxy. Any HTTP answer from the site means port 80
 * is open; what the site serves is not the question. */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../core/netconfig.h"
#include "../core/platform.h"
#include "dnsq.h"
#include "probe_impl.h"
#include "route.h"

#define SRC "probe:http"
#define MAX_BYPASS 64

/* How the request goes: through proxy (NULL: direct), and why. */
struct route {
    const char *proxy;      /* "host:port" or NULL */
    const char *proxy_from; /* "config", "winhttp" */
    const char *why;        /* "bypass", "no proxy", "proxy" */
    const char *entry;      /* the bypass entry that matched */
    char winhttp[256], wbypass[2048];
};

static void route_of(const struct config *cfg, const char *host, struct route *rt)
{
    const char *list[MAX_BYPASS];
    size_t n = 0;
    rt->proxy = netcfg_expected(cfg, "proxy.server");
    rt->proxy_from = "config";
    if (netcfg_given(cfg, "proxy.bypass")) {
        const char *const *v = config_list(cfg, "proxy.bypass", &n);
        rt->entry = route_bypass_match(v, n, host);
    }
    /* On Windows without proxy.server: the machine's WinHTTP settings, the
     * ones the applications use (netsh winhttp import proxy). */
    if (plat_is_windows() && !config_is_set(cfg, "proxy.server")) {
        struct oqs_err we;
        int w = plat_winhttp_proxy(rt->winhttp, sizeof rt->winhttp, rt->wbypass, sizeof rt->wbypass, &we);
        if (w >= 0) {
            rt->proxy_from = "winhttp";
            rt->proxy = w == 0 ? route_scheme_entry(rt->winhttp, "http") : NULL;
            n = w == 0 ? route_split_bypass(rt->wbypass, list, MAX_BYPASS) : 0;
            rt->entry = route_bypass_match(list, n, host);
        }
    }
    if (rt->proxy && !*rt->proxy)
        rt->proxy = NULL;
    rt->why = rt->entry ? "bypass" : rt->proxy ? "proxy" : "no proxy";
    if (rt->entry)
        rt->proxy = NULL;
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

/* The address to connect to (the proxy's, or the site's when direct); 0,
 * or -1 with a finding added (the name does not resolve) or out of memory
 * (*oom set). */
static int resolve(struct probe_ctx *c, const char *host, json_t *ev, char *ip, size_t n, int *oom)
{
    struct dnsq_addrs res;
    struct oqs_err err;
    if (dnsq_resolve(c->cfg, host, c->deadline_ms, &res, &err) < 0) {
        *oom = 1;
        json_decref(ev);
        return -1;
    }
    if (res.status != DNSQ_OK) {
        json_object_set_new(ev, "name", json_string(host));
        json_object_set_new(ev, "result", json_string(dnsq_status_name(res.status)));
        report_add(c->r, "http.resolve.failed", FST_FAIL, SRC, ev, "%s does not resolve (%s)",
                   "%s を名前解決できない (%s)", host, dnsq_status_name(res.status));
        dnsq_addrs_free(&res);
        return -1;
    }
    /* IPv4 first, as for the proxy: what an IPv4 LAN reaches. */
    snprintf(ip, n, "%s", res.n4 ? res.v4[0] : res.v6[0]);
    dnsq_addrs_free(&res);
    return 0;
}

static void judge(struct probe_ctx *c, const struct route *rt, const char *target, json_t *ev,
                  CURLcode rc, long code, const char *errbuf, long oserr)
{
    const char *way_en = rt->proxy ? "through the proxy" : "direct";
    const char *way_ja = rt->proxy ? "プロキシ経由" : "直接";
    if (code > 0)
        json_object_set_new(ev, "status", json_integer(code));
    if (rt->proxy && code == 407) {
        report_add(c->r, "http.proxy.auth_required", FST_FAIL, SRC, ev,
                   "The proxy %s demands authentication (407) for http://%s/; the manual requires a proxy without authentication",
                   "プロキシ %s が http://%s/ への接続に認証を要求した (407)。手順書では認証なしのプロキシが必要",
                   rt->proxy, target);
    } else if (rt->proxy && code >= 502 && code <= 504) {
        report_add(c->r, "http.proxy.upstream", FST_FAIL, SRC, ev,
                   "The proxy %s cannot reach %s on port 80 (%ld)",
                   "プロキシ %s が %s の80番ポートへ到達できない (%ld)", rt->proxy, target, code);
    } else if (rt->proxy && code == 403) {
        /* 403 may be the proxy's policy or the site's own answer. */
        report_add(c->r, "http.proxy.denied", FST_WARN, SRC, ev,
                   "http://%s/ through the proxy %s is refused (403): the proxy's policy, or the site's answer",
                   "プロキシ %s 経由の http://%s/ が拒否された (403): プロキシの制限かサイトの応答", target,
                   rt->proxy);
    } else if (code > 0) {
        report_add(c->r, "http.reach", FST_OK, SRC, ev, "%s answers HTTP on port 80 (%ld), %s%.0s",
                   "%s は80番ポート (HTTP) で応答する (%ld、%.0s%s)", target, code, way_en, way_ja);
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
        json_object_set_new(ev, "error", json_string(errbuf));
        json_object_set_new(ev, "timeout_ms", json_integer(config_int(c->cfg, "timeout_ms")));
        report_add(c->r, "http.connect.timeout", FST_FAIL, SRC, ev,
                   "HTTP to %s (port 80, %s%.0s) does not answer in time", "%s への HTTP (80番ポート、%.0s%s) がタイムアウトした",
                   target, way_en, way_ja);
    } else if (rc == CURLE_COULDNT_CONNECT && oserr != ECONNRESET && rt->proxy) {
        json_object_set_new(ev, "error", json_string(errbuf));
        report_add(c->r, "http.connect.refused", FST_FAIL, SRC, ev,
                   "The proxy %s refuses TCP connections (%s), so HTTP to %s cannot go through it",
                   "プロキシ %s への TCP 接続が拒否された (%s)。%s への HTTP が通らない", rt->proxy, errbuf,
                   target);
    } else if (rc == CURLE_COULDNT_CONNECT && oserr != ECONNRESET) {
        json_object_set_new(ev, "error", json_string(errbuf));
        report_add(c->r, "http.connect.refused", FST_FAIL, SRC, ev,
                   "%s refuses TCP connections (%s): port 80 is closed on the way to it",
                   "%s への TCP 接続が拒否された (%s): 80番ポートが閉じている", target, errbuf);
    } else if (oserr == ECONNRESET || strstr(errbuf, "reset") || rc == CURLE_GOT_NOTHING) {
        json_object_set_new(ev, "error", json_string(errbuf));
        report_add(c->r, "http.connect.reset", FST_FAIL, SRC, ev,
                   "HTTP to %s (%s%.0s) was cut off without an answer (%s)",
                   "%s への HTTP (%.0s%s) が応答なしで切断された (%s)", target, way_en, way_ja, errbuf);
    } else {
        json_object_set_new(ev, "error", json_string(errbuf));
        report_add(c->r, "http.error", FST_FAIL, SRC, ev, "HTTP to %s (%s%.0s) failed: %s",
                   "%s への HTTP (%.0s%s) に失敗: %s", target, way_en, way_ja, errbuf);
    }
}

int probe_http(struct probe_ctx *c)
{
    const char *target = config_str(c->cfg, "http.target");
    char host[256], phost[256], ip[64], url[300], pin[400], proxy_url[300];
    int port, pport;
    route_host_of(target, host, sizeof host, &port, 80);
    struct route rt = {0};
    route_of(c->cfg, host, &rt);

    json_t *ev = json_pack("{s:s, s:s, s:s}", "target", target, "route", rt.proxy ? "proxy" : "direct",
                           "route_why", rt.why);
    if (rt.entry)
        json_object_set_new(ev, "bypass_entry", json_string(rt.entry));
    if (rt.proxy) {
        json_object_set_new(ev, "proxy", json_string(rt.proxy));
        json_object_set_new(ev, "proxy_from", json_string(rt.proxy_from));
    }
    probe_state(c, "resolving", 0);
    int oom = 0;
    const char *name = host;
    if (rt.proxy) {
        route_host_of(rt.proxy, phost, sizeof phost, &pport, 8080);
        name = phost;
    }
    if (resolve(c, name, ev, ip, sizeof ip, &oom) < 0) {
        probe_state(c, "done", 1);
        return oom ? -1 : 0;
    }
    json_object_set_new(ev, "address", json_string(ip));

    probe_state(c, "connecting", 0);
    CURL *h = curl_easy_init();
    if (!h) {
        json_decref(ev);
        return -1;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    snprintf(url, sizeof url, strchr(host, ':') ? "http://[%s]:%d/" : "http://%s:%d/", host, port);
    struct curl_slist *pins = NULL;
    if (rt.proxy) {
        /* An absolute-URI request to the proxy, as WinHTTP sends plain HTTP:
         * the proxy resolves the site. */
        snprintf(proxy_url, sizeof proxy_url, strchr(ip, ':') ? "http://[%s]:%d" : "http://%s:%d", ip,
                 pport);
        curl_easy_setopt(h, CURLOPT_PROXY, proxy_url);
        curl_easy_setopt(h, CURLOPT_NOPROXY, "");
    } else {
        /* The address found above, with the site's name kept in Host:; no
         * proxy from the environment either. */
        snprintf(pin, sizeof pin, strchr(ip, ':') ? "%s:%d:[%s]" : "%s:%d:%s", host, port, ip);
        pins = curl_slist_append(NULL, pin);
        if (!pins) {
            curl_easy_cleanup(h);
            json_decref(ev);
            return -1;
        }
        curl_easy_setopt(h, CURLOPT_RESOLVE, pins);
        curl_easy_setopt(h, CURLOPT_PROXY, "");
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, probe_left_ms(c));
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    CURLcode rc = curl_easy_perform(h);
    long code = 0, oserr = 0;
    curl_off_t t_connect = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
    curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &t_connect);
    curl_easy_cleanup(h);
    curl_slist_free_all(pins);
    if (!errbuf[0])
        snprintf(errbuf, sizeof errbuf, "%s", curl_easy_strerror(rc));
    json_object_set_new(ev, "connect_ms", json_real((double)t_connect / 1000.0));
    judge(c, &rt, target, ev, rc, code, errbuf, oserr);
    probe_state(c, "done", 1);
    return 0;
}
