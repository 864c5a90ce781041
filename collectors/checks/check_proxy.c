/* manual 2 プロキシ 5-11: WinHTTP uses proxy.base.oqs-pdl.org:8080 and bypasses
 * the nine entries (order and case free, extra entries allowed); the user's
 * (Edge) setting holds the same, and `netsh winhttp import proxy source=ie`
 * copied it to WinHTTP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "core/netconfig.h"
#include "collectors/layout.h"

#define F_WINHTTP LAYOUT_PATH(WINHTTP_PROXY)
#define F_USER LAYOUT_PATH(USER_PROXY)

/* "http://host:port/", "https=host:port;http=..." -> "host:port", lower case.
 * A "user:password@" in front is dropped (it never reaches a report) and
 * *userinfo (may be NULL) set. */
static void norm_server(const char *in, char *out, size_t cap, int *userinfo)
{
    const char *s = in;
    size_t n = strlen(s);
    const char *eq = t_ifind(s, n, "https=");
    if (!eq)
        eq = t_ifind(s, n, "http=");
    if (eq) {
        s = strchr(eq, '=') + 1;
        n = strcspn(s, "; ");
    }
    if (t_istarts(s, n, "http://")) {
        s += 7;
        n -= 7;
    } else if (t_istarts(s, n, "https://")) {
        s += 8;
        n -= 8;
    }
    const char *at = memchr(s, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - s);
        s = at + 1;
        if (userinfo)
            *userinfo = 1;
    }
    while (n > 0 && (s[n - 1] == '/' || s[n - 1] == ' '))
        n--;
    t_copy(out, cap, s, n);
    for (char *p = out; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
}

/* The expected entries missing from list, joined with ';' (empty: none). */
static void missing_bypass(const struct config *cfg, const char *list, char *out, size_t cap)
{
    struct strv have = {0};
    bypass_split(list, &have);
    size_t nexp;
    const char *const *exp = config_list(cfg, "proxy.bypass", &nexp);
    out[0] = '\0';
    for (size_t i = 0; i < nexp; i++) {
        int found = 0;
        for (size_t k = 0; k < have.n && !found; k++)
            found = t_ieq(have.v[k], exp[i]);
        if (!found) {
            size_t l = strlen(out);
            snprintf(out + l, cap - l, "%s%s", l ? ";" : "", exp[i]);
        }
    }
    strv_free(&have);
}

struct user_proxy {
    int have;        /* the file was read */
    int enabled;     /* ProxyEnable = 1 */
    char server[256];
    const char *bypass;
    unsigned enable_line, server_line, bypass_line;
    int userinfo;    /* a user and password in ProxyServer */
    unsigned userinfo_line;
};

/* ②/③ with the contact's value not given: what is set is reported, not
 * judged. */
static void not_given(struct chk *c, const char *id, const char *file, unsigned line,
                      const char *seen, const char *key)
{
    enum netcfg n = netcfg_of(c->cfg);
    json_t *e = ev(file, line, seen, NULL);
    json_object_set_new(e, "network_config", json_string(config_str(c->cfg, "network.config")));
    report_add(c->r, id, FST_SKIP, file, e,
               "%s%.0s: %s is the contact's value (seen: %s); set %s to check it",
               "%.0s%s: %s は問い合わせ先の値 (現在: %s)。確認するには %s を設定する",
               netcfg_label(n, 0), netcfg_label(n, 1), key, seen, key);
}

/* Says that credentials sit in a proxy setting without showing them. */
static void userinfo_finding(struct chk *c, const char *file, unsigned line)
{
    report_add(c->r, "proxy.settings.userinfo", FST_WARN, file,
               ev(file, line, "a user and password (not shown)", "none"),
               "A user and password are embedded in the proxy setting; the manual's proxy needs "
               "none, and anyone who reads the setting reads them",
               "プロキシ設定にユーザー名とパスワードが埋め込まれている (手順書のプロキシは認証不要。"
               "設定を読めば誰でも読める)");
}

