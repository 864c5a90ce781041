/* manual 8-02 and 9-03: the five OQS_exec_* tasks exist, are enabled, have a
 * trigger, run as OqsComApp and last ended with 0. The CSV of schtasks gives
 * state, result and the run-as user by name; the XML gives Settings/Enabled,
 * the triggers and Principal/UserId (which may be a SID). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "collectors/layout.h"

#define F_CSV LAYOUT_PATH(SCHTASKS)
#define ACCOUNT "OqsComApp"
#define NOT_YET_RUN 0x41303UL
#define RUNNING 0x41301UL

static int is_sid(const char *s)
{
    return (s[0] == 'S' || s[0] == 's') && s[1] == '-' && s[2] == '1' && s[3] == '-';
}

/* SYSTEM, LOCAL SERVICE, NETWORK SERVICE, Administrators, Users: never OqsComApp. */
static int is_wellknown_sid(const char *s)
{
    return strcmp(s, "S-1-5-18") == 0 || strcmp(s, "S-1-5-19") == 0 ||
           strcmp(s, "S-1-5-20") == 0 || strncmp(s, "S-1-5-32-", 9) == 0;
}

/* What the two sources say of one task: its schtasks CSV row and its XML. */
struct task_view {
    const char *task;
    char file[160];              /* tasks/<task>.xml */
    struct task_xml x;
    int have_xml;                /* the XML was read and parsed */
    int xml_present;             /* the XML was read (parsed or not) */
    const struct sched_row *row; /* the CSV's row, or NULL */
};

/* Evidence naming the task. */
static json_t *task_ev(const struct task_view *t, const char *file, unsigned line,
                       const char *seen, const char *want)
{
    json_t *e = ev(file, line, seen, want);
    json_object_set_new(e, "task", json_string(t->task));
    return e;
}

static void task_read_xml(struct chk *c, struct task_view *t)
{
    snprintf(t->file, sizeof t->file, "%s/%s%s", layout_files[LF_TASK_XML].dir, t->task,
             layout_files[LF_TASK_XML].suffix);
    struct buf raw = {0};
    struct oqs_err err;
    enum source_status st = source_read(c->src, t->file, &raw, &err);
    if (st == SRC_OK) {
        struct parse_diag d = {0};
        if (task_xml_parse((const unsigned char *)raw.data, raw.len, &t->x, &d) == 0)
            t->have_xml = 1;
        else
            chk_unreadable(c, "tasks", t->file, &d);
    } else if (st == SRC_ERROR) {
        struct parse_diag d = {0};
        diag_set(&d, 0, "%s", err.msg);
        chk_unreadable(c, "tasks", t->file, &d);
    }
    t->xml_present = st == SRC_OK;
    buf_free(&raw);
}

/* tasks.exists; 0 when the task is not there (nothing more to judge). A
 * missing task is only a failure when the CSV or the tasks folder was there
 * to say so. */
static int task_exists(struct chk *c, const struct task_view *t, int csv_ok, int tasks_dir)
{
    const char *task = t->task;
    if (!t->row && !t->xml_present) {
        if (csv_ok || tasks_dir)
            report_add(c->r, "tasks.exists", FST_FAIL, csv_ok ? F_CSV : t->file,
                       task_ev(t, csv_ok ? F_CSV : "tasks", 0, "not registered", task),
                       "The task %s is not registered", "タスク %s が登録されていない", task);
        return 0;
    }
    report_add(c->r, "tasks.exists", FST_OK, t->row ? F_CSV : t->file,
               task_ev(t, t->row ? F_CSV : t->file, t->row ? t->row->line : 0,
                       t->row ? t->row->name : task, task),
               "The task %s is registered", "タスク %s は登録されている", task);
    return 1;
}

/* tasks.enabled: the XML and the CSV must both say so. */
static void task_enabled(struct chk *c, const struct task_view *t)
{
    const struct sched_row *row = t->row;
    int csv_en = row ? sched_row_enabled(row) : -1;
    int xml_en = t->have_xml ? t->x.enabled : -1;
    if (csv_en == 0 || xml_en == 0) {
        int from_csv = csv_en == 0;
        report_add(c->r, "tasks.enabled", FST_FAIL, from_csv ? F_CSV : t->file,
                   task_ev(t, from_csv ? F_CSV : t->file, from_csv ? row->line : t->x.enabled_line,
                           from_csv ? (row->state[0] ? row->state : row->status) : "false",
                           from_csv ? "Enabled" : "true"),
                   "The task %s is disabled", "タスク %s が無効になっている", t->task);
    } else if (csv_en == 1 || xml_en == 1) {
        int from_csv = csv_en == 1;
        report_add(c->r, "tasks.enabled", FST_OK, from_csv ? F_CSV : t->file,
                   task_ev(t, from_csv ? F_CSV : t->file, from_csv ? row->line : t->x.enabled_line,
                           from_csv ? row->state : "true", from_csv ? "Enabled" : "true"),
                   "The task %s is enabled", "タスク %s は有効", t->task);
    }
}

/* tasks.trigger: only the XML holds the triggers. */
static void task_trigger(struct chk *c, const struct task_view *t)
{
    if (!t->have_xml)
        return;
    char seen[32];
    snprintf(seen, sizeof seen, "%d enabled of %d", t->x.ntriggers, t->x.ntriggers_all);
    json_t *e = task_ev(t, t->file, 0, seen, "at least 1 enabled trigger");
    if (t->x.ntriggers > 0)
        report_add(c->r, "tasks.trigger", FST_OK, t->file, e, "The task %s has a trigger",
                   "タスク %s にトリガーがある", t->task);
    else
        report_add(c->r, "tasks.trigger", FST_FAIL, t->file, e,
                   "The task %s has no enabled trigger: it never starts",
                   "タスク %s に有効なトリガーがなく、起動しない", t->task);
}

