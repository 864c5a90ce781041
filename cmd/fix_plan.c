/* The plan of `oqsdiag fix`: which repairs the findings call for, with
 * their commands filled in from the configuration (fix_plan.h). */
#include "fix_plan.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "collectors/checks/check.h"

char *fix_expand(const char *tmpl, const struct config *cfg, const char *backup,
                 const char *task)
{
    struct buf b = {0};
    buf_appends(&b, "");
    for (const char *p = tmpl; *p;) {
        const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            buf_appends(&b, p);
            break;
        }
        buf_append(&b, p, (size_t)(open - p));
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(close - open - 1), open + 1);
        char *owned = NULL;
        const char *v = strcmp(name, "backup") == 0 ? backup
                        : strcmp(name, "task") == 0 ? task
                        : (owned = config_text(cfg, name, ';'));
        if (!v || !*v) {
            free(owned);
            buf_free(&b);
            return NULL;
        }
        buf_appends(&b, v);
        free(owned);
        p = close + 1;
    }
    return buf_steal(&b, NULL);
}

/* Characters cmd.exe or PowerShell would read as syntax in a bare word. */
#define SHELL_SPECIAL " \t;&|<>^(),%!'`$@{}\""

static int shell_special(const char *s)
{
    return strpbrk(s, SHELL_SPECIAL) != NULL || !*s;
}

/* Windows' rule (CommandLineToArgvW): inside quotes, backslashes before a
 * quote are doubled and the quote escaped; other backslashes stay. */
static void quote_part(struct buf *out, const char *s)
{
    buf_appends(out, "\"");
    for (const char *p = s; *p; p++) {
        size_t bs = 0;
        while (p[bs] == '\\')
            bs++;
        if (p[bs] == '"' || p[bs] == '\0') {
            for (size_t i = 0; i < bs * 2; i++)
                buf_appends(out, "\\");
            if (p[bs] == '\0')
                break;
            buf_appends(out, "\\\"");
        } else {
            buf_append(out, p, bs + 1);
        }
        p += bs;
    }
    buf_appends(out, "\"");
}

void fix_quote_cmdline(struct buf *out, const char *const *argv)
{
    for (size_t i = 0; argv[i]; i++) {
        const char *a = argv[i], *eq = strchr(a, '=');
        if (i)
            buf_appends(out, " ");
        if (!shell_special(a)) {
            buf_appends(out, a);
        } else if (eq && eq > a && strcspn(a, SHELL_SPECIAL) >= (size_t)(eq - a)) {
            buf_append(out, a, (size_t)(eq - a + 1));
            quote_part(out, eq + 1);
        } else {
            quote_part(out, a);
        }
    }
}

static void free_cmds(struct fix_item *it)
{
    for (size_t i = 0; i < it->ncmds; i++) {
        free(it->cmds[i].file);
        for (size_t j = 0; it->cmds[i].argv && it->cmds[i].argv[j]; j++)
            free(it->cmds[i].argv[j]);
        free(it->cmds[i].argv);
    }
    free(it->cmds);
    it->cmds = NULL;
    it->ncmds = 0;
}

void fix_plan_free(struct fix_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free_cmds(&p->items[i]);
        free(p->items[i].task);
        free(p->items[i].title);
        free(p->items[i].why);
    }
    free(p->items);
    buf_free(&p->skipped);
    memset(p, 0, sizeof *p);
}

int fix_plan_needs_admin(const struct fix_plan *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].repair->admin)
            return 1;
    return 0;
}

/* Fills every step; the first empty value names the key that stops it. */
static int fill_cmds(struct fix_item *it, const struct config *cfg, const char *backup,
                     char *missing, size_t missing_n)
{
    const struct kb_repair *rp = it->repair;
    it->cmds = calloc(rp->nsteps, sizeof *it->cmds);
    if (!it->cmds)
        return -1;
    for (size_t i = 0; i < rp->nsteps; i++) {
        const struct kb_step *st = &rp->steps[i];
        struct fix_cmd *c = &it->cmds[it->ncmds++];
        size_t n = 0;
        while (st->argv[n])
            n++;
        c->kind = st->kind;
        c->argv = calloc(n + 1, sizeof *c->argv);
        if (!c->argv)
            return -1;
        if (st->file && !(c->file = fix_expand(st->file, cfg, backup, it->task)))
            return -1;
        for (size_t j = 0; j < n; j++)
            if (!(c->argv[j] = fix_expand(st->argv[j], cfg, backup, it->task))) {
                const char *o = strchr(st->argv[j], '{');
                snprintf(missing, missing_n, "%.*s", o ? (int)strcspn(o + 1, "}") : 0,
                         o ? o + 1 : "");
                return -1;
            }
    }
    return 0;
}

static const char *finding_task(const struct finding *f)
{
    json_t *t = json_object_get(f->evidence, "task");
    return json_is_string(t) ? json_string_value(t) : NULL;
}

