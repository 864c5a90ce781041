#ifndef OQSDIAG_ANALYZE_MANY_H
#define OQSDIAG_ANALYZE_MANY_H

#include "cmd.h"

/* The analysis of one snapshot folder (collectors/analyze.c analyze_dir).
 * Caller frees *out with report_free(). */
typedef int (*analyze_dir_fn)(const char *dir, const struct config *cfg, const char *kb_dir,
                              struct report **out, struct oqs_err *err);

/* `analyze PATH...` for snapshot folders and bundles (issue 6): a bundle is
 * checked and extracted into a private temporary folder that is always
 * removed; --jsonl prints one report per line, --jobs N runs N at a time
 * (output in the order given), --summary the KB entries most frequent
 * across the inputs. fn NULL: the folder analysis is not built yet. */
int cmd_analyze_paths(struct cli *cli, int argc, char **argv, analyze_dir_fn fn);

#endif
