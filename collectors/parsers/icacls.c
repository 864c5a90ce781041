/* `icacls C:\OQS\req`: "C:\OQS\req BUILTIN\Administrators:(I)(OI)(CI)(F)" then
 * indented lines with one principal each, ended by "Successfully processed
 * 1 files" / 「1 個のファイルが正常に処理されました」. The first entry's
 * account may hold blanks ("NT AUTHORITY\SYSTEM", "CREATOR OWNER") and so may
 * the path, so the folder that was asked about is matched as the start of
 * the line; without it, a well-known account with a blank marks the cut. */
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

/* Accounts with a blank that Windows prints as ACL entries. */
static const char *const k_blank_accounts[] = {
    "NT AUTHORITY\\", "NT SERVICE\\", "CREATOR OWNER", "CREATOR GROUP",
    "APPLICATION PACKAGE AUTHORITY\\", "ALL APPLICATION PACKAGES",
    "ALL RESTRICTED APPLICATION PACKAGES", "Mandatory Label\\", NULL};

/* Where the path ends on "PATH ACCOUNT:(..)" (mark: the first ":("), or 0. */
static size_t path_end(const char *t, size_t tn, const char *mark, const char *const *folders)
{
    for (size_t i = 0; folders && folders[i]; i++) {
        size_t fn = strlen(folders[i]);
        if (fn > 0 && fn < tn && t_istarts(t, tn, folders[i]) && t[fn] == ' ')
            return fn;
    }
    for (const char *p = t + 1; p < mark; p++) {
        if (p[-1] != ' ')
            continue;
        for (size_t k = 0; k_blank_accounts[k]; k++)
            if (t_istarts(p, (size_t)(mark - p), k_blank_accounts[k]))
                return (size_t)(p - 1 - t);
    }
    /* Otherwise the account has no blank: the last one before it ends the path. */
    const char *sp = mark;
    while (sp > t && *sp != ' ')
        sp--;
    return (size_t)(sp - t);
}

/* "C:\OQS\req: The system cannot find the file specified." or
 * "res: 指定されたファイルが見つかりません。": the path ends at ": ". */
static int not_found_path(const char *t, size_t tn, const char *const *folders, char *path,
                          size_t cap)
{
    if (!t_ifind(t, tn, "cannot find") && !t_ifind(t, tn, "見つかりません"))
        return 0;
    for (size_t i = 0; folders && folders[i]; i++) {
        size_t fn = strlen(folders[i]);
        if (fn > 0 && fn < tn && t_istarts(t, tn, folders[i]) && t[fn] == ':') {
            t_copy(path, cap, t, fn);
            return 1;
        }
    }
    const char *c = t_ifind(t, tn, ": ");
    t_copy(path, cap, t, c ? (size_t)(c - t) : tn);
    return path[0] != '\0';
}

int icacls_parse(const unsigned char *raw, size_t n, const char *const *folders,
                 struct acl_list *out, struct parse_diag *d)
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
            const char *mark = NULL;
            for (size_t i = 0; i + 1 < tn && !mark; i++)
                if (t[i] == ':' && t[i + 1] == '(')
                    mark = t + i;
            if (!mark) {
                path[0] = '\0';
                if (not_found_path(t, tn, folders, path, sizeof path) &&
                    push(out, path, "", 0, "missing", 7, ln.lineno) != 0)
                    rc = diag_set(d, ln.lineno, "out of memory");
                path[0] = '\0';
                continue;
            }
            size_t pl = path_end(t, tn, mark, folders);
            if (pl == 0) {
                path[0] = '\0';
                continue;
            }
            t_copy(path, sizeof path, t, pl);
            tn -= pl + 1;
            t += pl + 1;
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
