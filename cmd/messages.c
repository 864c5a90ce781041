/* Every message cmd/ prints on standard error, in the user's language.
 *
 * Errors are made below cmd/ in English (core/err.h) and travel up as text;
 * cmd/ prints them. Under --lang ja the English line is matched against the
 * English formats of cmd/messages.def (one table, both languages) and the
 * Japanese format is filled with what the conversions matched. A %s that
 * matched is itself translated when it is a message of the table (an error
 * from below inside a command's message; strerror's text), else kept as it
 * is (a path, a key, a value). A line no format matches whole is split at
 * ": " (the "file: reason" chain of core/err.h): a part that matches is
 * translated, the rest kept. Library messages (libarchive, c-ares,
 * jansson) are not in the table and stay as the library wrote them. */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const struct cmd_msg cmd_msgs[] = {
#define MSG(en, ja) {en, ja},
#include "messages.def"
#undef MSG
};
const size_t ncmd_msgs = sizeof cmd_msgs / sizeof cmd_msgs[0];

enum conv { CV_STR, CV_INT, CV_HEX, CV_FLOAT, CV_CHAR };
#define MAXCAP 8
/* Steps a match may take: a bound on the backtracking of several %s. */
#define MAXSTEPS 20000

struct cap {
    const char *p;
    size_t n;
    enum conv cv;
};

/* Past the conversion at f ('%', not "%%"); *cv its kind. */
static const char *conv_end(const char *f, enum conv *cv)
{
    f++;
    while (*f && strchr("-+ #0", *f))
        f++;
    while (*f && strchr("0123456789*.", *f))
        f++;
    while (*f && strchr("hljztL", *f))
        f++;
    switch (*f) {
    case 'd': case 'i': case 'u': *cv = CV_INT; break;
    case 'x': case 'X': *cv = CV_HEX; break;
    case 'f': case 'g': case 'e': case 'G': case 'E': *cv = CV_FLOAT; break;
    case 'c': *cv = CV_CHAR; break;
    default: *cv = CV_STR; break;
    }
    return *f ? f + 1 : f;
}

static size_t span_of(const char *s, enum conv cv)
{
    size_t n = 0;
    if (cv == CV_CHAR)
        return *s ? 1 : 0;
    if (cv != CV_HEX && (s[0] == '-' || s[0] == '+'))
        n++;
    for (;; n++) {
        char c = s[n];
        int ok = (c >= '0' && c <= '9') ||
                 (cv == CV_HEX && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) ||
                 (cv == CV_FLOAT && (c == '.' || c == 'e' || c == '-' || c == '+'));
        if (!ok)
            return n;
    }
}

/* Whether s is fmt with something for each conversion; the shortest %s
 * first, so "%s: %s" takes the first ": ". Returns the captures or -1. */
static int match(const char *f, const char *s, struct cap *caps, int k, long *steps)
{
    while (*f) {
        if (--*steps < 0)
            return -1;
        if (f[0] == '%' && f[1] != '%') {
            enum conv cv;
            const char *next = conv_end(f, &cv);
            if (k >= MAXCAP)
                return -1;
            if (cv == CV_STR) {
                for (size_t n = 0;; n++) {
                    caps[k] = (struct cap){s, n, cv};
                    int r = match(next, s + n, caps, k + 1, steps);
                    if (r >= 0)
                        return r;
                    if (!s[n] || *steps < 0)
                        return -1;
                }
            }
            size_t n = span_of(s, cv);
            if (n == 0)
                return -1;
            caps[k++] = (struct cap){s, n, cv};
            s += n;
            f = next;
            continue;
        }
        char c = *f;
        f += c == '%' ? 2 : 1;
        if (*s++ != c)
            return -1;
    }
    return *s ? -1 : k;
}

struct out {
    char *p;
    size_t n, len;
};

static void put(struct out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && o->len + 1 < o->n; i++)
        o->p[o->len++] = s[i];
    if (o->n)
        o->p[o->len] = '\0';
}

static int translate(const char *s, size_t n, struct out *o, int depth);

/* The Japanese format filled with the captures. */
static void fill(const char *ja, const struct cap *caps, int ncaps, struct out *o, int depth)
{
    int k = 0;
    for (const char *f = ja; *f;) {
        if (f[0] == '%' && f[1] == '%') {
            put(o, "%", 1);
            f += 2;
        } else if (f[0] == '%') {
            enum conv cv;
            f = conv_end(f, &cv);
            if (k < ncaps) {
                const struct cap *c = &caps[k++];
                if (c->cv != CV_STR || !translate(c->p, c->n, o, depth + 1))
                    put(o, c->p, c->n);
            }
        } else {
            size_t n = strcspn(f, "%");
            put(o, f, n);
            f += n;
        }
    }
}

/* The most specific format (most literal characters) that matches s whole. */
static int find(const char *s, struct cap *caps, int *ncaps)
{
    int best = -1;
    size_t best_lit = 0;
    struct cap tmp[MAXCAP];
    for (size_t i = 0; i < ncmd_msgs; i++) {
        long steps = MAXSTEPS;
        int r = match(cmd_msgs[i].en, s, tmp, 0, &steps);
        if (r < 0)
            continue;
        size_t lit = strlen(s);
        for (int j = 0; j < r; j++)
            lit -= tmp[j].n;
        if (best < 0 || lit > best_lit) {
            best = (int)i;
            best_lit = lit;
            memcpy(caps, tmp, sizeof tmp);
            *ncaps = r;
        }
    }
    return best;
}

/* Appends the Japanese of s[0..n) to o; 0 (and nothing appended) when no
 * format of the table matches it or a part of it after ": ". */
static int translate(const char *s, size_t n, struct out *o, int depth)
{
    char buf[1200];
    if (depth > 4 || n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    struct cap caps[MAXCAP];
    int ncaps = 0;
    int i = find(buf, caps, &ncaps);
    if (i >= 0) {
        /* Captures point into buf: translate them from there. */
        fill(cmd_msgs[i].ja, caps, ncaps, o, depth);
        return 1;
    }
    for (const char *sep = strstr(buf, ": "); sep; sep = strstr(sep + 1, ": ")) {
        size_t head = (size_t)(sep - buf);
        size_t mark = o->len;
        struct out probe = {o->p + o->len, o->n > o->len ? o->n - o->len : 0, 0};
        if (!translate(sep + 2, n - head - 2, &probe, depth + 1))
            continue;
        /* The tail is a message: put the head (translated if it is one) first. */
        char tail[1200];
        snprintf(tail, sizeof tail, "%s", o->p + mark);
        o->len = mark;
        if (o->n)
            o->p[mark] = '\0';
        if (!translate(buf, head, o, depth + 1))
            put(o, buf, head);
        put(o, ": ", 2);
        put(o, tail, strlen(tail));
        return 1;
    }
    return 0;
}

int cmd_msg_ja(const char *en, char *out, size_t n)
{
    struct out o = {out, n, 0};
    if (n)
        out[0] = '\0';
    if (translate(en, strlen(en), &o, 0))
        return 1;
    o.len = 0;
    put(&o, en, strlen(en));
    return 0;
}

void cmd_say(struct cli *cli, const char *en)
{
    char ja[1400];
    const char *m = en;
    if (cli->lang == LANG_JA) {
        cmd_msg_ja(en, ja, sizeof ja);
        m = ja;
    }
    fprintf(cli->err, "oqsdiag: %s\n", m);
}

void cmd_error(struct cli *cli, const char *fmt, ...)
{
    char en[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(en, sizeof en, fmt, ap);
    va_end(ap);
    cmd_say(cli, en);
}
