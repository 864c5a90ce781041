/* probe dns: every name of `names` through dns.servers or the system
 * resolver (A and AAAA); the NTP name asked repeatedly for its round-robin
 * set (manual 補24); each name over plain UDP, EDNS0 and TCP, because
 * answers over 512 bytes need EDNS0 or TCP and some routers' DNS proxies
 * pass neither (field notes); and names with A and AAAA reached over each
 * family, because Windows prefers IPv6 on a dual-stack line. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "../core/platform.h"
#include "dns_system.h"
#include "dnsq.h"
#include "probe_impl.h"
#include "../core/netconfig.h"

#define SRC "probe:dns"

struct answer {
    int done;
    enum dnsq_status status;
    int tc;
    size_t size;
    char **addrs;
    size_t naddrs;
    char detail[96];
};

struct name_state {
    const char *name;
    struct answer a, aaaa;               /* the default resolution */
    struct answer tr[DNSQ_NTRANSPORT];   /* A over UDP, EDNS0, TCP */
    struct plat_resolve *sys_job;        /* the system resolver, running */
    struct plat_resolved sys;            /* and its result */
    int localhost;                       /* RFC 6761: never asked of DNS */
};

struct slot {
    struct answer *ans;
};

static void on_answer(void *ud, const struct dnsq_answer *d)
{
    struct answer *a = ud;
    a->done = 1;
    a->status = d->status;
    a->tc = d->tc;
    a->size = d->size;
    snprintf(a->detail, sizeof a->detail, "%s", d->detail);
    if (d->naddrs) {
        a->addrs = calloc(d->naddrs, sizeof *a->addrs);
        for (size_t i = 0; a->addrs && i < d->naddrs; i++)
            if ((a->addrs[a->naddrs] = strdup(d->addrs[i])) != NULL)
                a->naddrs++;
    }
}

static void answer_free(struct answer *a)
{
    for (size_t i = 0; i < a->naddrs; i++)
        free(a->addrs[i]);
    free(a->addrs);
}

static json_t *addr_array(const struct answer *a)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < a->naddrs; i++)
        json_array_append_new(arr, json_string(a->addrs[i]));
    return arr;
}

static json_t *servers_json(const struct config *cfg)
{
    size_t n = 0;
    const char *const *v = config_list(cfg, "dns.servers", &n);
    if (n == 0)
        return json_string("system resolver");
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(v[i]));
    return arr;
}

static void report_resolve(struct probe_ctx *c, const struct name_state *ns)
{
    const struct answer *a = &ns->a, *b = &ns->aaaa;
        if (a->naddrs + b->naddrs > 0) {
        report_add(c->r, "dns.resolve", FST_OK, SRC,
                   json_pack("{s:s, s:o, s:o, s:o}", "name", ns->name, "a", addr_array(a), "aaaa",
                             addr_array(b), "resolver", servers_json(c->cfg)),
                   "%s resolves: %zu A, %zu AAAA", "%s を解決: A %zu 件, AAAA %zu 件", ns->name,
                   a->naddrs, b->naddrs);
        return;
    }
    /* Neither answer had records: the more telling of the two decides. */
    enum dnsq_status st = a->status;
    if (st == DNSQ_NODATA || st == DNSQ_TIMEOUT)
        st = b->status == DNSQ_NODATA ? st : b->status;
    if (a->status == DNSQ_TIMEOUT && b->status == DNSQ_NODATA)
        st = DNSQ_TIMEOUT;
    const char *id = "dns.resolve.error";
    const char *en = "%s: the resolver failed (%s)", *ja = "%s: 名前解決に失敗 (%s)";
    switch (st) {
    case DNSQ_NXDOMAIN:
        id = "dns.resolve.nxdomain";
        en = "%s does not exist for the resolver (NXDOMAIN, %s)";
        ja = "%s は存在しないと応答された (NXDOMAIN, %s)";
        break;
    case DNSQ_SERVFAIL:
    case DNSQ_REFUSED:
        id = "dns.resolve.servfail";
        en = "%s: the resolver failed or refused the query (%s)";
        ja = "%s: DNSサーバーが失敗または拒否した (%s)";
        break;
    case DNSQ_TIMEOUT:
        id = "dns.resolve.timeout";
        en = "%s: no answer from the resolver in time (%s)";
        ja = "%s: DNSサーバーから時間内に応答がない (%s)";
        break;
    case DNSQ_NODATA:
        id = "dns.resolve.nodata";
        en = "%s exists but has no A or AAAA record (%s)";
        ja = "%s は存在するが A/AAAA レコードがない (%s)";
        break;
    default: break;
    }
    report_add(c->r, id, FST_FAIL, SRC,
               json_pack("{s:s, s:s, s:s, s:o, s:s}", "name", ns->name, "a",
                         dnsq_status_name(a->status), "aaaa", dnsq_status_name(b->status),
                         "resolver", servers_json(c->cfg), "detail", a->detail[0] ? a->detail : b->detail),
               en, ja, ns->name, dnsq_status_name(st));
}

