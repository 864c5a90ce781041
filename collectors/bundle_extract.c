/* Safe extraction of a support bundle (issue 6): the archive is hostile
 * until each entry has passed bundle_name_check, the type check, the
 * duplicate check and the size caps. Nothing is written outside the private
 * temporary folder, which is removed again on any error. */
#include "bundle_extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "bundle_manifest.h"
#include "../core/buf.h"
#include "../core/encoding.h"
#include "../core/platform.h"

void bundle_caps_from_config(const struct config *cfg, struct bundle_caps *caps)
{
    caps->max_entry_bytes = config_int(cfg, "bundle.max_entry_bytes");
    caps->max_total_bytes = config_int(cfg, "bundle.max_total_bytes");
    caps->max_entries = config_int(cfg, "bundle.max_entries");
}

int bundle_name_check(const char *name, size_t n, const char **why)
{
    *why = NULL;
    if (n == 0)
        *why = "an empty name";
    else if (!enc_valid_utf8((const unsigned char *)name, n))
        *why = "a name that is not valid UTF-8";
    else if (name[0] == '/' || name[0] == '\\')
        *why = "an absolute path";
    else if (n >= 2 && name[1] == ':')
        *why = "a drive letter (an absolute Windows path)";
    else if (memchr(name, '\\', n))
        *why = "a backslash in the name (a Windows path separator)";
    else if (memchr(name, ':', n))
        *why = "a colon in the name (a Windows drive or stream)";
    if (*why)
        return -1;
    size_t len = name[n - 1] == '/' ? n - 1 : n;
    for (size_t s = 0, i = 0; i <= len; i++) {
        if (i < len && name[i] != '/')
            continue;
        if (i - s == 2 && name[s] == '.' && name[s + 1] == '.') {
            *why = "a parent-directory (..) component";
            return -1;
        }
        s = i + 1;
    }
    if (!manifest_path_ok(name, len)) {
        *why = "an empty, '.' or control-character component";
        return -1;
    }
    return 0;
}

int bundle_is_archive(const char *path)
{
    struct plat_dirent e;
    if (plat_stat(path, &e) == 0)
        return !e.is_dir;
    size_t n = strlen(path);
    return (n > 7 && strcmp(path + n - 7, ".tar.gz") == 0) ||
           (n > 4 && strcmp(path + n - 4, ".tgz") == 0);
}

/* The name as printable text for an error: bytes that are not printable
 * ASCII or part of valid UTF-8 become \xNN. */
static void printable(const char *s, size_t n, char *out, size_t outn)
{
    size_t o = 0;
    int valid = enc_valid_utf8((const unsigned char *)s, n);
    for (size_t i = 0; i < n && o + 5 < outn; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && !valid))
            o += (size_t)snprintf(out + o, outn - o, "\\x%02X", c);
        else
            out[o++] = (char)c;
    }
    out[o] = '\0';
}

/* Names seen so far, folded to ASCII lower case (Windows file names are
 * case-insensitive, so "A.txt" and "a.txt" would be one file there). */
struct nameset {
    char **slot;
    size_t cap, n;
};

static size_t fold_hash(const char *s)
{
    size_t h = 1469598103934665603ull & (size_t)-1;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = (h ^ c) * 1099511628211ull;
    }
    return h;
}

