/* The test double's Windows stores (plat_fake, core/platform.h): the same
 * answers from the POSIX and the Win32 platform files. Include only from
 * core/platform_*.c. */
#ifndef OQSDIAG_PLATFORM_FAKE_H
#define OQSDIAG_PLATFORM_FAKE_H

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "platform.h"

static inline int fake_cred_check(const char *target,
                                  int (*check)(const char *secret, size_t len),
                                  struct cred_verdict *v)
{
    v->state = CRED_ABSENT;
    for (size_t i = 0; i < plat_fake->ncreds; i++) {
        const struct plat_fake_cred *c = &plat_fake->creds[i];
        if (strcmp(c->target, target) != 0)
            continue;
        v->state = CRED_PRESENT;
        snprintf(v->user, sizeof v->user, "%s", c->user ? c->user : "");
        size_t len = c->secret ? strlen(c->secret) : 0;
        v->secret_len = (int)len;
        v->secret_ok = check ? check(c->secret ? c->secret : "", len) : 1;
    }
    return 0;
}

static inline int fake_cert_enum(const char *store,
                                 int (*cb)(const struct plat_cert *c, void *ud), void *ud)
{
    for (size_t i = 0; i < plat_fake->ncerts; i++) {
        const struct plat_fake_cert *f = &plat_fake->certs[i];
        if (strcmp(f->store, store) != 0)
            continue;
        const char *sub = f->subject ? f->subject : "", *iss = f->issuer ? f->issuer : "";
        struct plat_cert c = {f->der, f->len, (const unsigned char *)sub,
                              (const unsigned char *)iss, strlen(sub), strlen(iss)};
        if (cb(&c, ud) != 0)
            break;
    }
    return 0;
}

/* The test double's WinHTTP settings, as plat_winhttp_proxy answers. */
static inline int fake_winhttp_proxy(char *server, size_t servern, char *bypass, size_t bypassn,
                                     struct oqs_err *err)
{
    if (!plat_fake->winhttp_proxy)
        return oqs_errf(err, "the test double has no WinHTTP settings");
    snprintf(server, servern, "%s", plat_fake->winhttp_proxy);
    snprintf(bypass, bypassn, "%s", plat_fake->winhttp_bypass ? plat_fake->winhttp_bypass : "");
    return *server ? 0 : 1;
}

/* The test double's drive C: holds the usual folder names. 0, or -1 when
 * the double is not a Windows host or which is unknown. */
static inline int fake_special_dir(enum plat_dir which, char *out, size_t n)
{
    static const char *const fake_dirs[] = {
        [PLAT_DIR_WINDOWS] = "C:\\Windows",
        [PLAT_DIR_PROGRAM_FILES] = "C:\\Program Files",
        [PLAT_DIR_PROGRAM_DATA] = "C:\\ProgramData",
        [PLAT_DIR_DESKTOP] = "C:\\Users\\OqsComApp\\Desktop",
        [PLAT_DIR_COMMON_DESKTOP] = "C:\\Users\\Public\\Desktop",
    };
    if (!plat_fake->is_windows || (size_t)which >= sizeof fake_dirs / sizeof *fake_dirs)
        return -1;
    snprintf(out, n, "%s", fake_dirs[which]);
    return 0;
}

/* The test double's .lnk is a text file holding the target. */
static inline int fake_shortcut(const char *lnk_path, char *out, size_t n, struct oqs_err *err)
{
    struct buf b = {0};
    int rc = plat_read_file(lnk_path, 4096, 0, &b, err);
    if (rc != 0) {
        buf_free(&b);
        return rc < 0 ? -1 : oqs_errf(err, "%s: no such file", lnk_path);
    }
    size_t len = b.len;
    while (len > 0 && (b.data[len - 1] == '\n' || b.data[len - 1] == '\r'))
        len--;
    snprintf(out, n, "%.*s", (int)len, b.data);
    buf_free(&b);
    return 0;
}

#endif
