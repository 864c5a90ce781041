/* The manual's closing checklist filled in from findings. Which findings
 * belong to which item follows the section that sets the thing up; the
 * table below is the whole mapping (docs/reports.md explains it). */
#include "checklist.h"

#include <stdlib.h>
#include <string.h>

enum {
    I_ACCOUNT, I_WINDOWS, I_PREP, I_PROXY, I_TIME, I_DISPLAY, I_COMAPP, I_CERT,
    I_OQS_ACCOUNT, I_OQS_SETTINGS, I_DISTROAPP, I_QUALIFY
};

#define SEC2_JA "2 Windowsの設定を変更する（配信アプリケーション準備等）"
#define SEC2_EN "2 Change the Windows settings (preparing the delivery application, etc.)"

static const struct cl_def defs[CL_NITEMS] = {
    {"account", "1", -1, "ユーザーアカウント（OqsComApp）を作成した",
     "Created the user account (OqsComApp)", "1 WindowsServerにユーザアカウントを追加する",
     "1 Add the user account to Windows Server"},
    {"windows", "2", -1, "Windowsの設定を変更した", "Changed the Windows settings", SEC2_JA,
     SEC2_EN},
    {"windows.distroapp_prep", "2-1", I_WINDOWS, "配信アプリ準備",
     "Prepared for the delivery application", SEC2_JA, SEC2_EN},
    {"windows.proxy", "2-2", I_WINDOWS, "プロキシサーバーの設定", "Proxy server settings",
     SEC2_JA " — プロキシサーバーを設定します", SEC2_EN " — proxy server"},
    {"windows.time", "2-3", I_WINDOWS, "時刻設定の変更", "Time settings",
     SEC2_JA " — 時刻の設定を変更します", SEC2_EN " — time"},
    {"windows.display", "2-4", I_WINDOWS, "ディスプレイ設定を変更します", "Display settings",
     SEC2_JA " — ディスプレイ設定を変更します", SEC2_EN " — display"},
    {"comapp", "3", -1, "連携アプリケーションをインストールした（インストールが必要な医療機関等のみ）",
     "Installed the linkage application (where needed)", "3 連携アプリケーションをインストールする",
     "3 Install the linkage application"},
    {"cert", "4", -1, "認証局の電子証明書をインストールした",
     "Installed the certificate authority's client certificate",
     "4 認証局の電子証明書をインストールする", "4 Install the client certificate"},
    {"oqs_account", "5", -1, "オンライン資格確認等システムにアカウントを作成した",
     "Created the accounts on the OQS system", "6 アカウントを作成する",
     "6 Create the accounts (on the OQS web)"},
    {"oqs_settings", "6", -1,
     "文字コード、医療扶助、医療情報の閲覧、電子処方箋管理サービス、電子カルテ情報共有サービス等の利用有無などの環境情報を設定した",
     "Set the environment settings (character code, medical aid, information viewing, "
     "e-prescription and e-health-record services)",
     "7 文字コード、医療扶助、医療情報等の閲覧、電子処方箋管理サービス、電子カルテ情報共有サービス等の利用有無を設定する",
     "7 Set the character code and which services are used (on the OQS web)"},
    {"distroapp", "7", -1, "配信アプリケーションをインストールした",
     "Installed the delivery application", "8 配信アプリケーションをインストールする",
     "8 Install the delivery application"},
    {"qualification", "8", -1, "資格確認できるか確認した",
     "Checked that qualification confirmation works", "9 資格確認できるか確認する",
     "9 Check that qualification confirmation works"},
};

/* Which tasks a task finding is about: section 8-02 registers the delivery
 * application's tasks, section 9 the linkage application's. */
enum app { APP_ANY, APP_DISTRO, APP_COM };

struct rule {
    const char *glob;
    enum app app;
    int item;
};

