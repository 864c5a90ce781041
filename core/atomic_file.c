/* Atomic output files (atomic_file.h): temporary name, fsync, rename. */
#include "atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

struct atomic_file {
    char *path;   /* NULL: standard output */
    char *tmp;
    FILE *f;
};

static const char *shown(const struct atomic_file *af)
{
    return af->path ? af->path : "standard output";
}

static int write_error(struct oqs_err *err, const char *what, int e)
{
    return oqs_errf(err, "cannot write %s: %s", what, e ? strerror(e) : "write error");
}

struct atomic_file *atomic_file_open(const char *path, FILE *std, struct oqs_err *err)
{
    struct atomic_file *af = calloc(1, sizeof *af);
    if (!af) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    if (!path || strcmp(path, "-") == 0) {
        af->f = std;
        return af;
    }
    if (!*path) {
        free(af);
        oqs_errf(err, "cannot write an empty file name");
        return NULL;
    }
    af->path = strdup(path);
    if (!af->path || !(af->f = plat_temp_beside(path, &af->tmp))) {
        int e = af->path ? errno : ENOMEM;
        write_error(err, path, e);
        free(af->path);
        free(af);
        return NULL;
    }
    return af;
}

FILE *atomic_file_stream(const struct atomic_file *af)
{
    return af->f;
}

long atomic_file_written(const struct atomic_file *af)
{
    long n = ftell(af->f);
    /* A pipe or terminal has no position: count it as written. */
    return n < 0 ? 1 : n;
}

static void drop(struct atomic_file *af)
{
    if (af->tmp)
        plat_remove(af->tmp);
    free(af->tmp);
    free(af->path);
    free(af);
}

int atomic_file_commit(struct atomic_file *af, struct oqs_err *err)
{
    int rc = 0;
    errno = 0;
    if (!af->path) {
        if (fflush(af->f) != 0 || ferror(af->f))
            rc = write_error(err, shown(af), errno);
        free(af);
        return rc;
    }
    int bad = ferror(af->f);
    int e = errno;
    if (plat_fsync(af->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (fclose(af->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    af->f = NULL;
    if (!bad && plat_rename_replace(af->tmp, af->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        rc = write_error(err, af->path, e);
        drop(af);
        return rc;
    }
    free(af->tmp);
    af->tmp = NULL;
    drop(af);
    return 0;
}

void atomic_file_abort(struct atomic_file *af)
{
    if (!af)
        return;
    if (af->path && af->f)
        fclose(af->f);
    drop(af);
}
