#ifndef OQSDIAG_ERR_H
#define OQSDIAG_ERR_H

/* One error type travels up every call: functions return -1 (or an enum) and
 * fill this with a message that names the file, line or key. Only cmd/ prints. */
struct oqs_err {
    char msg[512];
};

/* GCC checks gnu_printf (C99: %zu, %lld) on every target; its plain
 * "printf" means the Microsoft one on MinGW (docs/windows.md). */
#if defined(__clang__)
#define OQS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#elif defined(__GNUC__)
#define OQS_PRINTF(a, b) __attribute__((format(gnu_printf, a, b)))
#else
#define OQS_PRINTF(a, b)
#endif

/* Formats into err (if not NULL) and returns -1, so `return oqs_errf(...)`. */
int oqs_errf(struct oqs_err *err, const char *fmt, ...) OQS_PRINTF(2, 3);

#endif
