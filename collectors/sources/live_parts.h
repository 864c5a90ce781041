#ifndef OQSDIAG_LIVE_PARTS_H
#define OQSDIAG_LIVE_PARTS_H

#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "live.h"

/* The two layout files live.c produces with a library rather than the
 * platform layer alone; kept apart so that the Win32 cross build (no mingw
 * jansson or expat in Debian, docs/windows.md) can leave them out. */

/* probes/local.json: the credential verdicts as a report (report.md). */
enum live_status live_local_json(const struct config *cfg, struct buf *out, struct oqs_err *err);

/* oqs/results.tsv: the status fields of recent result files in res. */
enum live_status live_results_tsv(const struct config *cfg, struct buf *out,
                                  struct oqs_err *err);

/* events/system.xml, events/application.xml, events/taskscheduler.xml:
 * the event logs through `wevtutil qe` (live_events.c). No event is no
 * error: the file is then empty. Each *_cmds names the wevtutil commands
 * its file comes from (layout.def's cmds column). */
enum live_status live_events_system(const struct config *cfg, struct buf *out,
                                    struct oqs_err *err);
void live_events_system_cmds(const struct config *cfg, live_cmd_cb cb, void *ud);
enum live_status live_events_application(const struct config *cfg, struct buf *out,
                                         struct oqs_err *err);
void live_events_application_cmds(const struct config *cfg, live_cmd_cb cb, void *ud);
enum live_status live_events_tasks(const struct config *cfg, struct buf *out,
                                   struct oqs_err *err);
void live_events_tasks_cmds(const struct config *cfg, live_cmd_cb cb, void *ud);

/* Runs a command through the runner of the live_read_via call in progress
 * on this thread (the prefetch pool's answers), else plat_run. */
int live_run_cmd(const char *const *argv, int timeout_ms, struct buf *out, int *code,
                 struct oqs_err *err);

/* The credential checks of the manual's table (4 資格情報): secrets are
 * judged in place and only these verdicts leave the platform layer. */
enum live_cred {
    LIVE_CRED_LOGIN_KEY,
    LIVE_CRED_INSTITUTION_CODE,
    LIVE_CRED_CRYPT_PASS,
    LIVE_CRED_NAS_LOGIN_KEY,
    LIVE_CRED_COUNT
};
struct live_cred_info {
    const char *target;
    int (*check)(const char *secret, size_t len);
};
extern const struct live_cred_info live_creds[LIVE_CRED_COUNT];

#endif
