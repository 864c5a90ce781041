/* Numbers from finding evidence, so that the Prometheus and nagios outputs
 * read the same fields the probes and collectors write. */
#include "metrics.h"
#include "render.h"
#include "buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number field of an evidence object: real or integer. */
static int ev_number(const json_t *ev, const char *key, double *out)
{
    const json_t *v = json_object_get(ev, key);
    if (!v || !json_is_number(v))
        return -1;
    *out = json_number_value(v);
    return 0;
}

static int ntp_offset_seconds(const json_t *ev, double *s)
{
    if (ev_number(ev, "offset_s", s) == 0)
        return 0;
    if (ev_number(ev, "offset_ms", s) == 0) {
        *s /= 1000.0;
        return 0;
    }
    return -1;
}

static int is_cert_expiry(const char *id)
{
    return strcmp(id, "cert.client.expiry") == 0 || strcmp(id, "tls.client_cert.expiry") == 0 ||
           strcmp(id, "tls.server_cert.expiry") == 0;
}

struct acc {
    struct metric *m;
    size_t n, cap;
};

static int put(struct acc *a, enum metric_kind kind, const char *label, double value)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->m[i].kind == kind && strcmp(a->m[i].label, label) == 0) {
            if ((kind == MET_CERT_DAYS && value < a->m[i].value) ||
                (kind == MET_PROBE_DURATION && value > a->m[i].value))
                a->m[i].value = value;
            return 0;
        }
    struct metric *grown = oqs_grow(a->m, &a->cap, a->n + 1, sizeof *grown);
    if (!grown)
        return -1;
    a->m = grown;
    struct metric *m = &a->m[a->n++];
    m->kind = kind;
    snprintf(m->label, sizeof m->label, "%s", label);
    m->value = value;
    return 0;
}

int metrics_collect(const struct report *r, struct metric **out, size_t *n)
{
    struct acc a = {0};
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        const json_t *ev = f->evidence;
        double v;
        int rc = 0;
        /* ntp.query is one finding per address (findings.def). */
        if (strcmp(f->id, "ntp.query") == 0) {
            const char *addr = json_string_value(json_object_get(ev, "address"));
            if (addr && ntp_offset_seconds(ev, &v) == 0)
                rc = put(&a, MET_NTP_OFFSET, addr, v);
        } else if (is_cert_expiry(f->id) && ev_number(ev, "days_left", &v) == 0) {
            rc = put(&a, MET_CERT_DAYS, f->id, v);
        }
        /* A probe's wall time, carried by its findings as elapsed_ms. */
        if (rc == 0 && f->source && strncmp(f->source, "probe:", 6) == 0 &&
            ev_number(ev, "elapsed_ms", &v) == 0)
            rc = put(&a, MET_PROBE_DURATION, f->source + 6, v / 1000.0);
        if (rc != 0) {
            free(a.m);
            return -1;
        }
    }
    *out = a.m;
    *n = a.n;
    return 0;
}

int metrics_probe_check(const struct report *r, const char *probe, struct nagios_check *out)
{
    /* The ranges judge these numbers instead of the configured thresholds
     * that made the findings (ntp.offset_*_ms, cert.days_warn). */
    static const char *const ntp_replaces[] = {"ntp.offset", NULL};
    static const char *const tls_replaces[] = {"tls.client_cert.expiry", "tls.server_cert.expiry",
                                               NULL};
    struct metric *m = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    int timed = strcmp(probe, "dns") == 0 || strcmp(probe, "proxy") == 0 || strcmp(probe, "http") == 0;
    if (timed) {
        /* The probe's own wall time; one label per measure, so both probes
         * can share a line. */
        out->label = probe[0] == 'd' ? "dns_time" : probe[0] == 'h' ? "http_time" : "proxy_time";
        out->uom = "s";
    } else if (strcmp(probe, "ntp") == 0) {
        out->label = "offset";
        out->uom = "s";
        out->replaces = ntp_replaces;
    } else if (strcmp(probe, "tls") == 0) {
        out->label = "cert_days";
        out->uom = "";
        out->replaces = tls_replaces;
    } else {
        return -1;
    }
    if (metrics_collect(r, &m, &n) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (timed && m[i].kind == MET_PROBE_DURATION && strcmp(m[i].label, probe) == 0) {
            out->value = m[i].value;
            out->have = 1;
        } else if (out->replaces == ntp_replaces && m[i].kind == MET_NTP_OFFSET) {
            /* check_ntp_time judges the absolute offset too. */
            double v = fabs(m[i].value);
            if (!out->have || v > out->value)
                out->value = v;
            out->have = 1;
        } else if (out->replaces == tls_replaces && m[i].kind == MET_CERT_DAYS &&
                   strncmp(m[i].label, "tls.", 4) == 0) {
            if (!out->have || m[i].value < out->value)
                out->value = m[i].value;
            out->have = 1;
        }
    }
    free(m);
    return 0;
}
