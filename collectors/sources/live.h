#ifndef OQSDIAG_LIVE_H
#define OQSDIAG_LIVE_H

#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"

/* The live machine seen as the snapshot layout (shared/spec/snapshot-layout.md):
 * for each file of the layout, how this host produces its bytes (a command's
 * raw output, a registry value, a credential verdict, an exported public
 * certificate, a folder listing). Built only on the platform layer, so it
 * compiles everywhere; on a host that is not Windows every call answers
 * LIVE_UNSUPPORTED. source_live() (doctor) and `collect` both use it, so a
 * run on the server and the analysis of its snapshot read the same bytes. */
enum live_status {
    LIVE_OK,          /* bytes in out */
    LIVE_MISSING,     /* this host has no such thing (file absent, value unset) */
    LIVE_UNSUPPORTED, /* not a Windows host */
    LIVE_ERROR        /* could not produce it; err says why */
};

/* Produces the bytes of one layout file, e.g. "system/w32tm_status.txt". */
enum live_status live_read(const char *relpath, const struct config *cfg, struct buf *out,
                           struct oqs_err *err);

/* How the collector runs a command: plat_run, or another answer to the
 * same call (the prefetch below). */
struct live_runner {
    int (*run)(void *ud, const char *const *argv, int timeout_ms, struct buf *out,
               int *exit_code, struct oqs_err *err);
    void *ud;
};
/* live_read with its commands run through r (NULL: plat_run). */
enum live_status live_read_via(const struct live_runner *r, const char *relpath,
                               const struct config *cfg, struct buf *out, struct oqs_err *err);
/* Called with one command line (NULL-ended) and its deadline. */
typedef void (*live_cmd_cb)(const char *const *argv, int timeout_ms, void *ud);
/* Calls cb with every command the layout's files come from, in the table's
 * order (collectors/layout.def, systeminfo, the slowest, first): each
 * LAYOUT_CMD row's, then what each LAYOUT_MADE row's cmds names. */
void live_each_command(const struct config *cfg, live_cmd_cb cb, void *ud);

/* Runs those commands at once in a bounded pool of threads (at most
 * LIVE_POOL), so the caller waits for the slowest, not the sum; the
 * answers are kept for live_prefetch_read. NULL: out of memory (the caller
 * reads with live_read instead). Freed with live_prefetch_free. */
#define LIVE_POOL 24
struct live_prefetch;
struct live_prefetch *live_prefetch_start(const struct config *cfg);
/* live_read, once the pool is done, with the commands answered from it. */
enum live_status live_prefetch_read(struct live_prefetch *p, const char *relpath, struct buf *out,
                                    struct oqs_err *err);
void live_prefetch_free(struct live_prefetch *p);

/* Lists the names under a layout directory ("tasks", "certs/user-my",
 * "logs/comapp"; "": every file of the layout), relative to it; cb returns
 * non-zero to stop. */
enum live_status live_list(const char *reldir, const struct config *cfg,
                           int (*cb)(const char *name, void *ud), void *ud,
                           struct oqs_err *err);

/* Writes every layout file this host can produce under dir (created).
 * Each file that could not be produced is reported through skipped (may be
 * NULL) with its reason; the call fails only when dir cannot be written. */
int live_snapshot_write(const char *dir, const struct config *cfg,
                        void (*skipped)(const char *relpath, const char *why, void *ud),
                        void *ud, struct oqs_err *err);

#endif
