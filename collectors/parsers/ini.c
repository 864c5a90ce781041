/* key=value files: the 配信実績 record ([Information] MedicalInstitutionCode=,
 * TerminalID=, manual 8-03), UserDefinition.property, encrypt.conf, the
 * delivery app's settings. Comments start with ';' or '#'. */
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "parsers.h"
#include "core/buf.h"

static int push(struct ini *f, const char *sec, const char *k, size_t kn, const char *v, size_t vn,
                unsigned line)
{
    struct ini_entry *p = oqs_grow(f->v, &f->cap, f->n + 1, sizeof *p);
    if (!p)
        return -1;
    f->v = p;
    struct ini_entry *e = &f->v[f->n];
    e->section = strdup(sec);
    e->key = t_dup(k, kn);
    e->val = t_dup(v, vn);
    e->line = line;
    if (!e->section || !e->key || !e->val) {
        free(e->section);
        free(e->key);
        free(e->val);
        return -1;
    }
    f->n++;
    return 0;
}

int ini_parse(const unsigned char *raw, size_t n, struct ini *out, struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    char sec[128] = "";
    int rc = 0;
    unsigned first_bad = 0;
    while (rc == 0 && lines_next(&ln, &line, &ll)) {
        const char *t = line, *k, *v;
        size_t tn = ll, kn, vn;
        t_trim(&t, &tn);
        if (tn == 0 || t[0] == ';' || t[0] == '#')
            continue;
        if (t[0] == '[') {
            const char *e = memchr(t, ']', tn);
            if (e) {
                t_copy(sec, sizeof sec, t + 1, (size_t)(e - t - 1));
                continue;
            }
        }
        if (!t_split(t, tn, "=", &k, &kn, &v, &vn)) {
            if (!first_bad)
                first_bad = ln.lineno;
            continue;
        }
        if (push(out, sec, k, kn, v, vn, ln.lineno) != 0)
            rc = diag_set(d, ln.lineno, "out of memory");
    }
    free(text);
    if (rc == 0 && out->n == 0)
        rc = diag_set(d, first_bad ? first_bad : 1, "no key=value line");
    return rc;
}

void ini_free(struct ini *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].section);
        free(f->v[i].key);
        free(f->v[i].val);
    }
    free(f->v);
    memset(f, 0, sizeof *f);
}

const struct ini_entry *ini_find(const struct ini *f, const char *section, const char *key)
{
    for (size_t i = 0; i < f->n; i++)
        if ((!section || t_ieq(f->v[i].section, section)) && t_ieq(f->v[i].key, key))
            return &f->v[i];
    return NULL;
}
