/* The server's own record: the System, Application and Task Scheduler event
 * logs (events/<log>.xml) judged against the manual's entries. One table of
 * rules (provider, event ids, a filter) says which events are faults; each
 * rule gives one finding per subject (a task, a name) with its count and
 * times. A fault followed by a success it concerns (a later sync, a later
 * successful run of the same task) is history (ok); a fault seen in the last
 * RECENT_HOURS with no success after it is current; an older one is warn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "collectors/layout.h"
#include "collectors/parsers/events.h"
#include "collectors/parsers/parsers.h"
#include "core/platform.h"

#define F_SYSTEM LAYOUT_PATH(EVENTS_SYSTEM)
#define F_APP LAYOUT_PATH(EVENTS_APPLICATION)
#define F_TASKS LAYOUT_PATH(EVENTS_TASKS)
#define RECENT_HOURS 24
#define MAX_AGG 48
#define MAX_SUCC 32
#define MAX_HITS 3   /* newest events of a finding shown in its evidence */
#define HIT_TEXT 300

#define P_TIME "Microsoft-Windows-Time-Service"
#define P_SCM "Service Control Manager"
#define P_DNS "Microsoft-Windows-DNS-Client"
#define P_SCHANNEL "Schannel"
#define P_WU "Microsoft-Windows-WindowsUpdateClient"
#define P_TASKS "Microsoft-Windows-TaskScheduler"

/* What clears a fault: a later success of the same kind and subject. */
enum succ { SUCC_NONE, SUCC_TIME, SUCC_TASK, SUCC_WU };

struct ev_judge;
struct ev_rule {
    const char *id;
    enum layout_id file;
    const char *provider;
    unsigned long ids[7];   /* 0-terminated */
    /* 1 when e is this rule's fault; fills subject (the finding's key) and
     * detail (what the evidence names: peer, alert, result code). */
    int (*applies)(const struct win_event *e, const struct ev_judge *j, char *subject,
                   size_t sn, char *detail, size_t dn);
    enum fstatus current;
    enum succ cleared_by;
    const char *what_en, *what_ja;
};

struct ev_hit {
    long long t;
    unsigned long id;
    unsigned line;
    char time[48];
    char text[HIT_TEXT];
};

struct ev_agg {
    const struct ev_rule *rule;
    char subject[128], detail[200];
    size_t count;
    long long first, last;
    unsigned long ids[4];
    struct ev_hit hits[MAX_HITS];
    size_t nhits;
};

struct ev_succ {
    enum succ kind;
    char subject[128];
    long long last;
};

struct ev_judge {
    struct chk *c;
    const char *ntp;        /* ntp.server */
    long long since;        /* events before this are out of the window */
    long days;
    const char *file;
    struct ev_agg agg[MAX_AGG];
    size_t nagg;
    struct ev_succ succ[MAX_SUCC];
    size_t nsucc;
    size_t in_window;       /* events of the file within the window */
};

/* ---- the filters of the rules ---- */

static int names_ntp(const struct win_event *e, const struct ev_judge *j, char *s, size_t sn,
                     char *d, size_t dn)
{
    (void)s;
    (void)sn;
    if (!event_mentions(e, j->ntp))
        return 0;
    snprintf(d, dn, "peer %s", j->ntp);
    return 1;
}

static int any_event(const struct win_event *e, const struct ev_judge *j, char *s, size_t sn,
                     char *d, size_t dn)
{
    (void)e, (void)j, (void)s, (void)sn, (void)d, (void)dn;
    return 1;
}

static int w32time(const struct win_event *e, const struct ev_judge *j, char *s, size_t sn,
                   char *d, size_t dn)
{
    (void)j, (void)s, (void)sn;
    if (!event_mentions(e, "W32Time") && !event_mentions(e, "Windows Time"))
        return 0;
    snprintf(d, dn, "service W32Time");
    return 1;
}

