#include "check.h"

#include <stdio.h>
#include <string.h>

const char *const oqs_task_names[5] = {
    "OQS_exec_distroappstart",         /* manual 8-02 */
    "OQS_exec_distroappstop_periodic", /* manual 8-02 */
    "OQS_exec_comappdelfile_periodic", /* manual 9-03 */
    "OQS_exec_comappdelfile_running",  /* manual 9-03 */
    "OQS_exec_comappstart",            /* manual 9-03 */
};

json_t *ev(const char *file, unsigned line, const char *seen, const char *expected)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (file)
        json_object_set_new(o, "file", json_string(file));
    if (line)
        json_object_set_new(o, "line", json_integer(line));
    if (seen)
        json_object_set_new(o, "seen", json_string(seen));
    if (expected)
        json_object_set_new(o, "expected", json_string(expected));
    return o;
}

int chk_read(struct chk *c, const char *area, const char *file, const char *skip_id,
             struct input *in)
{
    memset(in, 0, sizeof *in);
    in->file = file;
    if (c->consumed)
        (void)strv_push(c->consumed, file, strlen(file), 0);
    struct oqs_err err = {{0}};
    char id[64];
    switch (source_read(c->src, file, &in->raw, &err)) {
    case SRC_OK:
        return 1;
    case SRC_MISSING:
        snprintf(id, sizeof id, "%s.input.missing", area);
        report_add(c->r, id, FST_UNKNOWN, file, ev(file, 0, NULL, NULL), "%s is missing",
                   "%s がない", file);
        return 0;
    case SRC_UNSUPPORTED:
        report_add(c->r, skip_id, FST_SKIP, file, ev(file, 0, NULL, NULL),
                   "not a Windows host", "Windows ではない");
        return -1;
    case SRC_ERROR:
        break;
    }
    snprintf(id, sizeof id, "%s.input.unreadable", area);
    json_t *e = ev(file, 0, NULL, NULL);
    json_object_set_new(e, "error", json_string(err.msg));
    report_add(c->r, id, FST_UNKNOWN, file, e, "%s cannot be read: %s", "%s を読めない: %s",
               file, err.msg);
    return 0;
}

void input_free(struct input *in)
{
    buf_free(&in->raw);
}

void chk_unreadable(struct chk *c, const char *area, const char *file,
                    const struct parse_diag *d)
{
    char id[64];
    snprintf(id, sizeof id, "%s.input.unreadable", area);
    json_t *e = ev(file, d->line, NULL, NULL);
    json_object_set_new(e, "error", json_string(d->why));
    report_add(c->r, id, FST_UNKNOWN, file, e, "%s line %u: %s", "%s %u 行目を解釈できない: %s",
               file, d->line, d->why);
}