/* localhost is the machine itself: the system resolver's answer stands for
 * it (the hosts file), and it is never NXDOMAIN. */
static void report_localhost(struct probe_ctx *c, const struct name_state *ns)
{
    const struct plat_resolved *s = &ns->sys;
    if (s->status != PLAT_RES_OK)
        return; /* dns_system_report says what the system resolver lacks */
    json_t *v = json_array();
    for (size_t i = 0; i < s->n; i++)
        json_array_append_new(v, json_string(s->addrs[i]));
    report_add(c->r, "dns.resolve", FST_OK, SRC,
               json_pack("{s:s, s:o, s:s}", "name", ns->name, "addresses", v, "resolver",
                         "system resolver (RFC 6761: not asked of DNS)"),
               "%s resolves to %s (the machine itself)", "%s は %s (この端末自身)", ns->name,
               s->addrs[0]);
}

static void report_system(struct probe_ctx *c, const struct name_state *ns)
{
    const struct answer *a = &ns->a, *b = &ns->aaaa;
    enum dnsq_status st = a->naddrs ? DNSQ_OK : b->naddrs ? DNSQ_OK : a->status;
    if (st == DNSQ_NODATA && b->status != DNSQ_NODATA && b->status != DNSQ_OK)
        st = b->status;
    struct dns_side d = {
        .status = ns->localhost ? "not asked" : dnsq_status_name(st),
        .answered = st == DNSQ_OK || st == DNSQ_NXDOMAIN || st == DNSQ_NODATA,
        .localhost = ns->localhost,
        .a = a->addrs, .aaaa = b->addrs, .na = a->naddrs, .naaaa = b->naddrs,
    };
    dns_system_report(c, ns->name, &ns->sys, &d);
}

static json_t *transport_json(const struct answer *a)
{
    if (!a->done || a->status == DNSQ_TIMEOUT)
        return json_pack("{s:s}", "result", "no answer");
    return json_pack("{s:s, s:b, s:i, s:i}", "result", a->status == DNSQ_ERROR && a->detail[0] ? a->detail : dnsq_status_name(a->status),
                     "tc", a->tc, "size", (int)a->size, "records", (int)a->naddrs);
}

/* An answer that came back whole with a definite result. */
static int whole(const struct answer *a)
{
    return a->done && !a->tc &&
           (a->status == DNSQ_OK || a->status == DNSQ_NODATA || a->status == DNSQ_NXDOMAIN);
}

