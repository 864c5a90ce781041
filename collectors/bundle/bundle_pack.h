#ifndef OQSDIAG_BUNDLE_PACK_H
#define OQSDIAG_BUNDLE_PACK_H

#include <stddef.h>
#include "bundle_manifest.h"
#include "core/config.h"
#include "core/err.h"

/* `collect`: a snapshot folder into a support bundle (issue 6,
 * snapshot-layout.md Bundle): what the layout forbids is never opened,
 * credential values are masked, logs are capped newest first, --redact
 * masks names and addresses, and the .tar.gz holds one top-level folder
 * with manifest.json first. docs/bundle.md. */

struct bundle_note {
    const char *path, *why;
};

struct bundle_opts {
    const struct config *cfg;
    int redact;
    /* The bundle's path; an existing folder: the default name
     * (oqsdiag-<host>-<UTC time>.tar.gz) in it; NULL: in the current folder. */
    const char *output;
    const char *host;       /* host name when neither manifest nor system/os.txt names one */
    int live;               /* src was just collected from this machine: its time is now and
                             * its per-user files are this process's user's */
    const struct bundle_note *notes; /* files the collector could not produce */
    size_t nnotes;
};

struct bundle_result {
    char *path;             /* the bundle written */
    char *mapping;          /* the redaction mapping (kept with the customer), or NULL */
    struct manifest *manifest;
};

/* Packs the snapshot folder src. Caller frees res with bundle_result_free(). */
int bundle_collect(const char *src, const struct bundle_opts *o, struct bundle_result *res,
                   struct oqs_err *err);
void bundle_result_free(struct bundle_result *res);

/* Why a relative path is left out of any bundle without being opened
 * (PFX, keys, req/res data, not in the layout), or NULL if it may go in. */
const char *bundle_refuse_path(const char *rel);

#endif