/* DNS-Client 1014 names the query in QueryName (and the message). */
static int oqs_name(const struct win_event *e, const struct ev_judge *j, char *s, size_t sn,
                    char *d, size_t dn)
{
    size_t n = 0;
    const char *const *names = config_list(j->c->cfg, "names", &n);
    for (size_t i = 0; i <= n; i++) {
        const char *name = i < n ? names[i] : j->ntp;
        if (*name && event_mentions(e, name)) {
            snprintf(s, sn, "%s", name);
            snprintf(d, dn, "name %s", name);
            return 1;
        }
    }
    return 0;
}

/* The TLS alert of Schannel 36887/36888: AlertDesc, else the number after
 * "code is" / 「コードは」 / "alert was received:" in the message. */
static long schannel_alert(const struct win_event *e)
{
    long long v;
    const char *a = event_data(e, "AlertDesc");
    if (a && t_parse_ll(a, strlen(a), &v) == 0)
        return (long)v;
    static const char *const marks[] = {"code is ", "コードは ", "コードは", ": ", NULL};
    for (size_t i = 0; marks[i]; i++) {
        const char *p = strstr(e->message, marks[i]);
        if (!p)
            continue;
        p += strlen(marks[i]);
        size_t k = strspn(p, "0123456789");
        if (k && t_parse_ll(p, k, &v) == 0)
            return (long)v;
    }
    return -1;
}

static const char *alert_name(long a)
{
    switch (a) {
    case 42: return "bad_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 48: return "unknown_ca";
    default: return NULL;
    }
}

static int untrusted(const struct win_event *e, const struct ev_judge *j, char *s, size_t sn,
                     char *d, size_t dn)
{
    (void)j, (void)s, (void)sn;
    if (e->id == 36882) {
        snprintf(d, dn, "untrusted certificate authority");
        return 1;
    }
    if (schannel_alert(e) != 48)
        return 0;
    snprintf(d, dn, "alert 48 (unknown_ca)");
    return 1;
}

static int cert_refused(const struct win_event *e, const struct ev_judge *j, char *s, size_t sn,
                        char *d, size_t dn)
{
    (void)j, (void)s, (void)sn;
    if (e->id == 36884 || e->id == 36885) {
        snprintf(d, dn, "%s", e->id == 36884 ? "certificate name mismatch"
                                             : "client certificate not among the server's CAs");
        return 1;
    }
    long a = schannel_alert(e);
    if (a == 48 || !alert_name(a))
        return 0;
    snprintf(d, dn, "alert %ld (%s)", a, alert_name(a));
    return 1;
}

static int names_program(const struct win_event *e, const char *prog, char *d, size_t dn)
{
    if (!event_mentions(e, prog))
        return 0;
    snprintf(d, dn, "program %s", prog);
    return 1;
}

static int comapp(const struct win_event *e, const struct ev_judge *j, char *s, size_t sn,
                  char *d, size_t dn)
{
    (void)j, (void)s, (void)sn;
    return names_program(e, "OQSComApp", d, dn);
}

static int distroapp(const struct win_event *e, const struct ev_judge *j, char *s, size_t sn,
                     char *d, size_t dn)
{
    (void)j, (void)s, (void)sn;
    return names_program(e, "OQSDistroApp", d, dn);
}

/* "\OQS_exec_comappstart" -> "OQS_exec_comappstart"; NULL when not an OQS task. */
static const char *oqs_task(const struct win_event *e)
{
    const char *name = event_data(e, "TaskName");
    if (!name)
        return NULL;
    const char *base = strrchr(name, '\\');
    base = base ? base + 1 : name;
    return t_istarts(base, strlen(base), "OQS_exec_") ? base : NULL;
}

static int result_code(const struct win_event *e, unsigned long *code)
{
    long long v;
    const char *r = event_data(e, "ResultCode");
    if (!r || t_parse_ll(r, strlen(r), &v) != 0)
        return -1;
    *code = (unsigned long)(v & 0xFFFFFFFFLL);
    return 0;
}

