/* manual 8-03 3: the 配信実績 record shows the medical institution code and the
 * computer name ([Information] MedicalInstitutionCode=, TerminalID=); empty
 * means the certificate (4) or the task registration (8-02) went wrong. 8-01
 * 注意: the extended delivery-server path stays empty unless told otherwise. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "core/netconfig.h"
#include "collectors/layout.h"

#define F_RECORD LAYOUT_PATH(RECORD)
#define F_SETTINGS LAYOUT_PATH(DISTRO_SETTINGS)

static int ten_digits(const char *s)
{
    size_t n = strlen(s);
    if (n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static void record(struct chk *c, const struct ini *f)
{
    const struct ini_entry *mic = ini_find(f, "Information", "MedicalInstitutionCode");
    if (!mic)
        mic = ini_find(f, NULL, "MedicalInstitutionCode");
    const struct ini_entry *tid = ini_find(f, "Information", "TerminalID");
    if (!tid)
        tid = ini_find(f, NULL, "TerminalID");
    const char *mv = mic ? mic->val : "";
    if (ten_digits(mv) || (c->mic_masked && mv[0]))
        report_add(c->r, "distroapp.record.institution_code", FST_OK, F_RECORD,
                   ev(F_RECORD, mic->line, mv, "10 digits"),
                   "The 配信実績 record has the medical institution code",
                   "配信実績に医療機関コードが出力されている");
    else
        report_add(c->r, "distroapp.record.institution_code", FST_FAIL, F_RECORD,
                   ev(F_RECORD, mic ? mic->line : 0, mic ? mv : "absent", "10 digits"),
                   mv[0] ? "The 配信実績 record's MedicalInstitutionCode \"%s\" is not 10 digits"
                         : "The 配信実績 record has no medical institution code%s (manual 8-03)",
                   mv[0] ? "配信実績の医療機関コード「%s」が10桁の数字ではない"
                         : "配信実績に医療機関コードが出力されていない%s (手順書 8-03)",
                   mv);
    const char *tv = tid ? tid->val : "";
    if (!tv[0]) {
        report_add(c->r, "distroapp.record.terminal_id", FST_FAIL, F_RECORD,
                   ev(F_RECORD, tid ? tid->line : 0, tid ? "" : "absent", "the computer name"),
                   "The 配信実績 record has no TerminalID (manual 8-03)",
                   "配信実績に端末ID (コンピューター名) が出力されていない (手順書 8-03)");
        return;
    }
    report_add(c->r, "distroapp.record.terminal_id", FST_OK, F_RECORD,
               ev(F_RECORD, tid->line, tv, "the computer name"),
               "The 配信実績 record has TerminalID %s", "配信実績に端末ID %s が出力されている", tv);
    /* 8-03 3: TerminalID=コンピュータ名. Another name means the record (or the
     * certificate behind it) belongs to another machine. Without this
     * computer's name (no manifest, no systeminfo) there is nothing to compare. */
    if (!c->host[0])
        return;
    int same = t_ieq(tv, c->host);
    report_add(c->r, "distroapp.record.terminal_name", same ? FST_OK : FST_WARN, F_RECORD,
               ev(F_RECORD, tid->line, tv, c->host),
               same ? "The 配信実績 TerminalID %s is this computer's name%.0s"
                    : "The 配信実績 TerminalID %s is not this computer's name %s (manual 8-03: "
                      "TerminalID=コンピュータ名)",
               same ? "配信実績の端末ID %s はこのコンピューター名と一致%.0s"
                    : "配信実績の端末ID %s がこのコンピューター名 %s と違う (手順書 8-03: "
                      "TerminalID=コンピュータ名)",
               tv, c->host);
}

/* 8-01 (②/③ only): 接続する配信サーバー = クラウド. The settings file's
 * format is not public; a key naming the connection target or the server
 * is read, and its value holds クラウド/Cloud or not. */
static void target(struct chk *c, const struct ini *f)
{
    static const char *const keys[] = {"ConnectionTarget", "接続する配信サーバー", "DeliveryServer",
                                       "DistributionServer", "ConnectServer", NULL};
    const struct ini_entry *hit = NULL;
    for (size_t i = 0; i < f->n && !hit; i++)
        for (size_t k = 0; keys[k] && !hit; k++)
            if (t_ieq(f->v[i].key, keys[k]))
                hit = &f->v[i];
    enum netcfg n = netcfg_of(c->cfg);
    int want_cloud = n != NETCFG_BASE;
    if (!hit) {
        json_t *e = ev(F_SETTINGS, 0, NULL, want_cloud ? "クラウド" : NULL);
        json_object_set_new(e, "keys_tried", json_string("ConnectionTarget, 接続する配信サーバー, "
                                                         "DeliveryServer, DistributionServer, ConnectServer"));
        report_add(c->r, "distroapp.settings.target", FST_UNKNOWN, F_SETTINGS, e,
                   "The delivery app's settings name no connection target this tool knows: "
                   "check 接続する配信サーバー in the management tool (設定の変更)",
                   "配信アプリの設定ファイルに接続先の項目が見つからない: 管理ツールの「設定の変更」で"
                   "接続する配信サーバーを確認する");
        return;
    }
    size_t vn = strlen(hit->val);
    int cloud = t_ifind(hit->val, vn, "クラウド") || t_ifind(hit->val, vn, "cloud");
    json_t *e = ev(F_SETTINGS, hit->line, hit->val, want_cloud ? "クラウド" : "(not クラウド)");
    json_object_set_new(e, "network_config", json_string(config_str(c->cfg, "network.config")));
    if (want_cloud && !cloud)
        report_add(c->r, "distroapp.settings.target", FST_FAIL, F_SETTINGS, e,
                   "%s%.0s: the delivery app connects to \"%s\", not クラウド (manual 8-01 設定の変更)",
                   "%.0s%s: 配信アプリの接続する配信サーバーが「%s」で、クラウドではない (手順書 8-01 設定の変更)",
                   netcfg_label(n, 0), netcfg_label(n, 1), hit->val);
    else if (!want_cloud && cloud)
        report_add(c->r, "distroapp.settings.target", FST_WARN, F_SETTINGS, e,
                   "The delivery app connects to クラウド, which the manual sets only for "
                   "configurations ② and ③ (8-01); this site is set as ① (network.config=base)",
                   "配信アプリの接続先がクラウド。手順書では②③の場合のみ設定する (8-01)。"
                   "この拠点は①配信拠点起点 (network.config=base) として確認している");
    else
        report_add(c->r, "distroapp.settings.target", FST_OK, F_SETTINGS, e,
                   "%s%.0s: the delivery app connects to %s",
                   "%.0s%s: 配信アプリの接続先は %s", netcfg_label(n, 0), netcfg_label(n, 1),
                   hit->val);
}

