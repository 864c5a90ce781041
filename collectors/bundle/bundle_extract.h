#ifndef OQSDIAG_BUNDLE_EXTRACT_H
#define OQSDIAG_BUNDLE_EXTRACT_H

#include <stddef.h>
#include "core/config.h"
#include "core/err.h"

/* Reading a bundle that may come from anywhere: only regular files and
 * folders under one top-level folder, names that are safe relative UTF-8
 * paths, each name once, sizes under caps that stop a gzip bomb. */

struct bundle_caps {
    long long max_entry_bytes; /* one file, as decompressed */
    long long max_total_bytes; /* all files together, as decompressed */
    long long max_entries;
};

/* The caps from the configuration (bundle.max_entry_bytes, ...). */
void bundle_caps_from_config(const struct config *cfg, struct bundle_caps *caps);

/* The longest entry name accepted (manifest_path_ok's limit too). */
#define BUNDLE_NAME_MAX 1024

/* Checks an entry name as stored in the archive (n bytes, maybe not
 * NUL-terminated; a trailing '/' marks a folder). 0 if safe, else -1 and
 * *why says what is wrong (a static English phrase). */
int bundle_name_check(const char *name, size_t n, const char **why);

/* The names of one bundle, folded to ASCII lower case as Windows compares
 * them: each once, no file under a file, no file and folder of one name.
 * collect checks what it packs with the same rules analyze applies. */
struct bundle_nameset {
    struct nsent *slot;
    size_t cap, n;
};
/* Adds path (len bytes, '/'-separated, no trailing '/') and its parents.
 * 0 added, 1 refused (*why a static English phrase), -1 out of memory.
 * *cost (when not NULL): the bytes the names and tree nodes of this entry
 * count against bundle.max_total_bytes. */
int bundle_nameset_add(struct bundle_nameset *ns, const char *path, size_t len, int is_dir,
                       long long *cost, const char **why);
void bundle_nameset_free(struct bundle_nameset *ns);
/* The memory charged for a name of len bytes that added new_names names
 * (itself and parents seen first): an upper bound of what the name set and
 * the tree keep for it (docs/hardening.md, memory bound). */
long long bundle_name_cost(size_t len, size_t new_names);

/* Reads the .tar.gz at path into memory, checking every entry first: on
 * any refusal err names the entry and tree is left empty. On success tree
 * holds the files and folders below the bundle's one top-level folder and
 * tree->name that folder's name; the caller frees it with memtree_free().
 * Nothing is written to disk; memory is bounded by caps->max_total_bytes,
 * which counts names and folders as well as file bytes. */
struct memtree;
int bundle_extract(const char *path, const struct bundle_caps *caps, struct memtree *tree,
                   struct oqs_err *err);

/* Whether path names a bundle file rather than a snapshot folder: an
 * existing regular file, or a name ending in .tar.gz or .tgz. */
int bundle_is_archive(const char *path);

#endif
