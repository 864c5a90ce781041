/* manifest.json as read by collectors/bundle/bundle_manifest.c manifest_parse:
 * anything a bundle may carry. A manifest that parses is written again and
 * must parse to the same files. */
#include <string.h>

#include "collectors/bundle/bundle_manifest.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    struct oqs_err err = {{0}};
    struct manifest *m = manifest_parse((const char *)data, size, "manifest.json", &err);
    if (!m) {
        FUZZ_CHECK(err.msg[0] != '\0');
        return 0;
    }
    for (size_t i = 0; i < m->nfiles; i++) {
        FUZZ_CHECK(manifest_path_ok(m->files[i].path, strlen(m->files[i].path)));
        FUZZ_CHECK(m->files[i].size >= 0 && strlen(m->files[i].sha256) == 64);
    }
    size_t n;
    char *again = manifest_to_json(m, &n, &err);
    FUZZ_CHECK(again != NULL);
    struct manifest *m2 = manifest_parse(again, n, "again", &err);
    FUZZ_CHECK(m2 != NULL);
    FUZZ_CHECK(m2->nfiles == m->nfiles && m2->nskipped == m->nskipped &&
               m2->nredactions == m->nredactions);
    for (size_t i = 0; i < m->nfiles; i++) {
        FUZZ_CHECK(strcmp(m->files[i].path, m2->files[i].path) == 0);
        FUZZ_CHECK(m->files[i].size == m2->files[i].size);
        FUZZ_CHECK(strcmp(m->files[i].sha256, m2->files[i].sha256) == 0);
    }
    free(again);
    manifest_free(m2);
    manifest_free(m);
    return 0;
}
