#include "harness.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"

int hx_start(struct hx *h, const char *components)
{
    struct oqs_err err;
    memset(h, 0, sizeof *h);
    h->env = json_object();
    h->dir = plat_mkdtemp("oqsdiag-hx", &err);
    if (!h->dir) {
        snprintf(h->skip, sizeof h->skip, "no temporary directory: %.400s", err.msg);
        return 1;
    }
    const char *argv[16] = {"sh", OQS_SOURCE_DIR "/tests/probes/harness.sh", "start", h->dir,
                            OQS_BUILD_DIR};
    size_t n = 5;
    char comps[256];
    snprintf(comps, sizeof comps, "%s", components);
    for (char *save = NULL, *t = strtok_r(comps, " ", &save); t && n < 15;
         t = strtok_r(NULL, " ", &save))
        argv[n++] = t;
    argv[n] = NULL;
    struct buf out = {0};
    int code = -1;
    if (plat_run(argv, 60000, &out, &code, &err) < 0 || code != 0) {
        snprintf(h->skip, sizeof h->skip, "harness.sh could not run: %.400s",
                 out.data ? out.data : err.msg);
        buf_free(&out);
        hx_stop(h);
        return 1;
    }
    if (out.data && strncmp(out.data, "skip: ", 6) == 0) {
        snprintf(h->skip, sizeof h->skip, "%s", out.data + 6);
        size_t l = strlen(h->skip);
        while (l && h->skip[l - 1] == '\n')
            h->skip[--l] = '\0';
        buf_free(&out);
        hx_stop(h);
        return 1;
    }
    buf_free(&out);
    char path[1024];
    snprintf(path, sizeof path, "%s/env", h->dir);
    struct buf env = {0};
    if (buf_read_file(&env, path, 1 << 20) < 0) {
        snprintf(h->skip, sizeof h->skip, "harness wrote no %.400s", path);
        hx_stop(h);
        return 1;
    }
    for (char *save = NULL, *line = strtok_r(env.data, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        json_object_set_new(h->env, line, json_string(eq + 1));
    }
    buf_free(&env);
    return 0;
}

void hx_stop(struct hx *h)
{
    if (h->dir) {
        const char *argv[] = {"sh", OQS_SOURCE_DIR "/tests/probes/harness.sh", "stop", h->dir,
                              NULL};
        struct buf out = {0};
        int code;
        struct oqs_err err;
        plat_run(argv, 30000, &out, &code, &err);
        buf_free(&out);
        plat_rmtree(h->dir);
        free(h->dir);
        h->dir = NULL;
    }
    json_decref(h->env);
    h->env = NULL;
}

void hx_start_or_skip(struct hx *h, const char *components)
{
    if (hx_start(h, components) != 0) {
        printf("skipped: %s\n", h->skip);
        hx_stop(h);
        skip();
    }
}

struct hx hx_group;
const char *hx_group_components;
static int group_started;

int hx_group_setup(void **state)
{
    (void)state;
    group_started = hx_start(&hx_group, hx_group_components) == 0;
    if (!group_started)
        printf("skipped: %s\n", hx_group.skip);
    return 0;
}

int hx_group_teardown(void **state)
{
    (void)state;
    hx_stop(&hx_group);
    return 0;
}

void hx_need_group(void)
{
    if (!group_started)
        skip();
}

const char *hx_env(const struct hx *h, const char *key)
{
    const char *v = json_string_value(json_object_get(h->env, key));
    return v ? v : "";
}

json_t *hx_probe(const char *const *args, const char *const *probes, int *status)
{
    const char *argv[64] = {"oqsdiag", "--json"};
    size_t n = 2;
    for (size_t i = 0; args && args[i] && n < 60; i++)
        argv[n++] = args[i];
    argv[n++] = "probe";
    for (size_t i = 0; probes[i] && n < 63; i++)
        argv[n++] = probes[i];
    argv[n] = NULL;
    struct buf out = {0}, err = {0};
    *status = tu_run(argv, &out, &err);
    json_error_t je;
    json_t *doc = out.data ? json_loads(out.data, 0, &je) : NULL;
    if (!doc)
        fprintf(stderr, "no JSON from oqsdiag (exit %d): %s\n", *status, err.data ? err.data : "");
    buf_free(&out);
    buf_free(&err);
    return doc;
}

json_t *hx_finding(const json_t *doc, const char *id, const char *key, const char *value)
{
    json_t *f;
    size_t i;
    json_array_foreach(json_object_get(doc, "findings"), i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "id")), id) != 0)
            continue;
        if (!key)
            return f;
        const char *v = json_string_value(json_object_get(json_object_get(f, "evidence"), key));
        if (v && strcmp(v, value) == 0)
            return f;
    }
    return NULL;
}

const char *hx_status(const json_t *f)
{
    return f ? json_string_value(json_object_get(f, "status")) : "(none)";
}

size_t hx_count(const json_t *doc, const char *status)
{
    size_t n = 0, i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "findings"), i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "status")), status) == 0)
            n++;
    }
    return n;
}

int hx_has_kb(const json_t *doc, const char *kb_id)
{
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(doc, "kb"), i, k)
    {
        if (strcmp(json_string_value(json_object_get(k, "id")), kb_id) == 0)
            return 1;
    }
    return 0;
}

void hx_dump(const json_t *doc)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "findings"), i, f)
    {
        const char *st = json_string_value(json_object_get(f, "status"));
        if (strcmp(st, "ok") == 0)
            continue;
        char *ev = json_dumps(json_object_get(f, "evidence"), JSON_COMPACT);
        fprintf(stderr, "  %s %s: %s %s\n", st, json_string_value(json_object_get(f, "id")),
                json_string_value(json_object_get(f, "summary")), ev ? ev : "");
        free(ev);
    }
}
