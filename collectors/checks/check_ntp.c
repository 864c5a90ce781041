/* manual 2 時刻 5: the time service syncs from ntp.base.oqs-pdl.org. Read from
 * `w32tm /query /status` (Source, Leap Indicator, Last Successful Sync Time)
 * and `/configuration` (NtpServer), in Japanese or English. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "core/netconfig.h"
#include "collectors/layout.h"

#define F_STATUS LAYOUT_PATH(W32TM_STATUS)
#define F_CONFIG LAYOUT_PATH(W32TM_CONFIG)

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

static const char *const k_type[] = {"Type", NULL};

/* "The following error occurred: The service has not been started.
 * (0x80070426)" in any language: W32Time is stopped. */
static int service_stopped(const struct kvlist *l)
{
    return l->error && t_ifind(l->error, strlen(l->error), "0x80070426");
}

/* w32tm printed an error instead of its listing: 1 when a finding says so. */
static int w32tm_error(struct chk *c, const struct kvlist *l, const char *file)
{
    if (!l->error)
        return 0;
    if (service_stopped(l)) {
        report_add(c->r, "ntp.w32tm.service", FST_FAIL, file,
                   ev(file, l->error_line, l->error, "W32Time running"),
                   "The Windows Time service (W32Time) is stopped: %s",
                   "Windows Time サービス (W32Time) が停止している: %s", l->error);
        return 1;
    }
    struct parse_diag d = {0};
    diag_set(&d, l->error_line, "w32tm printed an error: %s", l->error);
    chk_unreadable(c, "ntp", file, &d);
    return 1;
}

static void leap_indicator(struct chk *c, const struct kv *leap)
{
    int li = leap->val[0] >= '0' && leap->val[0] <= '3' ? leap->val[0] - '0' : -1;
    if (li == 3)
        report_add(c->r, "ntp.w32tm.leap", FST_FAIL, F_STATUS, ev(F_STATUS, leap->line, leap->val, "0"),
                   "Windows Time is not synchronised (leap indicator 3)",
                   "Windows Time が同期していない (閏インジケーター 3)");
    else if (li >= 0)
        report_add(c->r, "ntp.w32tm.leap", FST_OK, F_STATUS, ev(F_STATUS, leap->line, leap->val, "0"),
                   "Windows Time is synchronised", "Windows Time は同期している");
    else
        report_add(c->r, "ntp.w32tm.leap", FST_UNKNOWN, F_STATUS,
                   ev(F_STATUS, leap->line, leap->val, "0"),
                   "The leap indicator \"%s\" cannot be read", "閏インジケーター「%s」を読み取れない",
                   leap->val);
}

static void last_sync(struct chk *c, const struct kv *sync)
{
    long hours = config_int(c->cfg, "ntp.last_sync_warn_hours");
    char want_s[64];
    snprintf(want_s, sizeof want_s, "within %ld hours", hours);
    /* Only these mean "never": anything else is a date, read or not. */
    if (t_ieq(sync->val, "unspecified") || strcmp(sync->val, "未指定") == 0) {
        report_add(c->r, "ntp.w32tm.last_sync", FST_FAIL, F_STATUS,
                   ev(F_STATUS, sync->line, sync->val, want_s),
                   "Windows Time has no successful sync (%s)",
                   "Windows Time が一度も同期に成功していない (%s)", sync->val);
        return;
    }
    enum date_order hint = date_order_for_locale(c->locale), used = DATE_ORDER_UNKNOWN;
    long long t;
    int rc = parse_windows_date(sync->val, hint, c->tz_min, &t, &used);
    json_t *e = ev(F_STATUS, sync->line, sync->val, want_s);
    json_object_set_new(e, "locale", json_string(c->locale[0] ? c->locale : "unknown"));
    if (rc != 0) {
        report_add(c->r, "ntp.w32tm.last_sync", FST_UNKNOWN, F_STATUS, e,
                   rc == -2 ? "The last sync time \"%s\" is ambiguous: day and month cannot be told "
                              "apart (system locale %s)"
                            : "The last sync time \"%s\" cannot be read (system locale %s)",
                   rc == -2 ? "最終同期時刻「%s」は日と月の区別がつかない (システム ロケール %s)"
                            : "最終同期時刻「%s」を読み取れない (システム ロケール %s)",
                   sync->val, c->locale[0] ? c->locale : "unknown");
        return;
    }
    json_object_set_new(e, "date_order", json_string(date_order_name(used)));
    long long age = c->now - t;
    json_object_set_new(e, "age_hours", json_integer(age / 3600));
    if (age > hours * 3600LL)
        report_add(c->r, "ntp.w32tm.last_sync", FST_WARN, F_STATUS, e,
                   "Windows Time last synced %lld hours ago (read as %s)",
                   "Windows Time の最終同期は %lld 時間前 (%s として読んだ)", age / 3600,
                   date_order_name(used));
    else
        report_add(c->r, "ntp.w32tm.last_sync", FST_OK, F_STATUS, e,
                   "Windows Time synced %lld hours ago (read as %s)",
                   "Windows Time は %lld 時間前に同期した (%s として読んだ)",
                   age > 0 ? age / 3600 : 0, date_order_name(used));
}

