#ifndef OQSDIAG_NETCONFIG_H
#define OQSDIAG_NETCONFIG_H

#include <stdio.h>
#include "config.h"

/* The three network configurations of the manual (2 プロキシ 4, 8-01):
 * which proxy and time server a site uses, and whether the delivery app
 * connects to the cloud. Setting `network.config` (core/config_keys.def). */
enum netcfg {
    NETCFG_BASE,    /* ① 配信拠点起点: the manual's proxy and NTP server */
    NETCFG_CARRIER, /* ② ネットワーク事業者起点: the carrier's values */
    NETCFG_CLINIC   /* ③ 医療機関等起点: the clinic's or vendor's values */
};

enum netcfg netcfg_of(const struct config *c);

/* "① 配信拠点起点" / "① base (delivery site)" and so on. */
const char *netcfg_label(enum netcfg n, int ja);

/* Whether the value of key is known: always in ①, in ②/③ only when set. */
int netcfg_given(const struct config *c, const char *key);

/* The value a check compares key (proxy.server, ntp.server: text keys)
 * with: the manual's in ①, the one given in ②/③; NULL in ②/③ when the
 * key was not set (only the carrier or clinic knows it). */
const char *netcfg_expected(const struct config *c, const char *key);

/* Whether the manual's time setting counts as skipped: ntp.server empty
 * (②/③ without an alternative time server, as the manual allows). */
int netcfg_time_skipped(const struct config *c);

/* Why checklist item 2-3 is not needed then (evidence "not_needed"). */
#define NOT_NEEDED_TIME                                                                        \
    "②③で代替の時刻サーバーがない (ntp.server が空): 手順書 2 時刻「存在しない場合は本設定を"       \
    "スキップしてください」 / no alternative time server (ntp.server empty): the manual skips "  \
    "the time setting"

/* The manual's table of carriers and configurations, as text. */
void netcfg_print_table(FILE *out, int ja);

#endif