static void report_transport(struct probe_ctx *c, const struct name_state *ns)
{
    const struct answer *udp = &ns->tr[DNSQ_UDP], *edns = &ns->tr[DNSQ_EDNS],
                        *tcp = &ns->tr[DNSQ_TCP];
    json_t *ev = json_pack("{s:s, s:o, s:o, s:o}", "name", ns->name, "udp", transport_json(udp),
                           "edns0", transport_json(edns), "tcp", transport_json(tcp));
    int silent = !whole(udp) && !udp->tc && !whole(edns) && !edns->tc && !whole(tcp);
    int trunc = udp->done && udp->tc;
    if (silent) {
        report_add(c->r, "dns.transport", FST_UNKNOWN, SRC, ev,
                   "%s: no transport got an answer, so none can be judged",
                   "%s: どの方式でも応答がなく判定できない", ns->name);
    } else if (trunc && !whole(edns) && !whole(tcp)) {
        json_object_set_new(ev, "fix", json_string("enable EDNS0 or TCP fallback in the router's DNS forwarding"));
        report_add(c->r, "dns.transport.truncated", FST_FAIL, SRC, ev,
                   "%s: the UDP answer (%zu bytes) is truncated and neither EDNS0 nor TCP "
                   "brings the whole answer; enable EDNS0 or TCP fallback in the router's "
                   "DNS forwarding",
                   "%s: UDP応答 (%zu バイト) が切り詰められ、EDNS0でもTCPでも全体が得られない。"
                   "ルーターのDNSフォワーディングでEDNSまたはTCPフォールバックを有効にする",
                   ns->name, udp->size);
    } else if (!whole(tcp)) {
        report_add(c->r, "dns.transport.no_tcp", FST_WARN, SRC, ev,
                   "%s: DNS over TCP does not work (UDP/EDNS0 do); TCP port 53 must stay open",
                   "%s: TCPでの名前解決ができない (UDP/EDNS0は可)。TCP 53番は開けておく必要がある",
                   ns->name);
    } else if (trunc && !whole(edns)) {
        report_add(c->r, "dns.transport.no_edns", FST_WARN, SRC, ev,
                   "%s: EDNS0 answers do not come back whole; only the TCP fallback works",
                   "%s: EDNS0では全体が得られず、TCPフォールバックだけが使える", ns->name);
    } else {
        report_add(c->r, "dns.transport", FST_OK, SRC, ev,
                   "%s: answer %zu bytes over UDP%s; EDNS0 and TCP work",
                   "%s: UDP応答 %zu バイト%s。EDNS0とTCPも使える", ns->name, udp->size,
                   trunc ? " (truncated)" : "");
    }
}

static void report_rr(struct probe_ctx *c, const char *name, const struct answer *rr, size_t n)
{
    json_t *answers = json_array(), *distinct = json_array();
    size_t maxn = 0, got = 0;
    int rotates = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rr[i].done || rr[i].status != DNSQ_OK)
            continue;
        got++;
        json_array_append_new(answers, addr_array(&rr[i]));
        if (rr[i].naddrs > maxn)
            maxn = rr[i].naddrs;
        if (rr[0].naddrs && rr[i].naddrs && strcmp(rr[0].addrs[0], rr[i].addrs[0]) != 0)
            rotates = 1;
        for (size_t k = 0; k < rr[i].naddrs; k++) {
            size_t j = 0;
            while (j < json_array_size(distinct) &&
                   strcmp(json_string_value(json_array_get(distinct, j)), rr[i].addrs[k]) != 0)
                j++;
            if (j == json_array_size(distinct))
                json_array_append_new(distinct, json_string(rr[i].addrs[k]));
        }
    }
    json_t *ev = json_pack("{s:s, s:i, s:i, s:o, s:o, s:b}", "name", name, "queries", (int)n,
                           "answered", (int)got, "answers", answers, "distinct", distinct,
                           "rotates", rotates);
    if (got == 0) {
        report_add(c->r, "dns.rr", FST_UNKNOWN, SRC, ev,
                   "%s: no answer to the repeated queries, round robin not judged",
                   "%s: 繰り返しの問い合わせに応答がなくラウンドロビンを判定できない", name);
    } else if (maxn <= 1) {
        /* One address per answer: Windows then keeps to the one address it
         * got, and when that one is silent time sync fails (補24). */
        report_add(c->r, "dns.rr.cut", FST_WARN, SRC, ev,
                   "%s: every answer holds one address (%zu distinct over %zu queries): the "
                   "round-robin set is cut",
                   "%s: どの応答もアドレス1件のみ (%zu 種類, %zu 回): ラウンドロビン応答が切り詰められている",
                   name, json_array_size(distinct), got);
    } else {
        report_add(c->r, "dns.rr", FST_OK, SRC, ev,
                   "%s: answers hold %zu addresses%s", "%s: 応答に %zu 件のアドレス%s", name, maxn,
                   rotates ? ", rotating" : "");
    }
}

/* ---- reaching a name over each address family (TCP connect) ---- */

struct family_try {
    const char *name, *ip;
    int ok;
    char why[CURL_ERROR_SIZE];
    CURL *h;
};

