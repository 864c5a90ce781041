/* `ipconfig /all` (system/ipconfig.txt), as Windows prints it:
 *   イーサネット アダプター イーサネット:
 *      IPv4 アドレス . . . . . . . . . . . .: 10.2.128.209(優先)
 *      DNS サーバー. . . . . . . . . . . . .: 10.2.64.115
 *                                             10.2.64.116
 *   Ethernet adapter Ethernet:
 *      DNS Servers . . . . . . . . . . . : 192.168.122.1
 * A key line has dot leaders before its colon (". :" or ".:"); a line of
 * only a value continues the key above (several DNS servers). Wording from
 * published captures, see tests/fixtures/netconf/README. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/encoding.h"
#include "netconf.h"

static const char *const k_dns[] = {"DNS Servers", "DNS サーバー", NULL};
static const char *const k_ipv4[] = {"IPv4 Address", "IPv4 アドレス", "IP Address", "IP アドレス",
                                     NULL};
static const char *const k_ipv6[] = {"IPv6 Address", "IPv6 アドレス", "Temporary IPv6 Address",
                                     "一時 IPv6 アドレス", NULL};
static const char *const k_media[] = {"Media State", "メディアの状態", NULL};

/* Where the dot leader ends: the colon after ". " runs, or NULL. */
static const char *leader_colon(const char *s, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (s[i] == ':' && (s[i - 1] == '.' || (s[i - 1] == ' ' && i >= 2 && s[i - 2] == '.')))
            return s + i;
    return NULL;
}

/* The key without its leader: "DNS Servers . . . ." -> "DNS Servers". */
static void key_of(const char *s, size_t n, const char **k, size_t *kn)
{
    while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
        n--;
    *k = s;
    *kn = n;
    t_trim(k, kn);
}

/* Drops "(Preferred)", "(優先)", "(Deprecated)" and an IPv6 zone "%12". */
static void clean_value(const char **v, size_t *vn)
{
    const char *p = memchr(*v, '(', *vn);
    if (p)
        *vn = (size_t)(p - *v);
    p = memchr(*v, '%', *vn);
    if (p)
        *vn = (size_t)(p - *v);
    t_trim(v, vn);
}

static struct ipc_adapter *add_adapter(struct ipconfig *c, const char *name, size_t n,
                                       unsigned line)
{
    struct ipc_adapter *v = oqs_grow(c->v, &c->cap, c->n + 1, sizeof *v);
    if (!v)
        return NULL;
    c->v = v;
    struct ipc_adapter *a = &c->v[c->n++];
    memset(a, 0, sizeof *a);
    t_copy(a->name, sizeof a->name, name, n);
    a->tunnel = t_istarts(name, n, "Tunnel adapter") || t_istarts(name, n, "トンネル アダプター");
    a->line = line;
    return a;
}

int ipconfig_parse(const unsigned char *raw, size_t n, struct ipconfig *out,
                   struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    struct ipc_adapter *a = NULL;
    struct strv *cont = NULL; /* the list a value-only line continues */
    int oom = 0;
    while (!oom && lines_next(&ln, &line, &ll)) {
        const char *t = line;
        size_t tn = ll;
        t_trim(&t, &tn);
        if (tn == 0) {
            cont = NULL;
            continue;
        }
        const char *colon = leader_colon(t, tn);
        int indented = line[0] == ' ' || line[0] == '\t';
        /* Wine prints "Ethernet adapter lo" without the colon. */
        if (!indented && !colon &&
            (t[tn - 1] == ':' || t_ifind(t, tn, " adapter ") || t_ifind(t, tn, "アダプター "))) {
            a = add_adapter(out, t, t[tn - 1] == ':' ? tn - 1 : tn, ln.lineno);
            oom = !a;
            cont = NULL;
            continue;
        }
        if (t_istarts(t, tn, "Windows IP"))
            out->header = 1;
        if (!a)
            continue;
        if (!colon) {
            if (cont) {
                const char *v = t;
                size_t vn = tn;
                clean_value(&v, &vn);
                oom = vn && strv_push(cont, v, vn, ln.lineno) < 0;
            }
            continue;
        }
        const char *k, *v = colon + 1;
        size_t kn, vn = tn - (size_t)(v - t);
        key_of(t, (size_t)(colon - t), &k, &kn);
        cont = NULL;
        if (t_key_in(k, kn, k_media)) {
            a->disconnected = t_ifind(v, vn, "disconnected") || t_ifind(v, vn, "接続されていません");
            continue;
        }
        struct strv *into = t_key_in(k, kn, k_dns)    ? &a->dns
                            : t_key_in(k, kn, k_ipv4) ? &a->ipv4
                            : t_key_in(k, kn, k_ipv6) ? &a->ipv6
                                                      : NULL;
        if (!into)
            continue;
        clean_value(&v, &vn);
        if (vn)
            oom = strv_push(into, v, vn, ln.lineno) < 0;
        cont = into == &a->dns ? into : NULL;
    }
    free(text);
    if (oom) {
        ipconfig_free(out);
        return diag_set(d, 0, "out of memory");
    }
    if (out->n == 0 && !out->header) {
        ipconfig_free(out);
        return diag_set(d, 0, "neither \"Windows IP Configuration\" nor an adapter section in the text");
    }
    return 0;
}

void ipconfig_free(struct ipconfig *c)
{
    for (size_t i = 0; i < c->n; i++) {
        strv_free(&c->v[i].dns);
        strv_free(&c->v[i].ipv4);
        strv_free(&c->v[i].ipv6);
    }
    free(c->v);
    memset(c, 0, sizeof *c);
}
