/* Safe reading of a support bundle (issue 6): the archive is hostile until
 * each entry has passed bundle_name_check, the type check, the duplicate
 * check and the size caps. It is read into memory (core/memtree.h):
 * nothing of it is ever written to this machine's disk. */
#include "bundle_extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "bundle_manifest.h"
#include "core/buf.h"
#include "core/encoding.h"
#include "core/memtree.h"
#include "core/platform.h"

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
    else if (n > BUNDLE_NAME_MAX)
        *why = "a name that is too long (over 1024 bytes)";
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
 * ASCII or part of valid UTF-8 become \xNN. A long name is cut (at a
 * character's start) and ends in "...", so that the reason still fits the
 * error message. */
#define SHOWN_MAX 200

static void printable(const char *s, size_t n, char *out, size_t outn)
{
    size_t o = 0, i = 0;
    int valid = enc_valid_utf8((const unsigned char *)s, n);
    for (; i < n && o + 5 < outn && o < SHOWN_MAX; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && !valid))
            o += (size_t)snprintf(out + o, outn - o, "\\x%02X", c);
        else if (c >= 0xC0 && o + 4 >= SHOWN_MAX)
            break;
        else
            out[o++] = (char)c;
    }
    if (i < n && o + 4 < outn)
        o += (size_t)snprintf(out + o, outn - o, "...");
    out[o] = '\0';
}

/* Names seen so far, folded to ASCII lower case (Windows file names are
 * case-insensitive, so "A.txt" and "a.txt" would be one file there), with
 * what each was: a file, a folder entry, or the parent of something. */
enum { NS_FILE = 1, NS_DIR = 2, NS_PARENT = 4 };

struct nsent {
    char *name;
    unsigned flags;
};

static size_t fold_hash(const char *s, size_t n)
{
    size_t h = 1469598103934665603ull & (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = (h ^ c) * 1099511628211ull;
    }
    return h;
}

