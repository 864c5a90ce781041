/* 事前準備 and 9-01: 連携アプリケーション v4.1.0 or later and 配信アプリケーション
 * v2.1.0 or later installed. Version.info of each install folder first, the
 * Uninstall entries (apps/installed.txt) otherwise. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "collectors/layout.h"

#define F_INSTALLED LAYOUT_PATH(INSTALLED)

struct app {
    const char *area, *id;
    enum layout_id info;
    const char *min_key, *label;
    const char *const *names; /* DisplayName contains one of these */
};

static const char *const comapp_names[] = {"OQSComApp", "連携アプリ", NULL};
static const char *const distro_names[] = {"OQSDistroApp", "配信アプリ", NULL};

static const struct app apps[] = {
    {"comapp", "comapp.version", LF_VERSION_COMAPP, "comapp.min_version",
     "OqsComApp", comapp_names},
    {"distroapp", "distroapp.version", LF_VERSION_DISTROAPP, "distroapp.min_version",
     "OQSDistroApp", distro_names},
};

static const struct reg_value *installed_entry(const struct reg_query *q, const char *const *names)
{
    for (size_t i = 0; i < q->n; i++) {
        if (!t_ieq(q->v[i].name, "DisplayName"))
            continue;
        for (size_t k = 0; names[k]; k++)
            if (t_ifind(q->v[i].data, strlen(q->v[i].data), names[k]))
                return &q->v[i];
    }
    return NULL;
}

static void one_app(struct chk *c, const struct app *a, const struct reg_query *q, int q_state)
{
    const char *min = config_str(c->cfg, a->min_key);
    const char *info = layout_files[a->info].path;
    char ver[64] = "";
    const char *file = NULL;
    unsigned line = 0;
    struct buf raw = {0};
    struct oqs_err err;
    enum source_status st = source_read(c->src, info, &raw, &err);
    if (st == SRC_UNSUPPORTED) {
        buf_free(&raw);
        report_add(c->r, a->id, FST_SKIP, info, ev(info, 0, NULL, NULL), "not a Windows host",
                   "Windows ではない");
        return;
    }
    if (st == SRC_OK) {
        struct parse_diag d = {0};
        if (version_info_parse((const unsigned char *)raw.data, raw.len, ver, sizeof ver, &line,
                               &d) == 0)
            file = info;
        else
            chk_unreadable(c, a->area, info, &d);
    }
    buf_free(&raw);
    if (!file && q_state > 0) {
        const struct reg_value *dn = installed_entry(q, a->names);
        const struct reg_value *dv = dn ? reg_find_sibling(q, dn, "DisplayVersion") : NULL;
        if (dv && version_find(dv->data, strlen(dv->data), ver, sizeof ver) == 0) {
            file = F_INSTALLED;
            line = dv->line;
        } else if (!dn && st != SRC_OK) {
            char exp[64];
            snprintf(exp, sizeof exp, "%s %s or later", a->label, min);
            report_add(c->r, a->id, FST_FAIL, F_INSTALLED, ev(F_INSTALLED, 0, "not installed", exp),
                       "%s is not installed (manual 9-01, 補39)",
                       "%s がインストールされていない (手順書 9-01、補39)", a->label);
            return;
        }
    }
    if (!file) {
        if (st == SRC_MISSING && q_state == 0) {
            char id[64];
            snprintf(id, sizeof id, "%s.input.missing", a->area);
            report_add(c->r, id, FST_UNKNOWN, info, ev(info, 0, NULL, NULL),
                       "Neither %s nor %s is in the snapshot",
                       "%s も %s もスナップショットにない", info, F_INSTALLED);
        }
        return;
    }
    char exp[64];
    snprintf(exp, sizeof exp, ">= %s", min);
    if (version_cmp(ver, min) < 0)
        report_add(c->r, a->id, FST_FAIL, file, ev(file, line, ver, exp),
                   "%s %s is older than %s (事前準備, 補39)",
                   "%s %s は %s より古い (事前準備、補39)", a->label, ver, min);
    else
        report_add(c->r, a->id, FST_OK, file, ev(file, line, ver, exp), "%s %s is installed",
                   "%s %s がインストールされている", a->label, ver);
}

void check_versions(struct chk *c)
{
    struct reg_query q;
    memset(&q, 0, sizeof q);
    int q_state = 0; /* 1 parsed, 0 absent, -1 unreadable */
    struct buf raw = {0};
    struct oqs_err err;
    enum source_status st = source_read(c->src, F_INSTALLED, &raw, &err);
    if (st == SRC_OK) {
        struct parse_diag d = {0};
        if (reg_query_parse((const unsigned char *)raw.data, raw.len, &q, &d) == 0) {
            q_state = 1;
        } else {
            /* "no value" means no OQS entry: the collector keeps only those. */
            q_state = q.not_found || raw.len == 0 ? 1 : -1;
            if (q_state < 0)
                chk_unreadable(c, "comapp", F_INSTALLED, &d);
        }
    }
    buf_free(&raw);
    for (size_t i = 0; i < sizeof apps / sizeof apps[0]; i++)
        one_app(c, &apps[i], &q, q_state);
    reg_query_free(&q);
}
