#include "analyze.h"

#include <stdio.h>
#include <string.h>

#include "../core/platform.h"
#include "../kb/kb.h"
#include "checks.h"
#include "source.h"
#include "system_info.h"

/* The host as the snapshot names it: manifest.json's, else systeminfo's. */
static void snapshot_host(struct report *r, struct source *src, const char *dir)
{
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (strcmp(f->id, "snapshot.manifest") == 0 && f->status == FST_OK) {
            const char *h = json_string_value(json_object_get(f->evidence, "host"));
            if (h && *h) {
                report_set_host(r, h);
                return;
            }
        }
    }
    char host[256];
    if (system_info_read(src, host, sizeof host, NULL) & 1) {
        report_set_host(r, host);
        return;
    }
    const char *b = strrchr(dir, '/');
    report_set_host(r, b && b[1] ? b + 1 : dir);
}

int analyze_dir(const char *dir, const struct config *cfg, const char *kb_dir,
                struct report **out, struct oqs_err *err)
{
    *out = NULL;
    long long t0 = plat_now_ms();
    struct source *src = source_dir(dir, err);
    if (!src)
        return -1;
    struct kb *kb = kb_load(kb_dir, err);
    if (!kb) {
        source_free(src);
        return -1;
    }
    struct report *r = report_new("snapshot");
    if (!r) {
        kb_free(kb);
        source_free(src);
        return oqs_errf(err, "out of memory");
    }
    plat_utc_rfc3339(-1, r->started);
    int rc = checks_run(src, cfg, r, err);
    if (rc == 0) {
        snapshot_host(r, src, dir);
        rc = kb_match(kb, r, dir, err);
    }
    kb_free(kb);
    source_free(src);
    if (rc != 0) {
        report_free(r);
        return -1;
    }
    r->elapsed_ms = plat_now_ms() - t0;
    *out = r;
    return 0;
}
