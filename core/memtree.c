#include "memtree.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static int add(struct memtree *t, const char *path, unsigned char *data, size_t len, int is_dir)
{
    struct memtree_entry *v = oqs_grow(t->v, &t->cap, t->n + 1, sizeof *v);
    char *p = v ? strdup(path) : NULL;
    if (!p) {
        if (v)
            t->v = v;
        free(data);
        return -1;
    }
    t->v = v;
    t->v[t->n++] = (struct memtree_entry){p, data, len, is_dir};
    return 0;
}

int memtree_add_file(struct memtree *t, const char *path, unsigned char *data, size_t len)
{
    return add(t, path, data, len, 0);
}

int memtree_add_dir(struct memtree *t, const char *path)
{
    return add(t, path, NULL, 0, 1);
}

/* '/' sorts before every other byte, so that "a/x" (under a) comes before
 * "a.txt" and each folder's subtree stays in one piece. */
static int key(unsigned char c)
{
    return c == 0 ? 0 : c == '/' ? 1 : c + 2;
}

static int path_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = key((unsigned char)*a), y = key((unsigned char)*b);
        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            return 0;
    }
}

static int entry_cmp(const void *a, const void *b)
{
    const struct memtree_entry *x = a, *y = b;
    int c = path_cmp(x->path, y->path);
    /* One path as a folder and as a file cannot both come from a bundle;
     * should it happen, the file sorts first and is the one found. */
    return c ? c : x->is_dir - y->is_dir;
}

/* Whether a's first n bytes are the whole of b or a folder above it. */
static int prefix_of(const char *a, size_t n, const char *b)
{
    return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

static size_t sorted_index(const struct memtree_entry *v, size_t n, const char *path, size_t len);

int memtree_finish(struct memtree *t)
{
    if (t->n)
        qsort(t->v, t->n, sizeof *t->v, entry_cmp);
    /* Each missing parent folder once: in this order everything under a
     * folder follows it in one block, so a parent of entry i that is also
     * one of entry i-1 was seen already (found or added). No path is copied
     * more than once: names cost memory, counted by the caller. */
    size_t n0 = t->n;
    for (size_t i = 0; i < n0; i++) {
        const char *path = t->v[i].path;
        for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
            size_t len = (size_t)(s - path);
            if (i > 0 && prefix_of(path, len, t->v[i - 1].path))
                continue;
            if (sorted_index(t->v, n0, path, len) < n0)
                continue;
            char *p = malloc(len + 1);
            if (!p)
                return -1;
            memcpy(p, path, len);
            p[len] = '\0';
            if (add(t, p, NULL, 0, 1) < 0) {
                free(p);
                return -1;
            }
            free(p);
            path = t->v[i].path; /* the array may have moved */
            s = path + len;
        }
    }
    if (t->n > n0)
        qsort(t->v, t->n, sizeof *t->v, entry_cmp);
    /* One entry per folder. */
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (k && t->v[i].is_dir && t->v[k - 1].is_dir &&
            strcmp(t->v[i].path, t->v[k - 1].path) == 0) {
            free(t->v[i].path);
            continue;
        }
        t->v[k++] = t->v[i];
    }
    t->n = k;
    return 0;
}

/* Binary search of the first n sorted entries for the first len bytes of
 * path; n when absent. */
static size_t sorted_index(const struct memtree_entry *v, size_t n, const char *path, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *a = v[mid].path;
        size_t i = 0;
        int c = 0;
        for (;; i++) {
            int x = key((unsigned char)a[i]), y = i < len ? key((unsigned char)path[i]) : 0;
            if (x != y) {
                c = x < y ? -1 : 1;
                break;
            }
            if (!x)
                break;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strlen(v[lo].path) == len && strncmp(v[lo].path, path, len) == 0 ? lo : n;
}

size_t memtree_index(const struct memtree *t, const char *path)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (path_cmp(t->v[mid].path, path) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && path_cmp(t->v[lo].path, path) == 0 ? lo : t->n;
}

const struct memtree_entry *memtree_find(const struct memtree *t, const char *path)
{
    size_t i = memtree_index(t, path);
    return i < t->n ? &t->v[i] : NULL;
}

int memtree_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return n == 0 || (strncmp(path, dir, n) == 0 && path[n] == '/');
}

size_t memtree_depth(const char *path, const char *dir)
{
    size_t d = 0;
    for (const char *p = path + (*dir ? strlen(dir) + 1 : 0); *p; p++)
        d += *p == '/';
    return d;
}

void memtree_free(struct memtree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].path);
        free(t->v[i].data);
    }
    free(t->v);
    free(t->name);
    memset(t, 0, sizeof *t);
}
