/* events/<log>.xml on the live host (snapshot-layout.md): `wevtutil qe`
 * through plat_run, RenderedXml, newest first, events.days and events.max.
 * System and Task Scheduler are kept as wevtutil printed them; Application
 * is kept to the events that name an OQS program (XPath cannot say
 * "contains"), re-written as UTF-8. The Security log is never read. */
#include "live_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/parsers/text.h"
#include "core/platform.h"

#define WEVT_TIMEOUT_MS 120000
#define TASKS_LOG "Microsoft-Windows-TaskScheduler/Operational"

/* The five tasks of manual 8-02 and 9-03 as the Task Scheduler names them. */
static const char *const task_names[] = {
    "\\OQS_exec_distroappstart", "\\OQS_exec_distroappstop_periodic",
    "\\OQS_exec_comappdelfile_periodic", "\\OQS_exec_comappdelfile_running",
    "\\OQS_exec_comappstart",
};

/* "TimeCreated[timediff(@SystemTime) <= N]": the last events.days days. */
static void since(const struct config *cfg, struct buf *q)
{
    buf_appendf(q, "TimeCreated[timediff(@SystemTime) <= %lld]",
                (long long)config_int(cfg, "events.days") * 86400000LL);
}

/* System: four providers, and the Service Control Manager for W32Time only. */
static void query_system(const struct config *cfg, struct buf *q)
{
    buf_appends(q, "*[(System[Provider[@Name='Microsoft-Windows-Time-Service' or "
                   "@Name='Microsoft-Windows-DNS-Client' or @Name='Schannel' or "
                   "@Name='Microsoft-Windows-WindowsUpdateClient'] and ");
    since(cfg, q);
    buf_appends(q, "]) or (System[Provider[@Name='Service Control Manager'] and ");
    since(cfg, q);
    buf_appends(q, "] and EventData[Data='Windows Time' or Data='W32Time'])]");
}

static void query_application(const struct config *cfg, struct buf *q)
{
    buf_appends(q, "*[System[Provider[@Name='Application Error' or @Name='Application Hang' or "
                   "@Name='.NET Runtime' or @Name='Windows Error Reporting'] and ");
    since(cfg, q);
    buf_appends(q, "]]");
}

static void query_tasks(const struct config *cfg, struct buf *q)
{
    buf_appends(q, "*[System[");
    since(cfg, q);
    buf_appends(q, "] and EventData[");
    for (size_t i = 0; i < sizeof task_names / sizeof *task_names; i++)
        buf_appendf(q, "%sData[@Name='TaskName']='%s'", i ? " or " : "", task_names[i]);
    buf_appends(q, "]]");
}

/* A log and its query. */
struct wevt_log {
    const char *name;
    void (*query)(const struct config *cfg, struct buf *q);
};
static const struct wevt_log system_log = {"System", query_system};
static const struct wevt_log application_log = {"Application", query_application};
static const struct wevt_log tasks_log = {TASKS_LOG, query_tasks};

/* What tells whether the Task Scheduler's history is on. */
static const char *const tasks_gl[] = {"wevtutil", "gl", TASKS_LOG, NULL};

/* 0 ran (whatever it printed, even nothing: no events), -1 could not run. */
static int wevtutil(const char *const *argv, struct buf *out, struct oqs_err *err)
{
    int code = 0;
    return live_run_cmd(argv, WEVT_TIMEOUT_MS, out, &code, err) < 0 ? -1 : 0;
}

/* Calls cb with `wevtutil qe LOG /q:… /f:RenderedXml /rd:true /c:…`; -1
 * (err says why) when the query cannot be written. */
static int with_query_argv(const struct wevt_log *l, const struct config *cfg,
                           int (*cb)(const char *const *argv, void *ud), void *ud,
                           struct oqs_err *err)
{
    struct buf q = {0};
    char qarg[8192], carg[32];
    l->query(cfg, &q);
    int rc;
    if (!q.data)
        rc = oqs_errf(err, "out of memory");
    else if (snprintf(qarg, sizeof qarg, "/q:%s", q.data) >= (int)sizeof qarg)
        rc = oqs_errf(err, "%s: query too long", l->name);
    else {
        snprintf(carg, sizeof carg, "/c:%ld", config_int(cfg, "events.max"));
        const char *argv[] = {"wevtutil", "qe", l->name, qarg, "/f:RenderedXml", "/rd:true",
                              carg, NULL};
        rc = cb(argv, ud);
    }
    buf_free(&q);
    return rc;
}

