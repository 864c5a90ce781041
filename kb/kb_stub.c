/* Placeholder so that analyze/doctor link before the KB engine lands: it
 * loads nothing and matches nothing. Delete this file when kb_load and
 * kb_match are implemented (branch kb). */
#include <stdlib.h>

#include "kb.h"

struct kb {
    int unused;
};

struct kb *kb_load(const char *dir, struct oqs_err *err)
{
    (void)dir;
    (void)err;
    return calloc(1, sizeof(struct kb));
}

void kb_free(struct kb *kb)
{
    free(kb);
}

int kb_match(const struct kb *kb, struct report *r, const char *snapshot_dir, struct oqs_err *err)
{
    (void)kb;
    (void)r;
    (void)snapshot_dir;
    (void)err;
    return 0;
}
