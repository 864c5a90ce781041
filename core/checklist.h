#ifndef OQSDIAG_CHECKLIST_H
#define OQSDIAG_CHECKLIST_H

#include <stddef.h>
#include <jansson.h>
#include "report.h"

/* The manual's closing checklist (連携アプリ搭載サーバーセットアップ後の
 * チェックリスト): eight items, the second with four sub-items, each filled
 * in from the findings that belong to it. Items no probe or collector can
 * see (what is done on the OQS web) are CL_MANUAL with their section. */

enum cl_state {
    CL_OK,      /* ✔ every deciding finding ok */
    CL_WARN,    /* ✔ ticked, with warnings */
    CL_FAIL,    /* ✘ a finding failed */
    CL_UNKNOWN, /* ? the findings cannot tell (missing input, skipped, none) */
    CL_MANUAL,  /* to be checked by hand, see the section */
    CL_NOT_NEEDED /* a conditional item this site does not need (its findings say why) */
};
#define CL_NSTATES 6

#define CL_NITEMS 12

struct cl_def {
    const char *id;         /* stable: "account", "windows.proxy", ... */
    const char *no;         /* "1", "2", "2-1", ... "8" */
    int parent;             /* index of the parent item, -1 for top level */
    const char *text_ja;    /* the checklist's wording */
    const char *text_en;
    const char *section_ja; /* the manual section that does it */
    const char *section_en;
    /* Items the manual makes conditional ("インストールが必要な医療機関等のみ",
     * "存在しない場合は本設定をスキップ"): not needed when no finding needs
     * fixing or cannot tell, and a skipped one says why in its evidence
     * ("not_needed"). */
    int conditional;
    /* Items that sum up their siblings (2-1 配信アプリ準備 = the proxy, time
     * and display changes 2-2..2-4): printed as "see" these numbers. */
    const char *covers;
    /* What to do by hand when the item is CL_MANUAL: the manual's steps, or
     * NULL when the section is enough. */
    const char *steps_ja;
    const char *steps_en;
};

struct cl_item {
    const struct cl_def *def;
    enum cl_state state;
    size_t *decided;  /* indices into r->findings whose status decided state */
    size_t ndecided;
    size_t nseen;     /* findings that belong to the item (any status) */
    const char *why;  /* CL_NOT_NEEDED: the evidence's reason (points into r) */
};

struct checklist {
    struct cl_item items[CL_NITEMS];
};

/* Fills cl from r's findings. Free with checklist_free(). -1 out of memory. */
int checklist_eval(const struct report *r, struct checklist *cl);
void checklist_free(struct checklist *cl);

/* Index of the top-level or sub item a finding belongs to (its manual
 * section), or -1 when it belongs to none (snapshot, system.platform). */
int checklist_item_of(const struct finding *f);

/* What a ✔ of this item means when it is less than the checklist's words
 * (3 and 7: the minimum version met, not the latest), or NULL. */
const char *checklist_ok_note(const struct cl_item *it, int ja);

const char *cl_state_name(enum cl_state st);
/* ✔ ✘ ? ☐ and − as printed. */
const char *cl_state_mark(enum cl_state st);

/* Whether KB hit k was triggered by a finding that decided item it. */
int checklist_kb_applies(const struct report *r, const struct cl_item *it, const struct kb_hit *k);

/* The "checklist" array added to the report document (docs/reports.md).
 * Caller frees with json_decref(). */
json_t *checklist_to_json(const struct report *r, const struct checklist *cl);

#endif
