#ifndef OQSDIAG_HARNESS_H
#define OQSDIAG_HARNESS_H

#include <jansson.h>

/* The real servers of tests/probes/harness.sh (dnsmasq, chronyd, squid,
 * openssl s_server and tools/testsrv) on 127.0.53.x and ::1. */
struct hx {
    char *dir;       /* private temporary directory: env, pids, logs, certs */
    char skip[512];  /* why the servers could not start ("" when they did) */
    json_t *env;     /* the KEY=VALUE lines of DIR/env */
};

/* Starts the components ("dns ntp family silent proxy tls"). 0 started;
 * 1 could not (h->skip says why: the test must skip with it); -1 error. */
int hx_start(struct hx *h, const char *components);
/* Ends the servers by pid and removes the directory. */
void hx_stop(struct hx *h);
/* hx_start for one test: when the servers cannot start, prints
 * "skipped: <why>" and skips the test (cmocka skip()). */
void hx_start_or_skip(struct hx *h, const char *components);

/* One set of servers shared by every test of a binary (a cmocka group):
 *     return hx_run_group(tests, "dns family");
 * A test begins with hx_need_group() (skips when they could not start) and
 * reads them through hx_group. */
extern struct hx hx_group;
extern const char *hx_group_components;
int hx_group_setup(void **state);
int hx_group_teardown(void **state);
void hx_need_group(void);
#define hx_run_group(tests, components)                                                       \
    (hx_group_components = (components),                                                      \
     cmocka_run_group_tests(tests, hx_group_setup, hx_group_teardown))
/* A value of DIR/env ("" when absent). */
const char *hx_env(const struct hx *h, const char *key);

/* Runs `oqsdiag --json <args...> probe <probes>` in-process (args and probes
 * NULL-terminated). Returns the parsed report (caller frees with
 * json_decref()) and the exit status in *status; NULL if no JSON came. */
json_t *hx_probe(const char *const *args, const char *const *probes, int *status);

/* The first finding with this id whose evidence[key] (a string) equals
 * value; key NULL: any. NULL when there is none. */
json_t *hx_finding(const json_t *doc, const char *id, const char *key, const char *value);
/* A finding's status; "(none)" for no finding, so a failing assertion says so. */
const char *hx_status(const json_t *f);
/* How many findings have this status ("fail"). */
size_t hx_count(const json_t *doc, const char *status);
/* Whether the report's kb array holds this id. */
int hx_has_kb(const json_t *doc, const char *kb_id);
/* Prints the findings that are not ok (for a failing test's log). */
void hx_dump(const json_t *doc);

#endif
