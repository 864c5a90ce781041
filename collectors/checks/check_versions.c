/* 事前準備 and 9-01: 連携アプリケーション v4.1.0 or later and 配信アプリケーション
 * v2.1.0 or later installed. Version.info of each install folder first, the
 * Uninstall entries (apps/installed.txt) otherwise. The manual asks for the
 * latest, which only the portal knows: ok says "minimum met" (the floors
 * are comapp.min_version, distroapp.min_version). OQS-Auth (the face
 * authentication library) is looked for too: the manual's 注意 sets face
 * authentication up on a separate 資格確認端末, not on this server. */
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
        report_add(c->r, a->id, FST_OK, file, ev(file, line, ver, exp),
                   "%s %s is installed: minimum %s met (%s; the manual asks for the latest: "
                   "compare with the portal, 9-01)",
                   "%s %s: 最低バージョン %s を満たす (%s。手順書は最新版を求める: ポータルで確認、9-01)",
                   a->label, ver, min, a->min_key);
}

static const char *const auth_names[] = {"OQS-Auth", "顔認証", NULL};

/* 作業の流れ 注意: 「顔認証付きカードリーダーアプリ等のセットアップは想定しておりません。
 * 顔認証による資格確認を行う際は、別途資格確認端末をご用意いただき…」 */
static void face_auth(struct chk *c, const struct reg_query *q, int q_state)
{
    const char *info = LAYOUT_PATH(VERSION_AUTH);
    char ver[64] = "";
    unsigned line = 0;
    const char *file = NULL;
    struct buf raw = {0};
    struct oqs_err err;
    enum source_status st = source_read(c->src, info, &raw, &err);
    if (st == SRC_UNSUPPORTED) {
        buf_free(&raw);
        report_add(c->r, "system.face_auth", FST_SKIP, info, ev(info, 0, NULL, NULL),
                   "not a Windows host", "Windows ではない");
        return;
    }
    if (st == SRC_OK) {
        struct parse_diag d = {0};
        file = info;
        if (version_info_parse((const unsigned char *)raw.data, raw.len, ver, sizeof ver, &line,
                               &d) != 0)
            snprintf(ver, sizeof ver, "present");
    }
    buf_free(&raw);
    if (!file && q_state > 0) {
        const struct reg_value *dn = installed_entry(q, auth_names);
        if (dn) {
            file = F_INSTALLED;
            line = dn->line;
            snprintf(ver, sizeof ver, "%s", dn->data);
        }
    }
    if (file) {
        report_add(c->r, "system.face_auth", FST_WARN, file,
                   ev(file, line, ver, "not on the 連携アプリ搭載サーバー"),
                   "OQS-Auth (face authentication, %s) is on this server: the manual sets face "
                   "authentication up on a separate 資格確認端末 (作業の流れ 注意)",
                   "顔認証 (OQS-Auth %s) がこのサーバーにある。手順書は顔認証を別の資格確認端末で"
                   "セットアップするとしている (作業の流れ 注意)",
                   ver);
    } else if (st == SRC_MISSING && q_state > 0) {
        report_add(c->r, "system.face_auth", FST_OK, info, ev(info, 0, "absent", NULL),
                   "OQS-Auth (face authentication) is not installed, as the manual assumes",
                   "顔認証 (OQS-Auth) はない (手順書の想定どおり)");
    } else if (st == SRC_MISSING) {
        report_add(c->r, "system.input.missing", FST_UNKNOWN, info, ev(info, 0, NULL, NULL),
                   "Neither %s nor %s is in the snapshot: face authentication not judged",
                   "%s も %s もスナップショットにない (顔認証は判定できない)", info, F_INSTALLED);
    }
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
    face_auth(c, &q, q_state);
    reg_query_free(&q);
}