/* First match wins. */
static const struct rule rules[] = {
    {"account.*", APP_ANY, I_ACCOUNT},
    /* What the delivery application needs on the server before it is
     * installed: the OS, .NET Framework, Edge (事前準備, 2). */
    {"system.dotnet", APP_ANY, I_PREP},
    {"system.edge", APP_ANY, I_PREP},
    {"system.os", APP_ANY, I_PREP},
    {"proxy.*", APP_ANY, I_PROXY},
    {"ntp.*", APP_ANY, I_TIME},
    {"dns.rr*", APP_ANY, I_TIME},
    {"system.display", APP_ANY, I_DISPLAY},
    {"comapp.version", APP_ANY, I_COMAPP},
    {"comapp.input.*", APP_ANY, I_COMAPP},
    {"folders.leftover", APP_ANY, I_QUALIFY},
    {"folders.*", APP_ANY, I_COMAPP},
    {"cert.*", APP_ANY, I_CERT},
    {"tls.client_cert.*", APP_ANY, I_CERT},
    {"distroapp.*", APP_ANY, I_DISTROAPP},
    {"tasks.*", APP_DISTRO, I_DISTROAPP},
    {"tasks.*", APP_COM, I_QUALIFY},
    /* A task finding that names no application (input missing) counts for
     * both items (items_of); its own section is the later one. */
    {"tasks.*", APP_ANY, I_QUALIFY},
    {"creds.*", APP_ANY, I_QUALIFY},
    {"comapp.*", APP_ANY, I_QUALIFY},
    {"tls.*", APP_ANY, I_QUALIFY},
    {"dns.*", APP_ANY, I_QUALIFY},
    {"web.*", APP_ANY, I_QUALIFY},
    /* 9 末尾: not on battery. */
    {"system.power", APP_ANY, I_QUALIFY},
};

static int glob_match(const char *g, const char *s)
{
    for (; *g; g++, s++) {
        if (*g == '*') {
            for (const char *t = s;; t++) {
                if (glob_match(g + 1, t))
                    return 1;
                if (!*t)
                    return 0;
            }
        }
        if (!*s || (*g != '?' && *g != *s))
            return 0;
    }
    return *s == '\0';
}

static int contains(const char *s, const char *needle)
{
    return s && strstr(s, needle) != NULL;
}

static enum app app_of(const struct finding *f)
{
    const char *task = json_string_value(json_object_get(f->evidence, "task"));
    const char *texts[] = {task, f->summary};
    for (size_t i = 0; i < 2; i++) {
        /* Task names: OQS_exec_distroapp*, OQS_exec_comapp* (8-02, 9). */
        if (contains(texts[i], "distroapp") || contains(texts[i], "DistroApp"))
            return APP_DISTRO;
        if (contains(texts[i], "comapp") || contains(texts[i], "ComApp"))
            return APP_COM;
    }
    return APP_ANY;
}

int checklist_item_of(const struct finding *f)
{
    enum app app = APP_ANY;
    int app_done = 0;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (!glob_match(rules[i].glob, f->id))
            continue;
        if (rules[i].app != APP_ANY) {
            if (!app_done) {
                app = app_of(f);
                app_done = 1;
            }
            if (app != rules[i].app)
                continue;
        }
        return rules[i].item;
    }
    return -1;
}

/* The items a finding counts for: its own, and for a task finding that
 * names no application also the delivery application's. */
static size_t items_of(const struct finding *f, int out[2])
{
    int it = checklist_item_of(f);
    if (it < 0)
        return 0;
    out[0] = it;
    if (glob_match("tasks.*", f->id) && app_of(f) == APP_ANY) {
        out[1] = I_DISTROAPP;
        return 2;
    }
    return 1;
}

/* An item takes its worst finding's status by fstatus_rank() (fail >
 * unknown > warn > ok): a cross needs one failure; a tick needs every
 * finding of the item to be readable. Rank 0: no finding judged it. */
static enum cl_state state_of_rank(int rk)
{
    static const enum cl_state m[] = {CL_UNKNOWN, CL_OK, CL_WARN, CL_UNKNOWN, CL_FAIL};
    return m[rk];
}

static int push(struct cl_item *it, size_t idx)
{
    size_t *d = realloc(it->decided, (it->ndecided + 1) * sizeof *d);
    if (!d)
        return -1;
    d[it->ndecided++] = idx;
    it->decided = d;
    return 0;
}

