#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "oom.h"

int oqs_errf(struct oqs_err *err, const char *fmt, ...)
{
    char msg[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Whoever handles this error, the run's answer is incomplete. */
    oqs_oom_check_msg(msg);
    if (err)
        memcpy(err->msg, msg, sizeof msg);
    return -1;
}
