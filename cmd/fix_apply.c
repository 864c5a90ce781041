/* `oqsdiag fix --apply` and `--undo`: save, change, prove, restore
 * (fix_apply.h, docs/fix.md). */
#include "fix_apply.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/platform.h"
#include "core/version.h"
#include "cmd.h"

/* netsh and schtasks answer in seconds; a hung one must not hold a repair. */
#define STEP_TIMEOUT_MS 120000
#define RESTORE_JSON "restore.json"
#define RESTORE_MAX (1024 * 1024)

int fix_backup_root(char *out, size_t n, struct oqs_err *err)
{
    char pd[1024];
    if (plat_special_dir(PLAT_DIR_PROGRAM_DATA, pd, sizeof pd) != 0)
        return oqs_errf(err, "this host has no ProgramData folder (repairs run on Windows only)");
    if (snprintf(out, n, "%s\\oqsdiag\\backup", pd) >= (int)n)
        return oqs_errf(err, "%s: path too long", pd);
    return 0;
}

int fix_backup_new(char *out, size_t n, struct oqs_err *err)
{
    char root[1200], stamp[32];
    if (fix_backup_root(root, sizeof root, err) < 0)
        return -1;
    plat_utc_rfc3339(-1, stamp);
    /* 2026-12-03T15:40:00Z -> 20261203T154000Z: sorts by time, no ':' */
    char name[32];
    size_t k = 0;
    for (const char *p = stamp; *p && k + 1 < sizeof name; p++)
        if (*p != '-' && *p != ':')
            name[k++] = *p;
    name[k] = '\0';
    for (int i = 1; i < 100; i++) {
        struct plat_dirent e;
        if (i == 1)
            snprintf(out, n, "%s\\%s", root, name);
        else
            snprintf(out, n, "%s\\%s-%d", root, name, i);
        if (plat_stat(out, &e) != 0)
            return 0;
    }
    return oqs_errf(err, "%s: too many backups in one second", root);
}

static void echo_cmd(FILE *log, const char *const *argv)
{
    struct buf line = {0};
    fix_quote_cmdline(&line, argv);
    fprintf(log, "  > %s\n", line.data ? line.data : "");
    buf_free(&line);
}

/* Runs one command; 0 when it ran and exited 0. out keeps what it printed. */
static int run_step(const char *const *argv, struct buf *out, FILE *log, int ja)
{
    struct oqs_err e = {0};
    int code = -1;
    echo_cmd(log, argv);
    buf_reset(out);
    if (plat_run(argv, STEP_TIMEOUT_MS, out, &code, &e) < 0) {
        char m[1400];
        if (ja)
            cmd_msg_ja(e.msg, m, sizeof m);
        fprintf(log, ja ? "    実行できません: %s\n" : "    could not run: %s\n", ja ? m : e.msg);
        return -1;
    }
    if (code != 0) {
        const char *t = out->data ? out->data : "";
        t += strspn(t, "\r\n ");
        fprintf(log, ja ? "    失敗 (終了コード %d): %.*s\n" : "    failed (exit code %d): %.*s\n",
                code, (int)strcspn(t, "\r\n"), t);
        return -1;
    }
    return 0;
}

static json_t *argv_json(char *const *argv)
{
    json_t *a = json_array();
    for (size_t i = 0; argv[i]; i++)
        json_array_append_new(a, json_string(argv[i]));
    return a;
}

static json_t *item_json(const struct fix_item *it)
{
    json_t *o = json_object(), *why = json_array(), *undo = json_array(), *files = json_array();
    for (size_t i = 0; i < it->nwhy; i++)
        json_array_append_new(why, json_string(it->why[i]->id));
    /* Undo runs in the order written; the item is restored as a whole. */
    for (size_t i = 0; i < it->ncmds; i++) {
        const struct fix_cmd *c = &it->cmds[i];
        if (c->kind == KBS_UNDO || c->kind == KBS_UNDO_TRY)
            json_array_append_new(undo, json_pack("{s:o,s:b}", "argv", argv_json(c->argv), "try",
                                                  c->kind == KBS_UNDO_TRY));
        if (c->kind == KBS_RECORD)
            json_array_append_new(files, json_string(c->file));
    }
    json_object_set_new(o, "repair", json_string(it->repair->id));
    json_object_set_new(o, "task", it->task ? json_string(it->task) : json_null());
    json_object_set_new(o, "admin", json_boolean(it->repair->admin));
    json_object_set_new(o, "findings", why);
    json_object_set_new(o, "recorded", files);
    json_object_set_new(o, "undo", undo);
    json_object_set_new(o, "applied", json_false());
    return o;
}

