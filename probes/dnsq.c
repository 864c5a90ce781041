/* DNS queries over c-ares for the probes (probes/dnsq.h). One c-ares channel
 * per transport, all driven by one wait loop to one deadline. */
#include "dnsq.h"

#include <ares.h>
#include <stdlib.h>
#include <string.h>

#include "../core/platform.h"
#include "../core/platform_net.h"

#define EDNS_SIZE 1232 /* the DNS flag day 2020 size: no IP fragmentation */
#define MAX_RECORDS 256

struct pending {
    struct dnsq *q;
    dnsq_done_fn cb;
    void *ud;
    int qtype;
};

struct dnsq {
    ares_channel ch[DNSQ_NTRANSPORT];
    int have[DNSQ_NTRANSPORT];
    const struct config *cfg;
    size_t open; /* queries sent and not yet answered */
    int try_ms;
};

const char *dnsq_status_name(enum dnsq_status s)
{
    static const char *const n[] = {"ok", "nxdomain", "nodata", "servfail", "refused",
                                    "timeout", "error"};
    return (unsigned)s < sizeof n / sizeof n[0] ? n[s] : "error";
}

const char *dnsq_transport_name(enum dnsq_transport t)
{
    static const char *const n[] = {"default", "udp", "edns0", "tcp"};
    return (unsigned)t < DNSQ_NTRANSPORT ? n[t] : "?";
}

int dnsq_ip_family(const char *s)
{
    unsigned char b[16];
    if (ares_inet_pton(AF_INET, s, b) == 1)
        return 4;
    if (ares_inet_pton(AF_INET6, s, b) == 1)
        return 6;
    return 0;
}

struct dnsq *dnsq_new(const struct config *cfg, struct oqs_err *err)
{
    struct dnsq *q = calloc(1, sizeof *q);
    if (!q) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    q->cfg = cfg;
    /* Each try gets a share of the whole budget so that a silent server
     * still leaves time for a second try within timeout_ms. */
    long t = config_int(cfg, "timeout_ms") / 3;
    q->try_ms = (int)(t < 300 ? 300 : t > 2000 ? 2000 : t);
    return q;
}

static int channel(struct dnsq *q, enum dnsq_transport t, struct oqs_err *err)
{
    if (q->have[t])
        return 0;
    struct ares_options o;
    memset(&o, 0, sizeof o);
    int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
    /* NOCHECKRESP: SERVFAIL and REFUSED come back to us as answers instead
     * of being retried away; NOSEARCH: the names are fully qualified. */
    o.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_NOSEARCH;
    switch (t) {
    case DNSQ_DEFAULT: o.flags |= ARES_FLAG_EDNS; break;
    case DNSQ_UDP: o.flags |= ARES_FLAG_IGNTC; break;
    case DNSQ_EDNS: o.flags |= ARES_FLAG_IGNTC | ARES_FLAG_EDNS; break;
    case DNSQ_TCP: o.flags |= ARES_FLAG_USEVC; break;
    default: break;
    }
    if (o.flags & ARES_FLAG_EDNS) {
        o.ednspsz = EDNS_SIZE;
        mask |= ARES_OPT_EDNSPSZ;
    }
    o.timeout = q->try_ms;
    o.tries = 2;
    int rc = ares_init_options(&q->ch[t], &o, mask);
    if (rc != ARES_SUCCESS)
        return oqs_errf(err, "c-ares: %s", ares_strerror(rc));
    size_t n = 0;
    const char *const *servers = config_list(q->cfg, "dns.servers", &n);
    if (n > 0) {
        char csv[1024] = "";
        size_t len = 0;
        for (size_t i = 0; i < n; i++) {
            char host[256];
            int port = 53;
            if (config_split_hostport(servers[i], host, sizeof host, &port, 53) < 0)
                continue;
            int v6 = dnsq_ip_family(host) == 6;
            int w = snprintf(csv + len, sizeof csv - len, "%s%s%s%s:%d", len ? "," : "",
                             v6 ? "[" : "", host, v6 ? "]" : "", port);
            if (w < 0 || (size_t)w >= sizeof csv - len)
                break;
            len += (size_t)w;
        }
        rc = ares_set_servers_ports_csv(q->ch[t], csv);
        if (rc != ARES_SUCCESS) {
            ares_destroy(q->ch[t]);
            return oqs_errf(err, "dns.servers '%s': %s", csv, ares_strerror(rc));
        }
    }
    q->have[t] = 1;
    return 0;
}

void dnsq_free(struct dnsq *q)
{
    if (!q)
        return;
    for (int t = 0; t < DNSQ_NTRANSPORT; t++)
        if (q->have[t])
            ares_destroy(q->ch[t]);
    free(q);
}

