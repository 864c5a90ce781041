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
     "1 Add the user account to Windows Server", 0, NULL, NULL, NULL},
    {"windows", "2", -1, "Windowsの設定を変更した", "Changed the Windows settings", SEC2_JA,
     SEC2_EN, 0, NULL, NULL, NULL},
    /* 2: 「配信アプリケーションインストールのための準備および…以下のWindowsの
     * 設定を変更します。プロキシサーバーの設定 / 時刻設定の変更 / ディスプレイの設定」 */
    {"windows.distroapp_prep", "2-1", I_WINDOWS, "配信アプリ準備",
     "Prepared for the delivery application", SEC2_JA, SEC2_EN, 0, "2-2, 2-3, 2-4", NULL, NULL},
    {"windows.proxy", "2-2", I_WINDOWS, "プロキシサーバーの設定", "Proxy server settings",
     SEC2_JA " — プロキシサーバーを設定します", SEC2_EN " — proxy server", 0, NULL, NULL, NULL},
    /* 2 時刻: ②③で代替の時刻サーバーが「存在しない場合は本設定をスキップしてください」 */
    {"windows.time", "2-3", I_WINDOWS, "時刻設定の変更", "Time settings",
     SEC2_JA " — 時刻の設定を変更します", SEC2_EN " — time", 1, NULL, NULL, NULL},
    {"windows.display", "2-4", I_WINDOWS, "ディスプレイ設定を変更します", "Display settings",
     SEC2_JA " — ディスプレイ設定を変更します", SEC2_EN " — display", 0, NULL, NULL, NULL},
    {"comapp", "3", -1, "連携アプリケーションをインストールした（インストールが必要な医療機関等のみ）",
     "Installed the linkage application (where needed)", "3 連携アプリケーションをインストールする",
     "3 Install the linkage application", 1, NULL, NULL, NULL},
    {"cert", "4", -1, "認証局の電子証明書をインストールした",
     "Installed the certificate authority's client certificate",
     "4 認証局の電子証明書をインストールする", "4 Install the client certificate", 0, NULL, NULL,
     NULL},
    {"oqs_account", "5", -1, "オンライン資格確認等システムにアカウントを作成した",
     "Created the accounts on the OQS system", "6 アカウントを作成する",
     "6 Create the accounts (on the OQS web)", 0, NULL,
     "アカウントの作成は、医療機関等向け オンライン資格確認等システム操作マニュアル 管理者編 2章 "
     "アカウントを管理する を参照して行う (連携アプリ用アカウント、WebAPI用アカウントは連携アプリ搭載"
     "サーバーごと。顔認証用アカウントは対象外)。",
     "Create the accounts on the OQS web per the administrator's operation manual, chapter 2 "
     "(the linkage-app and WebAPI accounts once per server; no face-authentication account)."},
    {"oqs_settings", "6", -1,
     "文字コード、医療扶助、医療情報の閲覧、電子処方箋管理サービス、電子カルテ情報共有サービス等の利用有無などの環境情報を設定した",
     "Set the environment settings (character code, medical aid, information viewing, "
     "e-prescription and e-health-record services)",
     "7 文字コード、医療扶助、医療情報等の閲覧、電子処方箋管理サービス、電子カルテ情報共有サービス等の利用有無を設定する",
     "7 Set the character code and which services are used (on the OQS web)", 0, NULL,
     "文字コードの初期値は UTF-8。Shift-JIS に変更する場合と各サービスの利用有無は、操作マニュアル "
     "管理者編 3章 環境情報を設定する を参照する (文字コードの変更は管理アカウントでのみ実施可能)。",
     "The character code is UTF-8 by default; Shift-JIS and which services are used are set on the "
     "OQS web per the administrator's operation manual, chapter 3 (the code only with the "
     "administrator account)."},
    {"distroapp", "7", -1, "配信アプリケーションをインストールした",
     "Installed the delivery application", "8 配信アプリケーションをインストールする",
     "8 Install the delivery application", 0, NULL, NULL, NULL},
    /* An action, not a setting: ticked only when a result file ended
     * normally (SegmentOfResult 1), else done by hand as 9 02 says. */
    {"qualification", "8", -1, "資格確認できるか確認した",
     "Checked that qualification confirmation works", "9 資格確認できるか確認する",
     "9 Check that qualification confirmation works", 0, NULL,
     "正常終了した結果データファイル (SegmentOfResult 1) が見つからないため、手作業で確認する: "
     "① 資格確認書又は処方箋の情報をブラウザで入力し、資格確認できるか確認する (9 02)。"
     "② 連携アプリケーションを使う場合は、既存システムから資格確認できるか確認する (9 03)。"
     "※実在する資格が表示されますので、ご注意ください。",
     "No result file ended normally (SegmentOfResult 1), so check by hand: (1) enter a 資格確認書 "
     "or prescription in the browser and check that qualification confirmation works (9 02); "
     "(2) with the linkage application, check it from the existing system (9 03). Real "
     "insurance data is shown."},
};

/* What a tick means where the findings cannot reach the checklist's words:
 * the manual asks for the latest applications (事前準備, 9-01), which only
 * the portal knows; the versions are judged against comapp.min_version and
 * distroapp.min_version, so ✔ there reads "minimum met". */
