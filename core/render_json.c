#include "render.h"

int render_json(FILE *out, const struct report *r)
{
    json_t *doc = report_to_json(r);
    if (!doc)
        return -1;
    int rc = json_dumpf(doc, out, JSON_INDENT(2) | OQS_JSON_FLAGS);
    json_decref(doc);
    fputc('\n', out);
    return rc;
}