static int task_failed(const struct win_event *e, const struct ev_judge *j, char *s, size_t sn,
                       char *d, size_t dn)
{
    (void)j;
    const char *task = oqs_task(e);
    unsigned long code = 0;
    int have = result_code(e, &code) == 0;
    if (!task || (e->id == 201 && (!have || code == 0)))
        return 0;
    snprintf(s, sn, "%s", task);
    if (have) {
        const char *m = sched_result_meaning(code);
        snprintf(d, dn, "task %s, result 0x%lX%s%s", task, code, m ? ": " : "", m ? m : "");
    } else {
        snprintf(d, dn, "task %s", task);
    }
    return 1;
}

/* The manual's entries these rules lead to are in kb/entries (triggers on
 * the ids). Japanese and English wording of each event: fixtures README. */
static const struct ev_rule rules[] = {
    {"events.time.peer_dns", LF_EVENTS_SYSTEM, P_TIME, {134}, names_ntp, FST_FAIL, SUCC_TIME,
     "Windows Time cannot resolve its NTP server (補24)",
     "Windows Time が NTP サーバー名を解決できない (補24)"},
    {"events.time.no_sync", LF_EVENTS_SYSTEM, P_TIME, {47, 36, 129}, any_event, FST_FAIL, SUCC_TIME,
     "Windows Time gets no valid time", "Windows Time が時刻を同期できていない"},
    {"events.time.service", LF_EVENTS_SYSTEM, P_SCM, {7000, 7023, 7031}, w32time, FST_FAIL, SUCC_TIME,
     "the Windows Time service failed", "Windows Time サービスが起動失敗・異常終了した"},
    {"events.dns.timeout", LF_EVENTS_SYSTEM, P_DNS, {1014}, oqs_name, FST_FAIL, SUCC_NONE,
     "resolving an OQS name timed out", "OQS の名前の名前解決がタイムアウトした"},
    {"events.schannel.key", LF_EVENTS_SYSTEM, P_SCHANNEL, {36870}, any_event, FST_FAIL, SUCC_NONE,
     "the TLS client credential's private key cannot be used",
     "TLS クライアント資格情報の秘密キーを使えない"},
    {"events.schannel.untrusted", LF_EVENTS_SYSTEM, P_SCHANNEL, {36882, 36887, 36888}, untrusted,
     FST_FAIL, SUCC_NONE, "a certificate chain ends in an untrusted root",
     "信頼されていないルートの証明書"},
    {"events.schannel.cert", LF_EVENTS_SYSTEM, P_SCHANNEL, {36884, 36885, 36887, 36888}, cert_refused,
     FST_FAIL, SUCC_NONE, "a certificate was refused in the TLS handshake",
     "TLS ハンドシェイクで証明書が拒否された"},
    {"events.wu.failed", LF_EVENTS_SYSTEM, P_WU, {20, 25}, any_event, FST_WARN, SUCC_WU,
     "Windows Update failed (expected while the proxy is closed for maintenance)",
     "Windows Update が失敗した (プロキシ閉塞期間中なら想定どおり)"},
    {"events.comapp.crash", LF_EVENTS_APPLICATION, "Application Error", {1000}, comapp, FST_FAIL, SUCC_NONE,
     "the linkage application crashed", "連携アプリケーションが異常終了した"},
    {"events.comapp.crash", LF_EVENTS_APPLICATION, "Application Hang", {1002}, comapp, FST_FAIL, SUCC_NONE,
     "the linkage application hung", "連携アプリケーションが応答しなくなった"},
    {"events.comapp.crash", LF_EVENTS_APPLICATION, ".NET Runtime", {1026}, comapp, FST_FAIL, SUCC_NONE,
     "the linkage application ended with an unhandled .NET exception",
     "連携アプリケーションが .NET の未処理例外で終了した"},
    {"events.distroapp.crash", LF_EVENTS_APPLICATION, "Application Error", {1000}, distroapp, FST_FAIL,
     SUCC_NONE, "the delivery application crashed", "配信アプリケーションが異常終了した"},
    {"events.distroapp.crash", LF_EVENTS_APPLICATION, "Application Hang", {1002}, distroapp, FST_FAIL,
     SUCC_NONE, "the delivery application hung", "配信アプリケーションが応答しなくなった"},
    {"events.distroapp.crash", LF_EVENTS_APPLICATION, ".NET Runtime", {1026}, distroapp, FST_FAIL, SUCC_NONE,
     "the delivery application ended with an unhandled .NET exception",
     "配信アプリケーションが .NET の未処理例外で終了した"},
    {"events.tasks.failed", LF_EVENTS_TASKS, P_TASKS, {101, 103, 111, 202, 203, 322, 201},
     task_failed, FST_FAIL, SUCC_TASK, "an OQS task failed", "OQS のタスクが失敗した"},
};
#define NRULES (sizeof rules / sizeof *rules)
#define RULE_FILE(r) (layout_files[(r)->file].path)