static int fold_eq(const char *a, const char *b, size_t n)
{
    if (strlen(a) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return 1;
}

/* The entry for the first n bytes of name, added with no flags when new
 * (*added set); NULL when memory runs out. */
static struct nsent *nameset_get(struct bundle_nameset *ns, const char *name, size_t n, int *added)
{
    if (ns->n * 2 >= ns->cap) {
        size_t nc = ns->cap ? ns->cap * 2 : 64;
        struct nsent *ns2 = calloc(nc, sizeof *ns2);
        if (!ns2)
            return NULL;
        for (size_t i = 0; i < ns->cap; i++) {
            if (!ns->slot[i].name)
                continue;
            size_t j = fold_hash(ns->slot[i].name, strlen(ns->slot[i].name)) & (nc - 1);
            while (ns2[j].name)
                j = (j + 1) & (nc - 1);
            ns2[j] = ns->slot[i];
        }
        free(ns->slot);
        ns->slot = ns2;
        ns->cap = nc;
    }
    size_t j = fold_hash(name, n) & (ns->cap - 1);
    while (ns->slot[j].name) {
        if (fold_eq(ns->slot[j].name, name, n))
            return &ns->slot[j];
        j = (j + 1) & (ns->cap - 1);
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return NULL;
    memcpy(copy, name, n);
    copy[n] = '\0';
    ns->slot[j] = (struct nsent){copy, 0};
    ns->n++;
    *added += 1;
    return &ns->slot[j];
}

void bundle_nameset_free(struct bundle_nameset *ns)
{
    for (size_t i = 0; i < ns->cap; i++)
        free(ns->slot[i].name);
    free(ns->slot);
    memset(ns, 0, sizeof *ns);
}

long long bundle_name_cost(size_t len, size_t new_names)
{
    /* Per name kept: the copy in the name set and its slots (the table is
     * at most half full), the tree's copy of the path and its node; per
     * parent folder seen first here, the same again. Allocator overhead
     * rounded up into the 64. */
    return (long long)(new_names + 1) * (2 * ((long long)len + 1) + 64 + 2 * 16 + 32);
}

int bundle_nameset_add(struct bundle_nameset *ns, const char *path, size_t len, int is_dir,
                       long long *cost, const char **why)
{
    *why = NULL;
    int added = 0;
    for (const char *p = memchr(path, '/', len); p; p = memchr(p + 1, '/', len - (size_t)(p + 1 - path))) {
        struct nsent *pe = nameset_get(ns, path, (size_t)(p - path), &added);
        if (!pe)
            return -1;
        if (pe->flags & NS_FILE) {
            *why = "under a name that is a file";
            return 1;
        }
        pe->flags |= NS_PARENT;
    }
    struct nsent *me = nameset_get(ns, path, len, &added);
    if (!me)
        return -1;
    if (cost)
        *cost = bundle_name_cost(len, (size_t)added);
    if (is_dir) {
        if (me->flags & NS_FILE)
            *why = "a folder where a file of that name is";
        /* The top folder may be named again; any other folder only once. */
        else if ((me->flags & NS_DIR) && memchr(path, '/', len))
            *why = "a duplicate name (case-insensitively)";
        me->flags |= NS_DIR;
        return *why ? 1 : 0;
    }
    if (me->flags & NS_FILE)
        *why = "a duplicate name (case-insensitively)";
    else if (me->flags & (NS_DIR | NS_PARENT))
        *why = "is already there (a file and a folder of one name)";
    me->flags |= NS_FILE;
    return *why ? 1 : 0;
}

struct xstate {
    const char *archive;
    const struct bundle_caps *caps;
    struct memtree *tree;
    char top[1100];         /* as long as a clean name can be */
    size_t ntop;
    long long total, entries;
    struct bundle_nameset names;
};

static int entry_err(struct xstate *x, const char *name, size_t n, struct oqs_err *err,
                     const char *why)
{
    char shown[600];
    printable(name, n, shown, sizeof shown);
    return oqs_errf(err, "%s: entry \"%s\": %s", x->archive, shown, why);
}

/* Reads the data of the current entry into memory, counting against the
 * caps. On success *data (NUL-terminated past *len) is the caller's. */
static int read_data(struct xstate *x, struct archive *a, struct archive_entry *e,
                     const char *name, unsigned char **data, size_t *len, struct oqs_err *err)
{
    struct buf b = {0};
    /* The declared size is checked against the cap already; a wrong one
     * only costs a regrowth. */
    if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0 &&
        buf_reserve(&b, (size_t)archive_entry_size(e)) < 0)
        return oqs_errf(err, "out of memory");
    int rc = 0;
    for (;;) {
        const void *blk;
        size_t n;
        la_int64_t off;
        int r = archive_read_data_block(a, &blk, &n, &off);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            char why[300];
            snprintf(why, sizeof why, "damaged data (%s)", archive_error_string(a));
            rc = entry_err(x, name, strlen(name), err, why);
            break;
        }
        /* A sparse entry's holes read as zeros; blocks come in order. */
        if (off < 0 || (unsigned long long)off < b.len) {
            rc = entry_err(x, name, strlen(name), err, "damaged data (blocks out of order)");
            break;
        }
        unsigned long long end = (unsigned long long)off + n;
        x->total += (long long)(end - b.len);
        if (end > (unsigned long long)x->caps->max_entry_bytes) {
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
        size_t hole = (size_t)off - b.len;
        if (hole) {
            if (buf_reserve(&b, hole) < 0) {
                rc = oqs_errf(err, "out of memory");
                break;
            }
            memset(b.data + b.len, 0, hole);
            b.len += hole;
            b.data[b.len] = '\0';
        }
        if (buf_append(&b, blk, n) < 0) {
            rc = oqs_errf(err, "out of memory");
            break;
        }
    }
    if (rc < 0) {
        buf_free(&b);
        return rc;
    }
    if (!b.data && buf_reserve(&b, 1) < 0)
        return oqs_errf(err, "out of memory");
    *data = (unsigned char *)buf_steal(&b, len);
    return 0;
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
    if (len >= sizeof clean)
        return entry_err(x, name, n, err, "a name that is too long");
    memcpy(clean, name, len);
    clean[len] = '\0';
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
    /* What a folder tree on disk would refuse, refused here too. Names and
     * tree nodes count against the total cap like file bytes: a bundle of
     * many long deep empty entries must not cost gigabytes. */
    long long cost = 0;
    int r = bundle_nameset_add(&x->names, clean, len, type == AE_IFDIR, &cost, &why);
    if (r < 0)
        return oqs_errf(err, "out of memory");
    if (r > 0)
        return entry_err(x, name, n, err, why);
    x->total += cost;
    if (x->total > x->caps->max_total_bytes) {
        char w[200];
        snprintf(w, sizeof w, "brings the bundle over the cap of %lld bytes (bundle.max_total_bytes, "
                 "names and folders included)", x->caps->max_total_bytes);
        return entry_err(x, name, n, err, w);
    }
    if (type == AE_IFDIR) {
        if (!slash)
            return 0;
        return memtree_add_dir(x->tree, clean + tl + 1) < 0 ? oqs_errf(err, "out of memory") : 0;
    }
    unsigned char *data = NULL;
    size_t dlen = 0;
    if (read_data(x, a, e, clean, &data, &dlen, err) < 0)
        return -1;
    /* The tree holds paths below the top folder, as analyze reads them. */
    if (memtree_add_file(x->tree, clean + tl + 1, data, dlen) < 0)
        return oqs_errf(err, "out of memory");
    return 0;
}

int bundle_extract(const char *path, const struct bundle_caps *caps, struct memtree *tree,
                   struct oqs_err *err)
{
    memset(tree, 0, sizeof *tree);
    struct archive *a = archive_read_new();
    if (!a)
        return oqs_errf(err, "out of memory");
    /* Only what collect writes: tar (ustar/pax/GNU), gzip or none. */
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_none(a);
    archive_read_support_format_tar(a);
    /* Only a regular file: a FIFO named like a bundle never blocks. */
    FILE *f = NULL;
    struct oqs_err oe = {{0}};
    int r = plat_open_regular(path, NULL, 0, &f, NULL, &oe);
    if (r != 0) {
        archive_read_free(a);
        return r == 1 ? oqs_errf(err, "%s: no such file", path)
                      : oqs_errf(err, "%s: cannot open as a .tar.gz bundle: %s", path,
                                 oe.msg + (strncmp(oe.msg, path, strlen(path)) == 0 ? strlen(path) + 2 : 0));
    }
    if (archive_read_open_FILE(a, f) != ARCHIVE_OK) {
        int rc = oqs_errf(err, "%s: cannot open as a .tar.gz bundle: %s", path,
                          archive_error_string(a));
        archive_read_free(a);
        fclose(f);
        return rc;
    }
    struct xstate x = {.archive = path, .caps = caps, .tree = tree};
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
    fclose(f);
    bundle_nameset_free(&x.names);
    if (rc == 0 && (!(tree->name = strdup(x.top)) || memtree_finish(tree) < 0))
        rc = oqs_errf(err, "out of memory");
    if (rc < 0)
        memtree_free(tree);
    return rc;
}