static void check_user(struct chk *c, struct reg_query *q, struct user_proxy *u)
{
    const char *want = netcfg_expected(c->cfg, "proxy.server");
    const struct reg_value *en = reg_find(q, "ProxyEnable");
    const struct reg_value *sv = reg_find(q, "ProxyServer");
    const struct reg_value *ov = reg_find(q, "ProxyOverride");
    long long e = 0;
    u->have = 1;
    u->enabled = en && reg_dword(en, &e) == 0 && e == 1;
    u->enable_line = en ? en->line : 0;
    if (sv) {
        norm_server(sv->data, u->server, sizeof u->server, &u->userinfo);
        u->userinfo_line = sv->line;
        u->server_line = sv->line;
    }
    if (u->userinfo)
        userinfo_finding(c, F_USER, u->userinfo_line);
    u->bypass = ov ? ov->data : "";
    u->bypass_line = ov ? ov->line : 0;
    char wantn[256];
    norm_server(want ? want : "", wantn, sizeof wantn, NULL);
    if (!want && u->enabled) {
        not_given(c, "proxy.user.server", F_USER, u->server_line, u->server, "proxy.server");
    } else if (!u->enabled) {
        report_add(c->r, "proxy.user.server", FST_WARN, F_USER,
                   ev(F_USER, u->enable_line, en ? en->data : "ProxyEnable not set", "0x1"),
                   "The user's proxy setting is off (manual 2 プロキシ 4)",
                   "ユーザーのプロキシ設定が無効 (手順書 2 プロキシ 4)");
    } else if (strcmp(u->server, wantn) != 0) {
        report_add(c->r, "proxy.user.server", FST_FAIL, F_USER,
                   ev(F_USER, u->server_line, u->server, wantn),
                   "The user's proxy is %s, not %s", "ユーザーのプロキシが %s になっている (正: %s)",
                   u->server[0] ? u->server : "(none)", wantn);
    } else {
        report_add(c->r, "proxy.user.server", FST_OK, F_USER, ev(F_USER, u->server_line, u->server, wantn),
                   "The user's proxy is %s", "ユーザーのプロキシは %s", u->server);
    }
}

