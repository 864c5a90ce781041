/* `icacls C:\OQS\req`: "C:\OQS\req BUILTIN\Administrators:(I)(OI)(CI)(F)" then
 * indented lines with one principal each, ended by "Successfully processed
 * 1 files" / 「1 個のファイルが正常に処理されました」. */
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "parsers.h"
#include "core/buf.h"

static int push(struct acl_list *a, const char *path, const char *pr, size_t pn, const char *pe,
                size_t pen, unsigned line)
{
    struct ace *p = oqs_grow(a->v, &a->cap, a->n + 1, sizeof *p);
    if (!p)
        return -1;
    a->v = p;
    struct ace *e = &a->v[a->n];
    e->path = strdup(path);
    e->principal = t_dup(pr, pn);
    e->perms = t_dup(pe, pen);
    e->line = line;
    if (!e->path || !e->principal || !e->perms) {
        free(e->path);
        free(e->principal);
        free(e->perms);
        return -1;
    }
    a->n++;
    return 0;
}

/* "PRINCIPAL:(..)(..)": the principal ends at the last ':' before '('. */
static int split_ace(const char *t, size_t tn, const char **pr, size_t *pn, const char **pe,
                     size_t *pen)
{
    const char *paren = memchr(t, '(', tn);
    if (!paren || paren == t || paren[-1] != ':')
        return 0;
    *pr = t;
    *pn = (size_t)(paren - 1 - t);
    *pe = paren;
    *pen = tn - (size_t)(paren - t);
    t_trim(pr, pn);
    return *pn > 0;
}

int icacls_parse(const unsigned char *raw, size_t n, struct acl_list *out,
                 struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    char path[1024] = "";
    int rc = 0;
    while (rc == 0 && lines_next(&ln, &line, &ll)) {
        const char *t = line, *pr, *pe;
        size_t tn = ll, pn, pen;
        int indented = ll > 0 && (line[0] == ' ' || line[0] == '\t');
        t_trim(&t, &tn);
        if (tn == 0 || t_ifind(t, tn, "Successfully processed") || t_ifind(t, tn, "正常に処理"))
            continue;
        if (!indented) {
            /* "C:\OQS\req PRINCIPAL:(..)": the path ends at the space
             * before the first principal; a path may hold spaces, so take
             * the last space before the principal's ':(' */
            const char *mark = NULL;
            for (size_t i = 0; i + 1 < tn; i++)
                if (t[i] == ':' && t[i + 1] == '(') {
                    mark = t + i;
                    break;
                }
            if (!mark) {
                /* "C:\OQS\req: The system cannot find the file specified." */
                if (t_ifind(t, tn, "cannot find") || t_ifind(t, tn, "見つかりません")) {
                    const char *c = memchr(t, ':', tn);
                    const char *c2 = c ? memchr(c + 1, ':', tn - (size_t)(c + 1 - t)) : NULL;
                    t_copy(path, sizeof path, t, c2 ? (size_t)(c2 - t) : tn);
                    if (push(out, path, "", 0, "missing", 7, ln.lineno) != 0)
                        rc = diag_set(d, ln.lineno, "out of memory");
                }
                continue;
            }
            const char *sp = mark;
            while (sp > t && *sp != ' ')
                sp--;
            if (sp == t)
                continue;
            t_copy(path, sizeof path, t, (size_t)(sp - t));
            tn -= (size_t)(sp + 1 - t);
            t = sp + 1;
        }
        if (!path[0])
            continue;
        if (split_ace(t, tn, &pr, &pn, &pe, &pen) && push(out, path, pr, pn, pe, pen, ln.lineno) != 0)
            rc = diag_set(d, ln.lineno, "out of memory");
    }
    free(text);
    if (rc == 0 && out->n == 0)
        rc = diag_set(d, 1, "no \"PATH PRINCIPAL:(rights)\" line");
    return rc;
}

void acl_list_free(struct acl_list *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].path);
        free(a->v[i].principal);
        free(a->v[i].perms);
    }
    free(a->v);
    memset(a, 0, sizeof *a);
}
