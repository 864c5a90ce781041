#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "encoding.h"
#include "suggest.h"

/* CHOICE: the default names the alternatives, "a|b|c"; the first is the
 * default value. */
enum key_type { STR, INT, DOUBLE, BOOL, LIST, HOSTPORT, HOSTPORTS, CHOICE };

struct key_def {
    const char *name;
    enum key_type type;
    const char *def;
    double min, max;
    const char *help_en, *help_ja;
};

static const struct key_def keys[] = {
#define CONFIG_KEY(name, type, def, min, max, en, ja) {name, type, def, min, max, en, ja},
#include "config_keys.def"
#undef CONFIG_KEY
};
#define NKEYS (sizeof keys / sizeof keys[0])

struct value {
    int set;     /* given by --set or a file, not the default */
    char *raw;
    char **list; /* LIST and HOSTPORTS: the split items */
    size_t nlist;
};

struct config {
    struct value v[NKEYS];
};

static const struct key_def *key_find(const char *name, size_t *idx)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].name, name) == 0) {
            if (idx)
                *idx = i;
            return &keys[i];
        }
    return NULL;
}

static const char *key_name_at(size_t i, void *ud)
{
    (void)ud;
    return keys[i].name;
}

static void value_clear(struct value *v)
{
    free(v->raw);
    for (size_t i = 0; i < v->nlist; i++)
        free(v->list[i]);
    free(v->list);
    memset(v, 0, sizeof *v);
}

static char *trim_dup(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    char *o = malloc(n + 1);
    if (o) {
        memcpy(o, s, n);
        o[n] = '\0';
    }
    return o;
}

static int split_list(const char *s, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    const char *p = s;
    while (*p) {
        size_t len = strcspn(p, ",;");
        char *item = trim_dup(p, len);
        if (!item)
            return -1;
        if (*item) {
            char **q = oqs_grow(*out, &cap, *n + 1, sizeof *q);
            if (!q) {
                free(item);
                return -1;
            }
            *out = q;
            (*out)[(*n)++] = item;
        } else {
            free(item);
        }
        p += len;
        if (*p)
            p++;
    }
    return 0;
}

int config_split_hostport(const char *s, char *host, size_t hostn, int *port, int default_port)
{
    const char *h = s, *colon;
    size_t hl;
    if (*s == '[') {
        const char *end = strchr(s, ']');
        if (!end)
            return -1;
        h = s + 1;
        hl = (size_t)(end - h);
        colon = end[1] == ':' ? end + 1 : (end[1] ? NULL : end + 1);
        if (!colon)
            return -1;
        if (!*colon)
            colon = NULL;
    } else {
        colon = strrchr(s, ':');
        if (colon && strchr(s, ':') != colon)
            colon = NULL; /* a bare IPv6 address: no port */
        hl = colon ? (size_t)(colon - s) : strlen(s);
    }
    if (hl == 0 || hl >= hostn)
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    *port = default_port;
    if (colon) {
        char *end;
        errno = 0;
        long p = strtol(colon + 1, &end, 10);
        if (errno || end == colon + 1 || *end || p < 1 || p > 65535)
            return -1;
        *port = (int)p;
    }
    for (const char *c = host; *c; c++)
        if (isspace((unsigned char)*c))
            return -1;
    return 0;
}

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int parse_bool(const char *s, int *out)
{
    static const char *const t[] = {"1", "true", "yes", "on"}, *const f[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(s, t[i]) == 0)
            return *out = 1, 0;
        if (strcasecmp(s, f[i]) == 0)
            return *out = 0, 0;
    }
    return -1;
}

