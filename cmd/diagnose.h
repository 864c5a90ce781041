#ifndef OQSDIAG_DIAGNOSE_H
#define OQSDIAG_DIAGNOSE_H

#include "core/config.h"
#include "core/err.h"
#include "core/report.h"

/* Analyses a snapshot directory (shared/spec/snapshot-layout.md): every
 * parser and check (checks_run), the knowledge base (built-in entries plus
 * kb_dir, which may be NULL) matched against the findings and the
 * snapshot's log and command-output lines. The report's source is
 * "snapshot", its host the snapshot's (manifest, else systeminfo, else the
 * directory name). Returns 0 and *out (caller frees with report_free()),
 * or -1 with err when the directory cannot be used at all. */
int analyze_dir(const char *dir, const struct config *cfg, const char *kb_dir,
                struct report **out, struct oqs_err *err);

/* The same for a snapshot held in memory (a bundle, bundle_extract.h); its
 * name (the bundle's top folder) stands in for the directory name. */
struct memtree;
int analyze_memtree(const struct memtree *tree, const struct config *cfg, const char *kb_dir,
                    struct report **out, struct oqs_err *err);

/* This host, as doctor and verify see it: the local commands start
 * (source_live), the network probes run meanwhile (a live line on a
 * terminal unless --quiet), then every check, then the knowledge base over
 * the findings and the host's log and command-output lines, read through
 * the same source: the path a snapshot takes. Fills r (cmd_live_report());
 * 0, or -1 with err. */
struct cli;
struct kb;
int diagnose_live(struct cli *cli, const struct kb *kb, struct report *r, struct oqs_err *err);

#endif
