#include "oom.h"

#include <stdatomic.h>
#include <stdlib.h>

#include <jansson.h>

static atomic_int oom_seen;

void oqs_oom_note(void)
{
    atomic_store(&oom_seen, 1);
}

int oqs_oom_seen(void)
{
    return atomic_load(&oom_seen);
}

static void *json_alloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        oqs_oom_note();
    return p;
}

void oqs_oom_start(void)
{
    atomic_store(&oom_seen, 0);
    json_set_alloc_funcs(json_alloc, free);
}
