/* Listing and reading a --kb folder's files (kb_dir.h). */
#include "kb_dir.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/platform.h"

struct listing {
    const char *suffix;
    int no_links;
    struct strv *names;
    int oom;
};

static int take(const struct plat_dirent *e, void *ud)
{
    struct listing *l = ud;
    size_t n = strlen(e->name), m = strlen(l->suffix);
    if (e->is_dir || (l->no_links && e->is_link) || e->name[0] == '.' || n <= m ||
        strcmp(e->name + n - m, l->suffix) != 0)
        return 0;
    if (strv_push(l->names, e->name, n, 0) < 0) {
        l->oom = 1;
        return -1;
    }
    return 0;
}

int kb_dir_names(const char *dir, const char *suffix, int no_links, struct strv *names,
                 struct oqs_err *err)
{
    struct strv got = {0};
    struct listing l = {suffix, no_links, &got, 0};
    int rc = plat_list_dir(dir, take, &l, err);
    if (l.oom || (rc == 0 && strv_sort(&got) < 0))
        rc = oqs_errf(err, "%s: out of memory", dir);
    if (rc < 0) {
        strv_free(&got);
        return -1;
    }
    *names = got;
    return 0;
}

int kb_dir_read(const char *path, struct buf *data, char *why, size_t why_size)
{
    FILE *f = NULL;
    long long size = 0;
    struct oqs_err oerr = {{0}};
    int r = plat_open_regular(path, NULL, 0, &f, &size, &oerr);
    int bad = r != 0 || size > KB_FILE_MAX || buf_read_fp(data, f, KB_FILE_MAX) < 0;
    int e = errno;
    if (f)
        fclose(f);
    if (!bad)
        return 0;
    /* The platform's reason names the path, which the caller's line has. */
    const char *msg = oerr.msg;
    size_t n = strlen(path);
    if (strncmp(msg, path, n) == 0 && strncmp(msg + n, ": ", 2) == 0)
        msg += n + 2;
    snprintf(why, why_size, "%s",
             r == 1 ? strerror(ENOENT) : r < 0 ? msg
             : size > KB_FILE_MAX || e == EFBIG ? "larger than 1 MiB" : strerror(e));
    return -1;
}
