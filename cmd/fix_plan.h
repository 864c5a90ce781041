#ifndef OQSDIAG_FIX_PLAN_H
#define OQSDIAG_FIX_PLAN_H

#include <stdio.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/report.h"
#include "kb/kb_repair.h"

/* What `oqsdiag fix` would do (docs/fix.md): the repairs that the findings
 * of one diagnosis call for, each with its commands filled in from the
 * configuration. A plan holds no value read from the machine but the names
 * of the manual's tasks, checked against the manual's list. */

struct fix_cmd {
    enum kb_step_kind kind;
    char *file;    /* KBS_RECORD: the file under the backup folder */
    char **argv;   /* NULL-terminated, owned */
};

struct fix_item {
    const struct kb_repair *repair;
    char *task;                  /* per-task repairs: the task name */
    char *title;                 /* in the report's language, {task} filled in */
    const struct finding **why;  /* the findings it repairs (owned array) */
    size_t nwhy;
    struct fix_cmd *cmds;        /* every step, in the repair's order */
    size_t ncmds;
};

struct fix_plan {
    struct fix_item *items;
    size_t n;
    /* Repairs that apply but cannot be offered, one line each (a setting
     * that is empty, a task name that is not the manual's). */
    struct buf skipped;
};

/* Builds the plan for r's findings. wanted (n of them; 0: everything) are
 * repair ids, KB entry ids or finding ids that limit it. backup is the
 * folder {backup} stands for (the plan shown before a run names the
 * placeholder itself). Caller frees with fix_plan_free(). -1 with err when
 * a name in wanted matches nothing. */
int fix_plan_build(struct fix_plan *p, const struct report *r, const struct kb_repairs *rs,
                   const struct config *cfg, const char *const *wanted, size_t nwanted,
                   const char *backup, int ja, struct oqs_err *err);
void fix_plan_free(struct fix_plan *p);

/* True when any item needs an elevated prompt. */
int fix_plan_needs_admin(const struct fix_plan *p);

/* One command as it would be typed at cmd.exe or PowerShell: the same argv
 * under Windows' command-line rules, with `name=value` quoted as
 * name="value" where the value holds a character either shell treats
 * specially (Microsoft's own netsh examples do so). */
void fix_quote_cmdline(struct buf *out, const char *const *argv);

/* Fills a template token: {key} from cfg, {backup}, {task}. Caller frees.
 * NULL when a value is empty (the repair cannot be offered). */
char *fix_expand(const char *tmpl, const struct config *cfg, const char *backup,
                 const char *task);

#endif
