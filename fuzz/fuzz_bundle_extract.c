/* A whole bundle as analyze reads it (collectors/bundle_extract.c): any
 * bytes as a .tar.gz. Whatever happens, nothing is written outside the
 * private temporary folder, and a refusal leaves no folder behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/bundle_extract.h"
#include "core/platform.h"
#include "fuzz.h"

static char *base;
static char input[4200], tmproot[4200];

static void cleanup(void)
{
    if (base) {
        plat_rmtree(base);
        free(base);
    }
}

static int count_cb(const struct plat_dirent *e, void *ud)
{
    (void)e;
    (*(int *)ud)++;
    return 0;
}

static int entries(const char *dir)
{
    int n = 0;
    struct oqs_err err;
    plat_list_dir(dir, count_cb, &n, &err);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct oqs_err err = {{0}};
    if (!base) {
        base = plat_mkdtemp("fuzz-bundle", &err);
        FUZZ_CHECK(base != NULL);
        snprintf(input, sizeof input, "%s/in.tar.gz", base);
        snprintf(tmproot, sizeof tmproot, "%s/tmp", base);
        FUZZ_CHECK(plat_mkdir_p(tmproot, &err) == 0);
        setenv("TMPDIR", tmproot, 1);
        atexit(cleanup);
    }
    FILE *f = fopen(input, "wb");
    FUZZ_CHECK(f != NULL);
    if (size)
        FUZZ_CHECK(fwrite(data, 1, size, f) == size);
    fclose(f);
    const struct bundle_caps caps = {1 << 20, 4 << 20, 200};
    char *tmp = NULL, *snap = NULL;
    int rc = bundle_extract(input, &caps, &tmp, &snap, &err);
    /* Only the input and the temporary root sit in base, whatever the archive said. */
    FUZZ_CHECK(entries(base) == 2);
    if (rc == 0) {
        FUZZ_CHECK(tmp && snap && strncmp(tmp, tmproot, strlen(tmproot)) == 0);
        FUZZ_CHECK(strncmp(snap, tmp, strlen(tmp)) == 0 && snap[strlen(tmp)] == '/');
        FUZZ_CHECK(plat_rmtree(tmp) == 0);
    } else {
        FUZZ_CHECK(tmp == NULL && snap == NULL && err.msg[0] != '\0');
    }
    FUZZ_CHECK(entries(tmproot) == 0);
    free(tmp);
    free(snap);
    return 0;
}
