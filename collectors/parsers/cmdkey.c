/* `cmdkey /list`: "Target: LegacyGeneric:target=OQS_LOGIN_KEY" (ターゲット:),
 * "User: R0..." (ユーザー:); "* NONE *" / 「* なし *」 when empty. cmdkey never
 * prints secrets, and nothing else of a credential is kept here. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/encoding.h"
#include "parsers.h"

static const char *const k_target[] = {"Target", "ターゲット", NULL};
static const char *const k_user[] = {"User", "ユーザー", "ユーザー名", NULL};

int cmdkey_parse(const unsigned char *raw, size_t n, struct cmdkey_list *out,
                 struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    int rc = 0, heading = 0;
    while (rc == 0 && lines_next(&ln, &line, &ll)) {
        const char *t = line, *k, *v;
        size_t tn = ll, kn, vn;
        t_trim(&t, &tn);
        if (tn == 0)
            continue;
        if (t_ifind(t, tn, "* NONE *") || t_ifind(t, tn, "* なし *")) {
            out->none = 1;
            continue;
        }
        if (t_ifind(t, tn, "Currently stored credentials") || t_ifind(t, tn, "保存されている資格情報")) {
            heading = 1;
            continue;
        }
        if (!t_split(t, tn, ":", &k, &kn, &v, &vn))
            continue;
        if (t_key_in(k, kn, k_target)) {
            struct cred_entry *p = oqs_grow(out->v, &out->cap, out->n + 1, sizeof *p);
            if (!p) {
                rc = diag_set(d, ln.lineno, "out of memory");
                break;
            }
            out->v = p;
            struct cred_entry *e = &out->v[out->n++];
            memset(e, 0, sizeof *e);
            const char *tg = t_ifind(v, vn, "target=");
            if (tg) {
                vn -= (size_t)(tg + 7 - v);
                v = tg + 7;
            }
            t_copy(e->target, sizeof e->target, v, vn);
            e->line = ln.lineno;
        } else if (t_key_in(k, kn, k_user) && out->n > 0 && !out->v[out->n - 1].user[0]) {
            t_copy(out->v[out->n - 1].user, sizeof out->v[out->n - 1].user, v, vn);
        }
    }
    free(text);
    if (rc == 0 && out->n == 0 && !out->none && !heading)
        rc = diag_set(d, 1, "no \"Target:\" (ターゲット:) line and no \"* NONE *\"");
    return rc;
}

void cmdkey_free(struct cmdkey_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

const struct cred_entry *cmdkey_find(const struct cmdkey_list *l, const char *target)
{
    for (size_t i = 0; i < l->n; i++)
        if (t_ieq(l->v[i].target, target))
            return &l->v[i];
    return NULL;
}
