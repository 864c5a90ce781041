#ifndef OQSDIAG_PROBES_H
#define OQSDIAG_PROBES_H

#include <stddef.h>
#include "../core/config.h"
#include "../core/err.h"
#include "../core/progress.h"
#include "../core/report.h"


/* The probes, in display order: the one list from which the command line
 * (`probe NAME`), `help probe`, the completion and the "unknown probe"
 * message are built.
 *
 * Adding a probe: a file probes/NAME.c with int probe_NAME(struct
 * probe_ctx *) (probe_impl.h) that adds its findings (core/findings.def,
 * area NAME, with its AREA row) to c->r and keeps to c->deadline_ms; a
 * row in probe_defs (probes/run.c) with its summary in English and
 * Japanese; its config keys
 * in core/config_keys.def; a test in tests/probes/ against a local server
 * (tests/support/harness.h); the man page's probe list (docs/oqsdiag.1). */
struct probe_def {
    const char *name;
    const char *summary_en, *summary_ja;
};
extern const struct probe_def probe_defs[];
extern const size_t probe_count;

/* "dns, ntp, proxy, tls": the names joined with sep, into out (cap n). */
void probe_names_join(char *out, size_t n, const char *sep);
/* The index of the probe called name, or -1. */
int probe_find(const char *name);

/* Whether tls.client_cert is a PFX that needs a password neither the
 * environment (tls.client_cert_password_env) nor an empty one gives: cmd/
 * then asks on the terminal (core/secret.h carries the answer). */
int tls_client_needs_password(const struct config *cfg);

/* Runs the named probes (names NULL: all) concurrently under one deadline,
 * config timeout_ms from the call. pg may be NULL. */
int probes_run(const struct config *cfg, const char *const *names, size_t nnames,
               struct report *r, const struct probe_progress *pg, struct oqs_err *err);

#endif
