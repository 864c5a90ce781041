#include "report_sample.h"

#include <stdlib.h>
#include <string.h>

#include "core/render.h"

static struct report *base(void)
{
    struct report *r = report_new("snapshot");
    report_set_host(r, "OQS-SV01");
    snprintf(r->started, sizeof r->started, "2026-11-23T10:00:00Z");
    r->elapsed_ms = 1812;
    report_add(r, "account.exists", FST_OK, "account/net_user.txt", NULL, "OqsComApp exists",
               "OqsComApp が存在する");
    report_add(r, "account.admin", FST_OK, "account/net_localgroup.txt", NULL,
               "OqsComApp is in Administrators", "OqsComApp は Administrators に所属");
    report_add(r, "system.dotnet", FST_OK, "system/dotnet.txt", NULL, ".NET Framework 4.8",
               ".NET Framework 4.8");
    report_add(r, "proxy.winhttp.server", FST_OK, "proxy/winhttp.txt", NULL,
               "WinHTTP uses proxy.base.oqs-pdl.org:8080", "WinHTTP は proxy.base.oqs-pdl.org:8080");
    report_add(r, "ntp.w32tm.source", FST_OK, "system/w32tm_status.txt", NULL,
               "Source ntp.base.oqs-pdl.org", "同期元 ntp.base.oqs-pdl.org");
    report_add(r, "system.display", FST_OK, "system/display.txt", NULL, "Scaling 100%%",
               "表示スケール 100%%");
    report_add(r, "comapp.version", FST_OK, "apps/comapp_version.txt", NULL, "OqsComApp 4.2.0",
               "連携アプリケーション 4.2.0");
    report_add(r, "folders.exists", FST_OK, "folders/listing.txt", NULL, "req and res exist",
               "req と res がある");
    report_add(r, "cert.client.present", FST_OK, "certs/user-my", NULL,
               "Client certificate present", "クライアント証明書がある");
    report_add(r, "cert.client.expiry", FST_OK, "certs/user-my", json_pack("{s:i}", "days_left", 412),
               "412 days left", "残り 412 日");
    report_add(r, "distroapp.version", FST_OK, "apps/distroapp_version.txt", NULL,
               "OQSDistroApp 2.1.0", "配信アプリケーション 2.1.0");
    report_add(r, "tasks.enabled", FST_OK, "tasks/schtasks.csv", json_pack("{s:s}", "task", "OQS_exec_distroappstart"),
               "OQS_exec_distroappstart is enabled", "OQS_exec_distroappstart は有効");
    report_add(r, "tasks.enabled", FST_OK, "tasks/schtasks.csv", json_pack("{s:s}", "task", "OQS_exec_comappstart"),
               "OQS_exec_comappstart is enabled", "OQS_exec_comappstart は有効");
    report_add(r, "creds.login_key", FST_OK, "creds/credentials.json", NULL,
               "OQS_LOGIN_KEY user R0000001", "OQS_LOGIN_KEY ユーザー R0000001");
    report_add(r, "tls.handshake", FST_OK, "probe:tls",
               json_pack("{s:s, s:i}", "protocol", "TLSv1.3", "elapsed_ms", 210),
               "TLSv1.3 handshake with hweb.oqs.onshikaku.org", "hweb.oqs.onshikaku.org と TLSv1.3");
    report_add(r, "tls.server_cert.expiry", FST_OK, "probe:tls", json_pack("{s:i}", "days_left", 200),
               "Server certificate: 200 days left", "サーバー証明書 残り 200 日");
    report_add(r, "system.platform", FST_SKIP, "probe:system", NULL, "not Windows", "Windows ではない");
    return r;
}

struct report *rs_healthy(void)
{
    struct report *r = base();
    report_add(r, "proxy.tunnel", FST_OK, "probe:proxy", json_pack("{s:i}", "elapsed_ms", 320),
               "CONNECT d2vhvuj0j7c8bh.cloudfront.net:443 ok", "CONNECT 成功");
    report_add(r, "ntp.query", FST_OK, "probe:ntp",
               json_pack("{s:s, s:f, s:i}", "address", "192.0.2.10", "offset_ms", 12.5, "elapsed_ms", 40),
               "192.0.2.10 answers", "192.0.2.10 が応答");
    report_add(r, "ntp.query", FST_OK, "probe:ntp",
               json_pack("{s:s, s:f, s:i}", "address", "2001:db8::10", "offset_ms", -3.25, "elapsed_ms", 55),
               "2001:db8::10 answers", "2001:db8::10 が応答");
    report_add(r, "ntp.rr", FST_OK, "probe:ntp", NULL, "Every address answers", "全アドレスが応答");
    report_add(r, "comapp.results", FST_OK, "oqs/results.tsv", json_pack("{s:i}", "normal", 3),
               "No recent result file ended abnormally (3 normal)",
               "異常終了した結果データファイルはない (正常 3 件)");
    return r;
}

struct report *rs_failing(void)
{
    struct report *r = base();
    report_add(r, "proxy.tunnel.auth_required", FST_FAIL, "probe:proxy",
               json_pack("{s:i, s:s}", "elapsed_ms", 320, "status_line", "HTTP/1.1 407 <Proxy \"Auth\">"),
               "The proxy demands authentication (407)", "プロキシ認証を要求された (407)");
    report_add(r, "ntp.query", FST_OK, "probe:ntp",
               json_pack("{s:s, s:f, s:i}", "address", "192.0.2.10", "offset_ms", 12.5, "elapsed_ms", 40),
               "192.0.2.10 answers", "192.0.2.10 が応答");
    report_add(r, "ntp.query", FST_FAIL, "probe:ntp",
               json_pack("{s:s, s:i}", "address", "192.0.2.11", "elapsed_ms", 2000),
               "192.0.2.11 does not answer", "192.0.2.11 が応答しない");
    report_add(r, "ntp.rr.unreachable", FST_FAIL, "probe:ntp", NULL,
               "1 of 2 addresses of ntp.base.oqs-pdl.org do not answer NTP",
               "ntp.base.oqs-pdl.org の 2 件中 1 件が応答しない");
    const char *r1[] = {"2 プロキシ"}, *b1[] = {"proxy.tunnel.auth_required"};
    report_add_kb(r, "proxy-requirements", r1, 1, "プロキシサーバーの要件を満たしていない",
                  "The proxy does not meet the requirements", 0.9, b1, 1);
    const char *r2[] = {"補24"}, *b2[] = {"ntp.rr.unreachable"};
    report_add_kb(r, "ntp-dns-round-robin", r2, 1, "ネットワーク機器がDNSラウンドロビン非対応の場合",
                  "Network equipment without DNS round-robin support", 0.8, b2, 1);
    return r;
}

char *rs_render(const struct report *r, const char *which, int ja)
{
    FILE *f = tmpfile();
    struct render_opts o = {.lang = ja ? LANG_JA : LANG_EN};
    if (!f)
        return NULL;
    if (strcmp(which, "text") == 0)
        render_text(f, r, &o);
    else if (strcmp(which, "json") == 0)
        render_json(f, r);
    else if (strcmp(which, "nagios") == 0)
        render_nagios(f, r);
    else if (strcmp(which, "prometheus") == 0)
        render_prometheus(f, r);
    else
        render_html(f, r, &o, NULL);
    long n = ftell(f);
    rewind(f);
    char *s = calloc(1, (size_t)(n > 0 ? n : 0) + 1);
    if (s && n > 0 && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    fclose(f);
    return s;
}
