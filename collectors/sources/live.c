/* The live host as the snapshot layout (shared/spec/snapshot-layout.md):
 * every file's bytes come from the platform layer only — a command's raw
 * output (plat_run, never a shell), a credential verdict, an exported public
 * certificate, a folder listing or a size-capped file copy. Windows paths
 * are written with backslashes; the test double maps them onto a folder. */
#include "live.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "collectors/layout.h"
#include "collectors/parsers/parsers.h"
#include "live_parts.h"

#define MAX_LOG_FILES 2000
#define MAX_LOG_DEPTH 4

/* What to run or copy for each file is collectors/layout.def; this file
 * holds how the composed files and the families are made. */

/* The keys that list installed programs, 64-bit, 32-bit and per user. */
static const char *const uninstall_keys[] = {
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
    "HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
};

static const struct {
    const char *app, *key;
} log_dirs[] = {
    {"comapp", "logs.comapp_dir"},
    {"distroapp", "logs.distroapp_dir"},
};

static int ci_prefix(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++) {
        char a = *s, b = *prefix;
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && ci_prefix(s + n - m, suffix);
}

/* The runner of the live_read_via call in progress on this thread (NULL:
 * plat_run). Per thread, so the pool's threads and the caller's do not
 * meet; the composing functions below need not carry it. */
static _Thread_local const struct live_runner *runner;

int live_run_cmd(const char *const *argv, int timeout_ms, struct buf *out, int *code,
                 struct oqs_err *err)
{
    if (runner)
        return runner->run(runner->ud, argv, timeout_ms, out, code, err);
    return plat_run(argv, timeout_ms, out, code, err);
}

static enum live_status run_into(const char *const *argv, int timeout_ms, struct buf *out,
                                 struct oqs_err *err)
{
    int code = 0;
    size_t before = out->len;
    /* The exit code is not kept: `reg query` of an absent value or `net user`
     * of a missing account prints why, and that text is the evidence. */
    if (live_run_cmd(argv, timeout_ms, out, &code, err) < 0)
        return LIVE_ERROR;
    /* Silence is no evidence (Wine's stand-in commands print nothing). */
    if (out->len == before) {
        oqs_errf(err, "%s printed nothing (exit code %d)", argv[0], code);
        return LIVE_ERROR;
    }
    return LIVE_OK;
}

static enum live_status copy_file(const char *path, size_t max, int tail, struct buf *out,
                                  struct oqs_err *err)
{
    int rc = plat_read_file(path, max, tail, out, err);
    if (rc < 0)
        return LIVE_ERROR;
    if (rc > 0) {
        oqs_errf(err, "%s: not present", path);
        return LIVE_MISSING;
    }
    return LIVE_OK;
}

static int special_dir(enum plat_dir which, char *out, size_t n, struct oqs_err *err)
{
    if (plat_special_dir(which, out, n) < 0)
        return oqs_errf(err, "this host has no Windows folders");
    return 0;
}

/* ---- apps/installed.txt: `reg query /s` of the Uninstall keys, kept to
 * the OQS entries and their three values ---- */

static int has_oqs(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (ci_prefix(s + i, "oqs"))
            return 1;
    return 0;
}

/* reg prints one block per key: the key's path, then indented
 * "Name    REG_SZ    Data" lines. Keeps a block whose key or DisplayName
 * names OQS, with only DisplayName, DisplayVersion and InstallLocation. */
static void filter_uninstall(const char *text, size_t len, struct buf *out)
{
    const char *keyline = NULL;
    size_t keylen = 0;
    struct buf block = {0};
    int keep = 0;
    size_t pos = 0;
    while (pos <= len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t ll = end - pos;
        int indented = ll > 0 && (line[0] == ' ' || line[0] == '\t');
        if (ll > 4 && ci_prefix(line, "HKEY_")) {
            if (keep && keyline) {
                buf_append(out, keyline, keylen);
                buf_append(out, block.data ? block.data : "", block.len);
                buf_appends(out, "\r\n");
            }
            buf_reset(&block);
            keyline = line;
            keylen = nl ? ll + 1 : ll;
            keep = has_oqs(line, ll);
        } else if (indented && keyline) {
            const char *p = line;
            while (p < line + ll && (*p == ' ' || *p == '\t'))
                p++;
            size_t rest = (size_t)(line + ll - p);
            if (ci_prefix(p, "DisplayName ") || ci_prefix(p, "DisplayName\t")) {
                keep = keep || has_oqs(p, rest);
                buf_append(&block, line, nl ? ll + 1 : ll);
            } else if (ci_prefix(p, "DisplayVersion") || ci_prefix(p, "InstallLocation")) {
                buf_append(&block, line, nl ? ll + 1 : ll);
            }
        }
        if (!nl)
            break;
        pos = end + 1;
    }
    if (keep && keyline) {
        buf_append(out, keyline, keylen);
        buf_append(out, block.data ? block.data : "", block.len);
        buf_appends(out, "\r\n");
    }
    buf_free(&block);
}

