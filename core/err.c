#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "oom.h"

int oqs_errf(struct oqs_err *err, const char *fmt, ...)
{
    /* Whoever handles this error, the run's answer is incomplete. */
    if (strcmp(fmt, "out of memory") == 0)
        oqs_oom_note();
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}
