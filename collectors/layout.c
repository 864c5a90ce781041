/* The descriptive side of collectors/layout.def (the live side is
 * collectors/sources/live.c). */
#include "layout.h"

#include <string.h>

/* The producing functions of MADE and SET rows are live.c's business. */
#define LAYOUT_CMD(id, path_, bundle_, parser_, ms, ...)                                       \
    [LF_##id] = {.path = path_, .how = LAYOUT_BY_CMD, .bundle = bundle_, .parser = parser_,    \
                 .argv = {__VA_ARGS__, NULL}, .timeout_ms = ms},
#define LAYOUT_MADE(id, path_, bundle_, parser_, make, cmds, rule_)                            \
    [LF_##id] = {.path = path_, .how = LAYOUT_BY_MADE, .bundle = bundle_, .parser = parser_,   \
                 .rule = rule_},
#define LAYOUT_COPY_CFG(id, path_, bundle_, parser_, max, key)                                 \
    [LF_##id] = {.path = path_, .how = LAYOUT_BY_COPY_CFG, .bundle = bundle_,                  \
                 .parser = parser_, .max_bytes = max, .from = key},
#define LAYOUT_COPY_DIR(id, path_, bundle_, parser_, max, folder, sub_)                        \
    [LF_##id] = {.path = path_, .how = LAYOUT_BY_COPY_DIR, .bundle = bundle_,                  \
                 .parser = parser_, .max_bytes = max, .from = #folder, .sub = sub_},
#define LAYOUT_SET(id, pattern, bundle_, parser_, dir_, suffix_, deep_, read, each, rule_)     \
    [LF_##id] = {.path = pattern, .how = LAYOUT_BY_SET, .bundle = bundle_, .parser = parser_,  \
                 .dir = dir_, .suffix = suffix_, .deep = deep_, .rule = rule_},
const struct layout_file layout_files[LF_COUNT] = {
#include "layout.def"
};
#undef LAYOUT_CMD
#undef LAYOUT_MADE
#undef LAYOUT_COPY_CFG
#undef LAYOUT_COPY_DIR
#undef LAYOUT_SET

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (k > n)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char a = s[n - k + i], b = suffix[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

const struct layout_file *layout_find(const char *rel)
{
    for (size_t i = 0; i < LF_COUNT; i++) {
        const struct layout_file *f = &layout_files[i];
        if (f->how != LAYOUT_BY_SET) {
            if (strcmp(rel, f->path) == 0)
                return f;
            continue;
        }
        size_t k = strlen(f->dir);
        if (strncmp(rel, f->dir, k) != 0 || rel[k] != '/' || !rel[k + 1])
            continue;
        if (!f->deep && strchr(rel + k + 1, '/'))
            continue;
        if (ends_with_ci(rel + k + 1, f->suffix))
            return f;
    }
    return NULL;
}

int layout_top_row(const char *rel)
{
    size_t k = strcspn(rel, "/");
    if (rel[k] != '/')
        return -1;
    for (size_t i = 0; i < LF_COUNT; i++)
        if (strncmp(layout_files[i].path, rel, k + 1) == 0)
            return (int)i;
    return -1;
}

size_t layout_top_len(int row)
{
    return strcspn(layout_files[row].path, "/");
}