static int fold_eq(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

/* 1 added, 0 already there, -1 out of memory. */
static int nameset_add(struct nameset *ns, const char *name)
{
    if (ns->n * 2 >= ns->cap) {
        size_t nc = ns->cap ? ns->cap * 2 : 64;
        char **ns2 = calloc(nc, sizeof *ns2);
        if (!ns2)
            return -1;
        for (size_t i = 0; i < ns->cap; i++) {
            if (!ns->slot[i])
                continue;
            size_t j = fold_hash(ns->slot[i]) & (nc - 1);
            while (ns2[j])
                j = (j + 1) & (nc - 1);
            ns2[j] = ns->slot[i];
        }
        free(ns->slot);
        ns->slot = ns2;
        ns->cap = nc;
    }
    size_t j = fold_hash(name) & (ns->cap - 1);
    while (ns->slot[j]) {
        if (fold_eq(ns->slot[j], name))
            return 0;
        j = (j + 1) & (ns->cap - 1);
    }
    if (!(ns->slot[j] = strdup(name)))
        return -1;
    ns->n++;
    return 1;
}

static void nameset_free(struct nameset *ns)
{
    for (size_t i = 0; i < ns->cap; i++)
        free(ns->slot[i]);
    free(ns->slot);
}

struct xstate {
    const char *archive;
    const struct bundle_caps *caps;
    const char *tmp;
    char top[1024];
    size_t ntop;
    long long total, entries;
    struct nameset names;
};

static int entry_err(struct xstate *x, const char *name, size_t n, struct oqs_err *err,
                     const char *why)
{
    char shown[600];
    printable(name, n, shown, sizeof shown);
    return oqs_errf(err, "%s: entry \"%s\": %s", x->archive, shown, why);
}

/* Writes the data of the current entry to dest, counting against the caps. */
static int write_data(struct xstate *x, struct archive *a, const char *name, const char *dest,
                      struct oqs_err *err)
{
    struct plat_dirent st;
    if (plat_stat(dest, &st) == 0)
        return entry_err(x, name, strlen(name), err, "is already there (a file and a folder of one name)");
    FILE *f = fopen(dest, "wb");
    if (!f)
        return entry_err(x, name, strlen(name), err, "cannot be written in the temporary folder");
    char chunk[65536];
    long long size = 0;
    int rc = 0;
    for (;;) {
        la_ssize_t n = archive_read_data(a, chunk, sizeof chunk);
        if (n == 0)
            break;
        if (n < 0) {
            char why[300];
            snprintf(why, sizeof why, "damaged data (%s)", archive_error_string(a));
            rc = entry_err(x, name, strlen(name), err, why);
            break;
        }
        size += n;
        x->total += n;
        if (size > x->caps->max_entry_bytes) {
            char why[200];
            snprintf(why, sizeof why, "larger than the cap of %lld bytes per file "
                     "(bundle.max_entry_bytes)", x->caps->max_entry_bytes);
            rc = entry_err(x, name, strlen(name), err, why);
            break;
        }
        if (x->total > x->caps->max_total_bytes) {
            char why[200];
            snprintf(why, sizeof why, "brings the bundle over the cap of %lld bytes "
                     "(bundle.max_total_bytes)", x->caps->max_total_bytes);
            rc = entry_err(x, name, strlen(name), err, why);
            break;
        }
        if (fwrite(chunk, 1, (size_t)n, f) != (size_t)n) {
            rc = entry_err(x, name, strlen(name), err, "cannot be written in the temporary folder");
            break;
        }
    }
    if (fclose(f) != 0 && rc == 0)
        rc = entry_err(x, name, strlen(name), err, "cannot be written in the temporary folder");
    return rc;
}

static int one_entry(struct xstate *x, struct archive *a, struct archive_entry *e,
                     struct oqs_err *err)
{
    /* The UTF-8 form where libarchive has one (pax), else the raw bytes. */
    const char *name = archive_entry_pathname_utf8(e);
    if (!name)
        name = archive_entry_pathname(e);
    if (!name)
        return oqs_errf(err, "%s: an entry without a name", x->archive);
    size_t n = strlen(name);
    const char *why;
    if (bundle_name_check(name, n, &why) < 0)
        return entry_err(x, name, n, err, why);
    if (++x->entries > x->caps->max_entries) {
        char w[160];
        snprintf(w, sizeof w, "more than %lld entries (bundle.max_entries)", x->caps->max_entries);
        return entry_err(x, name, n, err, w);
    }
    if (archive_entry_hardlink(e) || archive_entry_symlink(e))
        return entry_err(x, name, n, err, "a link (links are refused)");
    int type = (int)archive_entry_filetype(e);
    if (type == AE_IFLNK)
        return entry_err(x, name, n, err, "a link (links are refused)");
    if (type != AE_IFREG && type != AE_IFDIR)
        return entry_err(x, name, n, err, "a device, FIFO or socket (only files and folders are accepted)");
    if (type == AE_IFREG && archive_entry_size_is_set(e) &&
        archive_entry_size(e) > x->caps->max_entry_bytes) {
        char w[200];
        snprintf(w, sizeof w, "declares %lld bytes, over the cap of %lld (bundle.max_entry_bytes)",
                 (long long)archive_entry_size(e), x->caps->max_entry_bytes);
        return entry_err(x, name, n, err, w);
    }
    size_t len = name[n - 1] == '/' ? n - 1 : n;
    char clean[1100];
    snprintf(clean, sizeof clean, "%.*s", (int)len, name);
    /* One top-level folder (snapshot-layout.md, Bundle). */
    const char *slash = strchr(clean, '/');
    size_t tl = slash ? (size_t)(slash - clean) : len;
    if (x->ntop == 0) {
        memcpy(x->top, clean, tl);
        x->top[tl] = '\0';
        x->ntop = tl;
    } else if (tl != x->ntop || memcmp(clean, x->top, tl) != 0) {
        char w[1200];
        snprintf(w, sizeof w, "outside the bundle's one top-level folder \"%s\"", x->top);
        return entry_err(x, name, n, err, w);
    }
    if (!slash && type != AE_IFDIR)
        return entry_err(x, name, n, err, "a file at the top level (the bundle holds one folder)");
    int added = nameset_add(&x->names, clean);
    if (added < 0)
        return oqs_errf(err, "out of memory");
    if (added == 0 && !(type == AE_IFDIR && !slash))
        return entry_err(x, name, n, err, "a duplicate name (case-insensitively)");
    char dest[4200];
    if (snprintf(dest, sizeof dest, "%s/%s", x->tmp, clean) >= (int)sizeof dest)
        return entry_err(x, name, n, err, "a name that is too long");
    if (type == AE_IFDIR) {
        struct plat_dirent st;
        if (plat_stat(dest, &st) == 0 && !st.is_dir)
            return entry_err(x, name, n, err, "a folder where a file of that name is");
        return plat_mkdir_p(dest, err) < 0 ? entry_err(x, name, n, err, "cannot be created") : 0;
    }
    char *cut = strrchr(dest, '/');
    *cut = '\0';
    struct plat_dirent st;
    if (plat_stat(dest, &st) == 0 && !st.is_dir)
        return entry_err(x, name, n, err, "under a name that is a file");
    if (plat_mkdir_p(dest, err) < 0)
        return entry_err(x, name, n, err, "its folder cannot be created");
    *cut = '/';
    return write_data(x, a, clean, dest, err);
}

int bundle_extract(const char *path, const struct bundle_caps *caps, char **tmpdir,
                   char **snapdir, struct oqs_err *err)
{
    *tmpdir = NULL;
    *snapdir = NULL;
    struct archive *a = archive_read_new();
    if (!a)
        return oqs_errf(err, "out of memory");
    /* Only what collect writes: tar (ustar/pax/GNU), gzip or none. */
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_none(a);
    archive_read_support_format_tar(a);
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
        int rc = oqs_errf(err, "%s: cannot open as a .tar.gz bundle: %s", path,
                          archive_error_string(a));
        archive_read_free(a);
        return rc;
    }
    struct xstate x = {.archive = path, .caps = caps};
    char *tmp = plat_mkdtemp("oqsdiag-analyze", err);
    if (!tmp) {
        archive_read_free(a);
        return -1;
    }
    x.tmp = tmp;
    int rc = 0;
    for (;;) {
        struct archive_entry *e;
        int r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            rc = oqs_errf(err, "%s: not a readable .tar.gz bundle after %lld entries: %s", path,
                          x.entries, archive_error_string(a));
            break;
        }
        if ((rc = one_entry(&x, a, e, err)) < 0)
            break;
    }
    if (rc == 0 && x.ntop == 0)
        rc = oqs_errf(err, "%s: the bundle is empty", path);
    archive_read_free(a);
    nameset_free(&x.names);
    if (rc < 0) {
        plat_rmtree(tmp);
        free(tmp);
        return -1;
    }
    struct buf sd = {0};
    if (buf_appendf(&sd, "%s/%s", tmp, x.top) < 0) {
        plat_rmtree(tmp);
        free(tmp);
        return oqs_errf(err, "out of memory");
    }
    *tmpdir = tmp;
    *snapdir = buf_steal(&sd, NULL);
    return 0;
}
