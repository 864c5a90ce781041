/* Every local check over one source, in the manual's order, then the
 * snapshot's own probe results (probes/NAME.json). */
#include "checks.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "check.h"
#include "collectors/layout.h"
#include "collectors/parsers/manifest.h"
#include "collectors/parsers/system_info.h"

#define JST_MINUTES (9 * 60) /* Japanese servers, when systeminfo does not say */

/* Appends " (more)" to *s; on no memory *s stays as it was. */
static void append(char **s, const char *more)
{
    size_t a = strlen(*s), b = strlen(more);
    char *n = realloc(*s, a + b + 1);
    if (!n)
        return;
    memcpy(n + a, more, b + 1);
    *s = n;
}

/* How bad a status is, for keeping the worse of two words on one thing. */
static int badness(enum fstatus st)
{
    static const int rank[FST_COUNT] = {[FST_SKIP] = 0, [FST_OK] = 1, [FST_UNKNOWN] = 2,
                                        [FST_WARN] = 3, [FST_FAIL] = 4};
    return (unsigned)st < FST_COUNT ? rank[st] : 0;
}

/* cmdkey (system/cmdkey_list.txt) lists a credential's target; the on-site
 * check (probes/local.json) read the entry itself and judged its value's
 * shape. Both say creds.<x>: one finding stays, so that a report never says
 * "not stored" and "stored" of one credential (issue 16). The worse word
 * stays, never hiding a failure (the direct read's on a tie, it says more),
 * and the other's word goes into its evidence ("also") and, when the two
 * disagree, into its summary. */
static int reconcile_pair(struct report *r, size_t first)
{
    for (size_t i = first; i < r->nfindings; i++) {
        if (strncmp(r->findings[i].id, "creds.", 6) != 0 ||
            strcmp(r->findings[i].source, "probes/local.json") != 0)
            continue;
        for (size_t j = first; j < r->nfindings; j++) {
            if (j == i || strcmp(r->findings[j].id, r->findings[i].id) != 0 ||
                strcmp(r->findings[j].source, LAYOUT_PATH(CMDKEY)) != 0)
                continue;
            size_t keep = badness(r->findings[j].status) > badness(r->findings[i].status) ? j : i;
            size_t drop = keep == i ? j : i;
            struct finding *k = &r->findings[keep];
            const struct finding *d = &r->findings[drop];
            json_object_set_new(k->evidence, "also",
                                json_pack("{s:s, s:s, s:s}", "source", d->source, "status",
                                          fstatus_name(d->status), "summary", d->summary));
            if (k->status != d->status) {
                char en[700], ja[800];
                snprintf(en, sizeof en, " (%s said: %s)", d->source, d->summary);
                snprintf(ja, sizeof ja, " (%s では: %s)", d->source, d->summary_ja);
                append(&k->summary, en);
                append(&k->summary_ja, ja);
            }
            report_drop(r, drop);
            return 1;
        }
    }
    return 0;
}

static void reconcile_creds(struct report *r, size_t first)
{
    while (reconcile_pair(r, first))
        ;
}

struct probes_ctx {
    struct chk *c;
};

static int merge_probe(const char *name, void *ud)
{
    struct probes_ctx *p = ud;
    struct chk *c = p->c;
    size_t n = strlen(name);
    if (n < 6 || strcmp(name + n - 5, ".json") != 0)
        return 0;
    char file[300];
    snprintf(file, sizeof file, "probes/%s", name);
    struct buf raw = {0};
    struct oqs_err err = {{0}};
    struct report *sub = NULL;
    if (source_read(c->src, file, &raw, &err) == SRC_OK) {
        json_error_t je;
        json_t *doc = json_loadb(raw.data, raw.len, 0, &je);
        if (!doc)
            snprintf(err.msg, sizeof err.msg, "line %d: %s", je.line, je.text);
        else
            sub = report_from_json(doc, &err);
        json_decref(doc);
    }
    buf_free(&raw);
    if (sub) {
        size_t first = c->r->nfindings;
        report_merge(c->r, sub, file);
        /* Evidence names the file each finding came from, like the checks'. */
        for (size_t i = first; i < c->r->nfindings; i++)
            if (!json_object_get(c->r->findings[i].evidence, "file"))
                json_object_set_new(c->r->findings[i].evidence, "file", json_string(file));
        json_t *e = json_pack("{s:s, s:i}", "file", file, "findings", (int)sub->nfindings);
        report_add(c->r, "snapshot.probes", FST_OK, file, e, "%s: %zu finding(s) merged",
                   "%s: %zu 件の結果を取り込んだ", file, sub->nfindings);
        report_free(sub);
    } else {
        json_t *e = json_pack("{s:s, s:s}", "file", file, "error", err.msg);
        report_add(c->r, "snapshot.probes", FST_UNKNOWN, file, e, "%s cannot be read: %s",
                   "%s を読めない: %s", file, err.msg);
    }
    return 0;
}

