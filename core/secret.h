#ifndef OQSDIAG_SECRET_H
#define OQSDIAG_SECRET_H

/* Secrets typed in for this run (the PFX password asked on the terminal),
 * held in memory only: never in the configuration (which help and reports
 * print), a report, a log or a bundle. Set by cmd/ before the probes'
 * threads start, read by them, wiped when the run ends. */

/* Keeps a copy of value under name (a config key, "tls.client_cert");
 * 0, or -1 when the table is full or out of memory. */
int secret_set(const char *name, const char *value);
/* The value, or NULL. Valid until secret_wipe(). */
const char *secret_get(const char *name);
/* Overwrites and frees every value. */
void secret_wipe(void);

#endif