static int manual_task(const char *t)
{
    for (size_t i = 0; i < sizeof oqs_task_names / sizeof *oqs_task_names; i++)
        if (strcmp(oqs_task_names[i], t) == 0)
            return 1;
    return 0;
}

static int wanted_match(const char *const *wanted, size_t n, const struct kb_repair *rp,
                        const struct finding *f, int *used)
{
    if (n == 0)
        return 1;
    int hit = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(wanted[i], rp->id) == 0 || strcmp(wanted[i], rp->entry) == 0 ||
            strcmp(wanted[i], f->id) == 0) {
            used[i] = 1;
            hit = 1;
        }
    return hit;
}

static struct fix_item *find_item(struct fix_plan *p, const struct kb_repair *rp,
                                  const char *task)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].repair == rp &&
            (!task || (p->items[i].task && strcmp(p->items[i].task, task) == 0)))
            return &p->items[i];
    return NULL;
}

static int add_why(struct fix_item *it, const struct finding *f)
{
    const struct finding **w = realloc(it->why, (it->nwhy + 1) * sizeof *w);
    if (!w)
        return -1;
    it->why = w;
    it->why[it->nwhy++] = f;
    return 0;
}

static int new_item(struct fix_plan *p, const struct kb_repair *rp, const char *task,
                    const struct config *cfg, const char *backup, int ja,
                    struct fix_item **out)
{
    struct fix_item it = {.repair = rp};
    char missing[128] = "";
    if (task && !(it.task = oqs_strndup(task, strlen(task))))
        return -1;
    it.title = fix_expand(ja ? rp->title_ja : rp->title_en, cfg, backup, task);
    if (!it.title || fill_cmds(&it, cfg, backup, missing, sizeof missing) < 0) {
        if (missing[0])
            buf_appendf(&p->skipped, "%s: %s is empty\n", rp->id, missing);
        free_cmds(&it);
        free(it.task);
        free(it.title);
        *out = NULL;
        return missing[0] ? 0 : -1;
    }
    struct fix_item *v = realloc(p->items, (p->n + 1) * sizeof *v);
    if (!v) {
        free_cmds(&it);
        free(it.task);
        free(it.title);
        return -1;
    }
    p->items = v;
    p->items[p->n] = it;
    *out = &p->items[p->n++];
    return 0;
}

static int plan_finding(struct fix_plan *p, const struct finding *f, const struct kb_repairs *rs,
                        const struct config *cfg, const char *const *wanted, size_t nwanted,
                        int *used, const char *backup, int ja)
{
    size_t at = 0;
    for (const struct kb_repair *rp; (rp = kb_repair_for(rs, f->id, f->status, at, &at)); at++) {
        if (!wanted_match(wanted, nwanted, rp, f, used))
            continue;
        const char *task = rp->per_task ? finding_task(f) : NULL;
        if (rp->per_task && (!task || !manual_task(task))) {
            buf_appendf(&p->skipped, "%s: %s names no task of the manual\n", rp->id, f->id);
            continue;
        }
        struct fix_item *it = find_item(p, rp, task);
        if (!it && new_item(p, rp, task, cfg, backup, ja, &it) < 0)
            return -1;
        if (it && add_why(it, f) < 0)
            return -1;
    }
    return 0;
}

/* A name the user may give even when nothing is wrong with it now. */
static int known_name(const struct kb_repairs *rs, const char *name)
{
    for (size_t i = 0; i < rs->n; i++) {
        if (strcmp(rs->v[i].id, name) == 0 || strcmp(rs->v[i].entry, name) == 0)
            return 1;
        for (size_t j = 0; j < rs->v[i].nwhen; j++)
            if (kb_glob_match(rs->v[i].when[j].glob, name))
                return 1;
    }
    return 0;
}

int fix_plan_build(struct fix_plan *p, const struct report *r, const struct kb_repairs *rs,
                   const struct config *cfg, const char *const *wanted, size_t nwanted,
                   const char *backup, int ja, struct oqs_err *err)
{
    memset(p, 0, sizeof *p);
    int *used = calloc(nwanted + 1, sizeof *used);
    if (!used)
        return oqs_errf(err, "out of memory");
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (f->status == FST_OK || f->status == FST_SKIP)
            continue;
        if (plan_finding(p, f, rs, cfg, wanted, nwanted, used, backup, ja) < 0) {
            free(used);
            fix_plan_free(p);
            return oqs_errf(err, "out of memory");
        }
    }
    for (size_t i = 0; i < nwanted; i++)
        if (!used[i] && !known_name(rs, wanted[i])) {
            free(used);
            fix_plan_free(p);
            return oqs_errf(err, "'%s' is not a repair, a KB entry with a repair, or a finding "
                            "a repair is for (oqsdiag fix --list)", wanted[i]);
        }
    free(used);
    return 0;
}