static void family_check(struct probe_ctx *c, struct name_state *ns, size_t n)
{
    int port = (int)config_int(c->cfg, "dns.family_port");
    struct family_try *t = calloc(2 * n, sizeof *t);
    CURLM *m = curl_multi_init();
    if (!t || !m) {
        free(t);
        if (m)
            curl_multi_cleanup(m);
        return;
    }
    size_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ns[i].a.naddrs || !ns[i].aaaa.naddrs)
            continue;
        const char *ips[2] = {ns[i].a.addrs[0], ns[i].aaaa.addrs[0]};
        for (int f = 0; f < 2; f++) {
            struct family_try *x = &t[nt++];
            x->name = ns[i].name;
            x->ip = ips[f];
            char url[128];
            snprintf(url, sizeof url, f ? "http://[%s]:%d/" : "http://%s:%d/", x->ip, port);
            x->h = curl_easy_init();
            if (!x->h)
                continue;
            curl_easy_setopt(x->h, CURLOPT_URL, url);
            curl_easy_setopt(x->h, CURLOPT_CONNECT_ONLY, 1L);
            curl_easy_setopt(x->h, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(x->h, CURLOPT_PROXY, "");
            curl_easy_setopt(x->h, CURLOPT_TIMEOUT_MS, probe_left_ms(c));
            curl_easy_setopt(x->h, CURLOPT_ERRORBUFFER, x->why);
            curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
            curl_multi_add_handle(m, x->h);
        }
    }
    int running = 1;
    while (running && plat_now_ms() < c->deadline_ms) {
        curl_multi_perform(m, &running);
        if (!running)
            break;
        long left = probe_left_ms(c);
        curl_multi_poll(m, NULL, 0, (int)(left < 100 ? left : 100), NULL);
    }
    CURLMsg *msg;
    int q;
    while ((msg = curl_multi_info_read(m, &q)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct family_try *x = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        if (x) {
            x->ok = msg->data.result == CURLE_OK;
            if (!x->ok && !x->why[0])
                snprintf(x->why, sizeof x->why, "%s", curl_easy_strerror(msg->data.result));
        }
    }
    for (size_t i = 0; i + 1 < nt; i += 2) {
        struct family_try *v4 = &t[i], *v6 = &t[i + 1];
        for (int k = 0; k < 2; k++)
            if (!t[i + (size_t)k].ok && !t[i + (size_t)k].why[0])
                snprintf(t[i + (size_t)k].why, sizeof t[0].why, "no connection before the deadline");
        json_t *ev = json_pack("{s:s, s:i, s:{s:s, s:b, s:s}, s:{s:s, s:b, s:s}}", "name", v4->name,
                               "port", port, "ipv4", "address", v4->ip, "ok", v4->ok, "error",
                               v4->ok ? "" : v4->why, "ipv6", "address", v6->ip, "ok", v6->ok,
                               "error", v6->ok ? "" : v6->why);
        if (v4->ok && v6->ok)
            report_add(c->r, "dns.family", FST_OK, SRC, ev, "%s is reached over IPv4 and IPv6 (port %d)",
                       "%s にIPv4とIPv6の両方で到達できる (ポート %d)", v4->name, port);
        else if (v4->ok)
            report_add(c->r, "dns.family.v6_broken", FST_FAIL, SRC, ev,
                       "%s has AAAA records but is not reached over IPv6 (port %d) while IPv4 works; Windows prefers IPv6",
                       "%s はAAAAレコードがあるがIPv6で到達できない (ポート %d, IPv4は可)。WindowsはIPv6を優先する",
                       v4->name, port);
        else if (v6->ok)
            report_add(c->r, "dns.family.v4_broken", FST_WARN, SRC, ev,
                       "%s is not reached over IPv4 (port %d) while IPv6 works",
                       "%s にIPv4で到達できない (ポート %d, IPv6は可)", v4->name, port);
        else
            report_add(c->r, "dns.family", FST_UNKNOWN, SRC, ev,
                       "%s is reached over neither IPv4 nor IPv6 (port %d): not a family problem",
                       "%s にIPv4でもIPv6でも到達できない (ポート %d)", v4->name, port);
    }
    for (size_t i = 0; i < nt; i++)
        if (t[i].h) {
            curl_multi_remove_handle(m, t[i].h);
            curl_easy_cleanup(t[i].h);
        }
    curl_multi_cleanup(m);
    free(t);
}

