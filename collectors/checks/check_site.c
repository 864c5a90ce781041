/* What this site is, applied to the findings of every area once all ran.
 *
 * manual 3: 連携アプリケーションは「インストールが必要な医療機関等のみ」. A site
 * that does not use it (comapp.used=no) has nothing to fix there: the
 * linkage application's findings that are not ok become skip, with the reason in the
 * evidence ("not_needed") that makes checklist item 3 "not needed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define WHY "comapp.used=no: 連携アプリケーションを使わない (手順書 3: インストールが必要な医療機関等のみ) / " \
            "the site does not use the linkage application"

static int prefixed(const char *id, const char *prefix)
{
    return strncmp(id, prefix, strlen(prefix)) == 0;
}

/* Whether f is about the linkage application: its version, results,
 * folders, credentials (9 資格情報マネージャー) and tasks (9 定期起動). */
static int of_comapp(const struct finding *f)
{
    if (prefixed(f->id, "comapp.") || prefixed(f->id, "creds.") || prefixed(f->id, "folders."))
        return 1;
    const char *task = json_string_value(json_object_get(f->evidence, "task"));
    return prefixed(f->id, "tasks.") && task && strstr(task, "comapp") != NULL;
}

static char *with_prefix(const char *prefix, const char *s)
{
    size_t n = strlen(prefix) + strlen(s ? s : "") + 1;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s", prefix, s ? s : "");
    return out;
}

void check_comapp_not_needed(struct chk *c, size_t first)
{
    if (strcmp(config_str(c->cfg, "comapp.used"), "no") != 0)
        return;
    for (size_t i = first; i < c->r->nfindings; i++) {
        struct finding *f = &c->r->findings[i];
        /* What is installed and right stays ok: only what would need fixing
         * is not needed. */
        if (!of_comapp(f) || f->status == FST_SKIP || f->status == FST_OK)
            continue;
        char *en = with_prefix("not needed (comapp.used=no): ", f->summary);
        char *ja = with_prefix("不要 (comapp.used=no): ", f->summary_ja ? f->summary_ja : f->summary);
        if (!en || !ja) {
            free(en);
            free(ja);
            continue; /* out of memory: the finding stays as it was judged */
        }
        free(f->summary);
        free(f->summary_ja);
        f->summary = en;
        f->summary_ja = ja;
        json_object_set_new(f->evidence, "status_before", json_string(fstatus_name(f->status)));
        json_object_set_new(f->evidence, "not_needed", json_string(WHY));
        f->status = FST_SKIP;
    }
}

/* The line (network.line) on the findings whose KB entry depends on it: a
 * name that does not resolve means 回線認証接続 on IP-VPN (5 注意) and the
 * carrier's line setup on IPsec+IKE (2 時刻 6, 8-03). */
void check_line_type(struct chk *c)
{
    const char *line = config_str(c->cfg, "network.line");
    for (size_t i = 0; i < c->r->nfindings; i++) {
        struct finding *f = &c->r->findings[i];
        if (prefixed(f->id, "dns.") || prefixed(f->id, "tls.connect") ||
            prefixed(f->id, "events.dns."))
            json_object_set_new(f->evidence, "line", json_string(line));
    }
}
