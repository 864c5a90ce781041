/* Numbers from finding evidence, so that the Prometheus and nagios outputs
 * read the same fields the probes and collectors write. */
#include "metrics.h"

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
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        struct metric *m = realloc(a->m, cap * sizeof *m);
        if (!m)
            return -1;
        a->m = m;
        a->cap = cap;
    }
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
