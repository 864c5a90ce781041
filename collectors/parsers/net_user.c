/* `net user OqsComApp`: "User name   OqsComApp" (ユーザー名), "Account active
 * Yes" (アカウント有効), "Password expires  Never" (パスワード有効期間),
 * "Local Group Memberships  *Administrators *Users" (所属しているローカル
 * グループ), continued on indented lines. The wording is Windows' own
 * (tests/fixtures/snapshots/SOURCES.md names the captures). The name line shows
 * the account as Windows stores it, whatever case was typed. A domain
 * account in no local group prints the label with nothing after it. */
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "parsers.h"

static const char *const k_name[] = {"User name", "ユーザー名", NULL};
static const char *const k_active[] = {"Account active", "アカウント有効", NULL};
static const char *const k_expires[] = {"Password expires", "パスワード有効期間", NULL};
static const char *const k_local[] = {"Local Group Memberships", "所属しているローカル グループ",
                                      NULL};

/* The key at the start of the line: the rest is the value. */
static int key_prefix(const char *t, size_t tn, const char *const *keys, const char **v,
                      size_t *vn)
{
    for (size_t i = 0; keys[i]; i++) {
        size_t kn = strlen(keys[i]);
        if (t_istarts(t, tn, keys[i]) && (tn == kn || t[kn] == ' ' || t[kn] == '\t')) {
            *v = t + kn;
            *vn = tn - kn;
            t_trim(v, vn);
            return 1;
        }
    }
    return 0;
}

/* "*None" / 「*なし」 is how net user says "no group". */
static int is_none(const char *g, size_t gn)
{
    return t_ieqn(g, gn, "None") || t_ieqn(g, gn, "なし");
}

static int add_groups(struct net_user *u, const char *v, size_t vn, unsigned line)
{
    size_t i = 0;
    while (i < vn) {
        if (v[i] != '*') {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < vn && v[j] != '*')
            j++;
        const char *g = v + i + 1;
        size_t gn = j - i - 1;
        t_trim(&g, &gn);
        if (gn > 0 && !is_none(g, gn) && strv_push(&u->groups, g, gn, line) != 0)
            return -1;
        i = j;
    }
    return 0;
}

int net_user_parse(const unsigned char *raw, size_t n, struct net_user *out,
                   struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    out->active = -1;
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    int in_groups = 0, rc = 0, not_found = 0;
    while (rc == 0 && lines_next(&ln, &line, &ll)) {
        const char *t = line, *v;
        size_t tn = ll, vn;
        int indented = ll > 0 && (line[0] == ' ' || line[0] == '\t');
        t_trim(&t, &tn);
        if (tn == 0) {
            in_groups = 0;
            continue;
        }
        /* The user name could not be found. / ユーザー名が見つかりません。 / NET HELPMSG 2221 */
        if (t_ifind(t, tn, "could not be found") || t_ifind(t, tn, "見つかりません") ||
            t_ifind(t, tn, "HELPMSG 2221") || t_ifind(t, tn, "error 2221") ||
            t_ifind(t, tn, "エラー 2221")) {
            if (!not_found)
                out->found_line = ln.lineno;
            not_found = 1;
            continue;
        }
        if (in_groups && indented && memchr(t, '*', tn)) {
            if (add_groups(out, t, tn, ln.lineno) != 0)
                rc = diag_set(d, ln.lineno, "out of memory");
            continue;
        }
        in_groups = 0;
        if (!out->name_line && key_prefix(t, tn, k_name, &v, &vn)) {
            t_copy(out->name, sizeof out->name, v, vn);
            out->name_line = ln.lineno;
        } else if (key_prefix(t, tn, k_active, &v, &vn)) {
            out->active = t_ieqn(v, vn, "Yes") || t_ieqn(v, vn, "はい")   ? 1
                          : t_ieqn(v, vn, "No") || t_ieqn(v, vn, "いいえ") ? 0
                                                                          : -1;
            out->active_line = ln.lineno;
        } else if (key_prefix(t, tn, k_expires, &v, &vn)) {
            t_copy(out->password_expires, sizeof out->password_expires, v, vn);
            out->password_expires_line = ln.lineno;
        } else if (!out->groups_line && key_prefix(t, tn, k_local, &v, &vn)) {
            in_groups = 1;
            out->groups_line = ln.lineno;
            if (add_groups(out, v, vn, ln.lineno) != 0)
                rc = diag_set(d, ln.lineno, "out of memory");
        }
    }
    free(text);
    if (rc != 0)
        return rc;
    if (out->name_line && out->name[0]) {
        out->found = 1;
        out->found_line = out->name_line;
        return 0;
    }
    if (not_found) {
        out->found = 0;
        return 0;
    }
    return diag_set(d, 1, "neither a \"User name\" (ユーザー名) line nor \"could not be found\"");
}

void net_user_free(struct net_user *u)
{
    strv_free(&u->groups);
}
