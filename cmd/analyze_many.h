#ifndef OQSDIAG_ANALYZE_MANY_H
#define OQSDIAG_ANALYZE_MANY_H

#include "cmd.h"

/* `analyze PATH...` for snapshot folders and bundles (issue 6): a bundle is
 * checked and read into memory, never unpacked to disk; --jsonl prints one
 * report per line, --jobs N runs N at a time (output in the order given),
 * --summary the KB entries most frequent across the inputs. */
int cmd_analyze_paths(struct cli *cli, int argc, char **argv);

#endif
