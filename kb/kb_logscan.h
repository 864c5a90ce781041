#ifndef OQSDIAG_KB_LOGSCAN_H
#define OQSDIAG_KB_LOGSCAN_H

#include <stddef.h>
#include "../core/err.h"
#include "kb_entry.h"

/* Streaming scan of log and command-output files for the `log` and `output`
 * triggers of the KB (docs/kb-format.md). Memory is constant whatever the
 * file size: fixed-size read chunks and one line buffer of KB_LINE_CAP bytes;
 * a longer line is matched on its first KB_LINE_CAP bytes and the rest is
 * skipped up to the next newline. Each file is read once and every pattern
 * that applies to it runs on each line (PCRE2, JIT-compiled). Lines are CP932
 * or UTF-8, decided per line (UTF-16LE files with a BOM are read as such). */

#define KB_SCAN_CHUNK (64 * 1024)
#define KB_LINE_CAP (64 * 1024)

/* One trigger to look for, and where it first matched. */
struct kb_scan_rule {
    const struct kb_trigger *t;
    int hit;
    char file[512];         /* relative to the snapshot ("logs/comapp/x.log") */
    unsigned long line;     /* 1-based */
};

struct kb_scan_stats {
    unsigned long long bytes, lines, files, long_lines;
};

/* Scans the snapshot's logs/comapp/, logs/distroapp/ (recursively, each
 * folder's names in sorted order) and the files matching the output
 * triggers' path globs, all read through src (core/source.h): a snapshot
 * folder and a bundle in memory are one path. A missing folder or file is
 * no error (every snapshot file is optional). stats may be NULL. */
struct source;
int kb_logscan_source(struct source *src, struct kb_scan_rule *rules, size_t n,
                      struct kb_scan_stats *stats, struct oqs_err *err);

/* Scans one file with the `log` rules (any source) and the `output` rules
 * whose glob matches name; name is what rules[].file records. */
int kb_logscan_file(const char *path, const char *name, struct kb_scan_rule *rules, size_t n,
                    struct kb_scan_stats *stats, struct oqs_err *err);

#endif
