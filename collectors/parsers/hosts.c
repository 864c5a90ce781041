/* The hosts file (system/hosts.txt): "ADDRESS NAME [NAME...]  # comment",
 * one mapping per line, which the Windows resolver answers from before it
 * asks DNS. Lines that are not of that shape are ignored by Windows and
 * here. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/encoding.h"
#include "netconf.h"

static int add(struct hosts_file *h, const char *addr, size_t an, const char *name, size_t nn,
               unsigned line)
{
    struct hosts_entry *v = oqs_grow(h->v, &h->cap, h->n + 1, sizeof *v);
    if (!v)
        return -1;
    h->v = v;
    struct hosts_entry *e = &h->v[h->n++];
    t_copy(e->addr, sizeof e->addr, addr, an);
    t_copy(e->name, sizeof e->name, name, nn);
    for (char *p = e->name; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    e->line = line;
    return 0;
}

/* An address is hex digits, dots and colons (IPv4 or IPv6). */
static int looks_like_addr(const char *s, size_t n)
{
    int dot = 0, colon = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        dot |= c == '.';
        colon |= c == ':';
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
              c == '.' || c == ':'))
            return 0;
    }
    return n > 0 && (dot || colon);
}

static size_t word(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] != ' ' && s[i] != '\t')
        i++;
    return i;
}

int hosts_parse(const unsigned char *raw, size_t n, struct hosts_file *out,
                struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *line;
    size_t ll;
    int rc = 0;
    while (rc == 0 && lines_next(&ln, &line, &ll)) {
        const char *hash = memchr(line, '#', ll);
        const char *t = line;
        size_t tn = hash ? (size_t)(hash - line) : ll;
        t_trim(&t, &tn);
        size_t an = word(t, tn);
        if (!looks_like_addr(t, an))
            continue;
        const char *addr = t;
        t += an;
        tn -= an;
        for (;;) {
            t_trim(&t, &tn);
            size_t wn = word(t, tn);
            if (!wn)
                break;
            if (add(out, addr, an, t, wn, ln.lineno) < 0) {
                rc = diag_set(d, ln.lineno, "out of memory");
                break;
            }
            t += wn;
            tn -= wn;
        }
    }
    free(text);
    if (rc != 0)
        hosts_free(out);
    return rc;
}

void hosts_free(struct hosts_file *h)
{
    free(h->v);
    memset(h, 0, sizeof *h);
}
