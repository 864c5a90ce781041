/* Reading the kb/entries .fix files: the machine repairs (kb_repair.h,
 * docs/kb-format.md "Repairs"). */
#include "kb_repair.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/report.h"
#include "core/strv.h"
#include "kb.h"
#include "kb_builtin.h"
#include "kb_dir.h"

#define MAX_TOKENS 32

static void free_argv(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

static void repair_clear(struct kb_repair *r)
{
    free(r->file);
    free(r->id);
    free(r->entry);
    free(r->title_ja);
    free(r->title_en);
    free(r->note_ja);
    free(r->note_en);
    for (size_t i = 0; i < r->nwhen; i++)
        free(r->when[i].glob);
    free(r->when);
    for (size_t i = 0; i < r->nsteps; i++) {
        free(r->steps[i].file);
        free_argv(r->steps[i].argv);
    }
    free(r->steps);
    memset(r, 0, sizeof *r);
}

void kb_repairs_free(struct kb_repairs *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        repair_clear(&rs->v[i]);
    free(rs->v);
    memset(rs, 0, sizeof *rs);
}

/* A placeholder names a configuration key, the backup folder or a task. */
static int placeholder_ok(const char *name, size_t n, int *is_task)
{
    if ((n == 6 && memcmp(name, "backup", 6) == 0))
        return 1;
    if (n == 4 && memcmp(name, "task", 4) == 0) {
        *is_task = 1;
        return 1;
    }
    for (size_t i = 0; i < config_key_count(); i++) {
        const char *k = config_key_name(i);
        if (strlen(k) == n && memcmp(k, name, n) == 0)
            return 1;
    }
    return 0;
}

static int check_placeholders(const char *tok, const char *file, unsigned line, int *is_task,
                              struct kb_diag *d)
{
    for (const char *p = tok; (p = strchr(p, '{')) != NULL; p++) {
        const char *e = strchr(p, '}');
        if (!e) {
            kb_diag_add(d, file, line, "'{' without '}' in '%s'", tok);
            return -1;
        }
        if (!placeholder_ok(p + 1, (size_t)(e - p - 1), is_task)) {
            kb_diag_add(d, file, line, "unknown placeholder {%.*s}: a configuration key, "
                        "{backup} or {task}", (int)(e - p - 1), p + 1);
            return -1;
        }
    }
    return 0;
}

/* Splits a command template at blanks; "..." joins blanks into a token and
 * is removed, so `a="b c"` is the one token `a=b c`. */
static char **tokenize(const char *s, const char *file, unsigned line, int *is_task,
                       struct kb_diag *d)
{
    char **v = calloc(MAX_TOKENS + 1, sizeof *v);
    size_t n = 0;
    struct buf tok = {0};
    if (!v)
        return NULL;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        int quoted = 0;
        buf_reset(&tok);
        buf_appends(&tok, "");
        while (*s && (quoted || (*s != ' ' && *s != '\t'))) {
            if (*s == '"')
                quoted = !quoted;
            else
                buf_append(&tok, s, 1);
            s++;
        }
        if (quoted || n == MAX_TOKENS || !tok.data) {
            kb_diag_add(d, file, line, quoted ? "unbalanced '\"'" : "too many words");
            goto bad;
        }
        if (check_placeholders(tok.data, file, line, is_task, d) < 0)
            goto bad;
        v[n++] = oqs_strndup(tok.data, tok.len);
        if (!v[n - 1])
            goto bad;
    }
    buf_free(&tok);
    if (n == 0) {
        kb_diag_add(d, file, line, "empty command");
        free(v);
        return NULL;
    }
    return v;
bad:
    buf_free(&tok);
    free_argv(v);
    return NULL;
}

static int add_step(struct kb_repair *r, enum kb_step_kind kind, const char *value,
                    unsigned line, struct kb_diag *d)
{
    struct kb_step st = {.kind = kind, .line = line};
    if (kind == KBS_RECORD) {
        const char *sp = strpbrk(value, " \t");
        if (!sp || sp == value) {
            kb_diag_add(d, r->file, line, "record: needs a file name and a command");
            return -1;
        }
        st.file = oqs_strndup(value, (size_t)(sp - value));
        if (!st.file || strpbrk(st.file, "\\/:") || st.file[0] == '.') {
            kb_diag_add(d, r->file, line, "record: '%s' must be a plain file name",
                        st.file ? st.file : "");
            free(st.file);
            return -1;
        }
        value = sp;
    }
    st.argv = tokenize(value, r->file, line, &r->per_task, d);
    if (!st.argv) {
        free(st.file);
        return -1;
    }
    struct kb_step *p = realloc(r->steps, (r->nsteps + 1) * sizeof *p);
    if (!p) {
        free(st.file);
        free_argv(st.argv);
        return -1;
    }
    r->steps = p;
    r->steps[r->nsteps++] = st;
    return 0;
}

