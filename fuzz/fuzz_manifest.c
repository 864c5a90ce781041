/* manifest.json of a snapshot (collectors/parsers/manifest.c): any bytes give
 * snapshot.* findings, never a crash; the input is written to a private
 * folder as manifest.json (the check reads through the snapshot source). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/checks/check.h"
#include "collectors/parsers/manifest.h"
#include "core/config.h"
#include "core/platform.h"
#include "core/report.h"
#include "fuzz.h"

static char *dir;
static char path[4096];
static struct config *cfg;

static void cleanup(void)
{
    if (dir) {
        plat_rmtree(dir);
        free(dir);
    }
    config_free(cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct oqs_err err;
    if (!dir) {
        dir = plat_mkdtemp("fuzz-manifest", &err);
        FUZZ_CHECK(dir != NULL);
        snprintf(path, sizeof path, "%s/manifest.json", dir);
        cfg = config_new();
        atexit(cleanup);
    }
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    if (size)
        fwrite(data, 1, size, f);
    fclose(f);
    struct source *src = source_dir(dir, &err);
    FUZZ_CHECK(src != NULL);
    struct report *r = report_new("snapshot");
    struct chk c = {.src = src, .cfg = cfg, .r = r, .now = 0, .tz_min = 540};
    struct snap_meta meta;
    check_manifest(&c, &meta);
    FUZZ_CHECK(r->nfindings >= 1);
    FUZZ_CHECK(r->uncataloged == 0);
    FUZZ_CHECK(memchr(meta.host, 0, sizeof meta.host) != NULL);
    report_free(r);
    source_free(src);
    return 0;
}
