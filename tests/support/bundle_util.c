#include "bundle_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "core/buf.h"
#include "core/platform.h"

#ifndef OQS_BUILD_DIR
#define OQS_BUILD_DIR "build"
#endif

int tu_tar_write(const char *path, const struct tu_entry *e, size_t n)
{
    struct archive *a = archive_write_new();
    if (!a)
        return -1;
    /* ustar keeps names as raw bytes; a name longer than ustar holds
     * needs a pax header. */
    int pax = 0;
    for (size_t i = 0; i < n; i++)
        pax |= strlen(e[i].name) > 255;
    int rc = 0;
    if (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
        (pax ? archive_write_set_format_pax_restricted(a) : archive_write_set_format_ustar(a)) !=
            ARCHIVE_OK ||
        archive_write_open_filename(a, path) != ARCHIVE_OK)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct archive_entry *ae = archive_entry_new();
        archive_entry_copy_pathname(ae, e[i].name);
        archive_entry_set_perm(ae, 0644);
        archive_entry_set_mtime(ae, 1764000000, 0);
        switch (e[i].type) {
        case TU_FILE:
            archive_entry_set_filetype(ae, AE_IFREG);
            archive_entry_set_size(ae, (la_int64_t)e[i].data_len);
            break;
        case TU_DIR: archive_entry_set_filetype(ae, AE_IFDIR); break;
        case TU_SYMLINK:
            archive_entry_set_filetype(ae, AE_IFLNK);
            archive_entry_copy_symlink(ae, e[i].target);
            break;
        case TU_HARDLINK:
            archive_entry_set_filetype(ae, AE_IFREG);
            archive_entry_copy_hardlink(ae, e[i].target);
            archive_entry_set_size(ae, 0);
            break;
        case TU_CHARDEV:
            archive_entry_set_filetype(ae, AE_IFCHR);
            archive_entry_set_rdev(ae, 0x0103);
            break;
        case TU_FIFO: archive_entry_set_filetype(ae, AE_IFIFO); break;
        }
        if (archive_write_header(a, ae) != ARCHIVE_OK)
            rc = -1;
        if (rc == 0 && e[i].type == TU_FILE) {
            static char zeros[65536];
            size_t left = e[i].data_len;
            const char *p = e[i].data;
            while (rc == 0 && left > 0) {
                size_t k = p ? left : (left < sizeof zeros ? left : sizeof zeros);
                if (archive_write_data(a, p ? p : zeros, k) != (la_ssize_t)k)
                    rc = -1;
                left -= k;
                if (p)
                    p += k;
            }
        }
        archive_entry_free(ae);
    }
    if (archive_write_close(a) != ARCHIVE_OK)
        rc = -1;
    archive_write_free(a);
    return rc;
}

int tu_tar_each(const char *path,
                int (*cb)(const char *name, const unsigned char *data, size_t n, void *ud),
                void *ud)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
        archive_read_free(a);
        return -1;
    }
    struct archive_entry *e;
    int rc = 0;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        struct buf b = {0};
        char chunk[65536];
        la_ssize_t k;
        while ((k = archive_read_data(a, chunk, sizeof chunk)) > 0)
            buf_append(&b, chunk, (size_t)k);
        if (k < 0)
            rc = -1;
        buf_reserve(&b, 0);
        const char *name = archive_entry_pathname(e);
        int stop = cb(name ? name : "", (const unsigned char *)b.data, b.len, ud);
        buf_free(&b);
        if (stop || rc)
            break;
    }
    archive_read_free(a);
    return rc;
}

const char *tu_scratch(const char *name)
{
    static char path[8][4096];
    static int slot;
    char *p = path[slot++ % 8];
    snprintf(p, 4096, "%s/tests/scratch/%s", OQS_BUILD_DIR, name);
    plat_rmtree(p);
    struct oqs_err err;
    if (plat_mkdir_p(p, &err) < 0)
        return NULL;
    return p;
}

static int count_cb(const struct plat_dirent *e, void *ud)
{
    (void)e;
    (*(int *)ud)++;
    return 0;
}

int tu_dir_is_empty(const char *path)
{
    int n = 0;
    struct oqs_err err;
    if (plat_list_dir(path, count_cb, &n, &err) < 0)
        return 1;
    return n == 0;
}

static int load_cb(const char *name, const unsigned char *data, size_t n, void *ud)
{
    struct tu_tar *t = ud;
    char **nn = realloc(t->names, (t->n + 1) * sizeof *nn);
    if (nn)
        t->names = nn;
    unsigned char **dd = realloc(t->data, (t->n + 1) * sizeof *dd);
    if (dd)
        t->data = dd;
    size_t *ll = realloc(t->len, (t->n + 1) * sizeof *ll);
    if (ll)
        t->len = ll;
    if (!nn || !dd || !ll)
        return 1;
    t->names[t->n] = strdup(name);
    t->data[t->n] = malloc(n + 1);
    if (t->data[t->n]) {
        if (n)
            memcpy(t->data[t->n], data, n);
        t->data[t->n][n] = 0;
    }
    t->len[t->n] = n;
    t->n++;
    return 0;
}

int tu_tar_load(const char *path, struct tu_tar *t)
{
    memset(t, 0, sizeof *t);
    return tu_tar_each(path, load_cb, t);
}

void tu_tar_free(struct tu_tar *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->names[i]);
        free(t->data[i]);
    }
    free(t->names);
    free(t->data);
    free(t->len);
    memset(t, 0, sizeof *t);
}

int tu_tar_find(const struct tu_tar *t, const char *suffix)
{
    size_t k = strlen(suffix);
    for (size_t i = 0; i < t->n; i++) {
        size_t n = strlen(t->names[i]);
        if (n >= k && strcmp(t->names[i] + n - k, suffix) == 0)
            return (int)i;
    }
    return -1;
}
