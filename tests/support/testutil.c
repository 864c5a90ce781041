#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/platform.h"

static void slurp(FILE *f, struct buf *b)
{
    rewind(f);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (b)
            buf_append(b, chunk, n);
    if (b && !b->data)
        buf_reserve(b, 0);
}

int tu_run(const char *const *argv, struct buf *out, struct buf *err)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    char **av = calloc((size_t)argc + 1, sizeof *av);
    for (int i = 0; i < argc; i++)
        av[i] = (char *)argv[i];
    FILE *o = tmpfile(), *e = tmpfile();
    int rc = oqsdiag_main(argc, av, o, e);
    fflush(o);
    fflush(e);
    slurp(o, out);
    slurp(e, err);
    fclose(o);
    fclose(e);
    free(av);
    return rc;
}

int tu_run_binary(const char *const *argv, struct buf *out)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    const char **av = calloc((size_t)argc + 2, sizeof *av);
    av[0] = OQS_BUILD_DIR "/oqsdiag";
    for (int i = 0; i < argc; i++)
        av[i + 1] = argv[i];
    int code = -1;
    struct oqs_err err;
    if (plat_run(av, 60000, out, &code, &err) < 0)
        code = -1;
    free(av);
    return code;
}

const char *tu_fixture(const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", OQS_SOURCE_DIR, rel);
    return path;
}

void tu_write_file(const char *dir, const char *rel, const void *data, size_t n)
{
    char path[4096];
    struct oqs_err err;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    if (plat_mkdir_p(path, &err) != 0)
        fail_msg("%s: %s", path, err.msg);
    *slash = '/';
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
        fail_msg("cannot write %s", path);
}

struct copy_ctx {
    const char *src, *dst;
};

static int copy_one(const struct plat_dirent *e, void *ud)
{
    const struct copy_ctx *c = ud;
    char from[4096], to[4096];
    snprintf(from, sizeof from, "%s/%s", c->src, e->name);
    snprintf(to, sizeof to, "%s/%s", c->dst, e->name);
    if (e->is_dir) {
        tu_copy_tree(from, to);
        return 0;
    }
    struct buf b = {0};
    struct oqs_err err;
    if (plat_read_file(from, 64u << 20, 0, &b, &err) != 0 ||
        plat_write_file(to, b.data ? b.data : "", b.len, &err) != 0)
        fail_msg("copy %s: %s", from, err.msg);
    buf_free(&b);
    return 0;
}

void tu_copy_tree(const char *src, const char *dst)
{
    struct oqs_err err;
    struct copy_ctx c = {src, dst};
    if (plat_mkdir_p(dst, &err) != 0 || plat_list_dir(src, copy_one, &c, &err) != 0)
        fail_msg("copy %s: %s", src, err.msg);
}

char *tu_read_text(const char *path)
{
    struct buf b = {0};
    struct oqs_err err;
    if (plat_read_file(path, 16u << 20, 0, &b, &err) != 0) {
        buf_free(&b);
        return NULL;
    }
    buf_append(&b, "", 1);
    return b.data;
}

int tu_contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

long tu_time_scale(void)
{
    const char *e = getenv("OQS_TEST_TIME_SCALE");
    long v = e ? strtol(e, NULL, 10) : 1;
    return v >= 1 && v <= 1000 ? v : 1;
}

int tu_win_sample(size_t k, size_t every)
{
    return !plat_is_windows() || every < 2 || k % every == 0;
}

void tu_win_sampled(const char *what, size_t taken, size_t all)
{
    if (plat_is_windows() && taken < all)
        printf("Windows: %zu of %zu %s (a sample; the Linux run takes all)\n", taken, all, what);
}
