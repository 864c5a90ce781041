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

static void one_task(struct chk *c, const char *task, const struct schtasks *csv, int csv_ok,
                     int tasks_dir)
{
    char file[160];
    snprintf(file, sizeof file, "%s/%s%s", layout_files[LF_TASK_XML].dir, task,
             layout_files[LF_TASK_XML].suffix);
    struct buf raw = {0};
    struct oqs_err err;
    struct task_xml x;
    int have_xml = 0;
    enum source_status st = source_read(c->src, file, &raw, &err);
    if (st == SRC_OK) {
        struct parse_diag d = {0};
        if (task_xml_parse((const unsigned char *)raw.data, raw.len, &x, &d) == 0)
            have_xml = 1;
        else
            chk_unreadable(c, "tasks", file, &d);
    } else if (st == SRC_ERROR) {
        struct parse_diag d = {0};
        diag_set(&d, 0, "%s", err.msg);
        chk_unreadable(c, "tasks", file, &d);
    }
    int xml_present = st == SRC_OK;
    buf_free(&raw);
    const struct sched_row *row = csv_ok ? schtasks_find(csv, task) : NULL;
    json_t *e;

    /* exists */
    if (!row && !xml_present) {
        if (csv_ok || tasks_dir) {
            e = ev(csv_ok ? F_CSV : "tasks", 0, "not registered", task);
            json_object_set_new(e, "task", json_string(task));
            report_add(c->r, "tasks.exists", FST_FAIL, csv_ok ? F_CSV : file, e,
                       "The task %s is not registered", "タスク %s が登録されていない", task);
        }
        return;
    }
    e = ev(row ? F_CSV : file, row ? row->line : 0, row ? row->name : task, task);
    json_object_set_new(e, "task", json_string(task));
    report_add(c->r, "tasks.exists", FST_OK, row ? F_CSV : file, e, "The task %s is registered",
               "タスク %s は登録されている", task);

    /* enabled: the XML and the CSV must both say so */
    int csv_en = row ? sched_row_enabled(row) : -1;
    int xml_en = have_xml ? x.enabled : -1;
    if (csv_en == 0 || xml_en == 0) {
        int from_csv = csv_en == 0;
        e = ev(from_csv ? F_CSV : file, from_csv ? row->line : x.enabled_line,
               from_csv ? (row->state[0] ? row->state : row->status) : "false",
               from_csv ? "Enabled" : "true");
        json_object_set_new(e, "task", json_string(task));
        report_add(c->r, "tasks.enabled", FST_FAIL, from_csv ? F_CSV : file, e,
                   "The task %s is disabled", "タスク %s が無効になっている", task);
    } else if (csv_en == 1 || xml_en == 1) {
        int from_csv = csv_en == 1;
        e = ev(from_csv ? F_CSV : file, from_csv ? row->line : x.enabled_line,
               from_csv ? row->state : "true", from_csv ? "Enabled" : "true");
        json_object_set_new(e, "task", json_string(task));
        report_add(c->r, "tasks.enabled", FST_OK, from_csv ? F_CSV : file, e,
                   "The task %s is enabled", "タスク %s は有効", task);
    }

    /* trigger: only the XML holds the triggers */
    if (have_xml) {
        char seen[32];
        snprintf(seen, sizeof seen, "%d enabled of %d", x.ntriggers, x.ntriggers_all);
        e = ev(file, 0, seen, "at least 1 enabled trigger");
        json_object_set_new(e, "task", json_string(task));
        if (x.ntriggers > 0)
            report_add(c->r, "tasks.trigger", FST_OK, file, e, "The task %s has a trigger",
                       "タスク %s にトリガーがある", task);
        else
            report_add(c->r, "tasks.trigger", FST_FAIL, file, e,
                       "The task %s has no enabled trigger: it never starts",
                       "タスク %s に有効なトリガーがなく、起動しない", task);
    }

    /* run as: the CSV names the user; the XML may only hold a SID */
    const char *who = NULL, *wfile = NULL;
    unsigned wline = 0;
    if (row && row->run_as[0]) {
        who = row->run_as;
        wfile = F_CSV;
        wline = row->line;
    } else if (have_xml && x.user_id[0]) {
        who = x.user_id;
        wfile = file;
        wline = x.user_line;
    }
    if (who) {
        e = ev(wfile, wline, who, ACCOUNT);
        json_object_set_new(e, "task", json_string(task));
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

    /* last result */
    if (row) {
        unsigned long code;
        char hex[16];
        if (sched_result_code(row->last_result, &code) != 0) {
            e = ev(F_CSV, row->line, row->last_result, "0");
            json_object_set_new(e, "task", json_string(task));
            report_add(c->r, "tasks.last_result", FST_WARN, F_CSV, e,
                       "The task %s has no last result (%s): it has not run",
                       "タスク %s に前回の実行結果がない (%s)。未実行", task, row->last_result);
            return;
        }
        snprintf(hex, sizeof hex, "0x%lX", code);
        const char *meaning = sched_result_meaning(code);
        e = ev(F_CSV, row->line, hex, "0x0");
        json_object_set_new(e, "task", json_string(task));
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
