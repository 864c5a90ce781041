#ifndef OQSDIAG_KB_REPAIR_H
#define OQSDIAG_KB_REPAIR_H

#include <stddef.h>
#include "core/err.h"
#include "kb_entry.h"

/* Machine repairs: kb/entries/<entry>.fix beside the entry they belong to
 * (docs/kb-format.md "Repairs"). Each names the findings it repairs, the
 * commands that save the state it changes, the commands that change it and
 * the commands that restore it. Commands are argv templates: `{key}` is a
 * configuration key's value (never a value read from the machine being
 * fixed), `{backup}` the backup folder, `{task}` a task of the manual. */

enum kb_step_kind {
    KBS_BACKUP,   /* a command that writes its own file into {backup} */
    KBS_RECORD,   /* a command whose output is saved as {backup}\<file> */
    KBS_RUN,      /* a repair step: a failure stops and restores */
    KBS_RUN_TRY,  /* a repair step whose failure is reported, not fatal */
    KBS_UNDO,     /* a restore step */
    KBS_UNDO_TRY  /* a restore step whose failure is expected at times */
};

struct kb_step {
    enum kb_step_kind kind;
    unsigned line;
    char *file;    /* KBS_RECORD: the file name under {backup} */
    char **argv;   /* template tokens, NULL-terminated */
};

struct kb_when {
    char *glob;            /* finding id glob */
    unsigned status_mask;  /* 1u << enum fstatus */
};

struct kb_repair {
    char *file;
    unsigned line;
    char *id, *entry;
    char *title_ja, *title_en, *note_ja, *note_en;
    int admin;       /* needs an elevated prompt */
    int per_task;    /* its commands name {task}: one repair per task finding */
    struct kb_when *when;
    size_t nwhen;
    struct kb_step *steps;
    size_t nsteps;
};

struct kb_repairs {
    struct kb_repair *v;
    size_t n;
};

/* Parses the repairs of one .fix file and appends them to rs. Every problem
 * is added to d as file:line; -1 when there was any. */
int kb_repairs_parse(struct kb_repairs *rs, const char *file, const unsigned char *data,
                     size_t len, struct kb_diag *d);

/* The built-in .fix files, then dir's (NULL: none); a repair id given
 * again in dir replaces the built-in one. Caller frees with
 * kb_repairs_free(). -1 with err naming the first problem. */
int kb_repairs_load(struct kb_repairs *rs, const char *dir, struct oqs_err *err);
void kb_repairs_free(struct kb_repairs *rs);

/* Checks the .fix files of dir (NULL: the built-in ones): every field,
 * placeholder and finding id, and that each repair's entry exists (among
 * the built-in entries and dir's). Problems go to d as file:line;
 * *nrepairs counts the repairs read. -1 only when dir cannot be read. */
int kb_repairs_lint(const char *dir, size_t *nrepairs, struct kb_diag *d, struct oqs_err *err);

/* The first repair whose `when` holds for a finding id and status. */
const struct kb_repair *kb_repair_for(const struct kb_repairs *rs, const char *finding_id,
                                      unsigned status, size_t from, size_t *at);

#endif