static void installed_apps_cmds(const struct config *cfg, live_cmd_cb cb, void *ud)
{
    (void)cfg;
    for (size_t i = 0; i < sizeof uninstall_keys / sizeof *uninstall_keys; i++) {
        const char *argv[] = {"reg", "query", uninstall_keys[i], "/s", NULL};
        cb(argv, LAYOUT_CMD_MS, ud);
    }
}

struct installed_run {
    struct buf *out;
    struct oqs_err *err;
    int ran;
};

static void installed_one(const char *const *argv, int timeout_ms, void *ud)
{
    struct installed_run *r = ud;
    struct buf raw = {0};
    int code = 0;
    if (live_run_cmd(argv, timeout_ms, &raw, &code, r->err) == 0) {
        r->ran = 1;
        if (code == 0)
            filter_uninstall(raw.data ? raw.data : "", raw.len, r->out);
    }
    buf_free(&raw);
}

static enum live_status installed_apps(const struct config *cfg, struct buf *out,
                                       struct oqs_err *err)
{
    struct installed_run r = {out, err, 0};
    installed_apps_cmds(cfg, installed_one, &r);
    return r.ran ? LIVE_OK : LIVE_ERROR;
}

/* A producer that runs the commands its cmds function names, one after
 * another into out: OK when one of them printed something. */
struct run_all {
    struct buf *out;
    struct oqs_err *err;
    enum live_status st;
    size_t named;
};

static void run_one(const char *const *argv, int timeout_ms, void *ud)
{
    struct run_all *r = ud;
    r->named++;
    if (run_into(argv, timeout_ms, r->out, r->err) == LIVE_OK)
        r->st = LIVE_OK;
}

/* ---- oqs/folders.tsv and oqs/acl.txt ---- */

struct listing {
    const char *folder;
    struct buf *out;
};

static void tsv_field(struct buf *out, const char *s)
{
    for (; *s; s++)
        buf_append(out, (*s == '\t' || *s == '\n' || *s == '\r') ? " " : s, 1);
}

static int list_entry(const struct plat_dirent *e, void *ud)
{
    struct listing *l = ud;
    char when[32];
    plat_utc_rfc3339(e->mtime, when);
    buf_appends(l->out, l->folder);
    buf_appends(l->out, "\t");
    tsv_field(l->out, e->name);
    /* A sub-folder is listed with a trailing slash and no size. */
    if (e->is_dir)
        buf_appendf(l->out, "/\t\t%s\n", when);
    else
        buf_appendf(l->out, "\t%lld\t%s\n", e->size, when);
    return 0;
}

/* Names, sizes and times only: the files hold patients' data. */
static enum live_status folders_tsv(const struct config *cfg, struct buf *out,
                                    struct oqs_err *err)
{
    static const char *const folders[] = {"req", "res"};
    int listed = 0;
    struct oqs_err e2;
    for (size_t i = 0; i < 2; i++) {
        char key[32];
        snprintf(key, sizeof key, "folders.%s", folders[i]);
        struct listing l = {folders[i], out};
        if (plat_list_dir(config_str(cfg, key), list_entry, &l, &e2) == 0)
            listed = 1;
        else
            *err = e2;
    }
    if (!listed) {
        oqs_errf(err, "neither %s nor %s can be listed", config_str(cfg, "folders.req"),
                 config_str(cfg, "folders.res"));
        return LIVE_MISSING;
    }
    return LIVE_OK;
}

static void acl_txt_cmds(const struct config *cfg, live_cmd_cb cb, void *ud)
{
    static const char *const keys[] = {"folders.req", "folders.res"};
    for (size_t i = 0; i < 2; i++) {
        const char *argv[] = {"icacls", config_str(cfg, keys[i]), NULL};
        cb(argv, LAYOUT_CMD_MS, ud);
    }
}

static enum live_status acl_txt(const struct config *cfg, struct buf *out, struct oqs_err *err)
{
    struct run_all r = {out, err, LIVE_ERROR, 0};
    acl_txt_cmds(cfg, run_one, &r);
    return r.st;
}

/* ---- system/smb_share_access.txt: the share-level access of every share
 * that covers folders.req or folders.res (the share of the folder itself or
 * of a folder above it; not the administrative shares), one PowerShell run:
 * Get-SmbShare gives the paths, so no `net share` text is parsed here. ---- */

/* Appends s as a PowerShell single-quoted string ('' for '). */
static void ps_quote(struct buf *b, const char *s)
{
    buf_appends(b, "'");
    for (; *s; s++)
        buf_appends(b, *s == '\'' ? "''" : (char[]){*s, 0});
    buf_appends(b, "'");
}