/* In the order they run (and their findings appear). */
const struct check_def check_defs[] = {
    {"account", check_account, "the OqsComApp account: exists, exact name, active, administrator",
     "OqsComApp アカウント (存在、名前、有効、管理者)"},
    {"proxy", check_proxy, "WinHTTP and the user's proxy setting, the bypass list",
     "WinHTTP とユーザーのプロキシ設定、例外リスト"},
    {"ntp", check_ntp, "the Windows time service: source, sync state, last sync, NtpServer",
     "Windows Time (同期元、同期状態、最終同期、NtpServer)"},
    {"cert", check_certs, "the client certificate and the root that issued it",
     "クライアント証明書と発行元ルート証明書"},
    {"distroapp", check_distroapp, "the 配信実績 record and the delivery app's settings",
     "配信実績と配信アプリの設定"},
    {"tasks", check_tasks, "the five OQS_exec_* tasks: present, enabled, run as, trigger, result",
     "5つの OQS_exec_* タスク (存在、有効、実行ユーザー、トリガー、結果)"},
    {"creds", check_creds, "Credential Manager entries (names and verdicts, never secrets)",
     "資格情報マネージャーの登録 (名前と判定のみ)"},
    {"versions", check_versions, "installed versions of the linkage and delivery apps",
     "連携アプリと配信アプリのバージョン"},
    {"comapp", check_results, "recent result files: abnormal ends and their error codes",
     "最近の結果ファイル (異常終了とエラーコード)"},
    {"folders", check_folders, "req/res folders: present, left-over files, share, access",
     "req/res フォルダ (存在、残留ファイル、共有、アクセス権)"},
    {"system", check_system, "OS, Edge, .NET Framework, display scaling, power",
     "OS、Edge、.NET Framework、表示倍率、電源"},
    {"shortcut", check_shortcut, "the desktop shortcut to the OQS web site",
     "デスクトップの OQS Web サイトのショートカット"},
    {"resolver", check_resolver, "name resolution as the applications see it: DNS servers, hosts file, IPv6",
     "アプリが使う名前解決 (DNS サーバー、hosts ファイル、IPv6)"},
    {"events", check_events, "Windows event logs: time service, DNS, Schannel, app crashes, tasks",
     "Windows イベントログ (時刻サービス、DNS、Schannel、アプリの異常終了、タスク)"},
};
const size_t check_count = sizeof check_defs / sizeof check_defs[0];

int checks_run(struct source *src, const struct config *cfg, struct report *r,
               struct oqs_err *err)
{
    if (!src || !cfg || !r)
        return oqs_errf(err, "checks_run: nothing to check");
    struct chk c = {.src = src, .cfg = cfg, .r = r, .now = plat_time_now(), .tz_min = JST_MINUTES};
    size_t first = r->nfindings;
    struct snap_meta meta;
    check_manifest(&c, &meta);
    c.mic_masked = meta.mic_masked;
    int tz = JST_MINUTES;
    int got = system_info_read(src, c.host, sizeof c.host, &tz, c.locale, sizeof c.locale);
    if (got & 2)
        c.tz_min = tz;
    if (!(got & 4))
        c.locale[0] = '\0';
    if (!(got & 1))
        c.host[0] = '\0';
    if (meta.host[0])
        snprintf(c.host, sizeof c.host, "%s", meta.host);
    /* Judge an old snapshot as of the day it was collected. */
    if (meta.snapshot)
        check_snapshot_time(&c, meta.collected);

    for (size_t i = 0; i < check_count; i++)
        check_defs[i].run(&c);

    struct probes_ctx p = {&c};
    struct oqs_err lerr;
    enum source_status st = source_list(src, "probes", merge_probe, &p, &lerr);
    if (st == SRC_ERROR)
        report_add(r, "snapshot.probes", FST_UNKNOWN, "probes",
                   json_pack("{s:s, s:s}", "file", "probes", "error", lerr.msg),
                   "probes/ cannot be listed: %s", "probes/ を一覧できない: %s", lerr.msg);
    reconcile_creds(r, first);
    check_comapp_not_needed(&c, first);
    check_line_type(&c);
    /* Whose proxy, certificates and credentials these are: a snapshot's
     * collector, or the user running this live check on Windows. */
    if (meta.snapshot)
        check_collected_by(&c, meta.user, meta.elevated, first);
    else if (plat_is_windows())
        check_collected_by(&c, NULL, -1, first);
    return 0;
}