static int add_when(struct kb_repair *r, const char *value, unsigned line, struct kb_diag *d)
{
    const char *sp = strpbrk(value, " \t");
    if (!sp) {
        kb_diag_add(d, r->file, line, "when: needs a finding id (glob) and statuses");
        return -1;
    }
    struct kb_when w = {.glob = oqs_strndup(value, (size_t)(sp - value))};
    if (!w.glob)
        return -1;
    int known = 0;
    for (size_t i = 0; i < catalog_count(); i++)
        if (kb_glob_match(w.glob, catalog_at(i)->id))
            known = 1;
    if (!known) {
        kb_diag_add(d, r->file, line, "when: '%s' names no finding of the catalog", w.glob);
        free(w.glob);
        return -1;
    }
    char list[128];
    snprintf(list, sizeof list, "%s", sp + strspn(sp, " \t"));
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        enum fstatus st;
        if (fstatus_parse(t, &st) != 0 || st == FST_OK || st == FST_SKIP) {
            kb_diag_add(d, r->file, line, "when: status '%s' is not fail, warn or unknown", t);
            free(w.glob);
            return -1;
        }
        w.status_mask |= 1u << st;
    }
    if (!w.status_mask) {
        kb_diag_add(d, r->file, line, "when: no status");
        free(w.glob);
        return -1;
    }
    struct kb_when *p = realloc(r->when, (r->nwhen + 1) * sizeof *p);
    if (!p) {
        free(w.glob);
        return -1;
    }
    r->when = p;
    r->when[r->nwhen++] = w;
    return 0;
}

static int set_text(char **slot, const char *value, const char *key, const char *file,
                    unsigned line, struct kb_diag *d)
{
    if (*slot) {
        kb_diag_add(d, file, line, "%s: given twice", key);
        return -1;
    }
    *slot = oqs_strndup(value, strlen(value));
    return *slot ? 0 : -1;
}

static int field(struct kb_repair *r, const char *key, const char *value, unsigned line,
                 struct kb_diag *d)
{
    static const struct {
        const char *key;
        enum kb_step_kind kind;
    } steps[] = {{"backup", KBS_BACKUP}, {"record", KBS_RECORD}, {"run", KBS_RUN},
                 {"run.try", KBS_RUN_TRY}, {"undo", KBS_UNDO}, {"undo.try", KBS_UNDO_TRY}};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (strcmp(key, steps[i].key) == 0)
            return add_step(r, steps[i].kind, value, line, d);
    if (strcmp(key, "when") == 0)
        return add_when(r, value, line, d);
    if (strcmp(key, "admin") == 0) {
        if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
            kb_diag_add(d, r->file, line, "admin: yes or no");
            return -1;
        }
        r->admin = strcmp(value, "yes") == 0;
        return 0;
    }
    static const char *const texts[] = {"entry", "title.ja", "title.en", "note.ja", "note.en"};
    char **slots[] = {&r->entry, &r->title_ja, &r->title_en, &r->note_ja, &r->note_en};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (strcmp(key, texts[i]) == 0)
            return set_text(slots[i], value, key, r->file, line, d);
    kb_diag_add(d, r->file, line, "unknown key '%s'", key);
    return -1;
}

/* What every repair must have before it can be offered. */
static int complete(const struct kb_repair *r, struct kb_diag *d)
{
    int ok = 1, run = 0, undo = 0, save = 0;
    for (size_t i = 0; i < r->nsteps; i++) {
        run += r->steps[i].kind == KBS_RUN || r->steps[i].kind == KBS_RUN_TRY;
        undo += r->steps[i].kind == KBS_UNDO || r->steps[i].kind == KBS_UNDO_TRY;
        save += r->steps[i].kind == KBS_BACKUP || r->steps[i].kind == KBS_RECORD;
    }
    const char *missing = !r->entry ? "entry" : !r->title_ja ? "title.ja"
                          : !r->title_en ? "title.en" : !r->nwhen ? "when"
                          : !run ? "run" : !save ? "backup or record" : !undo ? "undo" : NULL;
    if (missing) {
        kb_diag_add(d, r->file, r->line, "repair %s: no %s", r->id, missing);
        ok = 0;
    }
    return ok ? 0 : -1;
}

static int put_repair(struct kb_repairs *rs, struct kb_repair *r)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->v[i].id, r->id) == 0) {
            repair_clear(&rs->v[i]);
            rs->v[i] = *r;
            return 0;
        }
    struct kb_repair *p = realloc(rs->v, (rs->n + 1) * sizeof *p);
    if (!p)
        return -1;
    rs->v = p;
    rs->v[rs->n++] = *r;
    return 0;
}

static int finish(struct kb_repairs *rs, struct kb_repair *cur, struct kb_diag *d, int bad)
{
    if (!cur->id)
        return bad ? -1 : 0;
    if (bad || complete(cur, d) < 0 || put_repair(rs, cur) < 0) {
        repair_clear(cur);
        return -1;
    }
    memset(cur, 0, sizeof *cur);
    return 0;
}

