/* Name resolution as the OQS applications see it: the system resolver reads
 * the hosts file before DNS, and asks the DNS servers of the adapters
 * (system/hosts.txt, system/ipconfig.txt). On a clinic the DNS server is
 * usually the router, whose DNS relay is where 補24 (round robin cut to one
 * address) lives. */
#include <string.h>

#include "check.h"
#include "collectors/layout.h"
#include "collectors/parsers/netconf.h"

#define F_IPC LAYOUT_PATH(IPCONFIG)
#define F_HOSTS LAYOUT_PATH(HOSTS)

/* RFC 1918, RFC 4193 and link-local: a server on the clinic's own network. */
static int private_addr(const char *a)
{
    if (strncmp(a, "10.", 3) == 0 || strncmp(a, "192.168.", 8) == 0)
        return 1;
    if (strncmp(a, "172.", 4) == 0) {
        int second = 0;
        for (const char *p = a + 4; *p >= '0' && *p <= '9'; p++)
            second = second * 10 + (*p - '0');
        return second >= 16 && second <= 31;
    }
    return t_istarts(a, strlen(a), "fd") || t_istarts(a, strlen(a), "fe80:") ||
           t_istarts(a, strlen(a), "fec0:");
}

static void judge_ipconfig(struct chk *c, const struct ipconfig *ipc)
{
    json_t *servers = json_array(), *local = json_array();
    int any_v6 = 0;
    char first[64] = "";
    for (size_t i = 0; i < ipc->n; i++) {
        const struct ipc_adapter *a = &ipc->v[i];
        if (a->disconnected || a->tunnel)
            continue;
        any_v6 |= a->ipv6.n > 0;
        for (size_t k = 0; k < a->dns.n; k++) {
            json_array_append_new(servers, json_pack("{s:s, s:s, s:i}", "server", a->dns.v[k],
                                                     "adapter", a->name, "line", a->dns.line[k]));
            if (private_addr(a->dns.v[k]))
                json_array_append_new(local, json_string(a->dns.v[k]));
            if (!first[0])
                t_copy(first, sizeof first, a->dns.v[k], strlen(a->dns.v[k]));
        }
    }
    size_t ns = json_array_size(servers), nl = json_array_size(local);
    json_t *e = json_pack("{s:s, s:o, s:o}", "file", F_IPC, "servers", servers, "local", local);
    if (ns == 0)
        report_add(c->r, "dns.servers.none", FST_WARN, F_IPC, e,
                   "No connected adapter has a DNS server: only the hosts file resolves names",
                   "接続中のアダプターに DNS サーバーが設定されていない (hosts ファイルでしか名前解決できない)");
    else if (nl)
        report_add(c->r, "dns.servers", FST_OK, F_IPC, e,
                   "The system resolver asks %s (%zu server(s)); a local address is a DNS relay, on a clinic usually the router, which must pass the whole round-robin answer (補24)",
                   "DNS サーバーは %s (%zu 件)。ローカルアドレスはDNS中継 (多くはルーター) で、ラウンドロビンの応答をそのまま返す必要がある (補24)",
                   first, ns);
    else
        report_add(c->r, "dns.servers", FST_OK, F_IPC, e,
                   "The system resolver asks %s (%zu server(s))", "DNS サーバーは %s (%zu 件)",
                   first, ns);
    report_add(c->r, "dns.ipv6", FST_OK, F_IPC, json_pack("{s:s, s:b}", "file", F_IPC, "global_ipv6", any_v6),
               any_v6 ? "A connected adapter has a global IPv6 address: Windows prefers IPv6 for names with AAAA records"
                      : "No global IPv6 address: names are reached over IPv4",
               any_v6 ? "グローバル IPv6 アドレスがある: AAAA レコードのある名前には IPv6 が優先される"
                      : "グローバル IPv6 アドレスはない: IPv4 で接続する");
}

static void judge_hosts(struct chk *c, const struct hosts_file *h)
{
    size_t nn = 0;
    const char *const *names = config_list(c->cfg, "names", &nn);
    const char *ntp = config_str(c->cfg, "ntp.server");
    int pinned = 0;
    for (size_t i = 0; i < h->n; i++) {
        const struct hosts_entry *e = &h->v[i];
        int oqs = ntp && t_ieq(e->name, ntp);
        for (size_t k = 0; k < nn && !oqs; k++)
            oqs = t_ieq(e->name, names[k]);
        if (!oqs)
            continue;
        pinned = 1;
        report_add(c->r, "dns.hosts.pinned", FST_WARN, F_HOSTS, ev(F_HOSTS, e->line, e->addr, NULL),
                   "The hosts file pins %s to %s (line %u): the applications never ask DNS for it",
                   "hosts ファイルが %s を %s に固定している (%u 行目): アプリケーションは DNS を参照しない",
                   e->name, e->addr, e->line);
    }
    if (!pinned)
        report_add(c->r, "dns.hosts", FST_OK, F_HOSTS,
                   json_pack("{s:s, s:I}", "file", F_HOSTS, "entries", (json_int_t)h->n),
                   "The hosts file pins none of the OQS names (%zu entries)",
                   "hosts ファイルに OQS のホスト名はない (%zu 件)", h->n);
}

void check_resolver(struct chk *c)
{
    struct input in;
    struct parse_diag d = {0};
    if (chk_read(c, "dns", F_IPC, "dns.servers", &in) > 0) {
        struct ipconfig ipc;
        if (ipconfig_parse((const unsigned char *)in.raw.data, in.raw.len, &ipc, &d) != 0)
            chk_unreadable(c, "dns", F_IPC, &d);
        else
            judge_ipconfig(c, &ipc);
        ipconfig_free(&ipc);
    }
    input_free(&in);
    if (chk_read(c, "dns", F_HOSTS, "dns.hosts", &in) > 0) {
        struct hosts_file h;
        if (hosts_parse((const unsigned char *)in.raw.data, in.raw.len, &h, &d) != 0)
            chk_unreadable(c, "dns", F_HOSTS, &d);
        else
            judge_hosts(c, &h);
        hosts_free(&h);
    }
    input_free(&in);
}