/* The PowerShell script of smb_share_access; free script with buf_free(). */
static void smb_script(const struct config *cfg, struct buf *script)
{
    buf_appends(script, "$f = @(");
    ps_quote(script, config_str(cfg, "folders.req"));
    buf_appends(script, ", ");
    ps_quote(script, config_str(cfg, "folders.res"));
    buf_appends(script,
                "); Get-SmbShare | Where-Object { -not $_.Special -and $_.Path } | "
                "Where-Object { $p = $_.Path.TrimEnd('\\') + '\\'; "
                "@($f | Where-Object { ($_.TrimEnd('\\') + '\\').StartsWith($p, "
                "[StringComparison]::OrdinalIgnoreCase) }).Count -gt 0 } | "
                "Get-SmbShareAccess | Format-List");
}

/* Names no command when the script cannot be built (out of memory). */
static void smb_share_access_cmds(const struct config *cfg, live_cmd_cb cb, void *ud)
{
    struct buf script = {0};
    smb_script(cfg, &script);
    if (script.data) {
        const char *argv[] = {"powershell", "-NoProfile", "-NonInteractive", "-Command",
                              script.data, NULL};
        cb(argv, LAYOUT_CMD_MS, ud);
    }
    buf_free(&script);
}

static enum live_status smb_share_access(const struct config *cfg, struct buf *out,
                                         struct oqs_err *err)
{
    struct run_all r = {out, err, LIVE_ERROR, 0};
    smb_share_access_cmds(cfg, run_one, &r);
    if (!r.named)
        oqs_errf(err, "out of memory");
    return r.st;
}

/* ---- oqs/shortcut.tsv: desktop .url and .lnk that open an https URL, and
 * the delivery app's management tool (name, target path) ---- */

struct shortcuts {
    const char *dir;
    struct buf *out;
};

/* The https:// URL inside a target ("msedge.exe https://…" or the URL). */
static int https_url(const char *s, char *url, size_t n)
{
    const char *p = s;
    for (; *p; p++)
        if (ci_prefix(p, "https://"))
            break;
    if (!*p)
        return 0;
    size_t len = strcspn(p, " \t\r\n\"");
    snprintf(url, n, "%.*s", (int)len, p);
    return 1;
}

/* A .url file is an INI file: "URL=https://…" in [InternetShortcut]. */
static int url_file_target(const char *path, char *out, size_t n)
{
    struct buf b = {0};
    struct oqs_err e;
    if (plat_read_file(path, 65536, 0, &b, &e) != 0) {
        buf_free(&b);
        return 0;
    }
    int found = 0;
    const char *s = b.data;
    while (s && *s && !found) {
        size_t ll = strcspn(s, "\r\n");
        if (ll > 4 && ci_prefix(s, "URL=")) {
            snprintf(out, n, "%.*s", (int)(ll - 4), s + 4);
            found = 1;
        }
        s += ll;
        s += strspn(s, "\r\n");
    }
    buf_free(&b);
    return found;
}

static int shortcut_entry(const struct plat_dirent *e, void *ud)
{
    struct shortcuts *sc = ud;
    if (e->is_dir)
        return 0;
    int is_url = ends_with_ci(e->name, ".url"), is_lnk = ends_with_ci(e->name, ".lnk");
    if (!is_url && !is_lnk)
        return 0;
    char path[4096], target[4096] = "", url[2048];
    snprintf(path, sizeof path, "%s\\%s", sc->dir, e->name);
    struct oqs_err err;
    int ok = is_url ? url_file_target(path, target, sizeof target)
                    : plat_shortcut_target(path, target, sizeof target, &err) == 0;
    if (!ok)
        return 0;
    if (!https_url(target, url, sizeof url)) {
        if (!is_lnk || !shortcut_is_distroapp_tool(e->name, target))
            return 0;
        /* A path and arguments, never secret; one longer than url is cut. */
        if (snprintf(url, sizeof url, "%s", target) < 0)
            return 0;
    }
    tsv_field(sc->out, e->name);
    buf_appends(sc->out, "\t");
    tsv_field(sc->out, url);
    buf_appends(sc->out, "\n");
    return 0;
}

static enum live_status shortcut_tsv(const struct config *cfg, struct buf *out,
                                     struct oqs_err *err)
{
    (void)cfg;
    static const enum plat_dir dirs[] = {PLAT_DIR_DESKTOP, PLAT_DIR_COMMON_DESKTOP};
    int listed = 0;
    for (size_t i = 0; i < 2; i++) {
        char dir[4096];
        if (special_dir(dirs[i], dir, sizeof dir, err) < 0)
            return LIVE_ERROR;
        struct shortcuts sc = {dir, out};
        struct oqs_err e2;
        if (plat_list_dir(dir, shortcut_entry, &sc, &e2) == 0)
            listed = 1;
    }
    if (!listed) {
        oqs_errf(err, "no desktop folder can be listed");
        return LIVE_MISSING;
    }
    return LIVE_OK;
}

/* ---- tasks/<TaskName>.xml ---- */

