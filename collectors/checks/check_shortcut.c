/* manual 5: a desktop shortcut opens https://hweb.oqs.onshikaku.org/web/
 * (本番環境); one at another onshikaku URL shows 「接続検証環境」 or
 * 「医療情報閲覧用端末」 (5-3 こんなときは). 8-01 step 4: the delivery app's
 * installer puts 「オンライン資格確認配信アプリケーション管理ツール」 on the desktop,
 * and 8-01/8-03 start the tool from it (or the Start menu). */
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "collectors/layout.h"

#define F_SC LAYOUT_PATH(SHORTCUT)

/* Scheme and host case-insensitive, the trailing '/' optional. */
static int same_url(const char *a, const char *b)
{
    size_t an = strlen(a), bn = strlen(b);
    while (an > 0 && a[an - 1] == '/')
        an--;
    while (bn > 0 && b[bn - 1] == '/')
        bn--;
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return 1;
}

static int host_in_domain(const char *url, const char *domain)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    size_t hn = strcspn(h, "/:?#");
    size_t dn = strlen(domain);
    return hn >= dn && t_ieqn(h + hn - dn, dn, domain) && (hn == dn || h[hn - dn - 1] == '.');
}

static void distroapp_tool(struct chk *c, const struct tsv *t)
{
    static const char tool[] = "オンライン資格確認配信アプリケーション管理ツール";
    for (size_t i = 0; i < t->n; i++) {
        if (!shortcut_is_distroapp_tool(t->rows[i].f[0], t->rows[i].f[1]))
            continue;
        json_t *e = ev(F_SC, t->rows[i].line, t->rows[i].f[1], tool);
        json_object_set_new(e, "name", json_string(t->rows[i].f[0]));
        report_add(c->r, "distroapp.shortcut", FST_OK, F_SC, e,
                   "The desktop has the management tool's shortcut \"%s\" (8-01 step 4)",
                   "デスクトップに管理ツールのショートカット「%s」がある (手順書 8-01 手順 4)",
                   t->rows[i].f[0]);
        return;
    }
    report_add(c->r, "distroapp.shortcut", FST_WARN, F_SC, ev(F_SC, 0, "no shortcut", tool),
               "No desktop shortcut of %s (8-01 step 4: the installer creates it; the tool can "
               "also be started from the Start menu)",
               "デスクトップに %s のショートカットがない (手順書 8-01 手順 4。スタートメニューからも起動できる)",
               tool);
}

void check_shortcut(struct chk *c)
{
    const char *want = config_str(c->cfg, "web.url");
    struct input in;
    if (chk_read(c, "web", F_SC, "web.shortcut", &in) <= 0) {
        input_free(&in);
        return;
    }
    struct tsv t;
    struct parse_diag d = {0};
    if (tsv_parse((const unsigned char *)in.raw.data, in.raw.len, 2, &t, &d) != 0) {
        chk_unreadable(c, "web", F_SC, &d);
    } else {
        const struct tsv_row *good = NULL, *wrong = NULL;
        for (size_t i = 0; i < t.n; i++) {
            const char *url = t.rows[i].f[1];
            if (same_url(url, want)) {
                if (!good)
                    good = &t.rows[i];
            } else if (host_in_domain(url, "onshikaku.org") && !wrong) {
                wrong = &t.rows[i];
            }
        }
        if (wrong) {
            json_t *e = ev(F_SC, wrong->line, wrong->f[1], want);
            json_object_set_new(e, "name", json_string(wrong->f[0]));
            report_add(c->r, "web.shortcut", FST_FAIL, F_SC, e,
                       "The shortcut \"%s\" opens %s, another environment than production %s "
                       "(manual 5-3: 接続検証環境/医療情報閲覧用端末)",
                       "ショートカット「%s」の URL %s は本番環境 %s ではない (手順書 5-3)",
                       wrong->f[0], wrong->f[1], want);
        }
        distroapp_tool(c, &t);
        if (good) {
            json_t *e = ev(F_SC, good->line, good->f[1], want);
            json_object_set_new(e, "name", json_string(good->f[0]));
            report_add(c->r, "web.shortcut", FST_OK, F_SC, e, "The shortcut \"%s\" opens %s",
                       "ショートカット「%s」は %s を開く", good->f[0], good->f[1]);
        } else if (!wrong) {
            report_add(c->r, "web.shortcut", FST_WARN, F_SC, ev(F_SC, 0, "no shortcut", want),
                       "No desktop shortcut opens %s (manual 5)",
                       "%s を開くデスクトップのショートカットがない (手順書 5)", want);
        }
    }
    tsv_free(&t);
    input_free(&in);
}