/* ---- successes: what makes an earlier fault history ---- */

static enum succ success_of(const struct win_event *e, const struct ev_judge *j,
                            const char **subject)
{
    *subject = "";
    /* 35: now synchronizing with the source; 37: receiving valid time data. */
    if (strcmp(e->provider, P_TIME) == 0 && (e->id == 35 || e->id == 37) &&
        event_mentions(e, j->ntp))
        return SUCC_TIME;
    /* 19: installation successful. */
    if (strcmp(e->provider, P_WU) == 0 && e->id == 19)
        return SUCC_WU;
    unsigned long code;
    if (strcmp(e->provider, P_TASKS) == 0 && (*subject = oqs_task(e)) != NULL &&
        (e->id == 102 || (e->id == 201 && result_code(e, &code) == 0 && code == 0)))
        return SUCC_TASK;
    *subject = "";
    return SUCC_NONE;
}

static void note_success(struct ev_judge *j, enum succ kind, const char *subject, long long t)
{
    for (size_t i = 0; i < j->nsucc; i++)
        if (j->succ[i].kind == kind && t_ieq(j->succ[i].subject, subject)) {
            if (t > j->succ[i].last)
                j->succ[i].last = t;
            return;
        }
    if (j->nsucc == MAX_SUCC)
        return;
    struct ev_succ *s = &j->succ[j->nsucc++];
    s->kind = kind;
    snprintf(s->subject, sizeof s->subject, "%s", subject);
    s->last = t;
}

static long long last_success(const struct ev_judge *j, enum succ kind, const char *subject)
{
    for (size_t i = 0; i < j->nsucc; i++)
        if (j->succ[i].kind == kind && t_ieq(j->succ[i].subject, subject))
            return j->succ[i].last;
    return -1;
}

/* ---- counting ---- */

static struct ev_agg *agg_for(struct ev_judge *j, const struct ev_rule *r, const char *subject)
{
    for (size_t i = 0; i < j->nagg; i++)
        if (strcmp(j->agg[i].rule->id, r->id) == 0 && t_ieq(j->agg[i].subject, subject))
            return &j->agg[i];
    if (j->nagg == MAX_AGG)
        return NULL;
    struct ev_agg *a = &j->agg[j->nagg++];
    memset(a, 0, sizeof *a);
    a->rule = r;
    snprintf(a->subject, sizeof a->subject, "%s", subject);
    a->first = a->last = -1;
    return a;
}

/* Keeps the MAX_HITS newest events (the file is newest first, but a copy
 * made another way need not be). */
