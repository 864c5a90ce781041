/* 事前準備: Windows Server 2019 or 2022, the latest Edge (補1); 2 ディスプレイ:
 * scaling 100% (96 dpi); 9 末尾: .NET Framework not disabled, not on battery. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "collectors/parsers/system_info.h"
#include "collectors/layout.h"

#define F_OS LAYOUT_PATH(OS)
#define F_EDGE LAYOUT_PATH(EDGE)
#define F_DOTNET LAYOUT_PATH(DOTNET)
#define F_DISPLAY LAYOUT_PATH(DISPLAY)
#define F_POWER LAYOUT_PATH(POWER)

static const char *const k_osname[] = {"OS Name", "OS 名", "OS名", NULL};
static const char *const k_host[] = {"Host Name", "ホスト名", NULL};
static const char *const k_tz[] = {"Time Zone", "タイム ゾーン", "タイムゾーン", NULL};
static const char *const k_locale[] = {"System Locale", "システム ロケール", NULL};

int system_info_read(struct source *src, char *host, size_t hostcap, int *tz_min, char *locale,
                     size_t localecap)
{
    struct buf raw = {0};
    struct oqs_err err;
    int got = 0;
    if (source_read(src, F_OS, &raw, &err) == SRC_OK) {
        struct kvlist l;
        struct parse_diag d;
        if (kvtext_parse((const unsigned char *)raw.data, raw.len, &l, &d) == 0) {
            const struct kv *h = kv_find(&l, k_host);
            if (h && host && h->val[0]) {
                t_copy(host, hostcap, h->val, strlen(h->val));
                got |= 1;
            }
            const struct kv *tz = kv_find(&l, k_tz);
            if (tz && tz_min && parse_tz_offset(tz->val, tz_min) == 0)
                got |= 2;
            const struct kv *lc = kv_find(&l, k_locale);
            if (lc && locale && lc->val[0]) {
                t_copy(locale, localecap, lc->val, strlen(lc->val));
                got |= 4;
            }
        }
        kvlist_free(&l);
    }
    buf_free(&raw);
    return got;
}

static void os(struct chk *c)
{
    struct input in;
    if (chk_read(c, "system", F_OS, "system.os", &in) > 0) {
        struct kvlist l;
        struct parse_diag d = {0};
        if (kvtext_parse((const unsigned char *)in.raw.data, in.raw.len, &l, &d) != 0) {
            chk_unreadable(c, "system", F_OS, &d);
        } else {
            const struct kv *o = kv_find(&l, k_osname);
            if (!o) {
                diag_set(&d, 1, "no \"OS Name\" (OS 名) line");
                chk_unreadable(c, "system", F_OS, &d);
            } else {
                const char *v = o->val;
                size_t n = strlen(v);
                int ok = t_ifind(v, n, "Windows Server 2019") || t_ifind(v, n, "Windows Server 2022");
                report_add(c->r, "system.os", ok ? FST_OK : FST_WARN, F_OS,
                           ev(F_OS, o->line, v, "Windows Server 2019 or 2022"),
                           ok ? "%s" : "%s is not one of the environments the manual confirms "
                                       "(Windows Server 2019, 2022)",
                           ok ? "%s" : "%s は手順書が動作確認した環境 (Windows Server 2019/2022) ではない",
                           v);
            }
        }
        kvlist_free(&l);
    }
    input_free(&in);
}

/* Reads a `reg query /v NAME` file: 1 and the value, 0 "not found" (the
 * value is absent), -1 nothing to judge (finding added). */
static int reg_one(struct chk *c, const char *file, const char *skip_id, const char *name,
                   struct reg_query *q, const struct reg_value **v)
{
    struct input in;
    int rd = chk_read(c, "system", file, skip_id, &in);
    int rc = -1;
    memset(q, 0, sizeof *q);
    if (rd > 0) {
        struct parse_diag d = {0};
        int prc = reg_query_parse((const unsigned char *)in.raw.data, in.raw.len, q, &d);
        if (prc != 0 && !q->not_found) {
            chk_unreadable(c, "system", file, &d);
        } else {
            *v = reg_find(q, name);
            rc = *v ? 1 : 0;
        }
    }
    input_free(&in);
    return rc;
}