struct name_list {
    char **names;
    size_t n, cap;
};

static void names_free(struct name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->names[i]);
    free(l->names);
    memset(l, 0, sizeof *l);
}

static int names_add(struct name_list *l, const char *name)
{
    char **p = oqs_grow(l->names, &l->cap, l->n + 1, sizeof *p);
    if (!p)
        return -1;
    l->names = p;
    size_t len = strlen(name);
    char *s = malloc(len + 1);
    if (!s)
        return -1;
    memcpy(s, name, len + 1);
    l->names[l->n++] = s;
    return 0;
}

static int task_entry(const struct plat_dirent *e, void *ud)
{
    /* The manual's tasks are all named OQS_exec_* (3 連携アプリ, 配信アプリ). */
    if (!e->is_dir && ci_prefix(e->name, "OQS_exec_"))
        names_add(ud, e->name);
    return 0;
}

static int tasks_dir(char *out, size_t n, struct oqs_err *err)
{
    char win[4096];
    if (special_dir(PLAT_DIR_WINDOWS, win, sizeof win, err) < 0)
        return -1;
    if (snprintf(out, n, "%s\\System32\\Tasks", win) >= (int)n)
        return oqs_errf(err, "%s: path too long", win);
    return 0;
}

static int task_names(struct name_list *l, struct oqs_err *err)
{
    char dir[4096];
    if (tasks_dir(dir, sizeof dir, err) < 0)
        return -1;
    return plat_list_dir(dir, task_entry, l, err);
}

/* A relpath component must be one plain name: never "..", a separator or a
 * drive, so a layout path cannot reach outside the folder it names. */
static int plain_name(const char *s)
{
    return *s && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 && !strpbrk(s, "/\\:");
}

static enum live_status task_xml(const char *file, struct buf *out, struct oqs_err *err)
{
    size_t n = strlen(file);
    if (n <= 4 || !ends_with_ci(file, ".xml"))
        return oqs_errf(err, "tasks/%s: not a layout file", file), LIVE_MISSING;
    char name[1024], dir[4096], path[4096 + 1024];
    snprintf(name, sizeof name, "%.*s", (int)(n - 4), file);
    if (!plain_name(name) || !ci_prefix(name, "OQS_exec_"))
        return oqs_errf(err, "tasks/%s: not a layout file", file), LIVE_MISSING;
    if (tasks_dir(dir, sizeof dir, err) < 0)
        return LIVE_ERROR;
    snprintf(path, sizeof path, "%s\\%s", dir, name);
    return copy_file(path, LAYOUT_SMALL_FILE, 0, out, err);
}

/* ---- certs/user-my/NN.cer and certs/root/NN.cer ---- */

struct cert_item {
    unsigned char *der, *subject, *issuer;
    size_t len, subject_len, issuer_len;
};
struct cert_list {
    struct cert_item *items;
    size_t n, cap;
    int oom;
};

static unsigned char *dup_bytes(const unsigned char *p, size_t n)
{
    unsigned char *d = malloc(n ? n : 1);
    if (d && n)
        memcpy(d, p, n);
    return d;
}

static int cert_keep(const struct plat_cert *c, void *ud)
{
    struct cert_list *l = ud;
    struct cert_item *p = oqs_grow(l->items, &l->cap, l->n + 1, sizeof *p);
    if (!p) {
        l->oom = 1;
        return 1;
    }
    l->items = p;
    struct cert_item *it = &l->items[l->n];
    it->der = dup_bytes(c->der, c->len);
    it->subject = dup_bytes(c->subject, c->subject_len);
    it->issuer = dup_bytes(c->issuer, c->issuer_len);
    if (!it->der || !it->subject || !it->issuer) {
        free(it->der);
        free(it->subject);
        free(it->issuer);
        l->oom = 1;
        return 1;
    }
    it->len = c->len;
    it->subject_len = c->subject_len;
    it->issuer_len = c->issuer_len;
    l->n++;
    return 0;
}

static void certs_free(struct cert_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].der);
        free(l->items[i].subject);
        free(l->items[i].issuer);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* The user's certificates, or the roots whose subject is the issuer of one
 * of them (layout: "roots that issued them, if present in the Root store"). */