static void settings(struct chk *c, const struct ini *f)
{
    target(c, f);
    for (size_t i = 0; i < f->n; i++) {
        const char *k = f->v[i].key;
        size_t kn = strlen(k);
        if (!(t_ifind(k, kn, "ExtendedPath") || t_ifind(k, kn, "ExtPath") || t_ifind(k, kn, "拡張パス")))
            continue;
        if (f->v[i].val[0])
            report_add(c->r, "distroapp.settings.extended_path", FST_WARN, F_SETTINGS,
                       ev(F_SETTINGS, f->v[i].line, f->v[i].val, ""),
                       "An extended delivery-server path is set (%s); the manual says leave it empty "
                       "unless told otherwise (8-01)",
                       "配信サーバー接続の拡張パス (%s) が設定されている。別途案内がない限り設定しない (手順書 8-01)",
                       f->v[i].val);
        else
            report_add(c->r, "distroapp.settings.extended_path", FST_OK, F_SETTINGS,
                       ev(F_SETTINGS, f->v[i].line, "", ""), "No extended delivery-server path%s",
                       "拡張パスは未設定%s", "");
        return;
    }
}

/* The files of 8-01/8-03 are collected only from where a key says (their
 * place is not public). Not collected and no key set: nothing to judge,
 * and the finding says which key to set, so item 7 is decided by what
 * was collected (version, tasks) instead of "cannot tell". */
static int not_collected(struct chk *c, const char *file, const char *id, const char *key,
                         const char *what_en, const char *what_ja)
{
    if (*config_str(c->cfg, key))
        return 0;
    struct buf probe = {0};
    struct oqs_err err;
    enum source_status st = source_read(c->src, file, &probe, &err);
    buf_free(&probe);
    if (st != SRC_MISSING)
        return 0;
    json_t *e = ev(file, 0, NULL, NULL);
    json_object_set_new(e, "key", json_string(key));
    report_add(c->r, id, FST_SKIP, file, e,
               "%s was not collected: set %s to its file (its place is not public)%.0s",
               "%.0s%s を収集していない: %s にそのファイルを設定する (場所は公開されていない)", what_en,
               key, what_ja);
    return 1;
}

static void record_file(struct chk *c)
{
    struct input in;
    if (not_collected(c, F_RECORD, "distroapp.record.institution_code", "distroapp.record_file",
                      "The 配信実績 record (管理ツール → 配信実績の確認)",
                      "配信実績 (管理ツール → 配信実績の確認)"))
        return;
    int rd = chk_read(c, "distroapp", F_RECORD, "distroapp.record.institution_code", &in);
    if (rd < 0) {
        input_free(&in);
        return;
    }
    struct parse_diag d = {0};
    struct ini f;
    if (rd > 0) {
        if (ini_parse((const unsigned char *)in.raw.data, in.raw.len, &f, &d) == 0) {
            record(c, &f);
        } else if (in.raw.len == 0) {
            /* an empty record is what 8-03 describes: nothing was delivered */
            memset(&f, 0, sizeof f);
            record(c, &f);
        } else {
            chk_unreadable(c, "distroapp", F_RECORD, &d);
        }
        ini_free(&f);
    }
    input_free(&in);
}

static void settings_file(struct chk *c)
{
    struct input in;
    if (not_collected(c, F_SETTINGS, "distroapp.settings.target", "distroapp.settings_file",
                      "The delivery app's settings (管理ツール → 設定の変更)",
                      "配信アプリの設定 (管理ツール → 設定の変更)"))
        return;
    struct parse_diag d = {0};
    struct ini f;
    if (chk_read(c, "distroapp", F_SETTINGS, "distroapp.settings.extended_path", &in) > 0) {
        if (ini_parse((const unsigned char *)in.raw.data, in.raw.len, &f, &d) == 0)
            settings(c, &f);
        else
            chk_unreadable(c, "distroapp", F_SETTINGS, &d);
        ini_free(&f);
    }
    input_free(&in);
}

void check_distroapp(struct chk *c)
{
    record_file(c);
    settings_file(c);
}
