#include "oom.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>

static atomic_int oom_seen;

void oqs_oom_note(void)
{
    atomic_store(&oom_seen, 1);
}

int oqs_oom_seen(void)
{
    return atomic_load(&oom_seen);
}

void oqs_oom_reset(void)
{
    atomic_store(&oom_seen, 0);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

void oqs_oom_check_msg(const char *msg)
{
    if (ends_with(msg, "out of memory") || ends_with(msg, strerror(ENOMEM)))
        oqs_oom_note();
}
