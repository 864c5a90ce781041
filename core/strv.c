/* The one string list of every layer (strv.h). */
#include "strv.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

int strv_push_take(struct strv *s, char *str, unsigned line)
{
    /* The arrays grow together, each from the shared cap. */
    size_t vcap = s->cap, lcap = s->cap, scap = s->cap;
    char **v = str ? oqs_grow(s->v, &vcap, s->n + 1, sizeof *v) : NULL;
    if (!v) {
        free(str);
        return -1;
    }
    s->v = v;
    unsigned *l = oqs_grow(s->line, &lcap, s->n + 1, sizeof *l);
    if (!l) {
        free(str);
        return -1;
    }
    s->line = l;
    char **src = oqs_grow(s->src, &scap, s->n + 1, sizeof *src);
    if (!src) {
        free(str);
        return -1;
    }
    s->src = src;
    s->cap = scap;
    s->v[s->n] = str;
    s->line[s->n] = line;
    s->src[s->n] = NULL;
    s->n++;
    return 0;
}

int strv_push(struct strv *s, const char *p, size_t n, unsigned line)
{
    return strv_push_take(s, oqs_strndup(p, n), line);
}

struct strv_item {
    char *v;
    unsigned line;
    char *src;
};

static int item_cmp(const void *a, const void *b)
{
    return strcmp(((const struct strv_item *)a)->v, ((const struct strv_item *)b)->v);
}

int strv_sort(struct strv *s)
{
    if (s->n < 2)
        return 0;
    struct strv_item *t = malloc(s->n * sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < s->n; i++)
        t[i] = (struct strv_item){s->v[i], s->line[i], s->src[i]};
    qsort(t, s->n, sizeof *t, item_cmp);
    for (size_t i = 0; i < s->n; i++) {
        s->v[i] = t[i].v;
        s->line[i] = t[i].line;
        s->src[i] = t[i].src;
    }
    free(t);
    return 0;
}

void strv_free(struct strv *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i]);
        free(s->src[i]);
    }
    free(s->v);
    free(s->line);
    free(s->src);
    memset(s, 0, sizeof *s);
}

void strv_free_array(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

char **strv_dup_array(const char *const *v, size_t n)
{
    char **out = calloc(n ? n : 1, sizeof *out);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(out[i] = strdup(v[i]))) {
            strv_free_array(out, i);
            return NULL;
        }
    return out;
}
