#ifndef OQSDIAG_BUNDLE_UTIL_H
#define OQSDIAG_BUNDLE_UTIL_H

#include <stddef.h>

/* Test archives built with libarchive's write API (tests/bundle). */
enum tu_entry_type { TU_FILE, TU_DIR, TU_SYMLINK, TU_HARDLINK, TU_CHARDEV, TU_FIFO };

struct tu_entry {
    const char *name;      /* raw bytes, as stored */
    enum tu_entry_type type;
    const char *data;      /* TU_FILE: the content (data_len bytes, or zeros if data is NULL) */
    size_t data_len;
    const char *target;    /* links */
};

/* Writes a ustar .tar.gz (ustar keeps names byte for byte). 0 or -1. */
int tu_tar_write(const char *path, const struct tu_entry *e, size_t n);

/* Calls cb for every entry of a .tar.gz with its name and whole content.
 * cb returns non-zero to stop. 0 read, -1 unreadable. */
int tu_tar_each(const char *path,
                int (*cb)(const char *name, const unsigned char *data, size_t n, void *ud),
                void *ud);

/* The entries of a .tar.gz in order, names and contents (NUL-terminated).
 * Free with tu_tar_free(). */
struct tu_tar {
    char **names;
    unsigned char **data;
    size_t *len;
    size_t n;
};
int tu_tar_load(const char *path, struct tu_tar *t);
void tu_tar_free(struct tu_tar *t);
/* Index of the entry whose name ends with suffix, or -1. */
int tu_tar_find(const struct tu_tar *t, const char *suffix);

/* A fresh empty folder under the build tree (static buffer per call slot). */
const char *tu_scratch(const char *name);

/* Whether a folder holds no entries (0 also when it does not exist). */
int tu_dir_is_empty(const char *path);

#endif