/* tasks.runas: the CSV names the user; the XML may only hold a SID. */
static void task_runas(struct chk *c, const struct task_view *t)
{
    const char *who = NULL, *wfile = NULL, *task = t->task;
    unsigned wline = 0;
    if (t->row && t->row->run_as[0]) {
        who = t->row->run_as;
        wfile = F_CSV;
        wline = t->row->line;
    } else if (t->have_xml && t->x.user_id[0]) {
        who = t->x.user_id;
        wfile = t->file;
        wline = t->x.user_line;
    }
    if (!who)
        return;
    json_t *e = task_ev(t, wfile, wline, who, ACCOUNT);
    if (is_sid(who) && !is_wellknown_sid(who))
        report_add(c->r, "tasks.runas", FST_UNKNOWN, wfile, e,
                   "The task %s runs as %s; a SID cannot be matched to OqsComApp without the CSV's run-as column",
                   "タスク %s の実行ユーザーは SID %s で、CSV がないため OqsComApp か判断できない",
                   task, who);
    else if (!is_sid(who) && t_ieq(t_account_base(who), ACCOUNT))
        report_add(c->r, "tasks.runas", FST_OK, wfile, e, "The task %s runs as %s",
                   "タスク %s の実行ユーザーは %s", task, who);
    else
        /* 8-02 registers the delivery app's tasks, 9 (連携アプリケーションの
         * 定期起動の設定) the linkage app's. */
        report_add(c->r, "tasks.runas", FST_FAIL, wfile, e,
                   "The task %s runs as %s, not OqsComApp (manual %s)",
                   "タスク %s の実行ユーザーが OqsComApp ではなく %s になっている (手順書 %s)",
                   task, who, strstr(task, "distroapp") ? "8-02" : "9-03");
}

/* tasks.last_result: the CSV's Last Result, with the code's meaning. */
static void task_last_result(struct chk *c, const struct task_view *t)
{
    const struct sched_row *row = t->row;
    const char *task = t->task;
    if (!row)
        return;
    unsigned long code;
    if (sched_result_code(row->last_result, &code) != 0) {
        report_add(c->r, "tasks.last_result", FST_WARN, F_CSV,
                   task_ev(t, F_CSV, row->line, row->last_result, "0"),
                   "The task %s has no last result (%s): it has not run",
                   "タスク %s に前回の実行結果がない (%s)。未実行", task, row->last_result);
        return;
    }
    char hex[16];
    snprintf(hex, sizeof hex, "0x%lX", code);
    const char *meaning = sched_result_meaning(code);
    json_t *e = task_ev(t, F_CSV, row->line, hex, "0x0");
    json_object_set_new(e, "code", json_string(hex));
    if (meaning)
        json_object_set_new(e, "meaning", json_string(meaning));
    if (code == 0 || code == RUNNING)
        report_add(c->r, "tasks.last_result", FST_OK, F_CSV, e,
                   "The task %s last ended with %s", "タスク %s の前回の結果は %s", task, hex);
    else if (code == NOT_YET_RUN)
        report_add(c->r, "tasks.last_result", FST_WARN, F_CSV, e,
                   "The task %s has not run yet (0x41303)",
                   "タスク %s はまだ実行されていない (0x41303)", task);
    else
        report_add(c->r, "tasks.last_result", FST_FAIL, F_CSV, e,
                   "The task %s last ended with %s%s%s", "タスク %s の前回の結果が %s%s%s",
                   task, hex, meaning ? ": " : "", meaning ? meaning : "");
}

/* One of the manual's five tasks, step by step. */
static void one_task(struct chk *c, const char *task, const struct schtasks *csv, int csv_ok,
                     int tasks_dir)
{
    struct task_view t;
    memset(&t, 0, sizeof t);
    t.task = task;
    task_read_xml(c, &t);
    t.row = csv_ok ? schtasks_find(csv, task) : NULL;
    if (!task_exists(c, &t, csv_ok, tasks_dir))
        return;
    task_enabled(c, &t);
    task_trigger(c, &t);
    task_runas(c, &t);
    task_last_result(c, &t);
}

static int count_cb(const char *name, void *ud)
{
    (void)name;
    (*(int *)ud)++;
    return 0;
}

void check_tasks(struct chk *c)
{
    struct input in;
    struct schtasks csv;
    memset(&csv, 0, sizeof csv);
    int csv_ok = 0;
    int rd = chk_read(c, "tasks", F_CSV, "tasks.exists", &in);
    if (rd < 0) {
        input_free(&in);
        return; /* not a Windows host: one skip says it */
    }
    if (rd > 0) {
        struct parse_diag d = {0};
        if (schtasks_csv_parse((const unsigned char *)in.raw.data, in.raw.len, &csv, &d) == 0)
            csv_ok = 1;
        else
            chk_unreadable(c, "tasks", F_CSV, &d);
    }
    input_free(&in);
    int nfiles = 0;
    struct oqs_err err;
    int tasks_dir = source_list(c->src, "tasks", count_cb, &nfiles, &err) == SRC_OK;
    for (size_t i = 0; i < 5; i++)
        one_task(c, oqs_task_names[i], &csv, csv_ok, tasks_dir);
    schtasks_free(&csv);
}
