/* events/<log>.xml (wevtutil qe /f:RenderedXml), parsed with expat in blocks.
 * The file has no root element, so the events are wrapped in one; expat is
 * told the bytes are UTF-8 (each block is decoded first), which overrides
 * any declaration. A DOCTYPE cannot appear inside the wrapper, so no entity
 * can be declared. */
#include "events.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "parsers.h"

#define RAW_BLOCK 65536u
/* Bytes fed without a single element or text callback: one token (a tag or
 * an attribute) that long is not an event log, and expat would buffer it. */
#define MAX_TOKEN (4u << 20)
#define WRAP_OPEN "<oqsdiag-events>"
#define WRAP_CLOSE "</oqsdiag-events>"

enum ev_field { F_NONE, F_EVENTID, F_LEVEL, F_COMPUTER, F_DATA, F_USERDATA, F_MESSAGE };

struct evp {
    XML_Parser p;
    int (*cb)(const struct win_event *e, void *ud);
    void *ud;
    struct win_event ev;
    int depth;           /* 1 the wrapper, 2 Event, 3 System/EventData/..., deeper */
    int in_event, section; /* section: 'S'ystem, 'E'ventData, 'U'serData, 'R'enderingInfo */
    enum ev_field field;
    char text[EVENT_MSG_CAP];
    size_t tn;
    size_t since_progress;
    int stopped;         /* the callback asked to stop */
    size_t nevents;
    unsigned stray_line; /* text outside any element: an error message, not events */
    char stray[64];
};

static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const XML_Char **attrs, const char *name)
{
    for (size_t i = 0; attrs[i]; i += 2)
        if (strcmp(local_name(attrs[i]), name) == 0)
            return attrs[i + 1];
    return NULL;
}

static void copy_attr(char *dst, size_t cap, const char *v)
{
    if (v)
        t_copy(dst, cap, v, strlen(v));
}

static void start_system(struct evp *x, const char *nm, const XML_Char **attrs)
{
    if (strcmp(nm, "Provider") == 0)
        copy_attr(x->ev.provider, sizeof x->ev.provider, attr(attrs, "Name"));
    else if (strcmp(nm, "TimeCreated") == 0)
        copy_attr(x->ev.time, sizeof x->ev.time, attr(attrs, "SystemTime"));
    else if (strcmp(nm, "EventID") == 0)
        x->field = F_EVENTID;
    else if (strcmp(nm, "Level") == 0)
        x->field = F_LEVEL;
    else if (strcmp(nm, "Computer") == 0)
        x->field = F_COMPUTER;
}

static void new_datum(struct evp *x, const char *name)
{
    if (x->ev.ndata >= EVENT_MAX_DATA)
        return;
    struct event_data *d = &x->ev.data[x->ev.ndata];
    d->name[0] = d->val[0] = '\0';
    if (name)
        t_copy(d->name, sizeof d->name, name, strlen(name));
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    struct evp *x = ud;
    const char *nm = local_name(name);
    x->since_progress = 0;
    x->depth++;
    x->tn = 0;
    x->field = F_NONE;
    if (x->depth == 2) {
        memset(&x->ev, 0, sizeof x->ev);
        x->ev.t = -1;
        x->ev.line = (unsigned)XML_GetCurrentLineNumber(x->p);
        x->in_event = strcmp(nm, "Event") == 0;
        return;
    }
    if (!x->in_event)
        return;
    if (x->depth == 3) {
        x->section = strcmp(nm, "System") == 0          ? 'S'
                     : strcmp(nm, "EventData") == 0     ? 'E'
                     : strcmp(nm, "UserData") == 0      ? 'U'
                     : strcmp(nm, "RenderingInfo") == 0 ? 'R'
                                                        : 0;
        if (x->section == 'R')
            copy_attr(x->ev.culture, sizeof x->ev.culture, attr(attrs, "Culture"));
        return;
    }
    if (x->section == 'S' && x->depth == 4) {
        start_system(x, nm, attrs);
    } else if (x->section == 'E' && x->depth == 4 && strcmp(nm, "Data") == 0) {
        new_datum(x, attr(attrs, "Name"));
        x->field = F_DATA;
    } else if (x->section == 'U' && x->depth >= 5) {
        /* UserData/<provider's element>/<Name>value</Name>: leaves only. */
        new_datum(x, nm);
        x->field = F_USERDATA;
    } else if (x->section == 'R' && x->depth == 4 && strcmp(nm, "Message") == 0) {
        x->field = F_MESSAGE;
    }
}