struct query_run {
    struct buf *out;
    struct oqs_err *err;
};

static int run_query(const char *const *argv, void *ud)
{
    struct query_run *r = ud;
    return wevtutil(argv, r->out, r->err);
}

static int query(const struct wevt_log *l, const struct config *cfg, struct buf *out,
                 struct oqs_err *err)
{
    struct query_run r = {out, err};
    return with_query_argv(l, cfg, run_query, &r, err);
}

struct query_name {
    live_cmd_cb cb;
    void *ud;
};

static int name_query(const char *const *argv, void *ud)
{
    struct query_name *n = ud;
    n->cb(argv, WEVT_TIMEOUT_MS, n->ud);
    return 0;
}

static void query_cmds(const struct wevt_log *l, const struct config *cfg, live_cmd_cb cb,
                       void *ud)
{
    struct query_name n = {cb, ud};
    struct oqs_err err;
    with_query_argv(l, cfg, name_query, &n, &err);
}

void live_events_system_cmds(const struct config *cfg, live_cmd_cb cb, void *ud)
{
    query_cmds(&system_log, cfg, cb, ud);
}

void live_events_application_cmds(const struct config *cfg, live_cmd_cb cb, void *ud)
{
    query_cmds(&application_log, cfg, cb, ud);
}

void live_events_tasks_cmds(const struct config *cfg, live_cmd_cb cb, void *ud)
{
    cb(tasks_gl, WEVT_TIMEOUT_MS, ud);
    query_cmds(&tasks_log, cfg, cb, ud);
}

/* What names an OQS program in an event (not the host name, which may hold
 * "OQS" too): the two applications and their folder under Program Files. */
static const char *const oqs_marks[] = {"OQSComApp", "OQSDistroApp", "\\OQS\\", "\\OQS-Auth\\"};

static int names_oqs(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof oqs_marks / sizeof *oqs_marks; i++)
        if (t_ifind(s, n, oqs_marks[i]))
            return 1;
    return 0;
}

/* Keeps the <Event>…</Event> elements that name an OQS program. */
static int keep_oqs(const struct buf *raw, struct buf *out, struct oqs_err *err)
{
    char *text = NULL;
    size_t len = 0;
    struct parse_diag d;
    if (text_decode((const unsigned char *)(raw->data ? raw->data : ""), raw->len, &text, &len,
                    &d) != 0)
        return oqs_errf(err, "wevtutil output: %s", d.why);
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *s = t_ifind(p, (size_t)(end - p), "<Event ");
        const char *e = s ? t_ifind(s, (size_t)(end - s), "</Event>") : NULL;
        if (!e)
            break;
        e += strlen("</Event>");
        if (names_oqs(s, (size_t)(e - s))) {
            buf_append(out, s, (size_t)(e - s));
            buf_appends(out, "\r\n");
        }
        p = e;
    }
    free(text);
    return 0;
}

/* What `wevtutil gl` says of the history switched off: "enabled: false". */
static int tasks_disabled(struct buf *answer, struct oqs_err *err)
{
    if (wevtutil(tasks_gl, answer, err) < 0)
        return 0;
    return t_ifind(answer->data ? answer->data : "", answer->len, "enabled: false") != NULL;
}

enum live_status live_events_system(const struct config *cfg, struct buf *out,
                                    struct oqs_err *err)
{
    return query(&system_log, cfg, out, err) < 0 ? LIVE_ERROR : LIVE_OK;
}

enum live_status live_events_application(const struct config *cfg, struct buf *out,
                                         struct oqs_err *err)
{
    struct buf raw = {0};
    int rc = query(&application_log, cfg, &raw, err);
    if (rc == 0)
        rc = keep_oqs(&raw, out, err);
    buf_free(&raw);
    return rc < 0 ? LIVE_ERROR : LIVE_OK;
}

/* The history is often off: then the file is what Windows answered. */
enum live_status live_events_tasks(const struct config *cfg, struct buf *out,
                                   struct oqs_err *err)
{
    struct buf gl = {0};
    int rc = 0;
    if (tasks_disabled(&gl, err))
        buf_append(out, gl.data, gl.len);
    else
        rc = query(&tasks_log, cfg, out, err);
    buf_free(&gl);
    return rc < 0 ? LIVE_ERROR : LIVE_OK;
}