/* 補1 asks for the latest Edge, which only Edge itself knows: the floor is
 * edge.min_version (empty: presence only), and ok says "minimum met". */
static void edge(struct chk *c)
{
    struct reg_query q;
    const struct reg_value *v = NULL;
    const char *min = config_str(c->cfg, "edge.min_version");
    int rc = reg_one(c, F_EDGE, "system.edge", "version", &q, &v);
    if (rc > 0) {
        char exp[80] = "installed";
        if (min[0])
            snprintf(exp, sizeof exp, ">= %s", min);
        json_t *e = ev(F_EDGE, v->line, v->data, exp);
        if (min[0] && version_cmp(v->data, min) < 0)
            report_add(c->r, "system.edge", FST_FAIL, F_EDGE, e,
                       "Microsoft Edge %s is older than edge.min_version %s (事前準備: 最新版, 補1)",
                       "Microsoft Edge %s は edge.min_version %s より古い (事前準備: 最新版、補1)",
                       v->data, min);
        else if (min[0])
            report_add(c->r, "system.edge", FST_OK, F_EDGE, e,
                       "Microsoft Edge %s: minimum %s met (the manual asks for the latest: "
                       "Settings, About Microsoft Edge)",
                       "Microsoft Edge %s: 最低 %s を満たす (手順書は最新版を求める: 設定 → "
                       "Microsoft Edge について)",
                       v->data, min);
        else
            report_add(c->r, "system.edge", FST_OK, F_EDGE, e,
                       "Microsoft Edge %s is installed (no minimum set, edge.min_version; the "
                       "manual asks for the latest: Settings, About Microsoft Edge)",
                       "Microsoft Edge %s がある (最低バージョン edge.min_version は未設定。"
                       "手順書は最新版を求める: 設定 → Microsoft Edge について)",
                       v->data);
    } else if (rc == 0) {
        report_add(c->r, "system.edge", FST_FAIL, F_EDGE,
                   ev(F_EDGE, q.not_found_line, "not found", "installed"),
                   "Microsoft Edge is not installed (事前準備, 補1)",
                   "Microsoft Edge がない (事前準備、補1)");
    }
    reg_query_free(&q);
}

static void dotnet(struct chk *c)
{
    struct reg_query q;
    const struct reg_value *v = NULL;
    int rc = reg_one(c, F_DOTNET, "system.dotnet", "Release", &q, &v);
    long long rel = 0;
    if (rc > 0 && reg_dword(v, &rel) == 0) {
        char seen[32];
        snprintf(seen, sizeof seen, "%lld", rel);
        report_add(c->r, "system.dotnet", FST_OK, F_DOTNET, ev(F_DOTNET, v->line, seen, "present"),
                   ".NET Framework 4 is installed (release %lld)",
                   ".NET Framework 4 がある (release %lld)", rel);
    } else if (rc >= 0) {
        report_add(c->r, "system.dotnet", FST_FAIL, F_DOTNET,
                   ev(F_DOTNET, rc > 0 ? v->line : q.not_found_line, rc > 0 ? v->data : "not found",
                      "present"),
                   ".NET Framework 4 is missing or disabled: the applications cannot run (manual 9)",
                   ".NET Framework 4 がない、または無効。アプリが動作できない (手順書 9)");
    }
    reg_query_free(&q);
}

