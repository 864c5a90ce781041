/* `netsh winhttp show proxy`:
 *   Proxy Server(s) :  proxy.base.oqs-pdl.org:8080   / プロキシ サーバー:
 *   Bypass List     :  *.onshikaku.org;...            / バイパス一覧      :
 * or "Direct access (no proxy server)." / 「直接アクセス (プロキシ サーバーなし)。」
 * (manual 2 プロキシ 9-11, research §2). */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/encoding.h"
#include "parsers.h"

static const char *const k_server[] = {"Proxy Server(s)", "Proxy Server", "プロキシ サーバー",
                                       "プロキシサーバー", NULL};
static const char *const k_bypass[] = {"Bypass List", "バイパス一覧", "バイパス リスト", NULL};

/* "http=a:1;https=b:2" names a proxy per scheme: HTTPS is what OQS uses. */
static void pick_server(char *dst, size_t cap, const char *v, size_t vn)
{
    const char *https = t_ifind(v, vn, "https=");
    if (!https && t_ifind(v, vn, "http="))
        https = t_ifind(v, vn, "http=") + 0;
    if (https) {
        const char *s = strchr(https, '=') + 1;
        size_t rest = vn - (size_t)(s - v), k = 0;
        while (k < rest && s[k] != ';' && s[k] != ' ')
            k++;
        t_copy(dst, cap, s, k);
        return;
    }
    t_copy(dst, cap, v, vn);
}

int netsh_proxy_parse(const unsigned char *raw, size_t n, struct winhttp_proxy *out,
                      struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    int in_bypass = 0;
    struct buf by = {0};
    while (lines_next(&ln, &line, &ll)) {
        const char *t = line, *k, *v;
        size_t tn = ll, kn, vn;
        t_trim(&t, &tn);
        if (tn == 0) {
            in_bypass = 0;
            continue;
        }
        if (t_ifind(t, tn, "Direct access") || t_ifind(t, tn, "直接アクセス")) {
            out->direct = 1;
            out->server_line = ln.lineno;
            continue;
        }
        if (!t_split(t, tn, ":", &k, &kn, &v, &vn)) {
            in_bypass = 0;
            continue;
        }
        if (t_key_in(k, kn, k_server)) {
            pick_server(out->server, sizeof out->server, v, vn);
            out->server_line = ln.lineno;
            in_bypass = 0;
        } else if (t_key_in(k, kn, k_bypass) || (in_bypass && kn == 0)) {
            /* The manual's screenshot wraps the list as ": entry;..."
             * continuation lines; the real output does not, both are read. */
            if (by.len && by.data[by.len - 1] != ';' && buf_append(&by, ";", 1) < 0)
                break;
            if (buf_append(&by, v, vn) < 0)
                break;
            if (!out->bypass_line)
                out->bypass_line = ln.lineno;
            in_bypass = 1;
        } else {
            in_bypass = 0;
        }
    }
    free(text);
    out->bypass = buf_steal(&by, NULL);
    if (!out->bypass)
        return diag_set(d, 0, "out of memory");
    /* "(none)" / "(なし)" */
    if (strcmp(out->bypass, "(none)") == 0 || strcmp(out->bypass, "(なし)") == 0)
        out->bypass[0] = '\0';
    if (!out->direct && !out->server[0])
        return diag_set(d, 1, "neither \"Direct access\" (直接アクセス) nor a \"Proxy Server(s)\" "
                              "(プロキシ サーバー) line");
    return 0;
}

void winhttp_proxy_free(struct winhttp_proxy *p)
{
    free(p->bypass);
    p->bypass = NULL;
}

int bypass_split(const char *list, struct strv *out)
{
    const char *p = list;
    while (*p) {
        while (*p == ';' || *p == ',' || *p == ' ' || *p == '\t')
            p++;
        const char *s = p;
        while (*p && *p != ';' && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        if (p > s) {
            if (strv_push(out, s, (size_t)(p - s), 0) != 0)
                return -1;
            for (char *c = out->v[out->n - 1]; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c - 'A' + 'a');
        }
    }
    return 0;
}
