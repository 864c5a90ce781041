#ifndef OQSDIAG_RENDER_H
#define OQSDIAG_RENDER_H

#include <stdio.h>
#include "report.h"

enum lang { LANG_EN, LANG_JA };

struct render_opts {
    enum lang lang;
    int color;    /* ANSI colour: only on a terminal and without NO_COLOR */
    int verbose;  /* text: show evidence */
    int problems; /* --problems: only what is not ok (warn, fail, unknown) */
};

/* Language from --lang, else LC_ALL, LC_MESSAGES, LANG starting with "ja". */
enum lang render_lang_from_env(void);

/* The verdict word of the whole report, by its exit status: "OK",
 * "WARNING", "FAILED", "could not judge" (or Japanese). */
const char *render_verdict(const struct report *r, enum lang lang);

int render_json(FILE *out, const struct report *r);
int render_text(FILE *out, const struct report *r, const struct render_opts *o);
/* One monitoring-plugins status line: OQSDIAG CRITICAL - 2 fail, 1 warn: ids | perfdata */
int render_nagios(FILE *out, const struct report *r);

/* A number judged by -w/-c ranges (core/threshold.h), as `probe NAME
 * --format nagios -w … -c …` asks. The ranges replace the report's own
 * judgement of the findings listed in replaces (e.g. ntp.offset). */
struct threshold;
struct nagios_check {
    const char *label;           /* perfdata label */
    const char *uom;             /* perfdata unit: "s" or "" */
    int have;                    /* value was measured */
    double value;
    const struct threshold *warn, *crit;
    const char *const *replaces; /* NULL-terminated finding ids, or NULL */
};
/* The state (0 ok, 1 warning, 2 critical, 3 unknown) of r with checks
 * applied: the worst of the findings not replaced and of each check; a
 * check with ranges but no value is unknown; nothing judged (no finding
 * ok, warn or fail and no measured check) is unknown. */
int nagios_state(const struct report *r, const struct nagios_check *c, size_t n);
/* render_nagios with the checks' state, text and perfdata; returns the
 * state. service names what was checked ("OQSDIAG-NTP"; NULL: "OQSDIAG",
 * the whole server). Perfdata labels must differ from each other and from
 * fail, warn, ok, unknown, skip, kb and elapsed. */
int render_nagios_checks(FILE *out, const struct report *r, const char *service,
                         const struct nagios_check *c, size_t n);

/* Prometheus text exposition for textfile collectors (docs/reports.md). */
int render_prometheus(FILE *out, const struct report *r);

/* Fix steps of a KB entry, supplied by the caller (cmd/ owns the KB): the
 * i-th step of entry kb_id in lang, NULL past the last. The string stays
 * valid while the caller's KB does. */
struct render_kb {
    const char *(*fix_step)(void *ud, const char *kb_id, enum lang lang, size_t i);
    void *ud;
    /* Whether `oqsdiag fix <kb_id>` has a machine repair (NULL: none). */
    int (*has_repair)(void *ud, const char *kb_id);
};

/* One self-contained HTML page (inline CSS, no external assets, A4 print):
 * the post-setup checklist, findings by manual section, KB entries with
 * their fix steps (kb may be NULL: titles only), evidence folded. */
int render_html(FILE *out, const struct report *r, const struct render_opts *o,
                const struct render_kb *kb);

#endif
