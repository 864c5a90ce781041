/* probe dns, the names as the applications see them: what the system
 * resolver answers (getaddrinfo through core/platform_net.h: the hosts file
 * first, then DNS) against what the DNS servers answer (c-ares). The OQS
 * applications use the system resolver, so a hosts entry that pins a name
 * to an address DNS does not give, or a name only the hosts file knows, is
 * what they really reach. */
#include "dns_system.h"

#include <string.h>
#include <strings.h>

#define SRC "probe:dns"

int dns_is_localhost(const char *name)
{
    /* RFC 6761 6.3: localhost and every name under it are the machine
     * itself; resolvers answer them without asking DNS. */
    size_t n = strlen(name);
    if (n && name[n - 1] == '.')
        n--;
    if (n == 9 && strncasecmp(name, "localhost", 9) == 0)
        return 1;
    return n > 10 && strncasecmp(name + n - 10, ".localhost", 10) == 0;
}

int dns_system_wanted(const struct config *cfg)
{
    const char *mode = config_str(cfg, "dns.system");
    size_t n = 0;
    config_list(cfg, "dns.servers", &n);
    if (strcmp(mode, "yes") == 0)
        return 1;
    if (strcmp(mode, "no") == 0)
        return 0;
    /* auto: only when the probe asks the system's own DNS servers, so that
     * a difference is the hosts file's, not a choice of other servers. */
    return n == 0;
}

static const char *res_name(enum plat_res_status s)
{
    static const char *const n[] = {"ok", "noname", "nodata", "again", "timeout", "error"};
    return (unsigned)s < sizeof n / sizeof n[0] ? n[s] : "error";
}

static json_t *str_array(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static int listed(const char *a, char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(a, v[i]) == 0)
            return 1;
    return 0;
}

void dns_system_report(struct probe_ctx *c, const char *name, const struct plat_resolved *sys,
                       const struct dns_side *dns)
{
    json_t *dns_all = str_array(dns->a, dns->na);
    for (size_t i = 0; i < dns->naaaa; i++)
        json_array_append_new(dns_all, json_string(dns->aaaa[i]));
    json_t *ev = json_pack("{s:s, s:s, s:o, s:s, s:o}", "name", name, "system",
                           res_name(sys->status), "system_addresses", str_array(sys->addrs, sys->n),
                           "dns", dns->status, "dns_addresses", dns_all);
    if (sys->status != PLAT_RES_OK && sys->detail[0])
        json_object_set_new(ev, "detail", json_string(sys->detail));
    size_t ndns = dns->na + dns->naaaa, common = 0;
    for (size_t i = 0; i < sys->n; i++)
        common += listed(sys->addrs[i], dns->a, dns->na) || listed(sys->addrs[i], dns->aaaa, dns->naaaa);
    if (dns->localhost) {
        if (sys->status == PLAT_RES_OK)
            report_add(c->r, "dns.system", FST_OK, SRC, ev,
                       "%s: the system resolver answers %s (the machine itself; never asked of DNS)",
                       "%s: システムのリゾルバーは %s と応答 (この端末自身。DNS には問い合わせない)",
                       name, sys->addrs[0]);
        else
            report_add(c->r, "dns.system.fail", FST_FAIL, SRC, ev,
                       "%s: the system resolver does not know the machine itself (%s); the hosts "
                       "file lacks its localhost lines",
                       "%s: システムのリゾルバーが自分自身を解決できない (%s)。hosts ファイルの "
                       "localhost の行がない",
                       name, sys->detail[0] ? sys->detail : res_name(sys->status));
        return;
    }
    if (sys->status == PLAT_RES_TIMEOUT) {
        report_add(c->r, "dns.system", FST_UNKNOWN, SRC, ev,
                   "%s: the system resolver gave no result in time, so it is not compared",
                   "%s: システムのリゾルバーが時間内に応答せず、比較できない", name);
    } else if (sys->status == PLAT_RES_OK && ndns == 0 && !dns->answered) {
        report_add(c->r, "dns.system", FST_UNKNOWN, SRC, ev,
                   "%s: the system resolver answers %s but DNS gave no definite answer (%s), so "
                   "the two are not compared",
                   "%s: システムのリゾルバーは %s と応答するが DNS の応答が得られず (%s)、比較できない",
                   name, sys->addrs[0], dns->status);
    } else if (sys->status == PLAT_RES_OK && ndns == 0 && dns->answered) {
        report_add(c->r, "dns.system.hosts_only", FST_WARN, SRC, ev,
                   "%s: only the system resolver knows this name (%s; DNS: %s): a hosts entry "
                   "or local rule, which never follows DNS",
                   "%s: システムのリゾルバーだけが解決する (%s, DNS: %s)。hosts ファイルなどの固定で、"
                   "DNS の変更に追従しない",
                   name, sys->addrs[0], dns->status);
    } else if (sys->status == PLAT_RES_OK && ndns > 0 && common == 0) {
        report_add(c->r, "dns.system.pinned", FST_WARN, SRC, ev,
                   "%s: the applications get %s from the system resolver while DNS answers %s: "
                   "a hosts entry pins it to an address DNS does not give",
                   "%s: アプリが使うシステムのリゾルバーは %s、DNS は %s と応答。hosts ファイルで "
                   "DNS にないアドレスに固定されている",
                   name, sys->addrs[0], dns->na ? dns->a[0] : dns->aaaa[0]);
    } else if (sys->status != PLAT_RES_OK && ndns > 0) {
        report_add(c->r, "dns.system.fail", FST_FAIL, SRC, ev,
                   "%s: DNS answers but the system resolver, which the applications use, does "
                   "not (%s)",
                   "%s: DNS は応答するが、アプリが使うシステムのリゾルバーは解決できない (%s)", name,
                   sys->detail[0] ? sys->detail : res_name(sys->status));
    } else if (sys->status == PLAT_RES_OK) {
        report_add(c->r, "dns.system", FST_OK, SRC, ev,
                   "%s: the system resolver agrees with DNS (%zu address(es))",
                   "%s: システムのリゾルバーと DNS の応答が一致 (%zu 件)", name, sys->n);
    } else {
        /* Neither knows the name: dns.resolve.* already says so. */
        report_add(c->r, "dns.system", FST_SKIP, SRC, ev,
                   "%s: the system resolver does not resolve it either (%s)",
                   "%s: システムのリゾルバーでも解決できない (%s)", name,
                   sys->detail[0] ? sys->detail : res_name(sys->status));
    }
}