int kb_repairs_parse(struct kb_repairs *rs, const char *file, const unsigned char *data,
                     size_t len, struct kb_diag *d)
{
    struct kb_repair cur = {0};
    size_t before = d->nerrors;
    int bad = 0;
    unsigned line = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        data += 3, len -= 3;
    for (size_t pos = 0; pos < len;) {
        const unsigned char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - data - pos) : len - pos;
        char *l = oqs_strndup((const char *)data + pos, n);
        pos += n + (nl != NULL);
        line++;
        if (!l)
            return -1;
        size_t m = strlen(l);
        while (m && (l[m - 1] == '\r' || l[m - 1] == ' ' || l[m - 1] == '\t'))
            l[--m] = '\0';
        char *colon = strchr(l, ':');
        if (m == 0 || l[0] == '#') {
            free(l);
            continue;
        }
        if (!colon || colon == l) {
            kb_diag_add(d, file, line, "not a 'key: value' line");
            bad = 1;
            free(l);
            continue;
        }
        *colon = '\0';
        const char *value = colon + 1 + strspn(colon + 1, " \t");
        if (strcmp(l, "repair") == 0) {
            finish(rs, &cur, d, bad);
            bad = 0;
            cur.file = oqs_strndup(file, strlen(file));
            cur.id = oqs_strndup(value, strlen(value));
            cur.line = line;
        } else if (!cur.id) {
            kb_diag_add(d, file, line, "'%s' before the first 'repair:' line", l);
            bad = 1;
        } else if (field(&cur, l, value, line, d) < 0) {
            bad = 1;
        }
        free(l);
    }
    finish(rs, &cur, d, bad);
    return d->nerrors > before ? -1 : 0;
}

static int read_dir(struct kb_repairs *rs, const char *dir, struct kb_diag *d,
                    struct oqs_err *err)
{
    struct strv names = {0};
    if (kb_dir_names(dir, ".fix", 1, &names, err) < 0)
        return -1;
    for (size_t i = 0; i < names.n; i++) {
        struct buf path = {0}, data = {0};
        buf_appendf(&path, "%s/%s", dir, names.v[i]);
        char why[600];
        if (!path.data)
            kb_diag_add(d, dir, 1, "out of memory");
        else if (kb_dir_read(path.data, &data, why, sizeof why) < 0)
            kb_diag_add(d, path.data, 1, "cannot read: %s", why);
        else
            kb_repairs_parse(rs, path.data, (const unsigned char *)data.data, data.len, d);
        buf_free(&path);
        buf_free(&data);
    }
    strv_free(&names);
    return 0;
}

int kb_repairs_load(struct kb_repairs *rs, const char *dir, struct oqs_err *err)
{
    struct kb_diag d = {0};
    memset(rs, 0, sizeof *rs);
    for (size_t i = 0; i < kb_repairs_builtin_count; i++)
        kb_repairs_parse(rs, kb_repairs_builtin[i].path, kb_repairs_builtin[i].data,
                         kb_repairs_builtin[i].len, &d);
    if (d.nerrors == 0 && dir && read_dir(rs, dir, &d, err) < 0) {
        kb_diag_free(&d);
        kb_repairs_free(rs);
        return -1;
    }
    if (d.nerrors) {
        /* The first line is the one to name; the rest follow with kb lint. */
        const char *t = d.text.data ? d.text.data : "a repair file has errors";
        oqs_errf(err, "%.*s", (int)strcspn(t, "\n"), t);
        kb_diag_free(&d);
        kb_repairs_free(rs);
        return -1;
    }
    kb_diag_free(&d);
    return 0;
}

int kb_repairs_lint(const char *dir, size_t *nrepairs, struct kb_diag *d, struct oqs_err *err)
{
    struct kb_repairs rs = {0};
    if (!dir) {
        for (size_t i = 0; i < kb_repairs_builtin_count; i++)
            kb_repairs_parse(&rs, kb_repairs_builtin[i].path, kb_repairs_builtin[i].data,
                             kb_repairs_builtin[i].len, d);
    } else if (read_dir(&rs, dir, d, err) < 0) {
        kb_repairs_free(&rs);
        return -1;
    }
    struct oqs_err kerr;
    struct kb *kb = kb_load(dir, &kerr);
    for (size_t i = 0; kb && i < rs.n; i++)
        if (!kb_find(kb, rs.v[i].entry))
            kb_diag_add(d, rs.v[i].file, rs.v[i].line, "repair %s: entry '%s' does not exist",
                        rs.v[i].id, rs.v[i].entry);
    kb_free(kb);
    *nrepairs = rs.n;
    kb_repairs_free(&rs);
    return 0;
}

const struct kb_repair *kb_repair_for(const struct kb_repairs *rs, const char *finding_id,
                                      unsigned status, size_t from, size_t *at)
{
    for (size_t i = from; i < rs->n; i++)
        for (size_t j = 0; j < rs->v[i].nwhen; j++)
            if ((rs->v[i].when[j].status_mask & (1u << status)) &&
                kb_glob_match(rs->v[i].when[j].glob, finding_id)) {
                if (at)
                    *at = i;
                return &rs->v[i];
            }
    return NULL;
}
