/* A report read from JSON (a file someone mailed, `verify PATH.json`) and
 * rendered as HTML and Prometheus text: whatever strings it carries, the
 * page stays well-formed XML (parsed with expat) and every exposition line
 * stays one line. */
#include <expat.h>
#include <string.h>

#include "core/render.h"
#include "fuzz.h"

static FILE *scratch(void)
{
    static FILE *f;
    if (!f)
        f = tmpfile();
    FUZZ_CHECK(f != NULL);
    rewind(f);
    return f;
}

static char *contents(FILE *f, size_t *n)
{
    fflush(f);
    long len = ftell(f);
    FUZZ_CHECK(len >= 0);
    char *s = malloc((size_t)len + 1);
    FUZZ_CHECK(s != NULL);
    rewind(f);
    FUZZ_CHECK(fread(s, 1, (size_t)len, f) == (size_t)len);
    s[len] = '\0';
    *n = (size_t)len;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    json_t *doc = json_loadb((const char *)data, size, 0, NULL);
    if (!doc)
        return 0;
    struct oqs_err err;
    struct report *r = report_from_json(doc, &err);
    json_decref(doc);
    if (!r)
        return 0;

    FILE *f = scratch();
    struct render_opts o = {.lang = LANG_JA};
    FUZZ_CHECK(render_html(f, r, &o, NULL) == 0);
    size_t n;
    char *html = contents(f, &n);
    XML_Parser p = XML_ParserCreate("UTF-8");
    FUZZ_CHECK(p != NULL);
    /* Invalid UTF-8 in the input is the one thing expat may reject that
     * the page passes through as it came (jansson already refuses it). */
    FUZZ_CHECK(XML_Parse(p, html, (int)n, 1) == XML_STATUS_OK);
    XML_ParserFree(p);
    free(html);

    f = scratch();
    FUZZ_CHECK(render_prometheus(f, r) == 0);
    char *prom = contents(f, &n);
    /* Each line is a comment or "name{...} value": a label value with a raw
     * line feed would start a line with something else. */
    for (char *line = prom; line && *line; ) {
        char *eol = strchr(line, '\n');
        FUZZ_CHECK(eol != NULL);
        FUZZ_CHECK(line[0] == '#' || strncmp(line, "oqsdiag_", 8) == 0);
        line = eol + 1;
    }
    free(prom);
    report_free(r);
    return 0;
}