static int cert_set(int roots, struct cert_list *out, struct oqs_err *err)
{
    struct cert_list my = {0};
    if (plat_cert_enum("MY", cert_keep, &my, err) < 0 || my.oom) {
        certs_free(&my);
        return my.oom ? oqs_errf(err, "out of memory") : -1;
    }
    if (!roots) {
        *out = my;
        return 0;
    }
    struct cert_list all = {0};
    if (plat_cert_enum("ROOT", cert_keep, &all, err) < 0 || all.oom) {
        int oom = all.oom;
        certs_free(&my);
        certs_free(&all);
        return oom ? oqs_errf(err, "out of memory") : -1;
    }
    memset(out, 0, sizeof *out);
    for (size_t r = 0; r < all.n; r++) {
        int issued = 0;
        for (size_t m = 0; m < my.n && !issued; m++)
            issued = my.items[m].issuer_len == all.items[r].subject_len &&
                     memcmp(my.items[m].issuer, all.items[r].subject,
                            all.items[r].subject_len) == 0;
        if (issued) {
            struct plat_cert c = {all.items[r].der, all.items[r].len, all.items[r].subject,
                                  all.items[r].issuer, all.items[r].subject_len,
                                  all.items[r].issuer_len};
            cert_keep(&c, out);
        }
    }
    certs_free(&my);
    certs_free(&all);
    if (out->oom) {
        certs_free(out);
        return oqs_errf(err, "out of memory");
    }
    return 0;
}

static enum live_status cert_file(int roots, const char *file, struct buf *out,
                                  struct oqs_err *err)
{
    char *end;
    long idx = strtol(file, &end, 10);
    if (end == file || strcmp(end, ".cer") != 0 || idx < 1)
        return oqs_errf(err, "%s: not a layout file", file), LIVE_MISSING;
    struct cert_list l;
    if (cert_set(roots, &l, err) < 0)
        return LIVE_ERROR;
    enum live_status st = LIVE_MISSING;
    if ((size_t)idx <= l.n) {
        buf_append(out, l.items[idx - 1].der, l.items[idx - 1].len);
        st = LIVE_OK;
    } else {
        oqs_errf(err, "certificate %ld: not in the store", idx);
    }
    certs_free(&l);
    return st;
}

/* ---- logs/<app>/…: newest first within logs.max_bytes ---- */

struct log_file {
    char *rel;  /* under logs/<app>/, with '/' */
    char *path; /* Windows path */
    long long size, mtime;
};
struct log_plan {
    struct log_file *files;
    size_t n, cap;
    int oom;
};
struct log_walk {
    struct log_plan *plan;
    const char *dir, *rel;
    int depth;
};

static void plan_free(struct log_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->files[i].rel);
        free(p->files[i].path);
    }
    free(p->files);
    memset(p, 0, sizeof *p);
}

static char *join(const char *a, char sep, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 2);
    if (!s)
        return NULL;
    memcpy(s, a, na);
    size_t at = na;
    if (na)
        s[at++] = sep;
    memcpy(s + at, b, nb + 1);
    return s;
}

static int log_entry(const struct plat_dirent *e, void *ud)
{
    struct log_walk *w = ud;
    struct log_plan *p = w->plan;
    if (e->is_link || !plain_name(e->name))
        return 0;
    char *path = join(w->dir, '\\', e->name);
    char *rel = join(w->rel, '/', e->name);
    if (!path || !rel) {
        free(path);
        free(rel);
        p->oom = 1;
        return 1;
    }
    if (e->is_dir) {
        if (w->depth < MAX_LOG_DEPTH) {
            struct log_walk sub = {p, path, rel, w->depth + 1};
            struct oqs_err err;
            plat_list_dir(path, log_entry, &sub, &err);
        }
        free(path);
        free(rel);
        return p->oom;
    }
    /* Past the file count cap the rest is left out. */
    int full = p->n >= MAX_LOG_FILES;
    struct log_file *f = full ? NULL : oqs_grow(p->files, &p->cap, p->n + 1, sizeof *f);
    if (!f) {
        free(path);
        free(rel);
        return 0;
    }
    p->files = f;
    p->files[p->n++] = (struct log_file){rel, path, e->size, e->mtime};
    return 0;
}

static int newest_first(const void *a, const void *b)
{
    const struct log_file *x = a, *y = b;
    if (x->mtime != y->mtime)
        return x->mtime < y->mtime ? 1 : -1;
    return strcmp(x->rel, y->rel);
}

/* Lists the app's log folder and keeps the newest files whose sizes add up
 * to at most logs.max_bytes; the first file that does not fit is kept as its
 * tail of the remaining bytes (its newest lines), then the rest is left out. */
static enum live_status log_plan(const char *app, const struct config *cfg,
                                 struct log_plan *p, struct oqs_err *err)
{
    const char *dir = NULL;
    for (size_t i = 0; i < sizeof log_dirs / sizeof *log_dirs; i++)
        if (strcmp(log_dirs[i].app, app) == 0)
            dir = config_str(cfg, log_dirs[i].key);
    memset(p, 0, sizeof *p);
    if (!dir)
        return oqs_errf(err, "logs/%s: not a layout folder", app), LIVE_MISSING;
    if (!*dir)
        return oqs_errf(err, "logs/%s: no folder configured", app), LIVE_MISSING;
    struct log_walk w = {p, dir, "", 0};
    if (plat_list_dir(dir, log_entry, &w, err) < 0) {
        plan_free(p);
        return LIVE_MISSING;
    }
    if (p->oom) {
        plan_free(p);
        return oqs_errf(err, "out of memory"), LIVE_ERROR;
    }
    qsort(p->files, p->n, sizeof *p->files, newest_first);
    long long left = config_int(cfg, "logs.max_bytes");
    size_t keep = 0;
    for (; keep < p->n && left > 0; keep++) {
        if (p->files[keep].size > left)
            p->files[keep].size = left;
        left -= p->files[keep].size;
    }
    for (size_t i = keep; i < p->n; i++) {
        free(p->files[i].rel);
        free(p->files[i].path);
    }
    p->n = keep;
    return LIVE_OK;
}

