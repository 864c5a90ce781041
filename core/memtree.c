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

int memtree_finish(struct memtree *t)
{
    size_t n0 = t->n;
    for (size_t i = 0; i < n0; i++) {
        struct buf b = {0};
        if (buf_appends(&b, t->v[i].path) < 0)
            return -1;
        for (char *s = strrchr(b.data, '/'); s; s = strrchr(b.data, '/')) {
            *s = '\0';
            if (add(t, b.data, NULL, 0, 1) < 0) {
                buf_free(&b);
                return -1;
            }
        }
        buf_free(&b);
    }
    if (t->n)
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