static void finish_field(struct evp *x)
{
    x->text[x->tn] = '\0';
    const char *v = x->text;
    size_t vn = x->tn;
    long long num;
    switch (x->field) {
    case F_EVENTID:
        t_trim(&v, &vn);
        if (t_parse_ll(v, vn, &num) == 0 && num >= 0 && num <= 0xFFFFFFFFLL)
            x->ev.id = (unsigned long)num;
        break;
    case F_LEVEL:
        t_trim(&v, &vn);
        if (t_parse_ll(v, vn, &num) == 0 && num >= 0 && num <= 255)
            x->ev.level = (int)num;
        break;
    case F_COMPUTER:
        t_trim(&v, &vn);
        t_copy(x->ev.computer, sizeof x->ev.computer, v, vn);
        break;
    case F_DATA:
    case F_USERDATA:
        if (x->ev.ndata < EVENT_MAX_DATA) {
            t_copy(x->ev.data[x->ev.ndata].val, EVENT_VAL_CAP, v, vn);
            x->ev.ndata++;
        }
        break;
    case F_MESSAGE:
        t_trim(&v, &vn);
        t_copy(x->ev.message, sizeof x->ev.message, v, vn);
        break;
    case F_NONE:
        break;
    }
    x->field = F_NONE;
    x->tn = 0;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct evp *x = ud;
    (void)name;
    x->since_progress = 0;
    if (x->field != F_NONE)
        finish_field(x);
    else if (x->in_event && x->section == 'U' && x->depth >= 5 && x->ev.ndata < EVENT_MAX_DATA &&
             x->ev.data[x->ev.ndata].name[0])
        x->ev.data[x->ev.ndata].name[0] = '\0'; /* a UserData element that was not a leaf */
    if (x->depth == 3)
        x->section = 0;
    if (x->depth == 2 && x->in_event) {
        long long t;
        x->ev.t = parse_time_utc(x->ev.time, &t) == 0 ? t : -1;
        x->nevents++;
        if (x->cb(&x->ev, x->ud) != 0) {
            x->stopped = 1;
            XML_StopParser(x->p, XML_FALSE);
        }
        x->in_event = 0;
    }
    x->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct evp *x = ud;
    x->since_progress = 0;
    if (x->depth == 1 && !x->stray_line) {
        const char *v = s;
        size_t vn = (size_t)len;
        t_trim(&v, &vn);
        if (vn) {
            x->stray_line = (unsigned)XML_GetCurrentLineNumber(x->p);
            t_copy(x->stray, sizeof x->stray, v, vn);
            XML_StopParser(x->p, XML_FALSE);
        }
        return;
    }
    if (x->field == F_NONE)
        return;
    size_t room = sizeof x->text - 1 - x->tn;
    size_t n = (size_t)len < room ? (size_t)len : room;
    memcpy(x->text + x->tn, s, n);
    x->tn += n;
}

/* Feeds UTF-8 bytes; 0, or -1 with d set (or the callback stopped). */
static int feed(struct evp *x, const char *s, size_t n, int final, struct events_stats *st,
                struct parse_diag *d)
{
    if (n > st->max_block)
        st->max_block = n;
    x->since_progress += n;
    enum XML_Status xs = XML_Parse(x->p, s, (int)n, final);
    if (x->stray_line)
        return diag_set(d, x->stray_line, "text outside <Event>: \"%s\"", x->stray);
    if (xs == XML_STATUS_ERROR)
        return diag_set(d, (unsigned)XML_GetCurrentLineNumber(x->p), "XML: %s",
                        XML_ErrorString(XML_GetErrorCode(x->p)));
    if (x->stopped)
        return -1;
    if (x->since_progress > MAX_TOKEN)
        return diag_set(d, (unsigned)XML_GetCurrentLineNumber(x->p),
                        "no element ends within %u MiB: not an event log", MAX_TOKEN >> 20);
    return 0;
}

/* How many bytes of the next block to decode: whole characters only. In
 * UTF-16 an even count not ending in a high surrogate; in CP932 up to the
 * last byte below 0x40 (never a trail byte: trail bytes are 0x40-0xFC). */
