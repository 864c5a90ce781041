/* `net localgroup Administrators` and `net share`: a heading, a dashed line,
 * one row per member or share, then "The command completed successfully."
 * (コマンドは正常に終了しました。). */
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "parsers.h"

static int is_dashes(const char *t, size_t tn)
{
    if (tn < 10)
        return 0;
    for (size_t i = 0; i < tn; i++)
        if (t[i] != '-')
            return 0;
    return 1;
}

static int is_done(const char *t, size_t tn)
{
    return t_ifind(t, tn, "completed successfully") || t_ifind(t, tn, "正常に終了しました");
}

/* The first "X:\" in the row: a share's resource. */
static const char *find_path(const char *t, size_t tn)
{
    for (size_t i = 0; i + 3 <= tn; i++)
        if (((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z')) && t[i + 1] == ':' &&
            t[i + 2] == '\\' && (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\t'))
            return t + i;
    return NULL;
}

/* share: 1 for net share (name + resource + remark), 0 for a member list. */
static int parse(const unsigned char *raw, size_t n, struct net_list *out, int share,
                 struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    int body = 0, done = 0, rc = 0;
    char *pending = NULL; /* a share name too long for its column: resource on the next line */
    unsigned pending_line = 0;
    while (rc == 0 && lines_next(&ln, &line, &ll)) {
        const char *t = line;
        size_t tn = ll;
        t_trim(&t, &tn);
        if (tn == 0)
            continue;
        /* System error 1376: the group does not exist. / 指定されたローカル グループは存在しません。 */
        if (t_ifind(t, tn, "1376") || t_ifind(t, tn, "group does not exist") ||
            t_ifind(t, tn, "グループは存在しません")) {
            out->no_such = 1;
            continue;
        }
        if (is_dashes(t, tn)) {
            body = 1;
            continue;
        }
        if (!body)
            continue;
        if (is_done(t, tn)) {
            done = 1;
            break;
        }
        if (!share) {
            if (strv_push(&out->rows, t, tn, ln.lineno) != 0)
                rc = diag_set(d, ln.lineno, "out of memory");
            continue;
        }
        const char *p = find_path(t, tn);
        if (pending && (p == t || line[0] == ' ')) {
            /* continuation of a wrapped share name */
            size_t pn = 0;
            const char *pe = p ? p : t;
            if (p) {
                pn = tn - (size_t)(p - t);
                const char *sp = pe;
                while ((size_t)(sp - pe) < pn && !(sp[0] == ' ' && sp + 1 < pe + pn && sp[1] == ' '))
                    sp++;
                pn = (size_t)(sp - pe);
            }
            if (strv_push(&out->rows, pending, strlen(pending), pending_line) != 0 ||
                strv_push(&out->paths, pe, pn, ln.lineno) != 0)
                rc = diag_set(d, ln.lineno, "out of memory");
            free(pending);
            pending = NULL;
            continue;
        }
        if (pending) {
            if (strv_push(&out->rows, pending, strlen(pending), pending_line) != 0 ||
                strv_push(&out->paths, "", 0, pending_line) != 0)
                rc = diag_set(d, ln.lineno, "out of memory");
            free(pending);
            pending = NULL;
        }
        /* The name ends at the first run of two spaces (names may hold one). */
        size_t nn = 0;
        while (nn < tn && !(t[nn] == ' ' && nn + 1 < tn && t[nn + 1] == ' ') && t[nn] != '\t')
            nn++;
        const char *nm = t;
        size_t nml = nn;
        t_trim(&nm, &nml);
        if (!p && nn == tn) {
            pending = t_dup(nm, nml);
            pending_line = ln.lineno;
            if (!pending)
                rc = diag_set(d, ln.lineno, "out of memory");
            continue;
        }
        size_t pn = 0;
        if (p) {
            const char *e = p;
            size_t rest = tn - (size_t)(p - t);
            while ((size_t)(e - p) < rest && !(e[0] == ' ' && (size_t)(e - p) + 1 < rest && e[1] == ' '))
                e++;
            pn = (size_t)(e - p);
        }
        if (strv_push(&out->rows, nm, nml, ln.lineno) != 0 ||
            strv_push(&out->paths, p ? p : "", pn, ln.lineno) != 0)
            rc = diag_set(d, ln.lineno, "out of memory");
    }
    if (rc == 0 && pending &&
        (strv_push(&out->rows, pending, strlen(pending), pending_line) != 0 ||
         strv_push(&out->paths, "", 0, pending_line) != 0))
        rc = diag_set(d, pending_line, "out of memory");
    free(pending);
    free(text);
    if (rc != 0)
        return rc;
    if (!body && !out->no_such)
        return diag_set(d, 1, "no dashed line before the %s", share ? "shares" : "members");
    (void)done;
    return 0;
}

int net_localgroup_parse(const unsigned char *raw, size_t n, struct net_list *out,
                         struct parse_diag *d)
{
    return parse(raw, n, out, 0, d);
}

int net_share_parse(const unsigned char *raw, size_t n, struct net_list *out,
                    struct parse_diag *d)
{
    return parse(raw, n, out, 1, d);
}

void net_list_free(struct net_list *l)
{
    strv_free(&l->rows);
    strv_free(&l->paths);
}
