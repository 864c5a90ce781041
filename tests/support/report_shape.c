#include "report_shape.h"

#include <stdio.h>
#include <string.h>

static int bad(char *why, size_t n, const char *field, const char *what)
{
    snprintf(why, n, "%s: %s", field, what);
    return -1;
}

static int is_one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return 1;
    return 0;
}

static int id_ok(const char *id)
{
    /* stable, dotted, lower case: <area>.<what> */
    if (!strchr(id, '.') || id[0] == '.')
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_'))
            return 0;
    return 1;
}

int report_shape_check(const json_t *doc, char *why, size_t n)
{
    static const char *const statuses[] = {"ok", "warn", "fail", "unknown", "skip", NULL};
    static const char *const sources[] = {"live", "snapshot", NULL};
    if (!json_is_object(doc))
        return bad(why, n, "(document)", "not an object");
    if (json_integer_value(json_object_get(doc, "format")) != 1)
        return bad(why, n, "format", "not 1");
    json_t *tool = json_object_get(doc, "tool");
    if (!json_is_string(json_object_get(tool, "name")) ||
        !json_is_string(json_object_get(tool, "version")))
        return bad(why, n, "tool", "needs name and version strings");
    json_t *src = json_object_get(doc, "source");
    if (!json_is_string(src) || !is_one_of(json_string_value(src), sources))
        return bad(why, n, "source", "not live or snapshot");
    if (!json_is_string(json_object_get(doc, "host")))
        return bad(why, n, "host", "not a string");
    json_t *st = json_object_get(doc, "started");
    if (!json_is_string(st) || strlen(json_string_value(st)) != 20 ||
        json_string_value(st)[10] != 'T' || json_string_value(st)[19] != 'Z')
        return bad(why, n, "started", "not RFC 3339 UTC (YYYY-MM-DDTHH:MM:SSZ)");
    if (!json_is_integer(json_object_get(doc, "elapsed_ms")) ||
        json_integer_value(json_object_get(doc, "elapsed_ms")) < 0)
        return bad(why, n, "elapsed_ms", "not a non-negative integer");
    json_t *fa = json_object_get(doc, "findings");
    if (!json_is_array(fa))
        return bad(why, n, "findings", "not an array");
    long counts[5] = {0};
    for (size_t i = 0; i < json_array_size(fa); i++) {
        json_t *f = json_array_get(fa, i);
        const char *id = json_string_value(json_object_get(f, "id"));
        const char *area = json_string_value(json_object_get(f, "area"));
        const char *status = json_string_value(json_object_get(f, "status"));
        if (!id || !id_ok(id))
            return bad(why, n, "findings[].id", "missing or not <area>.<what> lower case");
        if (!area || strncmp(id, area, strlen(area)) != 0 || id[strlen(area)] != '.')
            return bad(why, n, "findings[].area", "missing or not the id's first label");
        if (!status || !is_one_of(status, statuses))
            return bad(why, n, "findings[].status", "not ok|warn|fail|unknown|skip");
        for (int k = 0; k < 5; k++)
            counts[k] += strcmp(status, statuses[k]) == 0;
        if (!json_is_string(json_object_get(f, "summary")) ||
            !*json_string_value(json_object_get(f, "summary")))
            return bad(why, n, "findings[].summary", "missing or empty");
        if (!json_is_object(json_object_get(f, "evidence")))
            return bad(why, n, "findings[].evidence", "not an object");
        if (!json_is_string(json_object_get(f, "source")))
            return bad(why, n, "findings[].source", "not a string");
    }
    json_t *ka = json_object_get(doc, "kb");
    if (!json_is_array(ka))
        return bad(why, n, "kb", "not an array");
    for (size_t i = 0; i < json_array_size(ka); i++) {
        json_t *k = json_array_get(ka, i);
        if (!json_is_string(json_object_get(k, "id")) || !json_is_array(json_object_get(k, "refs")) ||
            !json_is_string(json_object_get(k, "title")) ||
            !json_is_number(json_object_get(k, "score")) ||
            !json_is_array(json_object_get(k, "because")))
            return bad(why, n, "kb[]", "needs id, refs[], title, score, because[]");
    }
    json_t *sum = json_object_get(doc, "summary");
    for (int k = 0; k < 5; k++) {
        json_t *v = json_object_get(sum, statuses[k]);
        if (!json_is_integer(v) || json_integer_value(v) != counts[k])
            return bad(why, n, "summary", "counts missing or not matching the findings");
    }
    return 0;
}
