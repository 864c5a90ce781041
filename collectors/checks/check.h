/*
 * Adding a check:
 *   1. its finding ids in core/findings.def (area, meaning in English and
 *      Japanese; docs/findings.md says how to name them); a new area also
 *      gets its AREA row there (the text report's heading);
 *   2. the file it reads: a row in collectors/layout.def (the live command
 *      or copy, or the producer and its commands; bundle, parser), then
 *      OQS_LAYOUT_WRITE=1
 *      build/tests/collectors/test_layout for the docs' table and a line in
 *      the spec's table (shared/spec/snapshot-layout.md);
 *   3. a pure parser in collectors/parsers/ (raw bytes in, parse_diag out)
 *      with a fuzz target fuzz/fuzz_NAME.c and its seeds in
 *      fuzz/corpora.txt;
 *   4. collectors/checks/check_AREA.c: chk_read(c, AREA,
 *      LAYOUT_PATH(ID), ...), parse, report_add() with ev() evidence; a new
 *      area gets a row in check_defs (checks.c) and a declaration below;
 *   5. a KB entry whose trigger names the finding (docs/kb-format.md);
 *   6. fixtures: a snapshot in tests/fixtures/snapshots/ (tools/mksnapshots.py)
 *      and its expected finding in tests/collectors/test_analyze.c;
 *   7. the fixtures' reports again: OQS_GOLDEN_UPDATE=1
 *      build/tests/cmd/test_golden, and read the diff of
 *      tests/fixtures/golden/ (every line that moved is a behaviour change).
 * Nothing else: docs/kb-format.md, "What adding a layout file touches".
 */
#ifndef OQSDIAG_CHECK_H
#define OQSDIAG_CHECK_H

#include <jansson.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/report.h"
#include "core/source.h"
#include "collectors/parsers/text.h"

/* What every check function gets: where the bytes come from, the
 * configuration, the report it adds to, and the time it judges against
 * (the snapshot's collection time, or now for a live run), so that the
 * analysis of an old snapshot says what a run on that day would have said. */
struct chk {
    struct source *src;
    const struct config *cfg;
    struct report *r;
    long long now;   /* seconds since the epoch, UTC */
    int tz_min;      /* the server's UTC offset (systeminfo), for local times */
    int mic_masked;  /* collect --redact masked the medical institution code */
    char host[256];  /* this computer's name (manifest, else systeminfo); "" unknown */
    char locale[64]; /* systeminfo's System Locale ("ja;日本語"), "" if not known */
    struct strv *consumed; /* if set, chk_read adds each file it reads (tests) */
};

/* One layout file as read for a check. */
struct input {
    const char *file;
    struct buf raw;
};

/* Reads file for area. 1: bytes in in->raw. 0: not available, and a finding
 * says so: <area>.input.missing (unknown) when the file is absent,
 * <area>.input.unreadable (unknown) when it cannot be read. -1: a live host
 * that is not Windows; skip_id was added (skip, "not a Windows host").
 * Free with input_free() either way. */
int chk_read(struct chk *c, const char *area, const char *file, const char *skip_id,
             struct input *in);
void input_free(struct input *in);

/* The <area>.input.unreadable finding for what a parser could not read. */
void chk_unreadable(struct chk *c, const char *area, const char *file,
                    const struct parse_diag *d);

/* Evidence {file, line, seen, expected}; NULL strings are left out, line 0
 * too. Caller owns the object (report_add steals it). */
json_t *ev(const char *file, unsigned line, const char *seen, const char *expected);

/* The area's checks (check_*.c); each adds its findings to c->r. */
void check_account(struct chk *c);
void check_tasks(struct chk *c);
void check_creds(struct chk *c);
void check_proxy(struct chk *c);
void check_ntp(struct chk *c);
void check_certs(struct chk *c);
void check_versions(struct chk *c);
void check_distroapp(struct chk *c);
void check_system(struct chk *c);
void check_folders(struct chk *c);
void check_shortcut(struct chk *c);
void check_events(struct chk *c);
void check_results(struct chk *c);
void check_resolver(struct chk *c);

/* Sets c->now: the collection time when known (>= 0), else the newest
 * time inside the snapshot, with a snapshot.time finding that says so. */
void check_snapshot_time(struct chk *c, long long collected);

/* snapshot.collected_by from user (a snapshot's manifest; "" not recorded;
 * NULL: a live run, this process's user), and `collected_as` in the
 * evidence of every per-user finding added since index first. */
void check_collected_by(struct chk *c, const char *user, int elevated, size_t first);

/* comapp.used=no: the linkage application's findings added since index
 * first become skip, with "not_needed" in their evidence (manual 3). */
void check_comapp_not_needed(struct chk *c, size_t first);
/* network.line ("line" in the evidence) on every dns.*, tls.connect* and
 * events.dns.* finding of the report, for the KB triggers that depend on it. */
void check_line_type(struct chk *c);

/* The five tasks of manual 8-02 and 9-03. */
extern const char *const oqs_task_names[5];

#endif
