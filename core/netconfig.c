/* The manual's three network configurations (netconfig.h). */
#include "netconfig.h"

#include <string.h>

static const struct {
    const char *line_ja, *line_en, *carrier;
    enum netcfg cfg;
} carriers[] = {
#define NETCFG_CARRIER(lj, le, c, n) {lj, le, c, n},
#include "netconfig.def"
#undef NETCFG_CARRIER
};

enum netcfg netcfg_of(const struct config *c)
{
    const char *v = config_str(c, "network.config");
    return strcmp(v, "carrier") == 0 ? NETCFG_CARRIER
           : strcmp(v, "clinic") == 0 ? NETCFG_CLINIC
                                       : NETCFG_BASE;
}

const char *netcfg_label(enum netcfg n, int ja)
{
    static const char *const l[3][2] = {
        {"(1) base: delivery-site based (配信拠点起点)", "① 配信拠点起点"},
        {"(2) carrier: network-carrier based (ネットワーク事業者起点)", "② ネットワーク事業者起点"},
        {"(3) clinic: clinic based (医療機関等起点)", "③ 医療機関等起点"},
    };
    return l[n][ja ? 1 : 0];
}

int netcfg_given(const struct config *c, const char *key)
{
    return netcfg_of(c) == NETCFG_BASE || config_is_set(c, key);
}

const char *netcfg_expected(const struct config *c, const char *key)
{
    return netcfg_given(c, key) ? config_str(c, key) : NULL;
}

int netcfg_time_skipped(const struct config *c)
{
    const char *v = netcfg_expected(c, "ntp.server");
    return !v || !*v;
}

void netcfg_print_table(FILE *out, int ja)
{
    fprintf(out, ja ? "回線と構成 (手順書 2 プロキシ 4、8-01。2021年6月時点):\n"
                    : "Lines and configurations (manual 2 プロキシ 4, 8-01; as of June 2021):\n");
    const char *last = "";
    for (size_t i = 0; i < sizeof carriers / sizeof carriers[0]; i++) {
        const char *line = ja ? carriers[i].line_ja : carriers[i].line_en;
        if (strcmp(line, last) != 0)
            fprintf(out, "  %s\n", line);
        last = line;
        fprintf(out, "    %s: %s\n", carriers[i].carrier, netcfg_label(carriers[i].cfg, ja));
    }
    fprintf(out, ja ? "  ②③: プロキシと時刻サーバーは問い合わせ先の値 (proxy.server, proxy.bypass, "
                      "ntp.server)。配信アプリの「接続する配信サーバー」はクラウド。\n"
                    : "  (2)(3): proxy and time server are what the contact gave (proxy.server, "
                      "proxy.bypass, ntp.server); the delivery app connects to the cloud.\n");
}
