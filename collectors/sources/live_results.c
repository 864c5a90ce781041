/* oqs/results.tsv: one line per recent result file in res,
 *   name<TAB>mtime<TAB>SegmentOfResult<TAB>ErrorCode<TAB>ErrorMessage<TAB>
 *   ProcessingResultStatus<TAB>ProcessingResultCode
 * Result files hold patients' insurance data: expat streams each file and
 * only these seven status elements are kept (their first occurrence; a bulk
 * result repeats the body fields per unit). A file that is not XML — an
 * encrypted one (encrypt.conf "e") — is listed with "encrypted". */
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "core/encoding.h"
#include "core/platform.h"
#include "live_parts.h"

#define RESULT_FILE_MAX (16u << 20)
#define FIELD_MAX 512

static const char *const fields[] = {
    "SegmentOfResult", "ErrorCode", "ErrorMessage", "ProcessingResultStatus",
    "ProcessingResultCode",
};
#define NFIELDS (sizeof fields / sizeof *fields)

struct xml_state {
    char value[NFIELDS][FIELD_MAX];
    int seen[NFIELDS];
    int in; /* index of the field being read, -1 outside */
    int elements;
};

static const char *local_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    struct xml_state *s = ud;
    (void)attrs;
    s->elements++;
    s->in = -1;
    for (size_t i = 0; i < NFIELDS; i++)
        if (!s->seen[i] && strcmp(local_name(name), fields[i]) == 0)
            s->in = (int)i;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct xml_state *s = ud;
    (void)name;
    if (s->in >= 0)
        s->seen[s->in] = 1;
    s->in = -1;
}

static void XMLCALL on_text(void *ud, const XML_Char *text, int len)
{
    struct xml_state *s = ud;
    if (s->in < 0)
        return;
    char *v = s->value[s->in];
    size_t have = strlen(v);
    for (int i = 0; i < len && have + 1 < FIELD_MAX; i++) {
        char c = text[i];
        v[have++] = (c == '\t' || c == '\r' || c == '\n') ? ' ' : c;
    }
    v[have] = '\0';
}

/* 1 read as XML, 0 not XML (encrypted). Result files are UTF-8 or
 * Shift_JIS (CharacterCodeIdentifier 0/1); both are turned into UTF-8 first
 * and expat is told so, whatever the declaration says. */
static int read_result(const struct buf *raw, struct xml_state *s)
{
    char *text = NULL;
    size_t n = 0;
    struct oqs_err err;
    memset(s, 0, sizeof *s);
    s->in = -1;
    if (enc_to_utf8((const unsigned char *)raw->data, raw->len, ENC_AUTO, &text, &n, NULL,
                    &err) < 0)
        return 0;
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) {
        free(text);
        return 0;
    }
    XML_SetUserData(p, s);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    int ok = XML_Parse(p, text, (int)n, 1) == XML_STATUS_OK;
    XML_ParserFree(p);
    free(text);
    return ok || s->elements > 0;
}

static int xml_suffix(const char *s)
{
    return s[0] == '.' && (s[1] | 0x20) == 'x' && (s[2] | 0x20) == 'm' && (s[3] | 0x20) == 'l';
}

struct res_walk {
    const char *dir;
    long long since;
    struct buf *out;
};

static int res_entry(const struct plat_dirent *e, void *ud)
{
    struct res_walk *w = ud;
    size_t len = strlen(e->name);
    if (e->is_dir || e->mtime < w->since || len < 4 || !xml_suffix(e->name + len - 4))
        return 0;
    char path[8192], when[32];
    snprintf(path, sizeof path, "%s\\%s", w->dir, e->name);
    plat_utc_rfc3339(e->mtime, when);
    struct buf raw = {0};
    struct oqs_err err;
    int rc = plat_read_file(path, RESULT_FILE_MAX, 0, &raw, &err);
    if (rc != 0) {
        buf_free(&raw);
        return 0; /* gone since the listing, or too large to be a result */
    }
    struct xml_state s;
    int xml = read_result(&raw, &s);
    /* The raw bytes are patients' data: wiped before the memory is freed. */
    if (raw.data)
        memset(raw.data, 0, raw.len);
    buf_free(&raw);
    for (const char *c = e->name; *c; c++)
        buf_append(w->out, (*c == '\t' || *c == '\n' || *c == '\r') ? " " : c, 1);
    buf_appendf(w->out, "\t%s", when);
    if (!xml) {
        buf_appends(w->out, "\tencrypted\t\t\t\t\n");
        return 0;
    }
    for (size_t i = 0; i < NFIELDS; i++)
        buf_appendf(w->out, "\t%s", s.value[i]);
    buf_appends(w->out, "\n");
    return 0;
}

enum live_status live_results_tsv(const struct config *cfg, struct buf *out,
                                  struct oqs_err *err)
{
    if (!plat_is_windows()) {
        oqs_errf(err, "the live host is not Windows");
        return LIVE_UNSUPPORTED;
    }
    const char *dir = config_str(cfg, "folders.res");
    struct res_walk w = {dir, plat_time_now() - config_int(cfg, "results.days") * 86400LL, out};
    if (plat_list_dir(dir, res_entry, &w, err) < 0)
        return LIVE_MISSING;
    return LIVE_OK;
}
