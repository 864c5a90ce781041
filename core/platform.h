#ifndef OQSDIAG_PLATFORM_H
#define OQSDIAG_PLATFORM_H

#include <stddef.h>
#include <stdio.h>
#include "buf.h"
#include "err.h"

/* Everything that differs between Windows and POSIX sits behind this header:
 * platform_posix.c, platform_win32.c, and core/platform_fake.h.
 * Nothing else includes <windows.h> or <unistd.h>. */

int plat_is_windows(void);
/* The program's arguments in UTF-8: Windows hands them over in UTF-16 (a
 * Japanese folder name survives); elsewhere argv itself. Valid until exit. */
char **plat_utf8_argv(int argc, char **argv);
/* Host name (NetBIOS name on Windows). */
int plat_hostname(char *buf, size_t n);
/* The user this process runs as (UTF-8) and whether it is elevated (1), not
 * (0) or cannot tell (-1): the proxy (HKCU), CurrentUser\My and Credential
 * Manager that a live run reads are this user's. -1 when unknown. */
int plat_current_user(char *buf, size_t n, int *elevated);
/* Monotonic milliseconds, for deadlines. */
long long plat_now_ms(void);
/* Wall clock as RFC 3339 UTC "2026-11-23T10:00:00Z"; t < 0 means now. */
void plat_utc_rfc3339(long long t, char out[32]);
long long plat_time_now(void);
/* A terminal that shows colour and rewrites lines (progress). On Windows: a
 * console (not a file, pipe or NUL) where virtual-terminal processing is on
 * or can be switched on; an older console gets plain text. */
int plat_isatty(FILE *f);
/* Prints prompt on show and reads one line typed on the terminal without
 * echo (a password); echo goes off before the prompt appears, so nothing
 * typed early is shown. buf gets the line without the newline, in UTF-8.
 * -1 with err when standard input is not a terminal (console). */
int plat_read_secret(const char *prompt, FILE *show, char *buf, size_t n, struct oqs_err *err);
/* Makes stdout and stderr show UTF-8 where they are a console (Windows: the
 * console's output code page is UTF-8 while the program runs and restored at
 * exit); files and pipes get UTF-8 bytes unchanged. Call once from main. */
void plat_console_init(void);
/* 1 when the user's display language is Japanese (Windows:
 * GetUserDefaultUILanguage), 0 otherwise or where the host has no such
 * setting (POSIX: LANG decides). */
int plat_ui_lang_ja(void);
/* Whether this process may change the machine's settings: an elevated
 * token on Windows (管理者として実行), root elsewhere. */
int plat_is_elevated(void);

/* Code page text (932, 1252, 437) to UTF-8. Caller frees *out. Both
 * conversions may run in several threads at once. */
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

/* A public certificate of a store. subject and issuer are the encoded
 * names (DER on Windows), comparable byte for byte, so a root is matched to
 * the certificate it issued without parsing X.509. */
struct plat_cert {
    const unsigned char *der;
    size_t len;
    const unsigned char *subject, *issuer;
    size_t subject_len, issuer_len;
};
/* Calls cb with each public certificate of a store ("MY" = CurrentUser\My,
 * "ROOT"); cb returns non-zero to stop. Never a private key. */
int plat_cert_enum(const char *store, int (*cb)(const struct plat_cert *c, void *ud), void *ud,
                   struct oqs_err *err);

/* The certificate of CurrentUser\My whose SHA-1 thumbprint is thumb (40
 * hex digits) with its private key, as a PKCS#12 blob sealed with password,
 * in memory only: the TLS probe offers it as the OQS applications offer
 * the store's certificate. 0 done (caller wipes and frees out); 1 the key
 * cannot leave the store (non-exportable, the manual's strong key
 * protection) or the certificate has none, with err saying which; -1 error
 * (no such certificate, no store on this host). */
int plat_cert_pfx(const char *thumb, const char *password, struct buf *out, struct oqs_err *err);

/* Offers the certificate of CurrentUser\My whose SHA-1 thumbprint is thumb
 * in a TLS 1.2 handshake through Schannel with addr:port (sni the name
 * sent), its private key used where it lies: the way the OQS applications
 * offer it, so a key that cannot be exported is offered too. The server's
 * chain is not judged here. 0 the handshake completed (the server took the
 * certificate); 1 it did not (err says how); -1 it could not be tried (no
 * such certificate, no connection, not Windows), with err. */
int plat_tls_offer_cert(const char *thumb, const char *addr, int port, const char *sni, int timeout_ms,
                        struct oqs_err *err);

/* The machine's WinHTTP proxy (netsh winhttp show proxy), what the OQS
 * applications use: server "host:port" (or "http=...;https=..." as set)
 * and the bypass list. 0 a proxy is set; 1 direct access; -1 not Windows
 * or unreadable, with err. */
int plat_winhttp_proxy(char *server, size_t servern, char *bypass, size_t bypassn,
                       struct oqs_err *err);

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

/* Reads a file (path in UTF-8). When it is larger than max: tail set, its
 * last max bytes; tail clear, an error. 0 read, 1 absent, -1 error. */
int plat_read_file(const char *path, size_t max, int tail, struct buf *out,
                   struct oqs_err *err);