static const struct {
    const char *id, *ja, *en;
} ok_notes[] = {
    {"comapp", "最低バージョン (comapp.min_version) を満たす。最新版かはポータルで確認する (9-01)",
     "minimum version met (comapp.min_version); whether it is the latest: compare with the portal "
     "(9-01)"},
    {"distroapp",
     "最低バージョン (distroapp.min_version) を満たす。最新版かはポータルで確認する (9-01)",
     "minimum version met (distroapp.min_version); whether it is the latest: compare with the "
     "portal (9-01)"},
};

const char *checklist_ok_note(const struct cl_item *it, int ja)
{
    if (it->state != CL_OK && it->state != CL_WARN)
        return NULL;
    for (size_t i = 0; i < sizeof ok_notes / sizeof ok_notes[0]; i++)
        if (strcmp(ok_notes[i].id, it->def->id) == 0)
            return ja ? ok_notes[i].ja : ok_notes[i].en;
    return NULL;
}

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
    /* The OS and Edge are 事前準備, before the checklist's first item: they
     * belong to no item (doctor shows them). 2-1 sums up 2-2..2-4. */
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
    /* 9 末尾: not on battery, .NET Framework not disabled. */
    {"system.power", APP_ANY, I_QUALIFY},
    {"system.dotnet", APP_ANY, I_QUALIFY},
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

/* The reason a skipped finding gives for its item not being needed. */
static const char *not_needed(const struct finding *f)
{
    return f->status == FST_SKIP ? json_string_value(json_object_get(f->evidence, "not_needed"))
                                 : NULL;
}

/* 8 is ticked only by what the action leaves behind: a result file that
 * ended normally (check_results counts them in "normal"). */
static int qualified(const struct report *r)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].id, "comapp.results") == 0 &&
            (r->findings[i].status == FST_OK || r->findings[i].status == FST_WARN) &&
            json_integer_value(json_object_get(r->findings[i].evidence, "normal")) > 0)
            return 1;
    return 0;
}

static int sums_up(int item)
{
    return item == I_PROXY || item == I_TIME || item == I_DISPLAY;
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
            struct cl_item *it = &cl->items[its[k]];
            int rk = fstatus_rank(r->findings[i].status);
            it->nseen++;
            if (rk > worst[its[k]])
                worst[its[k]] = rk;
            if (!it->why)
                it->why = not_needed(&r->findings[i]);
        }
    }
    for (int i = 0; i < CL_NITEMS; i++)
        if (sums_up(i) && worst[i] > worst[I_PREP])
            worst[I_PREP] = worst[i];
    /* A parent is as good as its worst sub-item. */
    for (int i = 0; i < CL_NITEMS; i++)
        if (defs[i].parent >= 0 && worst[i] > worst[defs[i].parent])
            worst[defs[i].parent] = worst[i];
    for (int i = 0; i < CL_NITEMS; i++) {
        struct cl_item *it = &cl->items[i];
        it->state = state_of_rank(worst[i]);
        /* A conditional item the site skipped is not needed even where
         * something of it is in place (dns.rr of 2-3, req/res of 3). */
        if (defs[i].conditional && worst[i] <= fstatus_rank(FST_OK) && it->why)
            it->state = CL_NOT_NEEDED;
        else
            it->why = NULL;
        if (i == I_OQS_ACCOUNT || i == I_OQS_SETTINGS)
            it->state = CL_MANUAL;
        if (i == I_QUALIFY && it->state != CL_FAIL && !qualified(r))
            it->state = CL_MANUAL;
    }
    /* The deciding findings: those at the item's worst status (for a
     * parent or 2-1, its sub-items' too). */
    for (size_t i = 0; i < r->nfindings; i++) {
        int its[2];
        size_t n = items_of(&r->findings[i], its);
        int rk = fstatus_rank(r->findings[i].status);
        for (size_t k = 0; k < n; k++) {
            int targets[3] = {its[k], defs[its[k]].parent, sums_up(its[k]) ? I_PREP : -1};
            for (size_t t = 0; t < 3; t++) {
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
    static const char *const n[CL_NSTATES] = {"ok",     "warn",   "fail",
                                              "unknown", "manual", "not_needed"};
    return n[st];
}

const char *cl_state_mark(enum cl_state st)
{
    static const char *const m[CL_NSTATES] = {"✔", "✔", "✘", "?", "☐", "−"};
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
        int manual = it->state == CL_MANUAL;
        json_t *o = json_pack("{s:s, s:s, s:s*, s:s, s:s, s:s, s:s, s:o*, s:o*, s:s*, s:s*, s:s*, "
                              "s:s*}",
                              "id", it->def->id, "no", it->def->no, "parent",
                              it->def->parent >= 0 ? defs[it->def->parent].id : NULL, "state",
                              cl_state_name(it->state), "text", it->def->text_ja, "text_en",
                              it->def->text_en, "section", it->def->section_ja, "decided_by", ids,
                              "kb", kb, "covers", it->def->covers, "not_needed", it->why,
                              "steps", manual ? it->def->steps_ja : NULL, "steps_en",
                              manual ? it->def->steps_en : NULL);
        if (o && checklist_ok_note(it, 1))
            json_object_set_new(o, "ok_note", json_pack("{s:s, s:s}", "ja", checklist_ok_note(it, 1),
                                                         "en", checklist_ok_note(it, 0)));
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}