static size_t block_len(enum enc e, const unsigned char *p, size_t left)
{
    if (left <= RAW_BLOCK)
        return left;
    size_t n = RAW_BLOCK;
    if (e == ENC_UTF16LE || e == ENC_UTF16BE) {
        n &= ~(size_t)1;
        unsigned hi = e == ENC_UTF16LE ? p[n - 1] : p[n - 2];
        if (hi >= 0xD8 && hi <= 0xDB)
            n -= 2;
    } else if (e == ENC_CP932) {
        size_t k = n;
        while (k > 0 && p[k - 1] >= 0x40)
            k--;
        if (k > 0)
            n = k;
    }
    return n;
}

/* Skips a leading XML declaration (it may name an encoding the bytes do
 * not use) and white space; counts the newlines skipped. */
static size_t skip_prolog(const char *s, size_t n, unsigned *lines)
{
    size_t i = 0;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
            *lines += s[i++] == '\n';
        if (n - i >= 5 && memcmp(s + i, "<?xml", 5) == 0) {
            const char *end = NULL;
            for (size_t k = i; k + 1 < n; k++)
                if (s[k] == '?' && s[k + 1] == '>') {
                    end = s + k + 2;
                    break;
                }
            if (!end)
                return i;
            for (; s + i < end; i++)
                *lines += s[i] == '\n';
            continue;
        }
        return i;
    }
}

static int run(struct evp *x, const unsigned char *raw, size_t n, enum enc e,
               struct events_stats *st, struct parse_diag *d)
{
    if (feed(x, WRAP_OPEN, strlen(WRAP_OPEN), 0, st, d) != 0)
        return -1;
    int first = 1;
    size_t pos = 0;
    while (pos < n) {
        size_t len = block_len(e, raw + pos, n - pos);
        char *text = NULL;
        size_t tl = 0;
        const char *s = (const char *)raw + pos;
        if (e != ENC_UTF8) {
            struct oqs_err err;
            if (enc_to_utf8(raw + pos, len, e, &text, &tl, NULL, &err) != 0)
                return diag_set(d, (unsigned)XML_GetCurrentLineNumber(x->p), "cannot decode: %s",
                                err.msg);
            s = text;
        } else {
            tl = len;
        }
        size_t skip = 0;
        if (first) {
            unsigned lines = 0;
            skip = skip_prolog(s, tl, &lines);
            /* Keep line numbers: the skipped lines become newlines. */
            for (unsigned i = 0; i < lines && feed(x, "\n", 1, 0, st, d) == 0; i++)
                ;
            first = 0;
        }
        int rc = feed(x, s + skip, tl - skip, 0, st, d);
        free(text);
        if (rc != 0)
            return -1;
        pos += len;
    }
    return feed(x, WRAP_CLOSE, strlen(WRAP_CLOSE), 1, st, d);
}

int events_parse(const unsigned char *raw, size_t n,
                 int (*cb)(const struct win_event *e, void *ud), void *ud,
                 struct events_stats *stats, struct parse_diag *d)
{
    struct events_stats local;
    struct events_stats *st = stats ? stats : &local;
    memset(st, 0, sizeof *st);
    enum enc e = enc_detect(raw, n);
    st->encoding = enc_name(e);
    /* The BOM is not text. */
    size_t bom = e == ENC_UTF8 && n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3
                 : (e == ENC_UTF16LE || e == ENC_UTF16BE) && n >= 2 &&
                         ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF))
                     ? 2
                     : 0;
    struct evp *x = calloc(1, sizeof *x);
    if (!x)
        return diag_set(d, 0, "out of memory");
    x->p = XML_ParserCreate("UTF-8");
    if (!x->p) {
        free(x);
        return diag_set(d, 0, "out of memory");
    }
    x->cb = cb;
    x->ud = ud;
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, on_start, on_end);
    XML_SetCharacterDataHandler(x->p, on_text);
    int rc = run(x, raw + bom, n - bom, e, st, d);
    if (x->stopped)
        rc = 0;
    st->events = x->nevents;
    XML_ParserFree(x->p);
    free(x);
    return rc;
}

const char *event_data(const struct win_event *e, const char *name)
{
    for (size_t i = 0; i < e->ndata; i++)
        if (strcmp(e->data[i].name, name) == 0)
            return e->data[i].val;
    return NULL;
}

int event_mentions(const struct win_event *e, const char *needle)
{
    if (!*needle)
        return 0;
    if (t_ifind(e->message, strlen(e->message), needle))
        return 1;
    for (size_t i = 0; i < e->ndata; i++)
        if (t_ifind(e->data[i].val, strlen(e->data[i].val), needle))
            return 1;
    return 0;
}