static enum live_status log_file(const char *app, const char *rel, const struct config *cfg,
                                 struct buf *out, struct oqs_err *err)
{
    struct log_plan p;
    enum live_status st = log_plan(app, cfg, &p, err);
    if (st != LIVE_OK)
        return st;
    st = LIVE_MISSING;
    oqs_errf(err, "logs/%s/%s: not among the newest logs", app, rel);
    for (size_t i = 0; i < p.n; i++)
        if (strcmp(p.files[i].rel, rel) == 0) {
            st = copy_file(p.files[i].path, (size_t)p.files[i].size, 1, out, err);
            break;
        }
    plan_free(&p);
    return st;
}

/* ---- the families' readers and listers (layout.def LAYOUT_SET) ---- */

static enum live_status task_xml_read(const char *name, const struct config *cfg,
                                      struct buf *out, struct oqs_err *err)
{
    (void)cfg;
    return task_xml(name, out, err);
}

static int each_task(const struct config *cfg, int (*cb)(const char *rel, void *ud), void *ud)
{
    (void)cfg;
    char rel[4200];
    struct oqs_err e2;
    struct name_list tasks = {0};
    int stop = 0;
    if (task_names(&tasks, &e2) == 0)
        for (size_t i = 0; i < tasks.n && !stop; i++) {
            snprintf(rel, sizeof rel, "tasks/%s.xml", tasks.names[i]);
            stop = cb(rel, ud);
        }
    names_free(&tasks);
    return stop;
}

static int each_cert(int roots, int (*cb)(const char *rel, void *ud), void *ud)
{
    char rel[64];
    struct oqs_err e2;
    struct cert_list l;
    int stop = 0;
    if (cert_set(roots, &l, &e2) < 0)
        return 0;
    for (size_t i = 0; i < l.n && !stop; i++) {
        snprintf(rel, sizeof rel, "certs/%s/%02zu.cer", roots ? "root" : "user-my", i + 1);
        stop = cb(rel, ud);
    }
    certs_free(&l);
    return stop;
}

static enum live_status cert_my(const char *name, const struct config *cfg, struct buf *out,
                                struct oqs_err *err)
{
    (void)cfg;
    return cert_file(0, name, out, err);
}

static enum live_status cert_root(const char *name, const struct config *cfg, struct buf *out,
                                  struct oqs_err *err)
{
    (void)cfg;
    return cert_file(1, name, out, err);
}

static int each_cert_my(const struct config *cfg, int (*cb)(const char *rel, void *ud), void *ud)
{
    (void)cfg;
    return each_cert(0, cb, ud);
}

static int each_cert_root(const struct config *cfg, int (*cb)(const char *rel, void *ud),
                          void *ud)
{
    (void)cfg;
    return each_cert(1, cb, ud);
}

static int each_log(const char *app, const struct config *cfg,
                    int (*cb)(const char *rel, void *ud), void *ud)
{
    char rel[4200];
    struct oqs_err e2;
    struct log_plan p;
    int stop = 0;
    if (log_plan(app, cfg, &p, &e2) != LIVE_OK)
        return 0;
    for (size_t i = 0; i < p.n && !stop; i++) {
        snprintf(rel, sizeof rel, "logs/%s/%s", app, p.files[i].rel);
        stop = cb(rel, ud);
    }
    plan_free(&p);
    return stop;
}

static enum live_status log_comapp(const char *name, const struct config *cfg, struct buf *out,
                                   struct oqs_err *err)
{
    return log_file("comapp", name, cfg, out, err);
}

static enum live_status log_distroapp(const char *name, const struct config *cfg,
                                      struct buf *out, struct oqs_err *err)
{
    return log_file("distroapp", name, cfg, out, err);
}

static int each_log_comapp(const struct config *cfg, int (*cb)(const char *rel, void *ud),
                           void *ud)
{
    return each_log("comapp", cfg, cb, ud);
}

static int each_log_distroapp(const struct config *cfg, int (*cb)(const char *rel, void *ud),
                              void *ud)
{
    return each_log("distroapp", cfg, cb, ud);
}

/* ---- the layout's rows with their producers ---- */