static void free_addrs(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The records of one answer as text; -1 only when out of memory. */
static int parse_addrs(const unsigned char *abuf, int alen, int qtype, struct dnsq_answer *a)
{
    char txt[64];
    int n = MAX_RECORDS, rc;
    if (qtype == DNSQ_T_A) {
        struct ares_addrttl *r = calloc(MAX_RECORDS, sizeof *r);
        if (!r)
            return -1;
        rc = ares_parse_a_reply(abuf, alen, NULL, r, &n);
        if (rc == ARES_SUCCESS && n > 0) {
            a->addrs = calloc((size_t)n, sizeof *a->addrs);
            for (int i = 0; a->addrs && i < n; i++)
                if (ares_inet_ntop(AF_INET, &r[i].ipaddr, txt, sizeof txt))
                    a->addrs[a->naddrs++] = strdup(txt);
        }
        free(r);
    } else {
        struct ares_addr6ttl *r = calloc(MAX_RECORDS, sizeof *r);
        if (!r)
            return -1;
        rc = ares_parse_aaaa_reply(abuf, alen, NULL, r, &n);
        if (rc == ARES_SUCCESS && n > 0) {
            a->addrs = calloc((size_t)n, sizeof *a->addrs);
            for (int i = 0; a->addrs && i < n; i++)
                if (ares_inet_ntop(AF_INET6, &r[i].ip6addr, txt, sizeof txt))
                    a->addrs[a->naddrs++] = strdup(txt);
        }
        free(r);
    }
    if (rc != ARES_SUCCESS && rc != ARES_ENODATA)
        snprintf(a->detail, sizeof a->detail, "answer not parsed: %s", ares_strerror(rc));
    return 0;
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
    (void)timeouts;
    struct pending *p = arg;
    struct dnsq_answer a;
    memset(&a, 0, sizeof a);
    if (status == ARES_SUCCESS && abuf && alen >= 12) {
        a.size = (size_t)alen;
        a.rcode = abuf[3] & 0x0f;
        a.tc = (abuf[2] & 0x02) != 0;
        switch (a.rcode) {
        case 0:
            parse_addrs(abuf, alen, p->qtype, &a);
            a.status = a.naddrs ? DNSQ_OK : DNSQ_NODATA;
            break;
        case 2: a.status = DNSQ_SERVFAIL; break;
        case 3: a.status = DNSQ_NXDOMAIN; break;
        case 5: a.status = DNSQ_REFUSED; break;
        default:
            a.status = DNSQ_ERROR;
            snprintf(a.detail, sizeof a.detail, "rcode %d", a.rcode);
        }
    } else {
        switch (status) {
        case ARES_ETIMEOUT:
        case ARES_ECANCELLED:
        case ARES_EDESTRUCTION: a.status = DNSQ_TIMEOUT; break;
        case ARES_ESERVFAIL: a.status = DNSQ_SERVFAIL; break;
        case ARES_EREFUSED: a.status = DNSQ_REFUSED; break;
        case ARES_ENOTFOUND: a.status = DNSQ_NXDOMAIN; break;
        case ARES_ENODATA: a.status = DNSQ_NODATA; break;
        default:
            a.status = DNSQ_ERROR;
            snprintf(a.detail, sizeof a.detail, "%s", ares_strerror(status));
        }
    }
    if (p->q->open > 0)
        p->q->open--;
    p->cb(p->ud, &a);
    free_addrs(a.addrs, a.naddrs);
    free(p);
}

int dnsq_query(struct dnsq *q, enum dnsq_transport t, const char *name, int qtype,
               dnsq_done_fn cb, void *ud, struct oqs_err *err)
{
    if (channel(q, t, err) < 0)
        return -1;
    unsigned char *buf = NULL;
    int len = 0;
    int edns = (t == DNSQ_DEFAULT || t == DNSQ_EDNS) ? EDNS_SIZE : 0;
    int rc = ares_create_query(name, 1 /* IN */, qtype, 0, 1, &buf, &len, edns);
    if (rc != ARES_SUCCESS)
        return oqs_errf(err, "query for '%s': %s", name, ares_strerror(rc));
    struct pending *p = malloc(sizeof *p);
    if (!p) {
        ares_free_string(buf);
        return oqs_errf(err, "out of memory");
    }
    *p = (struct pending){.q = q, .cb = cb, .ud = ud, .qtype = qtype};
    q->open++;
    ares_send(q->ch[t], buf, len, on_answer, p);
    ares_free_string(buf);
    return 0;
}

void dnsq_run(struct dnsq *q, long long deadline_ms)
{
    while (q->open > 0) {
        long long left = deadline_ms - plat_now_ms();
        if (left <= 0)
            break;
        struct plat_pollsock ps[DNSQ_NTRANSPORT * ARES_GETSOCK_MAXNUM];
        int owner[DNSQ_NTRANSPORT * ARES_GETSOCK_MAXNUM];
        size_t n = 0;
        long wait = left;
        for (int t = 0; t < DNSQ_NTRANSPORT; t++) {
            if (!q->have[t])
                continue;
            ares_socket_t s[ARES_GETSOCK_MAXNUM];
            int bits = ares_getsock(q->ch[t], s, ARES_GETSOCK_MAXNUM);
            /* The bit tests of ARES_GETSOCK_READABLE/WRITABLE shift a signed 1
             * into the sign bit; unsigned shifts say the same without UB. */
            unsigned ub = (unsigned)bits;
            for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
                int rd = (ub >> i) & 1u, wr = (ub >> (i + ARES_GETSOCK_MAXNUM)) & 1u;
                if (!rd && !wr)
                    continue;
                ps[n] = (struct plat_pollsock){.sock = (unsigned long long)s[i],
                                               .want_read = rd, .want_write = wr};
                owner[n++] = t;
            }
            struct timeval max = {.tv_sec = (long)(left / 1000), .tv_usec = (long)(left % 1000) * 1000};
            struct timeval tv, *tp = ares_timeout(q->ch[t], &max, &tv);
            long ms = tp ? (long)tp->tv_sec * 1000 + (long)tp->tv_usec / 1000 : left;
            if (ms < wait)
                wait = ms;
        }
        if (wait < 1)
            wait = 1;
        plat_poll(ps, n, (int)wait);
        for (size_t i = 0; i < n; i++) {
            if (!ps[i].readable && !ps[i].writable)
                continue;
            ares_socket_t s = (ares_socket_t)ps[i].sock;
            ares_process_fd(q->ch[owner[i]], ps[i].readable ? s : ARES_SOCKET_BAD,
                            ps[i].writable ? s : ARES_SOCKET_BAD);
        }
        /* Lets c-ares act on its own timeouts (retries, next server). */
        for (int t = 0; t < DNSQ_NTRANSPORT; t++)
            if (q->have[t])
                ares_process_fd(q->ch[t], ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    }
    for (int t = 0; t < DNSQ_NTRANSPORT; t++)
        if (q->have[t])
            ares_cancel(q->ch[t]);
}

struct resolve_ctx {
    struct dnsq_addrs *out;
    enum dnsq_status st[2];
    char detail[2][96];
    int idx;
};
struct resolve_one {
    struct resolve_ctx *ctx;
    int idx;
};

static int copy_addrs(char ***dst, size_t *dn, char *const *src, size_t n)
{
    if (n == 0)
        return 0;
    *dst = calloc(n, sizeof **dst);
    if (!*dst)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (src[i] && ((*dst)[(*dn)] = strdup(src[i])) != NULL)
            (*dn)++;
    return 0;
}

static void on_resolve(void *ud, const struct dnsq_answer *a)
{
    struct resolve_one *one = ud;
    struct resolve_ctx *c = one->ctx;
    c->st[one->idx] = a->status;
    snprintf(c->detail[one->idx], sizeof c->detail[0], "%s", a->detail);
    if (one->idx == 0)
        copy_addrs(&c->out->v4, &c->out->n4, a->addrs, a->naddrs);
    else
        copy_addrs(&c->out->v6, &c->out->n6, a->addrs, a->naddrs);
}

/* Which of two failed answers says more: a definite answer beats silence. */
static enum dnsq_status merge_status(enum dnsq_status a, enum dnsq_status b)
{
    static const enum dnsq_status order[] = {DNSQ_NXDOMAIN, DNSQ_SERVFAIL, DNSQ_REFUSED,
                                             DNSQ_ERROR, DNSQ_TIMEOUT, DNSQ_NODATA};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (a == order[i] || b == order[i])
            return order[i];
    return a;
}

int dnsq_resolve(const struct config *cfg, const char *host, long long deadline_ms,
                 struct dnsq_addrs *out, struct oqs_err *err)
{
    memset(out, 0, sizeof *out);
    int fam = dnsq_ip_family(host);
    if (fam) {
        char *const one[] = {(char *)host};
        out->status = DNSQ_OK;
        return fam == 4 ? copy_addrs(&out->v4, &out->n4, one, 1)
                        : copy_addrs(&out->v6, &out->n6, one, 1);
    }
    struct dnsq *q = dnsq_new(cfg, err);
    if (!q)
        return -1;
    struct resolve_ctx ctx = {.out = out, .st = {DNSQ_TIMEOUT, DNSQ_TIMEOUT}};
    struct resolve_one one[2] = {{&ctx, 0}, {&ctx, 1}};
    if (dnsq_query(q, DNSQ_DEFAULT, host, DNSQ_T_A, on_resolve, &one[0], err) < 0 ||
        dnsq_query(q, DNSQ_DEFAULT, host, DNSQ_T_AAAA, on_resolve, &one[1], err) < 0) {
        dnsq_run(q, 0);
        dnsq_free(q);
        dnsq_addrs_free(out);
        return -1;
    }
    dnsq_run(q, deadline_ms);
    dnsq_free(q);
    if (out->n4 + out->n6 > 0) {
        out->status = DNSQ_OK;
    } else {
        out->status = merge_status(ctx.st[0], ctx.st[1]);
        snprintf(out->detail, sizeof out->detail, "%s", ctx.detail[0][0] ? ctx.detail[0] : ctx.detail[1]);
    }
    return 0;
}

void dnsq_addrs_free(struct dnsq_addrs *a)
{
    free_addrs(a->v4, a->n4);
    free_addrs(a->v6, a->n6);
    a->v4 = a->v6 = NULL;
    a->n4 = a->n6 = 0;
}