static int validate(const struct key_def *k, const char *value, struct value *v, const char *where,
                    struct oqs_err *err)
{
    char host[256];
    int port;
    long l;
    double d;
    int b;
    switch (k->type) {
    case STR:
        break;
    case INT:
        if (parse_long(value, &l) < 0 || l < k->min || l > k->max)
            return oqs_errf(err, "%s: %s: '%s' is not a whole number from %.0f to %.0f", where,
                            k->name, value, k->min, k->max);
        break;
    case DOUBLE:
        if (parse_double(value, &d) < 0 || d < k->min || d > k->max)
            return oqs_errf(err, "%s: %s: '%s' is not a number from %g to %g", where, k->name,
                            value, k->min, k->max);
        break;
    case BOOL:
        if (parse_bool(value, &b) < 0)
            return oqs_errf(err, "%s: %s: '%s' is not true or false", where, k->name, value);
        break;
    case CHOICE: {
        size_t n = strlen(value);
        const char *a = k->def;
        int ok = 0;
        while (*a && !ok) {
            size_t al = strcspn(a, "|");
            ok = n && al == n && strncmp(a, value, n) == 0;
            a += al + (a[al] == '|');
        }
        if (!ok)
            return oqs_errf(err, "%s: %s: '%s' is not one of %s", where, k->name, value, k->def);
        break;
    }
    case HOSTPORT:
        if (config_split_hostport(value, host, sizeof host, &port, 0) < 0 || port == 0)
            return oqs_errf(err, "%s: %s: '%s' is not HOST:PORT", where, k->name, value);
        break;
    case LIST:
    case HOSTPORTS:
        if (split_list(value, &v->list, &v->nlist) < 0)
            return oqs_errf(err, "out of memory");
        for (size_t i = 0; k->type == HOSTPORTS && i < v->nlist; i++)
            if (config_split_hostport(v->list[i], host, sizeof host, &port, 53) < 0)
                return oqs_errf(err, "%s: %s: '%s' is not IP[:PORT]", where, k->name, v->list[i]);
        break;
    }
    v->raw = strdup(value);
    if (!v->raw)
        return oqs_errf(err, "out of memory");
    return 0;
}

int config_set(struct config *c, const char *key, const char *value, const char *origin,
               int line, struct oqs_err *err)
{
    char where[512];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%d", origin, line);
    else
        snprintf(where, sizeof where, "%s", origin);
    size_t idx;
    const struct key_def *k = key_find(key, &idx);
    if (!k)
    {
        const char *near = suggest_nearest(key, NKEYS, key_name_at, NULL);
        if (near)
            return oqs_errf(err, "%s: unknown key '%s'; did you mean '%s'?", where, key, near);
        return oqs_errf(err, "%s: unknown key '%s' (see: oqsdiag help config)", where, key);
    }
    struct value nv = {0};
    if (validate(k, value, &nv, where, err) < 0) {
        value_clear(&nv);
        return -1;
    }
    value_clear(&c->v[idx]);
    c->v[idx] = nv;
    c->v[idx].set = 1;
    return 0;
}

int config_is_set(const struct config *c, const char *key)
{
    size_t idx;
    return key_find(key, &idx) ? c->v[idx].set : 0;
}

struct config *config_new(void)
{
    struct config *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    for (size_t i = 0; i < NKEYS; i++) {
        struct oqs_err err;
        char first[64];
        const char *def = keys[i].def;
        if (keys[i].type == CHOICE) {
            snprintf(first, sizeof first, "%.*s", (int)strcspn(def, "|"), def);
            def = first;
        }
        if (validate(&keys[i], def, &c->v[i], "default", &err) < 0) {
            config_free(c);
            return NULL;
        }
    }
    return c;
}

void config_free(struct config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < NKEYS; i++)
        value_clear(&c->v[i]);
    free(c);
}

int config_set_arg(struct config *c, const char *arg, struct oqs_err *err)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return oqs_errf(err, "--set %s: expected key=value", arg);
    char *key = trim_dup(arg, (size_t)(eq - arg));
    char *val = trim_dup(eq + 1, strlen(eq + 1));
    int rc = (key && val) ? config_set(c, key, val, "--set", 0, err) : oqs_errf(err, "out of memory");
    free(key);
    free(val);
    return rc;
}

int config_load_buf(struct config *c, const char *data, size_t len, const char *origin,
                    struct oqs_err *err)
{
    char *text;
    size_t tl;
    if (enc_to_utf8((const unsigned char *)data, len, ENC_AUTO, &text, &tl, NULL, err) < 0)
        return -1;
    struct lines ln;
    lines_init(&ln, text, tl);
    const char *line;
    size_t n;
    char section[128] = "";
    int rc = 0;
    while (rc == 0 && lines_next(&ln, &line, &n)) {
        char *l = trim_dup(line, n);
        if (!l) {
            rc = oqs_errf(err, "out of memory");
            break;
        }
        if (!*l || *l == '#' || *l == ';') {
            free(l);
            continue;
        }
        size_t ll = strlen(l);
        if (*l == '[') {
            if (l[ll - 1] != ']' || ll < 3 || ll - 2 >= sizeof section)
                rc = oqs_errf(err, "%s:%u: bad section header '%s'", origin, ln.lineno, l);
            else
                snprintf(section, sizeof section, "%.*s", (int)(ll - 2), l + 1);
            free(l);
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq) {
            rc = oqs_errf(err, "%s:%u: expected key = value, got '%s'", origin, ln.lineno, l);
            free(l);
            break;
        }
        char *key = trim_dup(l, (size_t)(eq - l));
        char *val = trim_dup(eq + 1, strlen(eq + 1));
        char full[512];
        if (*section)
            snprintf(full, sizeof full, "%s.%s", section, key ? key : "");
        else
            snprintf(full, sizeof full, "%s", key ? key : "");
        if (!key || !val)
            rc = oqs_errf(err, "out of memory");
        else if (!*key)
            rc = oqs_errf(err, "%s:%u: empty key", origin, ln.lineno);
        else
            rc = config_set(c, full, val, origin, (int)ln.lineno, err);
        free(key);
        free(val);
        free(l);
    }
    free(text);
    return rc;
}