struct live_row {
    enum layout_id id;
    enum live_status (*make)(const struct config *cfg, struct buf *out, struct oqs_err *err);
    enum live_status (*read)(const char *name, const struct config *cfg, struct buf *out,
                             struct oqs_err *err);
    int (*each)(const struct config *cfg, int (*cb)(const char *rel, void *ud), void *ud);
    void (*cmds)(const struct config *cfg, live_cmd_cb cb, void *ud); /* MADE: make's */
    enum plat_dir folder; /* LAYOUT_COPY_DIR */
};

/* folder matters only for LAYOUT_COPY_DIR rows; the others carry a filler. */
static const struct live_row live_rows[] = {
#define LAYOUT_CMD(id, ...) {LF_##id, NULL, NULL, NULL, NULL, PLAT_DIR_WINDOWS},
#define LAYOUT_MADE(id, path, bundle, parser, make, cmds, rule) \
    {LF_##id, make, NULL, NULL, cmds, PLAT_DIR_WINDOWS},
#define LAYOUT_COPY_CFG(id, ...) {LF_##id, NULL, NULL, NULL, NULL, PLAT_DIR_WINDOWS},
#define LAYOUT_COPY_DIR(id, path, bundle, parser, max, folder, sub) \
    {LF_##id, NULL, NULL, NULL, NULL, PLAT_DIR_##folder},
#define LAYOUT_SET(id, pattern, bundle, parser, dir, suffix, deep, read, each, rule) \
    {LF_##id, NULL, read, each, NULL, PLAT_DIR_WINDOWS},
#include "collectors/layout.def"
#undef LAYOUT_CMD
#undef LAYOUT_MADE
#undef LAYOUT_COPY_CFG
#undef LAYOUT_COPY_DIR
#undef LAYOUT_SET
};

static enum live_status copy_dir_file(enum plat_dir base, const char *sub, size_t max,
                                      struct buf *out, struct oqs_err *err)
{
    char dir[4096], path[8192];
    if (special_dir(base, dir, sizeof dir, err) < 0)
        return LIVE_ERROR;
    snprintf(path, sizeof path, "%s\\%s", dir, sub);
    return copy_file(path, max, 0, out, err);
}

/* One file of an exact row. */
static enum live_status row_read(const struct live_row *row, const struct config *cfg,
                                 struct buf *out, struct oqs_err *err)
{
    const struct layout_file *f = &layout_files[row->id];
    switch (f->how) {
    case LAYOUT_BY_CMD:
        return run_into(f->argv, f->timeout_ms, out, err);
    case LAYOUT_BY_MADE:
        return row->make(cfg, out, err);
    case LAYOUT_BY_COPY_CFG: {
        const char *path = config_str(cfg, f->from);
        if (!*path)
            return oqs_errf(err, "%s is not set", f->from), LIVE_MISSING;
        return copy_file(path, f->max_bytes, 0, out, err);
    }
    case LAYOUT_BY_COPY_DIR:
        return copy_dir_file(row->folder, f->sub, f->max_bytes, out, err);
    case LAYOUT_BY_SET:
        break;
    }
    return oqs_errf(err, "%s: not a file", f->path), LIVE_ERROR;
}

void live_each_command(const struct config *cfg, live_cmd_cb cb, void *ud)
{
    for (size_t i = 0; i < sizeof live_rows / sizeof *live_rows; i++) {
        const struct layout_file *f = &layout_files[live_rows[i].id];
        if (f->how == LAYOUT_BY_CMD)
            cb(f->argv, f->timeout_ms, ud);
        else if (live_rows[i].cmds)
            live_rows[i].cmds(cfg, cb, ud);
    }
}

static enum live_status read_row(const char *relpath, const struct config *cfg, struct buf *out,
                                 struct oqs_err *err);

enum live_status live_read(const char *relpath, const struct config *cfg, struct buf *out,
                           struct oqs_err *err)
{
    return live_read_via(NULL, relpath, cfg, out, err);
}

enum live_status live_read_via(const struct live_runner *r, const char *relpath,
                               const struct config *cfg, struct buf *out, struct oqs_err *err)
{
    const struct live_runner *before = runner;
    runner = r;
    enum live_status st = read_row(relpath, cfg, out, err);
    runner = before;
    return st;
}

static enum live_status read_row(const char *relpath, const struct config *cfg, struct buf *out,
                                 struct oqs_err *err)
{
    if (!plat_is_windows()) {
        oqs_errf(err, "%s: the live host is not Windows", relpath);
        return LIVE_UNSUPPORTED;
    }
    const size_t nrows = sizeof live_rows / sizeof *live_rows;
    /* Exact rows first: tasks/schtasks.csv is not one of the task files. */
    for (size_t i = 0; i < nrows; i++) {
        const struct layout_file *f = &layout_files[live_rows[i].id];
        if (f->how == LAYOUT_BY_SET || strcmp(relpath, f->path) != 0)
            continue;
        /* manifest.json and probes/network.json are what `collect` writes
         * about a snapshot: a live run has none, as on Linux (not
         * "missing", which would make doctor judge it a broken snapshot). */
        if (f->how == LAYOUT_BY_MADE && !live_rows[i].make)
            return oqs_errf(err, "%s: written by collect, not by a live run", relpath),
                   LIVE_UNSUPPORTED;
        return row_read(&live_rows[i], cfg, out, err);
    }
    for (size_t i = 0; i < nrows; i++) {
        const struct layout_file *f = &layout_files[live_rows[i].id];
        size_t k = f->dir ? strlen(f->dir) : 0;
        if (f->how == LAYOUT_BY_SET && strncmp(relpath, f->dir, k) == 0 && relpath[k] == '/')
            return live_rows[i].read(relpath + k + 1, cfg, out, err);
    }
    oqs_errf(err, "%s: not a file of the snapshot layout the live host produces", relpath);
    return LIVE_MISSING;
}

/* ---- every file: for live_list and live_snapshot_write ---- */

/* Calls cb with each layout path this host may produce, in the table's
 * order; families only with the members present. */
static void each_file(const struct config *cfg, int (*cb)(const char *rel, void *ud), void *ud)
{
    for (size_t i = 0; i < sizeof live_rows / sizeof *live_rows; i++) {
        const struct live_row *row = &live_rows[i];
        const struct layout_file *f = &layout_files[row->id];
        int stop;
        if (f->how == LAYOUT_BY_SET)
            stop = row->each(cfg, cb, ud);
        else if (f->how == LAYOUT_BY_MADE && !row->make)
            stop = 0; /* written by `collect` */
        else
            stop = cb(f->path, ud);
        if (stop)
            return;
    }
}

struct list_ctx {
    const char *dir;
    size_t dirlen;
    int (*cb)(const char *name, void *ud);
    void *ud;
};

static int list_one(const char *rel, void *ud)
{
    struct list_ctx *c = ud;
    if (c->dirlen == 0) /* "": the whole layout */
        return c->cb(rel, c->ud);
    if (strncmp(rel, c->dir, c->dirlen) != 0 || rel[c->dirlen] != '/')
        return 0;
    return c->cb(rel + c->dirlen + 1, c->ud);
}

/* Names are relative to reldir; under logs/<app> they may hold '/' for the
 * application's own sub-folders. */
enum live_status live_list(const char *reldir, const struct config *cfg,
                           int (*cb)(const char *name, void *ud), void *ud,
                           struct oqs_err *err)
{
    if (!plat_is_windows()) {
        oqs_errf(err, "%s: the live host is not Windows", reldir);
        return LIVE_UNSUPPORTED;
    }
    size_t n = strlen(reldir);
    while (n > 0 && reldir[n - 1] == '/')
        n--;
    struct list_ctx c = {reldir, n, cb, ud};
    (void)err;
    each_file(cfg, list_one, &c);
    return LIVE_OK;
}

struct write_ctx {
    const char *dir;
    const struct config *cfg;
    void (*skipped)(const char *relpath, const char *why, void *ud);
    void *ud;
    struct oqs_err *err;
    int failed;
    struct live_prefetch *prefetch; /* the commands, run at once */
};

static int write_one(const char *rel, void *ud)
{
    struct write_ctx *w = ud;
    struct buf b = {0};
    struct oqs_err e = {{0}};
    enum live_status st = w->prefetch ? live_prefetch_read(w->prefetch, rel, &b, &e)
                                      : live_read(rel, w->cfg, &b, &e);
    if (st != LIVE_OK) {
        if (w->skipped)
            w->skipped(rel, e.msg[0] ? e.msg : "not produced", w->ud);
        buf_free(&b);
        return 0;
    }
    char *path = join(w->dir, '/', rel);
    if (!path) {
        buf_free(&b);
        w->failed = 1;
        oqs_errf(w->err, "out of memory");
        return 1;
    }
    char *slash = strrchr(path, '/');
    *slash = '\0';
    int rc = plat_mkdir_p(path, w->err);
    *slash = '/';
    if (rc == 0)
        rc = plat_write_file(path, b.data ? b.data : "", b.len, w->err);
    free(path);
    buf_free(&b);
    if (rc < 0) {
        w->failed = 1;
        return 1;
    }
    return 0;
}

/* manifest.json (hashes) and probes/network.json (the network probes) are
 * written by `collect`, which owns both. */
int live_snapshot_write(const char *dir, const struct config *cfg,
                        void (*skipped)(const char *relpath, const char *why, void *ud),
                        void *ud, struct oqs_err *err)
{
    if (plat_mkdir_p(dir, err) < 0)
        return -1;
    struct write_ctx w = {dir, cfg, skipped, ud, err, 0, NULL};
    if (!plat_is_windows()) {
        if (skipped)
            skipped("*", "the live host is not Windows", ud);
        return 0;
    }
    w.prefetch = live_prefetch_start(cfg);
    each_file(cfg, write_one, &w);
    live_prefetch_free(w.prefetch);
    return w.failed ? -1 : 0;
}
