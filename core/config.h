#ifndef OQSDIAG_CONFIG_H
#define OQSDIAG_CONFIG_H

#include <stddef.h>
#include <stdio.h>
#include "err.h"

/* Every endpoint and threshold is a key whose default is the manual's value
 * (core/config_keys.def). Loaded once per run, then read-only. */

struct config;

/* All keys at their defaults. Caller frees with config_free(). */
struct config *config_new(void);
void config_free(struct config *c);

/* Sets key=value after validating it; origin/line name where it came from
 * ("--set", or the INI file and line) for the error message. */
int config_set(struct config *c, const char *key, const char *value,
               const char *origin, int line, struct oqs_err *err);
/* Whether key was given (--set or a file) rather than left at its default. */
int config_is_set(const struct config *c, const char *key);
/* "key=value" as given to --set. */
int config_set_arg(struct config *c, const char *arg, struct oqs_err *err);
/* INI file: [section] prefixes keys ("[ntp]" + "server=" is ntp.server). */
int config_load_file(struct config *c, const char *path, struct oqs_err *err);
int config_load_buf(struct config *c, const char *data, size_t len, const char *origin,
                    struct oqs_err *err);

/* Getters: the key must exist in config_keys.def (abort otherwise: a bug). */
const char *config_str(const struct config *c, const char *key);
long config_int(const struct config *c, const char *key);
double config_double(const struct config *c, const char *key);
int config_bool(const struct config *c, const char *key);
/* List keys (comma or semicolon separated); the array is owned by c. */
const char *const *config_list(const struct config *c, const char *key, size_t *n);

/* Any key's value as text, a list joined with sep (Windows' own lists
 * take ';'). Caller frees; NULL for an unknown key or no memory. */
char *config_text(const struct config *c, const char *key, char sep);

/* Splits "host:port", "[v6]:port" or "host" (port = default_port). */
int config_split_hostport(const char *s, char *host, size_t hostn, int *port, int default_port);

/* The keys, for listings and tests. */
size_t config_key_count(void);
const char *config_key_name(size_t i);

/* `oqsdiag help config`: every key, its default and meaning. ja: Japanese. */
void config_print_help(FILE *out, int ja);

#endif
