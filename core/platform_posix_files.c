/* POSIX: opening files only when it is safe (core/platform.h, issue 20):
 * regular files reached without links, outputs created exclusively, staging
 * that vanishes with the process. */
#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

/* What st is, when it is not a regular file: a phrase for the error. */
static const char *odd_kind(const struct stat *st)
{
    if (S_ISLNK(st->st_mode))
        return "a link (links are not followed)";
    if (S_ISDIR(st->st_mode))
        return "a folder, not a file";
    if (S_ISFIFO(st->st_mode))
        return "a FIFO (only regular files are read)";
    if (S_ISSOCK(st->st_mode))
        return "a socket (only regular files are read)";
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        return "a device (only regular files are read)";
    return S_ISREG(st->st_mode) ? NULL : "not a regular file";
}

/* Opens each folder of rel below root without following a link; the
 * descriptor of the last folder, or -1 with errno (ELOOP: a link) and
 * *at naming the component. */
static int open_parent(const char *root, const char *rel, const char **last, char *comp,
                       size_t compn)
{
    int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const char *p = rel;
    for (const char *s = strchr(p, '/'); dfd >= 0 && s; s = strchr(p, '/')) {
        size_t n = (size_t)(s - p);
        if (n == 0 || n >= compn) {
            close(dfd);
            errno = ENAMETOOLONG;
            return -1;
        }
        memcpy(comp, p, n);
        comp[n] = '\0';
        int nd = openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int e = errno;
        if (nd < 0) {
            struct stat st;
            /* Linux says ELOOP or ENOTDIR for a link; name it either way. */
            if (fstatat(dfd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
                e = ELOOP;
        }
        close(dfd);
        errno = e;
        dfd = nd;
        p = s + 1;
    }
    *last = p;
    return dfd;
}

int plat_open_regular(const char *root, const char *rel, unsigned flags, FILE **f,
                      long long *size, struct oqs_err *err)
{
    *f = NULL;
    const char *shown = rel ? rel : root;
    char comp[1024];
    const char *name = root;
    int dfd = AT_FDCWD;
    if (rel) {
        if ((dfd = open_parent(root, rel, &name, comp, sizeof comp)) < 0) {
            if (errno == ENOENT || errno == ENOTDIR)
                return 1;
            return oqs_errf(err, "%s: %s", shown,
                            errno == ELOOP ? "a link on the way (links are not followed)"
                                           : strerror(errno));
        }
    }
    struct stat st;
    int rc = -1;
    /* Looked at before opening: opening a device can have effects of its
     * own, and a FIFO without O_NONBLOCK waits for a writer forever. */
    if ((rel ? fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) : stat(name, &st)) < 0) {
        rc = errno == ENOENT || errno == ENOTDIR ? 1 : oqs_errf(err, "%s: %s", shown, strerror(errno));
        goto out;
    }
    const char *odd = odd_kind(&st);
    if (odd) {
        oqs_errf(err, "%s: %s", shown, odd);
        goto out;
    }
    int fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (rel ? O_NOFOLLOW : 0));
    if (fd < 0) {
        rc = errno == ENOENT ? 1 : oqs_errf(err, "%s: %s", shown, strerror(errno));
        goto out;
    }
    /* The same check on what was opened: it may have been swapped since. */
    if (fstat(fd, &st) < 0 || (odd = odd_kind(&st)) != NULL) {
        oqs_errf(err, "%s: %s", shown, odd ? odd : strerror(errno));
        close(fd);
        goto out;
    }
    if ((flags & PLAT_OPEN_ONE_LINK) && st.st_nlink > 1) {
        oqs_errf(err, "%s: a file with %lu hard links (may be a file outside the snapshot)",
                 shown, (unsigned long)st.st_nlink);
        close(fd);
        goto out;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    if (!(*f = fdopen(fd, "rb"))) {
        oqs_errf(err, "%s: %s", shown, strerror(errno));
        close(fd);
        goto out;
    }
    if (size)
        *size = (long long)st.st_size;
    rc = 0;
out:
    if (dfd >= 0)
        close(dfd);
    return rc;
}

FILE *plat_create_excl(const char *path, int private_mode, struct oqs_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC,
                  private_mode ? 0600 : 0644);
    if (fd < 0) {
        int e = errno;
        oqs_errf(err, "%s: %s", path,
                 e == EEXIST ? "already there (not overwritten: remove it or choose another name)"
                             : strerror(e));
        errno = e;
        return NULL;
    }
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        oqs_errf(err, "%s: %s", path, strerror(errno));
        close(fd);
        unlink(path);
    }
    return f;
}

FILE *plat_tmpfile_anon(struct oqs_err *err)
{
    const char *dir = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/oqsdiag-stage-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        oqs_errf(err, "%s: %s", tmpl, strerror(errno));
        return NULL;
    }
    /* Gone from the folder at once: a killed run leaves nothing behind. */
    unlink(tmpl);
    FILE *f = fdopen(fd, "w+b");
    if (!f) {
        oqs_errf(err, "temporary file: %s", strerror(errno));
        close(fd);
    }
    return f;
}
