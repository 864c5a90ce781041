/* probes_run: every probe on its own thread with its own report, all under
 * one deadline (issue 5 "Time"): with every endpoint silent the run ends
 * at timeout_ms, not after the sum of the probes' timeouts. Each probe keeps
 * to the deadline itself (c-ares, curl and the NTP wait are given it). */
#include "probes.h"

#include <ares.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/platform.h"
#include "../core/platform_net.h"
#include "probe_impl.h"

const struct probe_def probe_defs[] = {
    {"dns", "name resolution of the OQS hosts: round robin, UDP/EDNS0/TCP, IPv4/IPv6",
     "OQS ホストの名前解決 (ラウンドロビン、UDP/EDNS0/TCP、IPv4/IPv6)"},
    {"ntp", "SNTP to every round-robin address of the NTP server: offset, stratum",
     "NTP サーバーの全アドレスへの SNTP 問い合わせ (時刻のずれ、階層)"},
    {"proxy", "the proxy: name, TCP connection, CONNECT and TLS to proxy.target",
     "プロキシ (名前解決、TCP 接続、proxy.target への CONNECT と TLS)"},
    {"tls", "HTTPS to tls.target: server chain, host name, expiry, client-certificate request",
     "tls.target への HTTPS (サーバー証明書の検証、ホスト名、期限、クライアント証明書の要求)"},
    {"http", "port 80 (HTTP, certificate application) to http.target, direct or through the proxy as the bypass list says",
     "http.target への80番ポート (HTTP、証明書申請用)。バイパス一覧に従い直接またはプロキシ経由"},
};
const size_t probe_count = sizeof probe_defs / sizeof probe_defs[0];

/* Each probe_defs row's function, in the same order. */
static int (*const probe_fns[sizeof probe_defs / sizeof probe_defs[0]])(struct probe_ctx *) = {
    probe_dns, probe_ntp, probe_proxy, probe_tls, probe_http};

void probe_names_join(char *out, size_t n, const char *sep)
{
    size_t at = 0;
    if (n)
        out[0] = '\0';
    for (size_t i = 0; i < probe_count && at < n; i++) {
        int w = snprintf(out + at, n - at, "%s%s", i ? sep : "", probe_defs[i].name);
        if (w < 0)
            break;
        at += (size_t)w;
    }
}

int probe_find(const char *name)
{
    for (size_t i = 0; i < probe_count; i++)
        if (strcmp(name, probe_defs[i].name) == 0)
            return (int)i;
    return -1;
}

struct run_state {
    pthread_mutex_t mu;
    const struct probe_progress *pg;
};

struct job {
    struct probe_ctx ctx;
    int (*fn)(struct probe_ctx *);
    int rc;
    pthread_t th;
    int started;
    long long ms; /* the probe's wall time */
};

void probe_state(struct probe_ctx *c, const char *state, int done)
{
    struct run_state *rs = c->run;
    if (!rs || !rs->pg || !rs->pg->update)
        return;
    pthread_mutex_lock(&rs->mu);
    rs->pg->update(rs->pg->ud, c->name, state, done);
    pthread_mutex_unlock(&rs->mu);
}

long probe_left_ms(const struct probe_ctx *c)
{
    long long left = c->deadline_ms - plat_now_ms();
    return left < 1 ? 1 : (long)left;
}

static void *job_main(void *arg)
{
    struct job *j = arg;
    long long t0 = plat_now_ms();
    j->rc = j->fn(&j->ctx);
    j->ms = plat_now_ms() - t0;
    return NULL;
}

static int lib_rc = -1;
static struct oqs_err lib_err;
static void lib_init(void)
{
    /* Process-wide library state, set up once before any thread uses it. */
    if (plat_net_init(&lib_err) < 0)
        return;
    if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) {
        oqs_errf(&lib_err, "c-ares could not be initialised");
        return;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        oqs_errf(&lib_err, "libcurl could not be initialised");
        return;
    }
    lib_rc = 0;
}

int probes_run(const struct config *cfg, const char *const *names, size_t nnames,
               struct report *r, const struct probe_progress *pg, struct oqs_err *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    int want[sizeof probe_defs / sizeof probe_defs[0]] = {0};
    if (!names) {
        for (size_t i = 0; i < probe_count; i++)
            want[i] = 1;
    }
    for (size_t k = 0; names && k < nnames; k++) {
        int i = probe_find(names[k]);
        if (i < 0) {
            char all[128];
            probe_names_join(all, sizeof all, ", ");
            return oqs_errf(err, "unknown probe '%s' (%s)", names[k], all);
        }
        if (!probe_fns[i])
            return oqs_errf(err, "probe %s is not built yet", names[k]);
        want[i] = 1;
    }
    pthread_once(&once, lib_init);
    if (lib_rc < 0)
        return oqs_errf(err, "%s", lib_err.msg);

    struct run_state rs = {.pg = pg};
    pthread_mutex_init(&rs.mu, NULL);
    long long deadline = plat_now_ms() + config_int(cfg, "timeout_ms");
    struct job jobs[sizeof probe_defs / sizeof probe_defs[0]];
    memset(jobs, 0, sizeof jobs);
    int rc = 0;
    for (size_t i = 0; i < probe_count; i++) {
        if (!want[i] || !probe_fns[i])
            continue;
        jobs[i].fn = probe_fns[i];
        jobs[i].ctx = (struct probe_ctx){.cfg = cfg, .deadline_ms = deadline,
                                         .name = probe_defs[i].name, .run = &rs};
        jobs[i].ctx.r = report_new(r->source);
        if (!jobs[i].ctx.r) {
            rc = oqs_errf(err, "out of memory");
            break;
        }
        probe_state(&jobs[i].ctx, "starting", 0);
        if (pthread_create(&jobs[i].th, NULL, job_main, &jobs[i]) != 0) {
            /* No thread to spare: run it here, still under the deadline. */
            job_main(&jobs[i]);
        } else {
            jobs[i].started = 1;
        }
    }
    for (size_t i = 0; i < probe_count; i++)
        if (jobs[i].started)
            pthread_join(jobs[i].th, NULL);
    /* Findings in display order, whatever order the probes finished in. */
    for (size_t i = 0; i < probe_count; i++) {
        if (!jobs[i].ctx.r)
            continue;
        if (rc == 0 && jobs[i].rc < 0)
            rc = oqs_errf(err, "probe %s could not run (out of memory)", probe_defs[i].name);
        /* The probe's wall time rides on its first finding's evidence, for
         * the Prometheus output (docs/reports.md: elapsed_ms). */
        struct report *jr = jobs[i].ctx.r;
        if (jr->nfindings && !json_object_get(jr->findings[0].evidence, "elapsed_ms"))
            json_object_set_new(jr->findings[0].evidence, "elapsed_ms", json_integer(jobs[i].ms));
        if (rc == 0 && report_merge(r, jobs[i].ctx.r, NULL) < 0)
            rc = oqs_errf(err, "out of memory");
        report_free(jobs[i].ctx.r);
    }
    pthread_mutex_destroy(&rs.mu);
    return rc;
}