static void display(struct chk *c)
{
    struct reg_query q;
    const struct reg_value *v = NULL;
    int rc = reg_one(c, F_DISPLAY, "system.display", "AppliedDPI", &q, &v);
    long long dpi = 0;
    if (rc > 0 && reg_dword(v, &dpi) == 0 && dpi > 0 && dpi < 100000) {
        char seen[32];
        snprintf(seen, sizeof seen, "%lld dpi (%lld%%)", dpi, dpi * 100 / 96);
        if (dpi == 96)
            report_add(c->r, "system.display", FST_OK, F_DISPLAY,
                       ev(F_DISPLAY, v->line, seen, "96 dpi (100%)"), "Display scaling is 100%%",
                       "表示スケールは 100%%");
        else
            report_add(c->r, "system.display", FST_WARN, F_DISPLAY,
                       ev(F_DISPLAY, v->line, seen, "96 dpi (100%)"),
                       "Display scaling is %lld%%, not 100%%: buttons may not fit (manual 2 ディスプレイ)",
                       "表示スケールが %lld%% で 100%% ではない。ボタンが収まらないことがある (手順書 2 ディスプレイ)",
                       dpi * 100 / 96);
    } else if (rc >= 0) {
        struct parse_diag d = {0};
        diag_set(&d, rc > 0 ? v->line : q.not_found_line, "no AppliedDPI value");
        chk_unreadable(c, "system", F_DISPLAY, &d);
    }
    reg_query_free(&q);
}

static void power(struct chk *c)
{
    struct input in;
    if (chk_read(c, "system", F_POWER, "system.power", &in) > 0) {
        struct kvlist l;
        struct parse_diag d = {0};
        int prc = kvtext_parse((const unsigned char *)in.raw.data, in.raw.len, &l, &d);
        const struct kv *bs = prc == 0 ? kv_find(&l, (const char *const[]){"BatteryStatus", NULL})
                                       : NULL;
        /* No battery: Get-CimInstance prints nothing. */
        int blank = 1;
        if (prc != 0) {
            char *text;
            size_t len;
            struct parse_diag d2;
            if (text_decode((const unsigned char *)in.raw.data, in.raw.len, &text, &len, &d2) == 0) {
                const char *s = text;
                t_trim(&s, &len);
                blank = len == 0;
                free(text);
            }
        }
        long long st = 0;
        if (prc != 0 && blank) {
            report_add(c->r, "system.power", FST_OK, F_POWER, ev(F_POWER, 0, "no battery", "AC power"),
                       "No battery: the server runs on AC power", "バッテリーなし (AC電源)");
        } else if (prc != 0) {
            chk_unreadable(c, "system", F_POWER, &d);
        } else if (!bs || t_parse_ll(bs->val, strlen(bs->val), &st) != 0) {
            if (l.error) {
                diag_set(&d, l.error_line, "%s", l.error);
                chk_unreadable(c, "system", F_POWER, &d);
            } else {
                report_add(c->r, "system.power", FST_OK, F_POWER,
                           ev(F_POWER, 0, "battery without status", "AC power"),
                           "A battery without BatteryStatus", "BatteryStatus のないバッテリー");
            }
        } else if (st == 1 || st == 4 || st == 5) {
            /* Win32_Battery.BatteryStatus 1 discharging, 4 low, 5 critical */
            report_add(c->r, "system.power", FST_FAIL, F_POWER,
                       ev(F_POWER, bs->line, bs->val, "2 (AC)"),
                       "The server runs on battery (BatteryStatus %lld): connect AC power (manual 9)",
                       "バッテリーのみで動作している (BatteryStatus %lld)。AC電源につなぐ (手順書 9)", st);
        } else {
            report_add(c->r, "system.power", FST_OK, F_POWER, ev(F_POWER, bs->line, bs->val, "2 (AC)"),
                       "On AC power (BatteryStatus %lld)", "AC電源で動作 (BatteryStatus %lld)", st);
        }
        kvlist_free(&l);
    }
    input_free(&in);
}

void check_system(struct chk *c)
{
    struct input in;
    int rd = chk_read(c, "system", F_OS, "system.platform", &in);
    input_free(&in);
    if (rd < 0)
        return; /* not a Windows host: one skip says it */
    /* os.txt missing was reported; the other files may still be there.
     * os() reads the file again, with its own findings. */
    if (rd > 0)
        os(c);
    edge(c);
    dotnet(c);
    display(c);
    power(c);
}