int probe_dns(struct probe_ctx *c)
{
    size_t n = 0;
    const char *const *names = config_list(c->cfg, "names", &n);
    const char *ntp = config_str(c->cfg, "ntp.server");
    size_t nrr = netcfg_time_skipped(c->cfg) || dnsq_ip_family(ntp)
                     ? 0
                     : (size_t)config_int(c->cfg, "dns.rr_queries");
    struct oqs_err err;
    struct name_state *ns = calloc(n ? n : 1, sizeof *ns);
    struct answer *rr = calloc(nrr ? nrr : 1, sizeof *rr);
    struct dnsq *q = dnsq_new(c->cfg, &err);
    if (!ns || !rr || !q) {
        free(ns);
        free(rr);
        dnsq_free(q);
        return -1;
    }
    probe_state(c, "resolving", 0);
    int bad = 0, sys = dns_system_wanted(c->cfg);
    long long t0 = plat_now_ms();
    for (size_t i = 0; i < n && !bad; i++) {
        ns[i].name = names[i];
        if (dnsq_ip_family(names[i]))
            continue;
        ns[i].localhost = dns_is_localhost(names[i]);
        /* The system resolver runs alongside the DNS queries; localhost is
         * always its (the hosts file's), whatever dns.system says. */
        if (sys || ns[i].localhost)
            ns[i].sys_job = plat_resolve_start(names[i], &err);
        if (!ns[i].sys_job && (sys || ns[i].localhost)) {
            ns[i].sys.status = PLAT_RES_ERROR;
            snprintf(ns[i].sys.detail, sizeof ns[i].sys.detail, "%.127s", err.msg);
        }
        if (ns[i].localhost)
            continue;
        bad |= dnsq_query(q, DNSQ_DEFAULT, names[i], DNSQ_T_A, on_answer, &ns[i].a, &err);
        bad |= dnsq_query(q, DNSQ_DEFAULT, names[i], DNSQ_T_AAAA, on_answer, &ns[i].aaaa, &err);
        for (int t = DNSQ_UDP; t < DNSQ_NTRANSPORT; t++)
            bad |= dnsq_query(q, (enum dnsq_transport)t, names[i], DNSQ_T_A, on_answer,
                              &ns[i].tr[t], &err);
    }
    for (size_t i = 0; i < nrr && !bad; i++)
        bad |= dnsq_query(q, DNSQ_DEFAULT, ntp, DNSQ_T_A, on_answer, &rr[i], &err);
    if (bad) {
        report_add(c->r, "dns.resolve.error", FST_FAIL, SRC, json_pack("{s:s}", "error", err.msg),
                   "DNS queries could not be sent: %s", "DNS問い合わせを送れない: %s", err.msg);
        dnsq_run(q, 0);
    } else {
        /* The family check connects to the addresses found, so the queries
         * get most of the budget, not all of it: a silent name must not
         * leave the family check without time. */
        long long now = plat_now_ms();
        dnsq_run(q, now + (c->deadline_ms - now) * 7 / 10);
    }
    dnsq_free(q);
    /* The system resolver gets as long as the DNS queries had, and a little
     * more: it asks the same servers after the hosts file. */
    long long sys_deadline = t0 + (c->deadline_ms - t0) * 8 / 10;
    for (size_t i = 0; i < n; i++)
        if (ns[i].sys_job) {
            plat_resolve_finish(ns[i].sys_job, sys_deadline, &ns[i].sys);
            ns[i].sys_job = NULL;
        }
    probe_state(c, "checking families", 0);
    for (size_t i = 0; i < n && !bad; i++) {
        if (dnsq_ip_family(ns[i].name))
            continue;
        if (ns[i].localhost) {
            report_localhost(c, &ns[i]);
        } else {
            report_resolve(c, &ns[i]);
            report_transport(c, &ns[i]);
        }
        if (sys || ns[i].localhost)
            report_system(c, &ns[i]);
    }
    if (nrr && !bad)
        report_rr(c, ntp, rr, nrr);
    if (!bad)
        family_check(c, ns, n);
    for (size_t i = 0; i < n; i++) {
        if (ns[i].sys_job) /* the queries could not be sent: not waited for */
            plat_resolve_finish(ns[i].sys_job, 0, &ns[i].sys);
        plat_resolved_free(&ns[i].sys);
        answer_free(&ns[i].a);
        answer_free(&ns[i].aaaa);
        for (int t = 0; t < DNSQ_NTRANSPORT; t++)
            answer_free(&ns[i].tr[t]);
    }
    for (size_t i = 0; i < nrr; i++)
        answer_free(&rr[i]);
    free(ns);
    free(rr);
    probe_state(c, "done", 1);
    return 0;
}
