#ifndef OQSDIAG_REPORT_H
#define OQSDIAG_REPORT_H

#include <stddef.h>
#include <jansson.h>
#include "err.h"

/* The report model of shared/spec/report.md (format 1). */

/* jansson flags for every document we print: keys in insertion order, and
 * reals with 12 significant digits so 0.922 prints as 0.922, not
 * 0.92200000000000004. Add JSON_INDENT(2) or JSON_COMPACT. */
#define OQS_JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

/* The values of OK..UNKNOWN are the exit codes and Nagios states of
 * report.md (0 ok, 1 warning, 2 critical, 3 unknown). */
enum fstatus { FST_OK, FST_WARN, FST_FAIL, FST_UNKNOWN, FST_SKIP };
#define FST_COUNT 5

/* The one precedence of statuses, worst first (monitoring-plugins'
 * max_state): fail > unknown > warn > ok > skip. Not knowing outranks a
 * warning because an unread value may hide a failure; skip judged nothing.
 * Every place that combines statuses uses it: the checklist's items, the
 * Nagios state, the Prometheus series per id, the exit status. The rank is
 * 4 for fail down to 0 for skip. */
int fstatus_rank(enum fstatus st);
/* The worse of a and b by fstatus_rank(); a when they rank alike. */
enum fstatus fstatus_worse(enum fstatus a, enum fstatus b);

struct finding {
    char *id;
    const char *area;   /* from the catalog, or the id's first label */
    enum fstatus status;
    char *summary;      /* English */
    char *summary_ja;   /* Japanese (JSON extension field "summary_ja") */
    json_t *evidence;   /* a JSON object, owned; never NULL */
    char *source;       /* "probe:dns", "system/os.txt", "probes/network.json" */
};

/* A raw line that fired a KB entry: the file of the snapshot and the line
 * number; its text stays in the file (where masking applies). An event
 * (kind "event") also names its provider, id and time, so the report says
 * when without quoting the message. */
struct kb_line {
    char *file;
    unsigned long line;
    const char *kind;   /* "log", "output" or "event" (static string) */
    char *provider;     /* "event": System/Provider/@Name; else NULL */
    unsigned long event_id;
    char *time;         /* "event": TimeCreated/@SystemTime (UTC); else NULL */
};

struct kb_hit {
    char *id;
    char **refs;
    size_t nrefs;
    char *title;        /* Japanese, as report.md shows */
    char *title_en;     /* extension field */
    double score;
    char **because;     /* finding ids only, each in findings[] (report.md) */
    size_t nbecause;
    struct kb_line *matched; /* raw lines that fired it (logs, command output) */
    size_t nmatched;
};

struct report {
    const char *source; /* "live" or "snapshot" (static string) */
    char *host;
    char started[32];   /* RFC 3339 UTC */
    long long elapsed_ms;
    struct finding *findings;
    size_t nfindings, capfindings;
    struct kb_hit *kb;
    size_t nkb, capkb;
    size_t uncataloged; /* findings whose id is not in the catalog: a bug */
};

/* Caller frees with report_free(). source: "live" or "snapshot". */
struct report *report_new(const char *source);
void report_free(struct report *r);
int report_set_host(struct report *r, const char *host);

/* Adds a finding. en_fmt and ja_fmt take the same arguments in the same
 * order. evidence is stolen (may be NULL: an empty object is made). */
int report_add(struct report *r, const char *id, enum fstatus st, const char *source,
               json_t *evidence, const char *en_fmt, const char *ja_fmt, ...)
    OQS_PRINTF(6, 8) OQS_PRINTF(7, 8);

/* Adds a KB hit; strings are copied. */
int report_add_kb(struct report *r, const char *id, const char *const *refs, size_t nrefs,
                  const char *title, const char *title_en, double score,
                  const char *const *because, size_t nbecause);

/* Adds a raw line to the last KB hit added (report_add_kb). kind: "log"
 * or "output". */
int report_kb_add_line(struct report *r, const char *kind, const char *file, unsigned long line);
/* What an event line shows beside its file:line in text and HTML:
 * "Microsoft-Windows-Time-Service 134, 2026-11-30 00:12:03 UTC"; "" for
 * other kinds. Returns out. */
const char *kb_line_event_label(const struct kb_line *l, char *out, size_t n);
/* Adds an event (kind "event") to the last KB hit added, unless that hit
 * has it (same file and line) already. Strings are copied. */
int report_kb_add_event(struct report *r, const char *file, unsigned long line,
                        const char *provider, unsigned long event_id, const char *time);

/* Copies every finding of src into dst, replacing each finding's source with
 * source_override when it is not NULL. */
int report_merge(struct report *dst, const struct report *src, const char *source_override);
/* Removes findings[i] (before the KB is matched: no kb[].because refers
 * to it yet), keeping the order of the rest. */
void report_drop(struct report *r, size_t i);

void report_counts(const struct report *r, size_t counts[FST_COUNT]);
/* 1 when some finding came out ok, warn or fail: the run judged something. */
int report_judged(const struct report *r);
/* 0 all ok, 1 some warn and no fail, 2 some fail, 3 nothing judged: no
 * finding came out ok, warn or fail (report.md: never 0, never "OK"). The
 * worst judged status by fstatus_worse(): an unknown finding beside judged
 * ones does not raise it (report.md). */
int report_exit_status(const struct report *r);
/* When r judged nothing: 1 and one line saying why (the first unknown
 * finding, the counts) in out; else 0. */
int report_unjudged_reason(const struct report *r, int ja, char *out, size_t n);

const char *fstatus_name(enum fstatus st);
int fstatus_parse(const char *s, enum fstatus *out);

/* The whole document of report.md. Caller frees with json_decref(). */
json_t *report_to_json(const struct report *r);
/* Reads a report document (e.g. probes/network.json). Caller frees with
 * report_free(). Errors name the field. */
struct report *report_from_json(const json_t *doc, struct oqs_err *err);

#endif