/* Opening only what is safe to read (issue 20). The file is opened only if
 * it is a regular file: a FIFO never blocks the run, a device, socket or
 * folder is never opened. With root, rel is a '/'-separated path under it
 * and no component of rel may be a link (a snapshot from elsewhere could
 * point anywhere on this machine); without root (rel NULL) the path is
 * opened as given, a link followed. 0 with *f open for reading ("rb") and
 * *size its size; 1 absent; -1 refused or failed, err saying why with the
 * path. The caller closes *f. */
#define PLAT_OPEN_ONE_LINK 1u /* refuse a file with other hard links (maybe outside) */
int plat_open_regular(const char *root, const char *rel, unsigned flags, FILE **f,
                      long long *size, struct oqs_err *err);

/* Creates path for writing ("wb") only if nothing (not even a dangling link)
 * is there, never following a link; mode 0600 when private (secrets: the
 * redaction mapping), else 0644. NULL with err (errno EEXIST when taken). */
FILE *plat_create_excl(const char *path, int private_mode, struct oqs_err *err);

/* A temporary file that disappears when closed or when the process dies
 * (unlinked at once on POSIX, delete-on-close on Windows), for staging.
 * NULL with err. */
FILE *plat_tmpfile_anon(struct oqs_err *err);

/* Creates or replaces a file with the bytes given (path in UTF-8). */
int plat_write_file(const char *path, const void *data, size_t n, struct oqs_err *err);

/* Atomic replacement of a file (core/atomic_file.c): a new file beside
 * path, created exclusively under a temporary name ("<path>.tmp-XXXXXX",
 * mode 0666 less the umask, as fopen would), opened "wb". Fills *tmp
 * (caller frees) and returns the stream, or NULL with errno kept. */
FILE *plat_temp_beside(const char *path, char **tmp);
/* Flushes f's bytes to the disk (fsync, FlushFileBuffers): 0 or -1, errno. */
int plat_fsync(FILE *f);
/* Renames from to to, replacing to if it exists, in one step: 0 or -1,
 * errno kept. */
int plat_rename_replace(const char *from, const char *to);
/* Removes a file: 0 or -1. */
int plat_remove(const char *path);

/* Folders whose place differs per machine or user (UTF-8, no trailing
 * separator). 0, or -1 where the host has no such folder (POSIX). */
enum plat_dir {
    PLAT_DIR_WINDOWS,        /* C:\Windows */
    PLAT_DIR_PROGRAM_FILES,  /* C:\Program Files (64-bit) */
    PLAT_DIR_PROGRAM_DATA,   /* C:\ProgramData */
    PLAT_DIR_DESKTOP,        /* the user's desktop */
    PLAT_DIR_COMMON_DESKTOP  /* the Public desktop every user sees */
};
int plat_special_dir(enum plat_dir which, char *out, size_t n);

/* Target of a .lnk shortcut: its path, a space and its arguments when it
 * has any (IShellLinkW on Windows). 0, or -1 with err. */
int plat_shortcut_target(const char *lnk_path, char *out, size_t n, struct oqs_err *err);
/* A private temporary directory (mode 0700) in the user's temp folder,
 * named PREFIX-<process id in hex>-<unique>. Caller removes with plat_rmtree
 * and frees the string. */
char *plat_mkdtemp(const char *prefix, struct oqs_err *err);
/* Removes the folders plat_mkdtemp(prefix) made for processes that no
 * longer run (a run killed before it could clean up: SIGKILL, a closed
 * console, a power cut). Folders of running processes, our own and other
 * users' stay. Returns how many were removed. */
int plat_tmp_sweep(const char *prefix);
int plat_rmtree(const char *path);

/* The test double (core/platform_fake.h): when plat_fake is set,
 * every implementation answers these calls from it instead of the machine.
 * NULL in the program. */
struct plat_fake_cred {
    const char *target, *user, *secret;
};
struct plat_fake_cert {
    const char *store; /* "MY" or "ROOT" */
    const unsigned char *der;
    size_t len;
    const char *subject, *issuer; /* stand for the encoded names */
};
struct plat_fake {
    int is_windows;
    const char *hostname;
    const char *user;      /* plat_current_user; NULL: the real one */
    int user_elevated;
    const struct plat_fake_cred *creds;
    size_t ncreds;
    const struct plat_fake_cert *certs;
    size_t ncerts;
    /* Answers plat_run; NULL: commands cannot run. Called one at a time
     * (the live command pool runs on several threads) unless
     * run_concurrent says it is thread-safe. */
    int (*run)(const char *const *argv, struct buf *out, int *exit_code);
    int run_concurrent;
    /* A POSIX folder that stands for the drives: "C:\\OQS\\req" is
     * <root>/C/OQS/req for the file calls; a fake .lnk file holds its target
     * as text. NULL: paths are used as given. */
    const char *root;
    /* Set: plat_is_elevated() says no. */
    int not_elevated;
    /* Answers plat_tls_offer_cert (Schannel) for the double's store; NULL:
     * there is none. The double's keys never leave its store:
     * plat_cert_pfx says so (1). */
    int (*tls_offer)(const char *thumb, const char *addr, int port, const char *sni,
                     struct oqs_err *err);
    /* Answers plat_winhttp_proxy: the server list ("http=a:1;https=b:2" or
     * "host:port", "" for direct access) and the bypass list; NULL: the
     * double has no WinHTTP settings (an error). */
    const char *winhttp_proxy, *winhttp_bypass;
};
extern const struct plat_fake *plat_fake;

#endif
