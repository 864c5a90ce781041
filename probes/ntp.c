/* probe ntp: our SNTPv4 client (RFC 5905, client mode) asks every address
 * ntp.server resolves to, not only the first: routers without DNS round
 * robin leave some addresses unreachable (manual 補24). */
#include "ntp.h"

#include <math.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "../core/platform.h"
#include "../core/platform_net.h"
#include "dnsq.h"
#include "probe_impl.h"
#include "../core/netconfig.h"

#define NTP_UNIX_OFFSET 2208988800LL /* 1900-01-01 to 1970-01-01 */

struct ntp_ts ntp_from_unix(long long sec, long nsec)
{
    struct ntp_ts t;
    t.sec = (uint32_t)((unsigned long long)(sec + NTP_UNIX_OFFSET) & 0xffffffffULL);
    t.frac = (uint32_t)(((unsigned long long)nsec << 32) / 1000000000ULL);
    return t;
}

double ntp_ts_diff(struct ntp_ts a, struct ntp_ts b)
{
    /* The signed 32-bit difference keeps era wraps right (RFC 5905 6). */
    int32_t ds = (int32_t)(a.sec - b.sec);
    double df = ((double)a.frac - (double)b.frac) / 4294967296.0;
    return (double)ds + df;
}

/* Copies with truncation (snprintf "%s" warns when the source may be longer). */
static void scopy(char *dst, size_t n, const char *src)
{
    size_t l = strlen(src);
    if (l >= n)
        l = n - 1;
    memcpy(dst, src, l);
    dst[l] = '\0';
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static struct ntp_ts get_ts(const uint8_t *p)
{
    struct ntp_ts t = {get32(p), get32(p + 4)};
    return t;
}

void ntp_encode_request(uint8_t out[NTP_PACKET_LEN], struct ntp_ts xmt)
{
    memset(out, 0, NTP_PACKET_LEN);
    out[0] = (0 << 6) | (4 << 3) | 3; /* LI 0, VN 4, mode 3 (client) */
    /* RFC 5905 only needs the transmit timestamp; the server copies it into
     * the origin field of its reply, which is how we match the answer. */
    put32(out + 40, xmt.sec);
    put32(out + 44, xmt.frac);
}

static enum ntp_verdict bad(char *why, size_t whyn, const char *msg)
{
    if (why && whyn)
        snprintf(why, whyn, "%s", msg);
    return NTP_REPLY_BAD;
}

enum ntp_verdict ntp_decode_reply(const uint8_t *p, size_t n, struct ntp_ts sent_xmt,
                                  struct ntp_reply *out, char *why, size_t whyn)
{
    memset(out, 0, sizeof *out);
    if (why && whyn)
        why[0] = '\0';
    /* 48 bytes, then optional extension fields and a MAC: longer is fine. */
    if (n < NTP_PACKET_LEN)
        return bad(why, whyn, "shorter than 48 bytes");
    out->leap = p[0] >> 6;
    out->version = (p[0] >> 3) & 7;
    out->mode = p[0] & 7;
    out->stratum = p[1];
    out->poll = (int8_t)p[2];
    out->precision = (int8_t)p[3];
    out->root_delay = get32(p + 4);
    out->root_disp = get32(p + 8);
    out->ref = get_ts(p + 16);
    out->org = get_ts(p + 24);
    out->rec = get_ts(p + 32);
    out->xmt = get_ts(p + 40);
    const uint8_t *id = p + 12;
    if (out->stratum <= 1) {
        /* A kiss code or a reference clock name: four ASCII characters. */
        int j = 0;
        for (int i = 0; i < 4 && id[i]; i++)
            out->refid[j++] = (id[i] >= 0x20 && id[i] < 0x7f) ? (char)id[i] : '?';
        out->refid[j] = '\0';
    } else {
        snprintf(out->refid, sizeof out->refid, "%u.%u.%u.%u", id[0], id[1], id[2], id[3]);
    }
    if (out->version < 1 || out->version > 4)
        return bad(why, whyn, "unknown version");
    if (out->mode != 4)
        return bad(why, whyn, "not a server reply (mode is not 4)");
    if (out->org.sec != sent_xmt.sec || out->org.frac != sent_xmt.frac)
        return bad(why, whyn, "origin timestamp does not match the request");
    if (out->stratum == 0 && id[0] >= 'A' && id[0] <= 'Z') {
        /* RFC 5905 7.4: stratum 0 carries a kiss code in the reference id;
         * stratum 0 with a zero id is an unsynchronised server (chronyd). */
        scopy(out->kod, sizeof out->kod, out->refid);
        return NTP_REPLY_KOD;
    }
    if (out->xmt.sec == 0 && out->xmt.frac == 0)
        return bad(why, whyn, "transmit timestamp is zero");
    return NTP_REPLY_OK;
}

void ntp_offset_delay(struct ntp_ts t1, struct ntp_ts t2, struct ntp_ts t3, struct ntp_ts t4,
                      double *offset_ms, double *delay_ms)
{
    double a = ntp_ts_diff(t2, t1), b = ntp_ts_diff(t3, t4);
    *offset_ms = (a + b) / 2.0 * 1000.0;
    double d = ntp_ts_diff(t4, t1) - ntp_ts_diff(t3, t2);
    *delay_ms = (d < 0 ? 0 : d) * 1000.0;
}

int ntp_unsynchronized(const struct ntp_reply *r)
{
    return r->leap == 3 || r->stratum == 0 || r->stratum >= 16;
}

/* ---- the probe ---- */

enum addr_state { A_WAITING, A_ANSWERED, A_KOD, A_BAD, A_REFUSED, A_ERROR };

struct ntp_addr {
    const char *ip;
    struct plat_udp *u;
    struct ntp_ts t1;
    enum addr_state st;
    struct ntp_reply rep;
    double offset_ms, delay_ms;
    char why[96];
};

static struct ntp_ts now_ts(void)
{
    long long s;
    long ns;
    plat_wall_clock(&s, &ns);
    return ntp_from_unix(s, ns);
}

static void send_one(struct ntp_addr *a, int port)
{
    struct oqs_err err;
    if (plat_udp_open(a->ip, port, &a->u, &err) < 0) {
        a->st = A_ERROR;
        scopy(a->why, sizeof a->why, err.msg);
        return;
    }
    uint8_t pkt[NTP_PACKET_LEN];
    a->t1 = now_ts();
    /* Random low bits make the origin a nonce, so a forged or stale
     * reply cannot match (RFC 5905 9.1 recommends it; chrony does it). */
    unsigned char r[2] = {0, 0};
    RAND_bytes(r, sizeof r);
    a->t1.frac ^= ((uint32_t)r[0] << 8 | r[1]) & 0xfff;
    ntp_encode_request(pkt, a->t1);
    if (plat_udp_send(a->u, pkt, sizeof pkt, &err) < 0) {
        a->st = A_ERROR;
        scopy(a->why, sizeof a->why, err.msg);
    }
}

static void receive_one(struct ntp_addr *a)
{
    uint8_t buf[1024];
    struct oqs_err err;
    long n = plat_udp_recv(a->u, buf, sizeof buf, 0, &err);
    struct ntp_ts t4 = now_ts();
    if (n == PLAT_NET_TIMEOUT)
        return;
    if (n == PLAT_NET_REFUSED) {
        a->st = A_REFUSED;
        return;
    }
    if (n < 0) {
        a->st = A_ERROR;
        scopy(a->why, sizeof a->why, err.msg);
        return;
    }
    struct ntp_reply rep;
    char why[96];
    enum ntp_verdict v = ntp_decode_reply(buf, (size_t)n, a->t1, &rep, why, sizeof why);
    if (v == NTP_REPLY_BAD) {
        /* Keep waiting for the right reply; remember this one if none comes. */
        snprintf(a->why, sizeof a->why, "%s", why);
        a->rep = rep;
        return;
    }
    a->rep = rep;
    a->why[0] = '\0';
    if (v == NTP_REPLY_KOD) {
        a->st = A_KOD;
        return;
    }
    a->st = A_ANSWERED;
    ntp_offset_delay(a->t1, rep.rec, rep.xmt, t4, &a->offset_ms, &a->delay_ms);
}

static json_t *addr_list(const struct ntp_addr *a, size_t n, int (*pick)(const struct ntp_addr *))
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        if (pick(&a[i]))
            json_array_append_new(arr, json_string(a[i].ip));
    return arr;
}

