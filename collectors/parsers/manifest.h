#ifndef OQSDIAG_SNAPSHOT_MANIFEST_H
#define OQSDIAG_SNAPSHOT_MANIFEST_H

#include <stddef.h>

#include "core/report.h"
#include "collectors/checks/check.h"

/* What analyze takes from manifest.json before the checks run. */
struct snap_meta {
    int present;          /* manifest.json was read and parsed */
    int snapshot;         /* the source is a snapshot (a live run has no manifest) */
    char user[256];       /* collected_by.user; "" if not given */
    int elevated;         /* collected_by.elevated: 1 yes, 0 no, -1 not given */
    char host[256];       /* "" if not given */
    long long collected;  /* seconds since the epoch; -1 if not given */
    int mic_masked;       /* --redact masked the medical institution code */
};

/* Checks manifest.json (snapshot-layout.md): present, format 1, each listed
 * file there with its size and SHA-256 (OpenSSL EVP). Fills meta (may be
 * NULL). Adds snapshot.* findings. */
void check_manifest(struct chk *c, struct snap_meta *meta);

#endif