static void keep_hit(struct ev_agg *a, const struct win_event *e)
{
    size_t at = a->nhits;
    if (at == MAX_HITS) {
        at = 0;
        for (size_t i = 1; i < MAX_HITS; i++)
            if (a->hits[i].t < a->hits[at].t)
                at = i;
        if (a->hits[at].t >= e->t)
            return;
    } else {
        a->nhits++;
    }
    struct ev_hit *h = &a->hits[at];
    h->t = e->t;
    h->id = e->id;
    h->line = e->line;
    snprintf(h->time, sizeof h->time, "%s", e->time);
    const char *text = e->message[0] ? e->message : e->ndata ? e->data[0].val : "";
    t_copy(h->text, sizeof h->text, text, strlen(text));
    for (char *p = h->text; *p; p++)
        if (*p == '\r' || *p == '\n' || *p == '\t')
            *p = ' ';
}

static void count_fault(struct ev_judge *j, const struct ev_rule *r, const struct win_event *e,
                        const char *subject, const char *detail)
{
    struct ev_agg *a = agg_for(j, r, subject);
    if (!a)
        return;
    a->count++;
    if (a->first < 0 || e->t < a->first)
        a->first = e->t;
    if (e->t >= a->last) {
        a->last = e->t;
        snprintf(a->detail, sizeof a->detail, "%s", detail);
    }
    for (size_t i = 0; i < 4; i++) {
        if (a->ids[i] == e->id)
            break;
        if (!a->ids[i]) {
            a->ids[i] = e->id;
            break;
        }
    }
    keep_hit(a, e);
}

static int has_id(const struct ev_rule *r, unsigned long id)
{
    for (size_t i = 0; i < sizeof r->ids / sizeof *r->ids && r->ids[i]; i++)
        if (r->ids[i] == id)
            return 1;
    return 0;
}

static int on_event(const struct win_event *e, void *ud)
{
    struct ev_judge *j = ud;
    if (e->t < 0 || e->t < j->since)
        return 0;
    j->in_window++;
    const char *subject;
    enum succ s = success_of(e, j, &subject);
    if (s != SUCC_NONE) {
        note_success(j, s, subject, e->t);
        return 0;
    }
    for (size_t i = 0; i < NRULES; i++) {
        const struct ev_rule *r = &rules[i];
        char subj[128] = "", detail[200] = "";
        if (strcmp(RULE_FILE(r), j->file) != 0 || strcmp(e->provider, r->provider) != 0 ||
            !has_id(r, e->id) || !r->applies(e, j, subj, sizeof subj, detail, sizeof detail))
            continue;
        count_fault(j, r, e, subj, detail);
    }
    return 0;
}

/* ---- findings ---- */

/* "2026-11-30 09:12" in the server's local time. */
static void local_time(const struct chk *c, long long t, char out[20])
{
    char iso[32];
    plat_utc_rfc3339(t + c->tz_min * 60LL, iso);
    snprintf(out, 20, "%.10s %.5s", iso, iso + 11);
}

static void ids_text(const struct ev_agg *a, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < 4 && a->ids[i] && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%lu", i ? "/" : "", a->ids[i]);
}

static json_t *agg_evidence(const struct ev_judge *j, const struct ev_agg *a, long long ok_at)
{
    char when[32];
    json_t *e = ev(RULE_FILE(a->rule), a->nhits ? a->hits[0].line : 0, NULL, NULL);
    json_object_set_new(e, "provider", json_string(a->rule->provider));
    json_object_set_new(e, "count", json_integer((json_int_t)a->count));
    json_object_set_new(e, "days", json_integer(j->days));
    plat_utc_rfc3339(a->first, when);
    json_object_set_new(e, "first", json_string(when));
    plat_utc_rfc3339(a->last, when);
    json_object_set_new(e, "last", json_string(when));
    if (a->detail[0])
        json_object_set_new(e, "detail", json_string(a->detail));
    if (ok_at >= 0) {
        plat_utc_rfc3339(ok_at, when);
        json_object_set_new(e, "later_success", json_string(when));
    }
    json_t *m = json_array();
    for (size_t i = 0; i < a->nhits; i++)
        json_array_append_new(m, json_pack("{s:s, s:i, s:s, s:I, s:s, s:s}", "file",
                                           RULE_FILE(a->rule), "line", (int)a->hits[i].line,
                                           "provider", a->rule->provider, "event_id",
                                           (json_int_t)a->hits[i].id, "time", a->hits[i].time,
                                           "text", a->hits[i].text));
    json_object_set_new(e, "matched", m);
    return e;
}

