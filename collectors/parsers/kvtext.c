/* "key: value" listings: systeminfo, w32tm /query /status and
 * /configuration, PowerShell Format-List. The keys are localised by the
 * command (checks look them up in both languages); values are kept as
 * printed. */
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "parsers.h"
#include "core/buf.h"

/* Keys and values stay where they are in the decoded text, cut there with
 * a NUL: no copy per line (a 64 MiB listing must not cost gigabytes). The
 * byte after a key is ':' or a blank, after a value a blank or the line's
 * end, and the lines already read are not looked at again. */
static int kv_push(struct kvlist *l, char *k, size_t kn, char *v, size_t vn, unsigned line)
{
    struct kv *p = oqs_grow(l->v, &l->cap, l->n + 1, sizeof *p);
    if (!p)
        return -1;
    l->v = p;
    k[kn] = '\0';
    v[vn] = '\0';
    l->v[l->n++] = (struct kv){k, v, line};
    return 0;
}

/* The command said it failed (w32tm when the service is stopped, a
 * PowerShell error record). */
static int is_error_line(const char *s, size_t n)
{
    return t_ifind(s, n, "error occurred") || t_ifind(s, n, "エラーが発生しました") ||
           t_istarts(s, n, "ERROR:") || t_istarts(s, n, "エラー:") ||
           t_ifind(s, n, "FullyQualifiedErrorId");
}

int kvtext_parse(const unsigned char *raw, size_t n, struct kvlist *out, struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    int rc = 0;
    while (lines_next(&ln, &line, &ll)) {
        const char *t = line;
        size_t tn = ll;
        t_trim(&t, &tn);
        if (tn == 0)
            continue;
        if (is_error_line(t, tn)) {
            if (!out->error) {
                out->error = t_dup(t, tn);
                out->error_line = ln.lineno;
            }
            continue;
        }
        const char *k, *v;
        size_t kn, vn;
        if (!t_split(t, tn, ":", &k, &kn, &v, &vn))
            continue;
        if (out->n >= KVTEXT_MAX_LINES) {
            rc = diag_set(d, ln.lineno, "more than 65536 \"name: value\" lines");
            break;
        }
        if (kv_push(out, text + (k - text), kn, text + (v - text), vn, ln.lineno) != 0) {
            rc = diag_set(d, ln.lineno, "out of memory");
            break;
        }
    }
    out->text = text;
    if (rc == 0 && out->n == 0 && !out->error)
        rc = diag_set(d, 1, "no \"name: value\" line");
    return rc;
}

void kvlist_free(struct kvlist *l)
{
    free(l->v);
    free(l->error);
    free(l->text);
    memset(l, 0, sizeof *l);
}

const struct kv *kv_find(const struct kvlist *l, const char *const *names)
{
    for (size_t i = 0; i < l->n; i++)
        if (t_key_in(l->v[i].key, strlen(l->v[i].key), names))
            return &l->v[i];
    return NULL;
}