static int is_silent(const struct ntp_addr *a)
{
    return a->st == A_WAITING || a->st == A_REFUSED || a->st == A_ERROR;
}
static int is_answering(const struct ntp_addr *a)
{
    return !is_silent(a);
}

static const char *silence_reason(const struct ntp_addr *a)
{
    if (a->st == A_REFUSED)
        return "port unreachable";
    if (a->st == A_ERROR)
        return a->why;
    return a->why[0] ? a->why : "no answer";
}

static void report_addr(struct probe_ctx *c, const struct ntp_addr *a, const char *server)
{
    const char *src = "probe:ntp";
    if (is_silent(a)) {
        report_add(c->r, "ntp.query", FST_FAIL, src,
                   json_pack("{s:s, s:s, s:s}", "server", server, "address", a->ip, "result",
                             silence_reason(a)),
                   "%s (%s) does not answer NTP: %s", "%s (%s) からNTPの応答がない: %s", a->ip,
                   server, silence_reason(a));
        return;
    }
    if (a->st == A_BAD) {
        report_add(c->r, "ntp.bad_reply", FST_FAIL, src,
                   json_pack("{s:s, s:s, s:s, s:i, s:i}", "server", server, "address", a->ip,
                             "reason", a->why, "mode", a->rep.mode, "version", a->rep.version),
                   "%s answers NTP with a bad reply: %s", "%s のNTP応答が不正: %s", a->ip,
                   a->why);
        return;
    }
    if (a->st == A_KOD) {
        /* RATE asks us to slow down; DENY and RSTR refuse us (RFC 5905 7.4). */
        int rate = strcmp(a->rep.kod, "RATE") == 0;
        report_add(c->r, "ntp.kod", rate ? FST_WARN : FST_FAIL, src,
                   json_pack("{s:s, s:s, s:s}", "server", server, "address", a->ip, "code",
                             a->rep.kod),
                   "%s sent kiss-o'-death %s", "%s が Kiss-o'-Death (%s) を返した", a->ip,
                   a->rep.kod);
        return;
    }
    report_add(c->r, "ntp.query", FST_OK, src,
               json_pack("{s:s, s:s, s:f, s:f, s:i, s:i, s:s}", "server", server, "address",
                         a->ip, "offset_ms", a->offset_ms, "delay_ms", a->delay_ms, "stratum",
                         a->rep.stratum, "leap", a->rep.leap, "refid", a->rep.refid),
               "%s answers: offset %.1f ms, delay %.1f ms, stratum %d",
               "%s が応答: ずれ %.1f ms, 往復 %.1f ms, 階層 %d", a->ip, a->offset_ms,
               a->delay_ms, a->rep.stratum);
    if (a->why[0])
        report_add(c->r, "ntp.bad_reply", FST_WARN, src,
                   json_pack("{s:s, s:s, s:s}", "server", server, "address", a->ip, "reason",
                             a->why),
                   "%s also sent a reply that did not match: %s",
                   "%s から要求と一致しない応答もあった: %s", a->ip, a->why);
}

