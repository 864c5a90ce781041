/* manual 2 時刻 5: the time service syncs from ntp.base.oqs-pdl.org. Read from
 * `w32tm /query /status` (Source, Leap Indicator, Last Successful Sync Time)
 * and `/configuration` (NtpServer), in Japanese or English. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "core/netconfig.h"

#define F_STATUS "system/w32tm_status.txt"
#define F_CONFIG "system/w32tm_config.txt"

static const char *const k_source[] = {"Source", "ソース", NULL};
static const char *const k_leap[] = {"Leap Indicator", "閏インジケーター", "うるう秒インジケーター",
                                     "うるう秒指示子", NULL};
static const char *const k_sync[] = {"Last Successful Sync Time", "最終正常同期時刻",
                                     "最後に成功した同期時刻", NULL};
static const char *const k_ntpserver[] = {"NtpServer", NULL};

/* "ntp.base.oqs-pdl.org,0x8" -> the name; flags such as ,0x8 are accepted. */
static void source_name(const char *v, char *out, size_t cap)
{
    size_t n = strcspn(v, ", ");
    t_copy(out, cap, v, n);
}

static void status(struct chk *c, const struct kvlist *l)
{
    const char *want = netcfg_expected(c->cfg, "ntp.server");
    if (l->error) {
        report_add(c->r, "ntp.w32tm.source", FST_FAIL, F_STATUS,
                   ev(F_STATUS, l->error_line, l->error, want),
                   "w32tm cannot report its status (is the Windows Time service running?): %s",
                   "w32tm の状態を取得できない (Windows Time サービスが停止?): %s", l->error);
        return;
    }
    const struct kv *src = kv_find(l, k_source);
    if (!src) {
        struct parse_diag d = {0};
        diag_set(&d, 1, "no \"Source\" (ソース) line");
        chk_unreadable(c, "ntp", F_STATUS, &d);
    } else {
        char name[256];
        source_name(src->val, name, sizeof name);
        if (t_ieq(name, want))
            report_add(c->r, "ntp.w32tm.source", FST_OK, F_STATUS,
                       ev(F_STATUS, src->line, src->val, want), "Windows Time syncs from %s",
                       "Windows Time の同期元は %s", src->val);
        else
            report_add(c->r, "ntp.w32tm.source", FST_FAIL, F_STATUS,
                       ev(F_STATUS, src->line, src->val, want),
                       "Windows Time syncs from \"%s\", not %s (manual 2 時刻 5)",
                       "Windows Time の同期元が「%s」で、%s ではない (手順書 2 時刻 5)", src->val,
                       want);
    }
    const struct kv *leap = kv_find(l, k_leap);
    if (leap) {
        int li = leap->val[0] >= '0' && leap->val[0] <= '3' ? leap->val[0] - '0' : -1;
        if (li == 3)
            report_add(c->r, "ntp.w32tm.leap", FST_FAIL, F_STATUS,
                       ev(F_STATUS, leap->line, leap->val, "0"),
                       "Windows Time is not synchronised (leap indicator 3)",
                       "Windows Time が同期していない (閏インジケーター 3)");
        else if (li >= 0)
            report_add(c->r, "ntp.w32tm.leap", FST_OK, F_STATUS,
                       ev(F_STATUS, leap->line, leap->val, "0"), "Windows Time is synchronised",
                       "Windows Time は同期している");
    }
    const struct kv *sync = kv_find(l, k_sync);
    if (sync) {
        long long t;
        long hours = config_int(c->cfg, "ntp.last_sync_warn_hours");
        char want_s[64];
        snprintf(want_s, sizeof want_s, "within %ld hours", hours);
        if (parse_windows_time(sync->val, c->tz_min, &t) != 0) {
            /* "unspecified" / 「指定されていません」: never synced */
            report_add(c->r, "ntp.w32tm.last_sync", FST_FAIL, F_STATUS,
                       ev(F_STATUS, sync->line, sync->val, want_s),
                       "Windows Time has no successful sync (%s)",
                       "Windows Time が一度も同期に成功していない (%s)", sync->val);
        } else {
            long long age = c->now - t;
            json_t *e = ev(F_STATUS, sync->line, sync->val, want_s);
            json_object_set_new(e, "age_hours", json_integer(age / 3600));
            if (age > hours * 3600LL)
                report_add(c->r, "ntp.w32tm.last_sync", FST_WARN, F_STATUS, e,
                           "Windows Time last synced %lld hours ago",
                           "Windows Time の最終同期は %lld 時間前", age / 3600);
            else
                report_add(c->r, "ntp.w32tm.last_sync", FST_OK, F_STATUS, e,
                           "Windows Time synced %lld hours ago", "Windows Time は %lld 時間前に同期した",
                           age > 0 ? age / 3600 : 0);
        }
    }
}