static void report_agg(struct ev_judge *j, const struct ev_agg *a)
{
    struct chk *c = j->c;
    const struct ev_rule *r = a->rule;
    long long ok_at = r->cleared_by == SUCC_NONE ? -1 : last_success(j, r->cleared_by, a->subject);
    enum fstatus st;
    const char *state_en, *state_ja;
    if (ok_at > a->last) {
        st = FST_OK;
        state_en = "history: a later success followed";
        state_ja = "過去の事象 (その後に成功している)";
    } else if (c->now - a->last <= RECENT_HOURS * 3600LL) {
        st = r->current;
        state_en = "current";
        state_ja = "現在も発生";
    } else {
        st = FST_WARN;
        state_en = "not seen in the last 24 hours";
        state_ja = "直近24時間は発生していない";
    }
    char ids[48], last[20];
    ids_text(a, ids, sizeof ids);
    local_time(c, a->last, last);
    json_t *e = agg_evidence(j, a, ok_at > a->last ? ok_at : -1);
    json_object_set_new(e, "state", json_string(state_en));
    report_add(c->r, r->id, st, RULE_FILE(r), e,
               "event %s × %zu in %ld days, last %s%s%s: %s%.0s (%s%.0s)",
               "イベント %s × %zu 件 (%ld 日間)、最終 %s%s%s: %.0s%s (%.0s%s)", ids, a->count,
               j->days, last, a->detail[0] ? ", " : "", a->detail, r->what_en, r->what_ja,
               state_en, state_ja);
}

/* A rule with no fault in a fully read file is ok, once per finding id. */
static void report_clean(struct ev_judge *j, const char *file)
{
    for (size_t i = 0; i < NRULES; i++) {
        const struct ev_rule *r = &rules[i];
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(rules[k].id, r->id) == 0;
        for (size_t k = 0; k < j->nagg && !seen; k++)
            seen = strcmp(j->agg[k].rule->id, r->id) == 0;
        if (seen || strcmp(RULE_FILE(r), file) != 0)
            continue;
        json_t *e = ev(file, 0, NULL, NULL);
        json_object_set_new(e, "days", json_integer(j->days));
        json_object_set_new(e, "events", json_integer((json_int_t)j->in_window));
        report_add(j->c->r, r->id, FST_OK, file, e, "no such event in %ld days (%zu events read)",
                   "%ld 日間に該当するイベントはない (%zu 件を確認)", j->days, j->in_window);
    }
}

/* Parses one file and reports its rules. 1 parsed, 0 not judged. */
static int judge_file(struct ev_judge *j, const char *file, const struct buf *raw)
{
    j->file = file;
    j->nagg = 0;
    j->in_window = 0;
    struct parse_diag d = {0};
    int rc = events_parse((const unsigned char *)(raw->data ? raw->data : ""), raw->len,
                          on_event, j, NULL, &d);
    if (rc != 0)
        chk_unreadable(j->c, "events", file, &d);
    for (size_t i = 0; i < j->nagg; i++)
        report_agg(j, &j->agg[i]);
    /* "Nothing found" only for a file read to its end. */
    if (rc == 0)
        report_clean(j, file);
    return rc == 0;
}

static void one_file(struct ev_judge *j, const char *file)
{
    struct input in;
    if (chk_read(j->c, "events", file, "events.input.missing", &in) > 0)
        judge_file(j, file, &in.raw);
    input_free(&in);
}