static void status(struct chk *c, const struct kvlist *l)
{
    const char *want = netcfg_expected(c->cfg, "ntp.server");
    if (w32tm_error(c, l, F_STATUS))
        return;
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
    if (leap)
        leap_indicator(c, leap);
    const struct kv *sync = kv_find(l, k_sync);
    if (sync)
        last_sync(c, sync);
}

/* "ntp.base.oqs-pdl.org,0x8 other,0x1 (Local)": any listed server; the
 * trailing "(Local)" / "(Policy)" says where it was set. */
static void ntp_server(struct chk *c, const struct kv *ns, const char *want)
{
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
    if (given)
        json_object_set_new(e, "not_needed", json_string(NOT_NEEDED_TIME));
    report_add(c->r, "ntp.w32tm.source", FST_SKIP, F_STATUS, e, "%s: %s%.0s%.0s",
               "%.0s%.0s%s: %s", netcfg_label(n, 0), why_en, netcfg_label(n, 1), why_ja);
    return 1;
}

static void configuration(struct chk *c, const struct kvlist *l)
{
    const char *want = netcfg_expected(c->cfg, "ntp.server");
    if (w32tm_error(c, l, F_CONFIG))
        return;
    const struct kv *type = kv_find(l, k_type);
    char tv[64] = "";
    if (type)
        t_copy(tv, sizeof tv, type->val, strcspn(type->val, " ("));
    /* A domain member follows the domain hierarchy: no NtpServer is used. */
    if (t_ieq(tv, "NT5DS")) {
        report_add(c->r, "ntp.w32tm.config.domain", FST_WARN, F_CONFIG,
                   ev(F_CONFIG, type->line, type->val, want),
                   "The server follows the domain hierarchy (Type: NT5DS), not %s: its time comes "
                   "from a domain controller (manual 2 時刻 5 names %s)",
                   "ドメインの階層に従って同期している (Type: NT5DS)。%s ではなくドメイン コントローラーから"
                   "時刻を得る (手順書 2 時刻 5 は %s)",
                   want, want);
        return;
    }
    if (t_ieq(tv, "NoSync")) {
        report_add(c->r, "ntp.w32tm.config", FST_FAIL, F_CONFIG,
                   ev(F_CONFIG, type->line, type->val, want),
                   "The time service does not sync at all (Type: NoSync), not from %s",
                   "時刻を同期しない設定 (Type: NoSync) で、%s から同期しない", want);
        return;
    }
    const struct kv *ns = kv_find(l, k_ntpserver);
    if (ns) {
        ntp_server(c, ns, want);
        return;
    }
    struct parse_diag d = {0};
    diag_set(&d, type ? type->line : 1, "no \"NtpServer\" line (Type: %s)", type ? tv : "not shown");
    chk_unreadable(c, "ntp", F_CONFIG, &d);
}

void check_ntp(struct chk *c)
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