static int write_restore(const char *dir, json_t *doc, struct oqs_err *err)
{
    char path[1400];
    snprintf(path, sizeof path, "%s\\%s", dir, RESTORE_JSON);
    char *s = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (!s)
        return oqs_errf(err, "%s: out of memory", path);
    int rc = plat_write_file(path, s, strlen(s), err);
    free(s);
    return rc;
}

/* The backup and record steps of every item, before anything changes. */
static int save_state(const struct fix_plan *p, const char *dir, FILE *log, int ja)
{
    struct buf out = {0};
    int rc = 0;
    for (size_t i = 0; i < p->n && rc == 0; i++)
        for (size_t j = 0; j < p->items[i].ncmds && rc == 0; j++) {
            const struct fix_cmd *c = &p->items[i].cmds[j];
            if (c->kind != KBS_BACKUP && c->kind != KBS_RECORD)
                continue;
            rc = run_step((const char *const *)c->argv, &out, log, ja);
            if (rc == 0 && c->kind == KBS_RECORD) {
                char path[1400];
                struct oqs_err e;
                snprintf(path, sizeof path, "%s\\%s", dir, c->file);
                rc = plat_write_file(path, out.data ? out.data : "", out.len, &e);
                char m[1400];
                if (rc < 0 && ja)
                    cmd_msg_ja(e.msg, m, sizeof m);
                if (rc < 0)
                    fprintf(log, "    %s\n", ja ? m : e.msg);
            }
        }
    buf_free(&out);
    return rc;
}

/* Undoes one item from its restore.json form; returns the failed steps. */
static int undo_item(json_t *item, FILE *log, int ja)
{
    struct buf out = {0};
    int failed = 0;
    size_t i;
    json_t *step;
    json_array_foreach(json_object_get(item, "undo"), i, step) {
        json_t *a = json_object_get(step, "argv");
        size_t n = json_array_size(a);
        const char **argv = calloc(n + 1, sizeof *argv);
        if (!argv || n == 0) {
            free(argv);
            failed++;
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            const char *s = json_string_value(json_array_get(a, k));
            argv[k] = s ? s : "";
        }
        if (run_step(argv, &out, log, ja) < 0 && !json_is_true(json_object_get(step, "try")))
            failed++;
        free(argv);
    }
    buf_free(&out);
    return failed;
}

static int undo_applied(json_t *items, FILE *log, int ja)
{
    int failed = 0;
    for (size_t i = json_array_size(items); i-- > 0;) {
        json_t *it = json_array_get(items, i);
        if (!json_is_true(json_object_get(it, "applied")))
            continue;
        fprintf(log, ja ? "元に戻す: %s\n" : "restoring: %s\n",
                json_string_value(json_object_get(it, "repair")));
        failed += undo_item(it, log, ja);
        json_object_set_new(it, "applied", json_false());
    }
    return failed;
}