/* Field knowledge, not in the manual: the history is off by default. */
#define HISTORY_HOW_EN                                                                  \
    "switch it on: Task Scheduler > Actions > Enable All Tasks History, or "          \
    "wevtutil sl Microsoft-Windows-TaskScheduler/Operational /e:true [field knowledge]"
#define HISTORY_HOW_JA                                                                  \
    "有効にするには タスク スケジューラ → 操作 →「すべてのタスク履歴を有効にする」、又は "     \
    "wevtutil sl Microsoft-Windows-TaskScheduler/Operational /e:true ［現場の知見］"

/* The same arguments feed both formats; "%.0s" skips the other language's. */
static void history_skip(struct chk *c, const char *why_en, const char *why_ja, unsigned line)
{
    json_t *e = ev(F_TASKS, line, NULL, NULL);
    json_object_set_new(e, "how", json_string(HISTORY_HOW_EN));
    report_add(c->r, "events.tasks.history", FST_SKIP, F_TASKS, e, "%s%.0s: %s%.0s",
               "%.0s%s: %.0s%s", why_en, why_ja, HISTORY_HOW_EN, HISTORY_HOW_JA);
}

/* What `wevtutil gl` answers for a log that is switched off. */
static int says_disabled(const struct buf *raw, unsigned *line)
{
    char *text = NULL;
    size_t len = 0;
    struct parse_diag d;
    if (text_decode((const unsigned char *)(raw->data ? raw->data : ""), raw->len, &text, &len,
                    &d) != 0)
        return 0;
    const char *hit = t_ifind(text, len, "enabled: false");
    *line = 1;
    for (const char *p = text; hit && p < hit; p++)
        *line += *p == '\n';
    free(text);
    return hit != NULL;
}

static void judge_history(struct ev_judge *j, const struct buf *raw)
{
    unsigned line;
    if (says_disabled(raw, &line)) {
        history_skip(j->c, "Task Scheduler history is off (wevtutil: enabled: false)",
                     "タスク スケジューラの履歴が無効", line);
    } else if (judge_file(j, F_TASKS, raw)) {
        if (j->in_window == 0)
            history_skip(j->c, "no history entries of the OQS_exec_* tasks in the period",
                         "期間内に OQS_exec_* タスクの履歴がない", 0);
        else
            report_add(j->c->r, "events.tasks.history", FST_OK, F_TASKS,
                       json_pack("{s:s, s:i}", "file", F_TASKS, "events", (int)j->in_window),
                       "%zu history entries of the OQS_exec_* tasks",
                       "OQS_exec_* タスクの履歴 %zu 件", j->in_window);
    }
}

/* The Task Scheduler history is often off: then collect leaves the file out
 * or writes what wevtutil answered, and either is a skip that says how to
 * switch it on, not a missing input. */
static void task_history(struct ev_judge *j)
{
    struct chk *c = j->c;
    struct input in;
    struct buf probe = {0};
    struct oqs_err err = {{0}};
    enum source_status st = source_read(c->src, F_TASKS, &probe, &err);
    buf_free(&probe);
    if (st == SRC_MISSING) {
        history_skip(c, "Task Scheduler history was not collected",
                     "タスク スケジューラの履歴が収集されていない", 0);
        return;
    }
    if (chk_read(c, "events", F_TASKS, "events.input.missing", &in) > 0)
        judge_history(j, &in.raw);
    input_free(&in);
}

void check_events(struct chk *c)
{
    struct ev_judge *j = calloc(1, sizeof *j);
    if (!j) {
        report_add(c->r, "events.input.unreadable", FST_UNKNOWN, F_SYSTEM, NULL,
                   "out of memory", "メモリ不足");
        return;
    }
    j->c = c;
    j->ntp = config_str(c->cfg, "ntp.server");
    j->days = config_int(c->cfg, "events.days");
    j->since = c->now - j->days * 86400LL;
    one_file(j, F_SYSTEM);
    one_file(j, F_APP);
    task_history(j);
    free(j);
}
