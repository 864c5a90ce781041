#ifndef OQSDIAG_OOM_H
#define OQSDIAG_OOM_H

/* Allocation failures (issue 20, docs/hardening.md): a failure that a
 * caller survives by leaving something out (a finding, an evidence field,
 * a KB hit) would change the answer without saying so. Every such place,
 * every oqs_errf(err, "out of memory") and every allocation jansson fails
 * marks the run; the command then ends with "out of memory" and exit 3.
 * One mark per process: the jobs of a batch share it. */
void oqs_oom_note(void);
int oqs_oom_seen(void);
/* Clears the mark (the start of a command) and routes jansson's
 * allocations through the check. */
void oqs_oom_start(void);

#endif
