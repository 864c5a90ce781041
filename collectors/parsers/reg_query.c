/* `reg query KEY [/v NAME] [/s]` output: a key line (HKEY_...), then one
 * indented line per value, "    Name    REG_TYPE    Data". The value name
 * may hold spaces ("(Default)" / "(既定)"), so the type token splits it. */
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "parsers.h"
#include "core/buf.h"

static const char *find_type(const char *s, size_t n, size_t *tn)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t') && memcmp(s + i, "REG_", 4) == 0) {
            size_t j = i + 4;
            while (j < n && (s[j] == '_' || (s[j] >= 'A' && s[j] <= 'Z')))
                j++;
            if (j == n || s[j] == ' ' || s[j] == '\t') {
                *tn = j - i;
                return s + i;
            }
        }
    }
    return NULL;
}

static int push(struct reg_query *q, const char *key, const char *nm, size_t nn, const char *ty,
                size_t tyn, const char *da, size_t dan, unsigned line)
{
    struct reg_value *p = oqs_grow(q->v, &q->cap, q->n + 1, sizeof *p);
    if (!p)
        return -1;
    q->v = p;
    struct reg_value *v = &q->v[q->n];
    v->key = strdup(key);
    v->name = t_dup(nm, nn);
    v->type = t_dup(ty, tyn);
    v->data = t_dup(da, dan);
    v->line = line;
    if (!v->key || !v->name || !v->type || !v->data) {
        free(v->key);
        free(v->name);
        free(v->type);
        free(v->data);
        return -1;
    }
    q->n++;
    return 0;
}

int reg_query_parse(const unsigned char *raw, size_t n, struct reg_query *out,
                    struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    char *key = strdup("");
    int rc = key ? 0 : diag_set(d, 0, "out of memory");
    int saw_key = 0;
    while (rc == 0 && lines_next(&ln, &line, &ll)) {
        const char *t = line;
        size_t tn = ll;
        t_trim(&t, &tn);
        if (tn == 0)
            continue;
        if (t_istarts(t, tn, "HKEY_") || t_istarts(t, tn, "HKLM\\") || t_istarts(t, tn, "HKCU\\")) {
            free(key);
            key = t_dup(t, tn);
            saw_key = 1;
            if (!key)
                rc = diag_set(d, ln.lineno, "out of memory");
            continue;
        }
        /* ERROR: The system was unable to find the specified registry key or value.
         * エラー: 指定されたレジストリ キーまたは値が見つかりませんでした。 */
        if (t_istarts(t, tn, "ERROR:") || t_istarts(t, tn, "エラー:") ||
            t_istarts(t, tn, "エラー：")) {
            if (t_ifind(t, tn, "unable to find") || t_ifind(t, tn, "見つかりません")) {
                out->not_found = 1;
                out->not_found_line = ln.lineno;
            } else if (!out->not_found) {
                rc = diag_set(d, ln.lineno, "reg reported an error");
            }
            continue;
        }
        size_t tyn;
        const char *ty = find_type(t, tn, &tyn);
        if (!ty)
            continue;
        const char *nm = t;
        size_t nn = (size_t)(ty - t);
        t_trim(&nm, &nn);
        const char *da = ty + tyn;
        size_t dan = tn - (size_t)(da - t);
        t_trim(&da, &dan);
        if (push(out, key, nm, nn, ty, tyn, da, dan, ln.lineno) != 0)
            rc = diag_set(d, ln.lineno, "out of memory");
    }
    free(key);
    free(text);
    if (rc == 0 && out->n == 0 && !out->not_found)
        rc = diag_set(d, 1, saw_key ? "no registry value under the key"
                                    : "not reg query output (no HKEY_ line, no value)");
    return rc;
}

void reg_query_free(struct reg_query *q)
{
    for (size_t i = 0; i < q->n; i++) {
        free(q->v[i].key);
        free(q->v[i].name);
        free(q->v[i].type);
        free(q->v[i].data);
    }
    free(q->v);
    memset(q, 0, sizeof *q);
}

const struct reg_value *reg_find(const struct reg_query *q, const char *name)
{
    for (size_t i = 0; i < q->n; i++)
        if (t_ieq(q->v[i].name, name))
            return &q->v[i];
    return NULL;
}

const struct reg_value *reg_find_sibling(const struct reg_query *q, const struct reg_value *other,
                                         const char *name)
{
    for (size_t i = 0; i < q->n; i++)
        if (strcmp(q->v[i].key, other->key) == 0 && t_ieq(q->v[i].name, name))
            return &q->v[i];
    return NULL;
}

int reg_dword(const struct reg_value *rv, long long *v)
{
    const char *s = rv->data;
    size_t n = strlen(s);
    /* Some tools print "0x60 (96)". */
    const char *sp = memchr(s, ' ', n);
    if (sp)
        n = (size_t)(sp - s);
    return t_parse_ll(s, n, v);
}
