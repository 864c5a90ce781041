#ifndef OQSDIAG_OOM_H
#define OQSDIAG_OOM_H

/* Allocation failures (issue 20, docs/hardening.md): a failure that a
 * caller survives by leaving something out (a finding, an evidence field,
 * a KB hit) would change the answer without saying so. Every such place,
 * every error message that says so and every allocation a library fails
 * (cmd/lib_alloc.c) marks the run; the command then ends with "out of
 * memory" and exit 3. One mark per process: the jobs of a batch share it. */
void oqs_oom_note(void);
int oqs_oom_seen(void);
/* Clears the mark: the start of a command. */
void oqs_oom_reset(void);
/* Notes when an error message says an allocation failed: it ends in "out
 * of memory" (ours, expat's) or in the system's ENOMEM text ("path: Cannot
 * allocate memory"), whoever handles the error afterwards. */
void oqs_oom_check_msg(const char *msg);

#endif