int checklist_eval(const struct report *r, struct checklist *cl)
{
    int worst[CL_NITEMS] = {0};
    memset(cl, 0, sizeof *cl);
    for (size_t i = 0; i < CL_NITEMS; i++)
        cl->items[i].def = &defs[i];
    for (size_t i = 0; i < r->nfindings; i++) {
        int its[2];
        size_t n = items_of(&r->findings[i], its);
        for (size_t k = 0; k < n; k++) {
            int rk = fstatus_rank(r->findings[i].status);
            cl->items[its[k]].nseen++;
            if (rk > worst[its[k]])
                worst[its[k]] = rk;
        }
    }
    /* A parent is as good as its worst sub-item. */
    for (int i = 0; i < CL_NITEMS; i++)
        if (defs[i].parent >= 0 && worst[i] > worst[defs[i].parent])
            worst[defs[i].parent] = worst[i];
    for (int i = 0; i < CL_NITEMS; i++) {
        struct cl_item *it = &cl->items[i];
        it->state = state_of_rank(worst[i]);
        if (strcmp(defs[i].id, "oqs_account") == 0 || strcmp(defs[i].id, "oqs_settings") == 0)
            it->state = CL_MANUAL;
    }
    /* The deciding findings: those at the item's worst status (for a
     * parent, its sub-items' too). */
    for (size_t i = 0; i < r->nfindings; i++) {
        int its[2];
        size_t n = items_of(&r->findings[i], its);
        int rk = fstatus_rank(r->findings[i].status);
        for (size_t k = 0; k < n; k++) {
            int targets[2] = {its[k], defs[its[k]].parent};
            for (size_t t = 0; t < 2; t++) {
                if (targets[t] < 0 || rk == 0 || rk != worst[targets[t]])
                    continue;
                if (push(&cl->items[targets[t]], i) < 0) {
                    checklist_free(cl);
                    return -1;
                }
            }
        }
    }
    return 0;
}

void checklist_free(struct checklist *cl)
{
    for (size_t i = 0; i < CL_NITEMS; i++) {
        free(cl->items[i].decided);
        cl->items[i].decided = NULL;
        cl->items[i].ndecided = 0;
    }
}

const char *cl_state_name(enum cl_state st)
{
    static const char *const n[] = {"ok", "warn", "fail", "unknown", "manual"};
    return n[st];
}

const char *cl_state_mark(enum cl_state st)
{
    static const char *const m[] = {"✔", "✔", "✘", "?", "☐"};
    return m[st];
}

int checklist_kb_applies(const struct report *r, const struct cl_item *it, const struct kb_hit *k)
{
    for (size_t b = 0; b < k->nbecause; b++)
        for (size_t d = 0; d < it->ndecided; d++)
            if (strcmp(k->because[b], r->findings[it->decided[d]].id) == 0)
                return 1;
    return 0;
}

json_t *checklist_to_json(const struct report *r, const struct checklist *cl)
{
    json_t *arr = json_array();
    if (!arr)
        return NULL;
    for (size_t i = 0; i < CL_NITEMS; i++) {
        const struct cl_item *it = &cl->items[i];
        json_t *ids = json_array(), *kb = json_array();
        for (size_t d = 0; ids && d < it->ndecided; d++) {
            const char *id = r->findings[it->decided[d]].id;
            int dup = 0;
            for (size_t e = 0; e < d && !dup; e++)
                dup = strcmp(r->findings[it->decided[e]].id, id) == 0;
            if (!dup)
                json_array_append_new(ids, json_string(id));
        }
        if (it->state == CL_FAIL)
            for (size_t k = 0; kb && k < r->nkb; k++)
                if (checklist_kb_applies(r, it, &r->kb[k]))
                    json_array_append_new(kb, json_string(r->kb[k].id));
        json_t *o = json_pack("{s:s, s:s, s:s*, s:s, s:s, s:s, s:s, s:o*, s:o*}",
                              "id", it->def->id, "no", it->def->no, "parent",
                              it->def->parent >= 0 ? defs[it->def->parent].id : NULL, "state",
                              cl_state_name(it->state), "text", it->def->text_ja, "text_en",
                              it->def->text_en, "section", it->def->section_ja, "decided_by", ids,
                              "kb", kb);
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}
