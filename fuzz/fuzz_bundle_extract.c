/* A whole bundle as analyze reads it (collectors/bundle/bundle_extract.c): any
 * bytes as a .tar.gz. Whatever happens, nothing is written to disk (the
 * temporary root stays empty), a refusal leaves an empty tree with a
 * reason, and an accepted tree holds only safe names, sorted, each once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/bundle/bundle_extract.h"
#include "core/memtree.h"
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
    struct memtree tree;
    int rc = bundle_extract(input, &caps, &tree, &err);
    FUZZ_CHECK(entries(base) == 2 && entries(tmproot) == 0);
    if (rc == 0) {
        FUZZ_CHECK(tree.name != NULL);
        size_t total = 0;
        for (size_t i = 0; i < tree.n; i++) {
            const struct memtree_entry *e = &tree.v[i];
            const char *why;
            FUZZ_CHECK(bundle_name_check(e->path, strlen(e->path), &why) == 0);
            FUZZ_CHECK(memtree_find(&tree, e->path) == e);
            FUZZ_CHECK(e->is_dir ? e->data == NULL : (e->data && e->data[e->len] == 0));
            total += e->len;
        }
        FUZZ_CHECK(total <= (size_t)caps.max_total_bytes);
    } else {
        FUZZ_CHECK(tree.n == 0 && tree.v == NULL && err.msg[0] != '\0');
    }
    memtree_free(&tree);
    return 0;
}