int config_load_file(struct config *c, const char *path, struct oqs_err *err)
{
    struct buf b = {0};
    if (buf_read_file(&b, path, 1 << 20) < 0) {
        int e = errno;
        buf_free(&b);
        return oqs_errf(err, "%s: %s", path, e == EFBIG ? "larger than 1 MiB" : strerror(e));
    }
    int rc = config_load_buf(c, b.data, b.len, path, err);
    buf_free(&b);
    return rc;
}

static const struct value *get(const struct config *c, const char *key, enum key_type t)
{
    size_t idx;
    const struct key_def *k = key_find(key, &idx);
    if (!k || (k->type != t && !(t == LIST && k->type == HOSTPORTS) &&
               !(t == STR && (k->type == HOSTPORT || k->type == CHOICE)))) {
        fprintf(stderr, "oqsdiag: internal error: config key '%s' read as the wrong type\n", key);
        abort();
    }
    return &c->v[idx];
}

const char *config_str(const struct config *c, const char *key)
{
    return get(c, key, STR)->raw;
}

long config_int(const struct config *c, const char *key)
{
    long l = 0;
    parse_long(get(c, key, INT)->raw, &l);
    return l;
}

double config_double(const struct config *c, const char *key)
{
    double d = 0;
    parse_double(get(c, key, DOUBLE)->raw, &d);
    return d;
}

int config_bool(const struct config *c, const char *key)
{
    int b = 0;
    parse_bool(get(c, key, BOOL)->raw, &b);
    return b;
}

const char *const *config_list(const struct config *c, const char *key, size_t *n)
{
    const struct value *v = get(c, key, LIST);
    *n = v->nlist;
    return (const char *const *)v->list;
}

char *config_text(const struct config *c, const char *key, char sep)
{
    size_t idx;
    const struct key_def *k = key_find(key, &idx);
    if (!k)
        return NULL;
    const struct value *v = &c->v[idx];
    if (k->type != LIST && k->type != HOSTPORTS)
        return strdup(v->raw);
    struct buf b = {0};
    buf_appends(&b, "");
    for (size_t i = 0; i < v->nlist; i++)
        buf_appendf(&b, "%s%s", i ? (char[]){sep, '\0'} : "", v->list[i]);
    return buf_steal(&b, NULL);
}

size_t config_key_count(void)
{
    return NKEYS;
}

const char *config_key_name(size_t i)
{
    return i < NKEYS ? keys[i].name : NULL;
}

void config_print_help(FILE *out, int ja)
{
    static const char *const tn[] = {"text", "integer", "number", "true|false", "list",
                                     "host:port", "list of IP[:PORT]", "one of"};
    fprintf(out, ja ? "設定キー (--config FILE の INI、または --set key=value):\n\n"
                    : "Configuration keys (INI file via --config FILE, or --set key=value):\n\n");
    for (size_t i = 0; i < NKEYS; i++) {
        const struct key_def *k = &keys[i];
        if (k->type == CHOICE) {
            fprintf(out, "  %s (%s %s)\n      %s\n      %s: %.*s\n", k->name, tn[k->type],
                    k->def, ja ? k->help_ja : k->help_en, ja ? "既定値" : "default",
                    (int)strcspn(k->def, "|"), k->def);
            continue;
        }
        fprintf(out, "  %s (%s)\n      %s\n      %s: %s\n", k->name, tn[k->type],
                ja ? k->help_ja : k->help_en, ja ? "既定値" : "default",
                *k->def ? k->def : (ja ? "(空)" : "(empty)"));
    }
    fprintf(out, ja ? "\nINI の [ntp] セクションの server= は ntp.server と同じです。\n"
                    : "\nIn the INI file, server= under [ntp] is the same as ntp.server.\n");
}
