#include "kb_fixture.h"

#include <stdio.h>

struct kb *tu_kb;

int tu_kb_setup(void **state)
{
    (void)state;
    struct oqs_err err = {{0}};
    tu_kb = kb_load(NULL, &err);
    if (!tu_kb)
        fprintf(stderr, "kb_load: %s\n", err.msg);
    return tu_kb ? 0 : -1;
}

int tu_kb_teardown(void **state)
{
    (void)state;
    kb_free(tu_kb);
    tu_kb = NULL;
    return 0;
}