int probe_ntp(struct probe_ctx *c)
{
    if (netcfg_time_skipped(c->cfg)) {
        enum netcfg n = netcfg_of(c->cfg);
        json_t *e = json_pack("{s:s}", "network_config", config_str(c->cfg, "network.config"));
        if (config_is_set(c->cfg, "ntp.server"))
            json_object_set_new(e, "not_needed", json_string(NOT_NEEDED_TIME));
        return report_add(c->r, "ntp.resolve", FST_SKIP, "probe:ntp", e,
                          "%s%.0s: no time server to ask (ntp.server empty or not set)",
                          "%.0s%s: 問い合わせる時刻サーバーがない (ntp.server が空または未設定)",
                          netcfg_label(n, 0), netcfg_label(n, 1));
    }
    const char *server = config_str(c->cfg, "ntp.server");
    int port = (int)config_int(c->cfg, "ntp.port");
    const char *src = "probe:ntp";
    struct oqs_err err;
    struct dnsq_addrs res;

    probe_state(c, "resolving", 0);
    if (dnsq_resolve(c->cfg, server, c->deadline_ms, &res, &err) < 0)
        return report_add(c->r, "ntp.resolve", FST_FAIL, src,
                          json_pack("{s:s, s:s}", "server", server, "error", err.msg),
                          "%s: %s", "%s: %s", server, err.msg);
    if (res.status != DNSQ_OK) {
        report_add(c->r, "ntp.resolve", FST_FAIL, src,
                   json_pack("{s:s, s:s}", "server", server, "result", dnsq_status_name(res.status)),
                   "The NTP server name %s does not resolve (%s)",
                   "NTPサーバー名 %s を解決できない (%s)", server, dnsq_status_name(res.status));
        /* Nothing to ask: the time source is unreachable as far as Windows
         * is concerned too (manual 2 時刻 6). */
        report_add(c->r, "ntp.unreachable", FST_FAIL, src,
                   json_pack("{s:s, s:s}", "server", server, "reason", "name does not resolve"),
                   "No NTP address to ask: %s does not resolve",
                   "%s を解決できないためNTPに問い合わせできない", server);
        dnsq_addrs_free(&res);
        return 0;
    }
    size_t n = res.n4 + res.n6;
    json_t *all = json_array();
    struct ntp_addr *a = calloc(n, sizeof *a);
    if (!a) {
        json_decref(all);
        dnsq_addrs_free(&res);
        return -1;
    }
    for (size_t i = 0; i < res.n4; i++)
        a[i].ip = res.v4[i];
    for (size_t i = 0; i < res.n6; i++)
        a[res.n4 + i].ip = res.v6[i];
    for (size_t i = 0; i < n; i++)
        json_array_append_new(all, json_string(a[i].ip));
    report_add(c->r, "ntp.resolve", FST_OK, src,
               json_pack("{s:s, s:o}", "server", server, "addresses", all),
               "%s resolves to %zu address(es)", "%s は %zu 件のアドレスに解決される", server, n);

    probe_state(c, "asking", 0);
    for (size_t i = 0; i < n; i++)
        send_one(&a[i], port);
    struct plat_pollsock *ps = calloc(n, sizeof *ps);
    size_t *idx = calloc(n, sizeof *idx);
    for (;;) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (a[i].st == A_WAITING && a[i].u && ps && idx) {
                ps[k] = (struct plat_pollsock){.sock = plat_udp_handle(a[i].u), .want_read = 1};
                idx[k++] = i;
            }
        long long left = c->deadline_ms - plat_now_ms();
        if (k == 0 || left <= 0)
            break;
        if (plat_poll(ps, k, (int)left) < 0)
            break;
        for (size_t j = 0; j < k; j++)
            if (ps[j].readable)
                receive_one(&a[idx[j]]);
    }
    free(ps);
    free(idx);
    for (size_t i = 0; i < n; i++)
        if (a[i].st == A_WAITING && a[i].why[0] && a[i].rep.mode)
            a[i].st = A_BAD; /* only a reply that did not match came back */

    size_t answering = 0, good = 0, synced = 0;
    const struct ntp_addr *best = NULL;
    for (size_t i = 0; i < n; i++) {
        report_addr(c, &a[i], server);
        if (is_answering(&a[i]))
            answering++;
        if (a[i].st == A_ANSWERED) {
            good++;
            if (!ntp_unsynchronized(&a[i].rep)) {
                synced++;
                if (!best || a[i].delay_ms < best->delay_ms)
                    best = &a[i];
            }
        }
    }
    long timeout = config_int(c->cfg, "timeout_ms");
    if (answering == n) {
        report_add(c->r, "ntp.rr", FST_OK, src, json_pack("{s:s, s:i}", "server", server, "addresses", (int)n),
                   "All %zu address(es) of %s answer NTP", "%zu 件のアドレス (%s) すべてがNTPに応答",
                   n, server);
    } else if (answering > 0) {
        report_add(c->r, "ntp.rr.unreachable", FST_FAIL, src,
                   json_pack("{s:s, s:o, s:o, s:i}", "server", server, "silent",
                             addr_list(a, n, is_silent), "answering", addr_list(a, n, is_answering),
                             "timeout_ms", (int)timeout),
                   "%zu of %zu addresses of %s do not answer NTP",
                   "%zu 件 (全 %zu 件) のアドレス (%s) がNTPに応答しない", n - answering, n,
                   server);
    } else {
        report_add(c->r, "ntp.unreachable", FST_FAIL, src,
                   json_pack("{s:s, s:o, s:i}", "server", server, "silent", addr_list(a, n, is_silent),
                             "timeout_ms", (int)timeout),
                   "No address of %s answers NTP", "%s のどのアドレスもNTPに応答しない", server);
    }
    if (good > 0 && synced < good) {
        json_t *un = json_array();
        for (size_t i = 0; i < n; i++)
            if (a[i].st == A_ANSWERED && ntp_unsynchronized(&a[i].rep))
                json_array_append_new(un, json_pack("{s:s, s:i, s:i}", "address", a[i].ip, "leap",
                                                    a[i].rep.leap, "stratum", a[i].rep.stratum));
        report_add(c->r, "ntp.unsynchronized", synced ? FST_WARN : FST_FAIL, src,
                   json_pack("{s:s, s:o}", "server", server, "addresses", un),
                   "%zu answering address(es) of %s are not synchronised themselves",
                   "%zu 件のアドレス (%s) が同期していない状態で応答", good - synced, server);
    }
    if (best) {
        double warn = config_double(c->cfg, "ntp.offset_warn_ms");
        double fail = config_double(c->cfg, "ntp.offset_fail_ms");
        double off = best->offset_ms;
        enum fstatus st = fabs(off) > fail ? FST_FAIL : fabs(off) > warn ? FST_WARN : FST_OK;
        report_add(c->r, "ntp.offset", st, src,
                   json_pack("{s:s, s:s, s:f, s:f, s:f, s:f}", "server", server, "address", best->ip,
                             "offset_ms", off, "delay_ms", best->delay_ms, "warn_ms", warn,
                             "fail_ms", fail),
                   "This clock is %.1f ms off %s", "この時計は %.1f ms ずれている (%s)", off,
                   best->ip);
    }
    for (size_t i = 0; i < n; i++)
        plat_udp_close(a[i].u);
    free(a);
    dnsq_addrs_free(&res);
    probe_state(c, "done", 1);
    return 0;
}
