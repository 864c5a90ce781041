#ifndef OQSDIAG_PLATFORM_H
#define OQSDIAG_PLATFORM_H

#include <stddef.h>
#include <stdio.h>
#include "buf.h"
#include "err.h"

/* Everything that differs between Windows and POSIX sits behind this header:
 * platform_posix.c, platform_win32.c, and tests/support/platform_fake.c.
 * Nothing else includes <windows.h> or <unistd.h>. */

int plat_is_windows(void);
/* Host name (NetBIOS name on Windows). */
int plat_hostname(char *buf, size_t n);
/* Monotonic milliseconds, for deadlines. */
long long plat_now_ms(void);
/* Wall clock as RFC 3339 UTC "2026-11-23T10:00:00Z"; t < 0 means now. */
void plat_utc_rfc3339(long long t, char out[32]);
long long plat_time_now(void);
int plat_isatty(FILE *f);

/* Code page text (932, 1252, 437) to UTF-8. Caller frees *out. */
int plat_codepage_to_utf8(unsigned cp, const char *in, size_t n, char **out, size_t *outn,
                          struct oqs_err *err);

/* UTF-8 to a code page (932, 1252, 437; 1200 = UTF-16LE, 1201 = UTF-16BE),
 * no BOM added; a character the code page lacks becomes '?'. For writing
 * text back in the encoding it came in (collect --redact). Caller frees *out. */
int plat_utf8_to_codepage(unsigned cp, const char *in, size_t n, char **out, size_t *outn,
                          struct oqs_err *err);

/* A thread running fn(arg); joined with plat_thread_join, which frees t.
 * NULL when it cannot start (the caller runs fn itself). */
struct plat_thread;
struct plat_thread *plat_thread_start(void (*fn)(void *arg), void *arg);
void plat_thread_join(struct plat_thread *t);

/* Runs argv[0] with arguments (no shell), capturing stdout+stderr raw bytes,
 * killed after timeout_ms. 0 ran (exit code in *exit_code), -1 could not run. */
int plat_run(const char *const *argv, int timeout_ms, struct buf *out, int *exit_code,
             struct oqs_err *err);

/* Credential Manager: only a verdict leaves; the secret never does. */
enum cred_state { CRED_ABSENT, CRED_PRESENT, CRED_UNSUPPORTED };
struct cred_verdict {
    enum cred_state state;
    char user[256];  /* the credential's user name (not secret: an account id) */
    int secret_len;  /* length of the secret in characters */
    int secret_ok;   /* the secret passes the check given to plat_cred_check */
};
/* check(secret, len) judges the secret; it must not copy it anywhere. */
int plat_cred_check(const char *target, int (*check)(const char *secret, size_t len),
                    struct cred_verdict *v, struct oqs_err *err);

/* Calls cb with the DER bytes of each public certificate of a store
 * ("MY" = CurrentUser\My, "ROOT"). Never a private key. */
int plat_cert_enum(const char *store, int (*cb)(const unsigned char *der, size_t n, void *ud),
                   void *ud, struct oqs_err *err);

/* Directory listing: cb per entry (not . and ..). */
struct plat_dirent {
    const char *name;
    int is_dir;
    int is_link;
    long long size;
    long long mtime; /* seconds since the epoch, UTC */
};
int plat_list_dir(const char *path, int (*cb)(const struct plat_dirent *e, void *ud), void *ud,
                  struct oqs_err *err);
/* 0 and fills e (name left NULL) or -1 (errno kept, ENOENT when absent). */
int plat_stat(const char *path, struct plat_dirent *e);
int plat_mkdir_p(const char *path, struct oqs_err *err);
/* A private temporary directory (mode 0700). Caller removes with plat_rmtree
 * and frees the string. */
char *plat_mkdtemp(const char *prefix, struct oqs_err *err);
int plat_rmtree(const char *path);

/* The test double (tests/support/platform_fake.c): when plat_fake is set,
 * every implementation answers these calls from it instead of the machine.
 * NULL in the program. */
struct plat_fake_cred {
    const char *target, *user, *secret;
};
struct plat_fake_cert {
    const char *store; /* "MY" or "ROOT" */
    const unsigned char *der;
    size_t len;
};
struct plat_fake {
    int is_windows;
    const char *hostname;
    const struct plat_fake_cred *creds;
    size_t ncreds;
    const struct plat_fake_cert *certs;
    size_t ncerts;
    /* Answers plat_run; NULL: commands cannot run. */
    int (*run)(const char *const *argv, struct buf *out, int *exit_code);
};
extern const struct plat_fake *plat_fake;

#endif
