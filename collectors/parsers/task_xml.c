/* A task definition (C:\Windows\System32\Tasks\<name>), parsed with expat.
 * The file is UTF-16LE with BOM and says encoding="UTF-16"; a copy may have
 * been re-encoded while the declaration stayed. So the bytes are decoded
 * first and expat is told they are UTF-8, which overrides the declaration. */
#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"

#define TX_DEPTH 16

struct tx {
    struct task_xml *out;
    XML_Parser p;
    const char *stack[TX_DEPTH]; /* local names of open elements (static strings) */
    int depth;
    char text[512];
    size_t tn;
    int trig_enabled; /* the current trigger's own <Enabled> */
    int saw_task;
};

/* Element names we track; any other is "*". Namespace prefixes are dropped. */
static const char *intern(const char *name)
{
    static const char *const known[] = {"Task", "Settings", "Enabled", "Triggers", "Principals",
                                        "Principal", "UserId", "LogonType", "Actions", "Exec",
                                        "Command", NULL};
    const char *c = strrchr(name, ':');
    const char *local = c ? c + 1 : name;
    for (size_t i = 0; known[i]; i++)
        if (strcmp(local, known[i]) == 0)
            return known[i];
    return "*";
}

static int at(const struct tx *t, int n)
{
    return t->depth == n;
}

static const char *el(const struct tx *t, int i)
{
    return i < t->depth && i < TX_DEPTH ? t->stack[i] : "";
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    struct tx *t = ud;
    (void)attrs;
    const char *nm = intern(name);
    if (t->depth < TX_DEPTH)
        t->stack[t->depth] = nm;
    t->depth++;
    t->tn = 0;
    if (t->depth == 1 && strcmp(nm, "Task") == 0)
        t->saw_task = 1;
    /* Task/Triggers/<any trigger> */
    if (t->depth == 3 && strcmp(el(t, 0), "Task") == 0 && strcmp(el(t, 1), "Triggers") == 0)
        t->trig_enabled = 1;
}

static int is_true(const char *s)
{
    return strcmp(s, "true") == 0 || strcmp(s, "1") == 0;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct tx *t = ud;
    (void)name;
    t->text[t->tn < sizeof t->text ? t->tn : sizeof t->text - 1] = '\0';
    const char *v = t->text;
    size_t vn = strlen(v);
    t_trim(&v, &vn);
    unsigned line = (unsigned)XML_GetCurrentLineNumber(t->p);
    if (strcmp(el(t, 0), "Task") == 0) {
        const char *a = el(t, 1), *b = el(t, 2), *c = el(t, 3);
        if (at(t, 3) && strcmp(a, "Settings") == 0 && strcmp(b, "Enabled") == 0) {
            t->out->enabled = t_ieqn(v, vn, "true") || t_ieqn(v, vn, "1");
            t->out->enabled_line = line;
        } else if (at(t, 4) && strcmp(a, "Triggers") == 0 && strcmp(c, "Enabled") == 0) {
            char tmp[8];
            t_copy(tmp, sizeof tmp, v, vn);
            t->trig_enabled = is_true(tmp);
        } else if (at(t, 3) && strcmp(a, "Triggers") == 0) {
            t->out->ntriggers_all++;
            if (t->trig_enabled)
                t->out->ntriggers++;
        } else if (at(t, 4) && strcmp(a, "Principals") == 0 && strcmp(b, "Principal") == 0) {
            if (strcmp(c, "UserId") == 0) {
                t_copy(t->out->user_id, sizeof t->out->user_id, v, vn);
                t->out->user_line = line;
            } else if (strcmp(c, "LogonType") == 0) {
                t_copy(t->out->logon_type, sizeof t->out->logon_type, v, vn);
            }
        } else if (at(t, 4) && strcmp(a, "Actions") == 0 && strcmp(b, "Exec") == 0 &&
                   strcmp(c, "Command") == 0 && !t->out->command[0]) {
            t_copy(t->out->command, sizeof t->out->command, v, vn);
        }
    }
    t->depth--;
    t->tn = 0;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct tx *t = ud;
    for (int i = 0; i < len && t->tn + 1 < sizeof t->text; i++)
        t->text[t->tn++] = s[i];
}

int task_xml_parse(const unsigned char *raw, size_t n, struct task_xml *out,
                   struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    out->enabled = 1; /* Settings/Enabled defaults to true */
    char *text;
    size_t len;
    if (text_decode(raw, n, &text, &len, d) != 0)
        return -1;
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) {
        free(text);
        return diag_set(d, 0, "out of memory");
    }
    struct tx t = {.out = out, .p = p};
    XML_SetUserData(p, &t);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    int rc = 0;
    if (len > (size_t)0x7fffffff) {
        rc = diag_set(d, 0, "file too large");
    } else if (XML_Parse(p, text, (int)len, 1) == XML_STATUS_ERROR) {
        rc = diag_set(d, (unsigned)XML_GetCurrentLineNumber(p), "XML: %s",
                      XML_ErrorString(XML_GetErrorCode(p)));
    } else if (!t.saw_task) {
        rc = diag_set(d, 1, "the root element is not <Task>");
    }
    XML_ParserFree(p);
    free(text);
    return rc;
}