static void configuration(struct chk *c, const struct kvlist *l)
{
    const char *want = netcfg_expected(c->cfg, "ntp.server");
    const struct kv *ns = kv_find(l, k_ntpserver);
    if (!ns) {
        if (l->error) {
            struct parse_diag d = {0};
            diag_set(&d, l->error_line, "%s", l->error);
            chk_unreadable(c, "ntp", F_CONFIG, &d);
        }
        return;
    }
    /* "ntp.base.oqs-pdl.org,0x8 other,0x1 (Local)": any listed server; the
     * trailing "(Local)" / "(ローカル)" / "(Policy)" says where it was set. */
    char val[256];
    t_copy(val, sizeof val, ns->val, strcspn(ns->val, "("));
    size_t vl = strlen(val);
    while (vl > 0 && val[vl - 1] == ' ')
        val[--vl] = '\0';
    int found = 0;
    const char *p = val;
    while (*p && !found) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, ", ");
        found = n > 0 && t_ieqn(p, n, want);
        p += strcspn(p, " ");
    }
    report_add(c->r, "ntp.w32tm.config", found ? FST_OK : FST_FAIL, F_CONFIG,
               ev(F_CONFIG, ns->line, val, want),
               found ? "NtpServer is %s (names %s)" : "NtpServer is \"%s\", not %s",
               found ? "NtpServer は %s (%s を含む)" : "NtpServer が「%s」で %s ではない",
               val, want);
}

/* Configurations ②/③ without an alternative time server: the manual says
 * to skip the time setting (2 時刻), so there is nothing to judge. */
static int time_skipped(struct chk *c)
{
    if (!netcfg_time_skipped(c->cfg))
        return 0;
    enum netcfg n = netcfg_of(c->cfg);
    int given = config_is_set(c->cfg, "ntp.server");
    json_t *e = json_pack("{s:s, s:s}", "network_config", config_str(c->cfg, "network.config"),
                          "ntp.server", given ? "(empty)" : "(not set)");
    const char *why_en = given ? "no alternative time server exists, so the time setting was "
                                 "skipped as the manual allows (2 時刻)"
                               : "the time server is the one the contact gives: set ntp.server "
                                 "to it, or to empty when there is none (the manual then skips "
                                 "the time setting, 2 時刻)";
    const char *why_ja = given ? "代替の時刻サーバーがないため、手順書のとおり時刻設定はスキップ (2 時刻)"
                               : "時刻サーバーは問い合わせ先の値: ntp.server に設定する (ない場合は空に"
                                 "する。手順書では時刻設定をスキップ、2 時刻)";
    report_add(c->r, "ntp.w32tm.source", FST_SKIP, F_STATUS, e, "%s: %s%.0s%.0s",
               "%.0s%.0s%s: %s", netcfg_label(n, 0), why_en, netcfg_label(n, 1), why_ja);
    return 1;
}

void check_time(struct chk *c)
{
    if (time_skipped(c))
        return;
    struct input in;
    int rd = chk_read(c, "ntp", F_STATUS, "ntp.w32tm.source", &in);
    if (rd < 0) {
        input_free(&in);
        return;
    }
    if (rd > 0) {
        struct kvlist l;
        struct parse_diag d = {0};
        if (kvtext_parse((const unsigned char *)in.raw.data, in.raw.len, &l, &d) != 0)
            chk_unreadable(c, "ntp", F_STATUS, &d);
        else
            status(c, &l);
        kvlist_free(&l);
    }
    input_free(&in);
    if (chk_read(c, "ntp", F_CONFIG, "ntp.w32tm.config", &in) > 0) {
        struct kvlist l;
        struct parse_diag d = {0};
        if (kvtext_parse((const unsigned char *)in.raw.data, in.raw.len, &l, &d) != 0)
            chk_unreadable(c, "ntp", F_CONFIG, &d);
        else
            configuration(c, &l);
        kvlist_free(&l);
    }
    input_free(&in);
}
