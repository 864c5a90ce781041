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

/* Lists the names under a layout directory ("tasks", "certs/user-my",
 * "logs/comapp"); cb returns non-zero to stop. */
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