void check_proxy(struct chk *c)
{
    const char *want = netcfg_expected(c->cfg, "proxy.server");
    int bypass_given = netcfg_given(c->cfg, "proxy.bypass");
    char wantn[256];
    norm_server(want ? want : "", wantn, sizeof wantn, NULL);
    struct user_proxy u;
    memset(&u, 0, sizeof u);
    struct reg_query q;
    memset(&q, 0, sizeof q);
    struct input in;
    int rd = chk_read(c, "proxy", F_USER, "proxy.user.server", &in);
    if (rd < 0) {
        input_free(&in);
        return;
    }
    if (rd > 0) {
        struct parse_diag d = {0};
        if (reg_query_parse((const unsigned char *)in.raw.data, in.raw.len, &q, &d) != 0)
            chk_unreadable(c, "proxy", F_USER, &d);
        else
            check_user(c, &q, &u);
    }
    input_free(&in);

    struct winhttp_proxy w;
    memset(&w, 0, sizeof w);
    if (chk_read(c, "proxy", F_WINHTTP, "proxy.winhttp.server", &in) > 0) {
        struct parse_diag d = {0};
        if (netsh_proxy_parse((const unsigned char *)in.raw.data, in.raw.len, &w, &d) != 0) {
            chk_unreadable(c, "proxy", F_WINHTTP, &d);
        } else if (w.direct) {
            if (u.have && u.enabled && u.server[0]) {
                json_t *e = ev(F_WINHTTP, w.server_line, "direct access", wantn);
                json_object_set_new(e, "user_proxy", json_string(u.server));
                report_add(c->r, "proxy.winhttp.not_imported", FST_FAIL, F_WINHTTP, e,
                           "WinHTTP goes direct while the user's setting has proxy %s: "
                           "`netsh winhttp import proxy source=ie` was not run (manual 2 プロキシ 8)",
                           "ユーザー設定にはプロキシ %s があるが WinHTTP は直接アクセス。"
                           "netsh winhttp import proxy source=ie が実行されていない (手順書 2 プロキシ 8)",
                           u.server);
            }
            if (want)
                report_add(c->r, "proxy.winhttp.server", FST_FAIL, F_WINHTTP,
                           ev(F_WINHTTP, w.server_line, "direct access", wantn),
                           "WinHTTP has no proxy (direct access); expected %s",
                           "WinHTTP がプロキシなし (直接アクセス)。正: %s", wantn);
            else
                not_given(c, "proxy.winhttp.server", F_WINHTTP, w.server_line, "direct access",
                          "proxy.server");
        } else {
            char got[256], miss[1024];
            int embedded = 0;
            norm_server(w.server, got, sizeof got, &embedded);
            if (embedded)
                userinfo_finding(c, F_WINHTTP, w.server_line);
            if (!want)
                not_given(c, "proxy.winhttp.server", F_WINHTTP, w.server_line, got, "proxy.server");
            else if (strcmp(got, wantn) == 0)
                report_add(c->r, "proxy.winhttp.server", FST_OK, F_WINHTTP,
                           ev(F_WINHTTP, w.server_line, got, wantn), "WinHTTP uses %s",
                           "WinHTTP のプロキシは %s", got);
            else
                report_add(c->r, "proxy.winhttp.server", FST_FAIL, F_WINHTTP,
                           ev(F_WINHTTP, w.server_line, got, wantn),
                           "WinHTTP uses %s, not %s (manual 2 プロキシ 5)",
                           "WinHTTP のプロキシが %s になっている (正: %s、手順書 2 プロキシ 5)", got,
                           wantn);
            if (!bypass_given)
                not_given(c, "proxy.winhttp.bypass", F_WINHTTP, w.bypass_line, w.bypass,
                          "proxy.bypass");
            else
                missing_bypass(c->cfg, w.bypass, miss, sizeof miss);
            char want_list[1024] = "";
            size_t nexp;
            const char *const *exp = config_list(c->cfg, "proxy.bypass", &nexp);
            for (size_t i = 0; i < nexp; i++) {
                size_t l = strlen(want_list);
                snprintf(want_list + l, sizeof want_list - l, "%s%s", l ? ";" : "", exp[i]);
            }
            json_t *e = ev(F_WINHTTP, w.bypass_line, w.bypass, want_list);
            if (!bypass_given) {
                json_decref(e);
            } else if (miss[0]) {
                json_object_set_new(e, "missing", json_string(miss));
                report_add(c->r, "proxy.winhttp.bypass", FST_FAIL, F_WINHTTP, e,
                           "The WinHTTP bypass list lacks %s (manual 2 プロキシ 5)",
                           "WinHTTP のバイパス一覧に %s がない (手順書 2 プロキシ 5)", miss);
            } else {
                report_add(c->r, "proxy.winhttp.bypass", FST_OK, F_WINHTTP, e,
                           "The WinHTTP bypass list holds the manual's entries",
                           "WinHTTP のバイパス一覧に手順書の全エントリがある");
            }
            if (u.have && u.enabled) {
                struct strv a = {0}, b = {0};
                bypass_split(w.bypass, &a);
                bypass_split(u.bypass, &b);
                int same_bypass = a.n == b.n;
                for (size_t i = 0; same_bypass && i < a.n; i++) {
                    int f = 0;
                    for (size_t k = 0; k < b.n && !f; k++)
                        f = strcmp(a.v[i], b.v[k]) == 0;
                    same_bypass = f;
                }
                strv_free(&a);
                strv_free(&b);
                json_t *m = ev(F_WINHTTP, w.server_line, got, u.server);
                json_object_set_new(m, "user_file", json_string(F_USER));
                if (strcmp(got, u.server) != 0 || !same_bypass)
                    report_add(c->r, "proxy.settings.mismatch", FST_WARN, F_WINHTTP, m,
                               "WinHTTP (%s) and the user's setting (%s) disagree%s%.0s",
                               "WinHTTP (%s) とユーザー設定 (%s) が一致しない%.0s%s", got, u.server,
                               same_bypass ? "" : " (bypass list)",
                               same_bypass ? "" : " (バイパス一覧)");
                else
                    report_add(c->r, "proxy.settings.mismatch", FST_OK, F_WINHTTP, m,
                               "WinHTTP and the user's setting agree (%s)",
                               "WinHTTP とユーザー設定は一致 (%s)", got);
            }
        }
    }
    input_free(&in);
    winhttp_proxy_free(&w);
    reg_query_free(&q);
}