int fix_apply(const struct fix_plan *p, const char *dir, FILE *log, int ja,
              enum fix_outcome *outcome, struct oqs_err *err)
{
    char stamp[32];
    plat_utc_rfc3339(-1, stamp);
    json_t *doc = json_pack("{s:i,s:s,s:s,s:s,s:[]}", "format", 1, "created", stamp, "tool",
                            OQSDIAG_VERSION, "state", "saving", "items");
    json_t *items = json_object_get(doc, "items");
    for (size_t i = 0; i < p->n; i++)
        json_array_append_new(items, item_json(&p->items[i]));
    *outcome = FIX_NOT_STARTED;
    fprintf(log, ja ? "現在の状態を保存します: %s\n" : "saving the current state in %s\n", dir);
    if (plat_mkdir_p(dir, err) < 0 || write_restore(dir, doc, err) < 0 ||
        save_state(p, dir, log, ja) < 0) {
        json_object_set_new(doc, "state", json_string("not started"));
        write_restore(dir, doc, NULL);
        json_decref(doc);
        if (!err->msg[0])
            oqs_errf(err, "the current state could not be saved");
        return 0;
    }
    json_object_set_new(doc, "state", json_string("applying"));
    if (write_restore(dir, doc, err) < 0) {
        json_decref(doc);
        return 0;
    }
    struct buf out = {0};
    int failed = 0;
    for (size_t i = 0; i < p->n && !failed; i++) {
        const struct fix_item *it = &p->items[i];
        fprintf(log, "%s\n", it->title);
        /* Marked before its first step: a half-done item is undone too. */
        json_object_set_new(json_array_get(items, i), "applied", json_true());
        for (size_t j = 0; j < it->ncmds && !failed; j++) {
            const struct fix_cmd *c = &it->cmds[j];
            if (c->kind != KBS_RUN && c->kind != KBS_RUN_TRY)
                continue;
            if (run_step((const char *const *)c->argv, &out, log, ja) < 0 && c->kind == KBS_RUN)
                failed = 1;
        }
    }
    buf_free(&out);
    *outcome = FIX_DONE;
    if (failed) {
        fputs(ja ? "手順が失敗したため、この実行で変更したものを元に戻します。\n"
                 : "a step failed: restoring what this run changed.\n", log);
        undo_applied(items, log, ja);
        *outcome = FIX_ROLLED_BACK;
    }
    json_object_set_new(doc, "state", json_string(failed ? "rolled back" : "applied"));
    int rc = write_restore(dir, doc, err);
    json_decref(doc);
    return rc;
}

struct newest {
    char name[256];
    const char *root;
};

static int pick_newest(const struct plat_dirent *e, void *ud)
{
    struct newest *nw = ud;
    if (!e->is_dir || e->is_link || strcmp(e->name, nw->name) <= 0)
        return 0;
    char path[1400];
    struct buf b = {0};
    struct oqs_err er;
    snprintf(path, sizeof path, "%s\\%s\\%s", nw->root, e->name, RESTORE_JSON);
    if (plat_read_file(path, RESTORE_MAX, 0, &b, &er) == 0 && b.data) {
        json_t *doc = json_loadb(b.data, b.len, 0, NULL);
        const char *st = json_string_value(json_object_get(doc, "state"));
        if (st && strcmp(st, "applied") == 0)
            snprintf(nw->name, sizeof nw->name, "%s", e->name);
        json_decref(doc);
    }
    buf_free(&b);
    return 0;
}

int fix_undo(const char *name, FILE *log, int ja, char *used, size_t usedn, int *failed,
             struct oqs_err *err)
{
    char root[1200], path[1400];
    struct newest nw = {.root = root};
    *failed = 0;
    if (fix_backup_root(root, sizeof root, err) < 0)
        return -1;
    if (name && (strpbrk(name, "\\/:") || strcmp(name, "..") == 0 || strcmp(name, ".") == 0))
        return oqs_errf(err, "'%s': name a folder of %s", name, root);
    if (!name) {
        if (plat_list_dir(root, pick_newest, &nw, err) < 0)
            return -1;
        if (!nw.name[0])
            return oqs_errf(err, "%s holds no backup that is still applied", root);
        name = nw.name;
    }
    snprintf(used, usedn, "%s\\%s", root, name);
    snprintf(path, sizeof path, "%s\\%s", used, RESTORE_JSON);
    struct buf b = {0};
    int rr = plat_read_file(path, RESTORE_MAX, 0, &b, err);
    if (rr != 0) {
        buf_free(&b);
        return rr > 0 ? oqs_errf(err, "%s: no such backup", used) : -1;
    }
    json_error_t je;
    json_t *doc = json_loadb(b.data ? b.data : "", b.len, 0, &je);
    buf_free(&b);
    json_t *items = json_object_get(doc, "items");
    if (!json_is_array(items)) {
        json_decref(doc);
        return oqs_errf(err, "%s: not a restore description (line %d: %s)", path,
                        doc ? 0 : je.line, doc ? "no items" : je.text);
    }
    const char *st = json_string_value(json_object_get(doc, "state"));
    if (!st || strcmp(st, "applied") != 0) {
        json_decref(doc);
        return oqs_errf(err, "%s: state is '%s', nothing to undo", used, st ? st : "?");
    }
    *failed = undo_applied(items, log, ja);
    json_object_set_new(doc, "state", json_string(*failed ? "undo failed" : "undone"));
    int rc = write_restore(used, doc, err);
    json_decref(doc);
    return rc;
}
