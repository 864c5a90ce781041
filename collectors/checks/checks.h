#ifndef OQSDIAG_CHECKS_H
#define OQSDIAG_CHECKS_H

#include "core/config.h"
#include "core/report.h"
#include "core/source.h"

/* The local checks, one per area, in the order checks_run runs them: the
 * one list `help doctor` prints. */
struct chk;
struct check_def {
    const char *area;
    void (*run)(struct chk *c);
    const char *summary_en, *summary_ja;
};
extern const struct check_def check_defs[];
extern const size_t check_count;

/* Runs every local check (account, tasks, creds, proxy settings, time,
 * certificates, versions, delivery record, system, folders, shortcut,
 * manifest) over src, adding findings to r. The snapshot's probes/NAME.json
 * findings are merged too. Returns 0, or -1 when src cannot be used at all. */
int checks_run(struct source *src, const struct config *cfg, struct report *r,
               struct oqs_err *err);

#endif
