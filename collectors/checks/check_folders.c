/* manual 3-02: the req and res folders (C:\OQS\req, C:\OQS\res or the
 * configured ones) exist, are shared when shares are used, and the share
 * account can modify them (9 末尾: アクセス権変更); 補9: result files left in
 * res longer than the configured hours mean the forgotten-file task
 * (OQS_exec_comappdelfile_*) is not working. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "folders.h"
#include "collectors/parsers/parsers.h"
#include "collectors/layout.h"

#define F_LIST LAYOUT_PATH(FOLDERS)
#define F_SHARE LAYOUT_PATH(NET_SHARE)
#define F_ACL LAYOUT_PATH(ACL)
#define F_CMDKEY LAYOUT_PATH(CMDKEY)

/* Same folder: case-insensitive, '/' or '\', trailing separator ignored;
 * a bare "req"/"res" matches the configured folder's last component. */
static int same_folder(const char *a, const char *b)
{
    size_t an = strlen(a), bn = strlen(b);
    while (an > 0 && (a[an - 1] == '\\' || a[an - 1] == '/'))
        an--;
    while (bn > 0 && (b[bn - 1] == '\\' || b[bn - 1] == '/'))
        bn--;
    if (an == bn) {
        size_t i = 0;
        for (; i < an; i++) {
            char x = a[i] == '/' ? '\\' : a[i], y = b[i] == '/' ? '\\' : b[i];
            if (x >= 'A' && x <= 'Z')
                x = (char)(x - 'A' + 'a');
            if (y >= 'A' && y <= 'Z')
                y = (char)(y - 'A' + 'a');
            if (x != y)
                break;
        }
        if (i == an)
            return 1;
    }
    const char *base = b;
    for (size_t i = 0; i < bn; i++)
        if (b[i] == '\\' || b[i] == '/')
            base = b + i + 1;
    return !strchr(a, '\\') && !strchr(a, '/') && t_ieqn(base, bn - (size_t)(base - b), a) &&
           an == bn - (size_t)(base - b);
}

/* parent is folder or one of its ancestors (a share of C:\OQS covers req). */
static int folder_covered_by(const char *parent, const char *folder)
{
    size_t pn = strlen(parent);
    while (pn > 0 && (parent[pn - 1] == '\\' || parent[pn - 1] == '/'))
        pn--;
    if (pn == 0 || pn > strlen(folder))
        return 0;
    char tmp[1024];
    t_copy(tmp, sizeof tmp, parent, pn);
    if (same_folder(tmp, folder))
        return 1;
    return t_ieqn(folder, pn, tmp) && (folder[pn] == '\\' || folder[pn] == '/');
}

/* icacls names each folder it could read, or says it cannot find it:
 * 1 exists, 0 missing, -1 not listed. An empty folder has no row in
 * folders.tsv, so this is what tells an empty folder from a missing one. */
static int acl_says(const struct acl_list *a, const char *dir, unsigned *line)
{
    for (size_t i = 0; a && i < a->n; i++)
        if (same_folder(a->v[i].path, dir)) {
            *line = a->v[i].line;
            return strcmp(a->v[i].perms, "missing") != 0;
        }
    return -1;
}

static void exists_and_leftover(struct chk *c, const char *const *dirs, const struct acl_list *acl)
{
    struct input in;
    if (chk_read(c, "folders", F_LIST, "folders.exists", &in) <= 0) {
        input_free(&in);
        return;
    }
    struct tsv t;
    struct parse_diag d = {0};
    if (tsv_parse((const unsigned char *)in.raw.data, in.raw.len, 4, &t, &d) != 0) {
        chk_unreadable(c, "folders", F_LIST, &d);
        tsv_free(&t);
        input_free(&in);
        return;
    }
    input_free(&in);
    long hours = config_int(c->cfg, "folders.leftover_hours");
    for (int k = 0; k < 2; k++) {
        unsigned first = 0;
        size_t old = 0;
        long long oldest = 0;
        const char *oldest_name = NULL;
        unsigned oldest_line = 0;
        for (size_t i = 0; i < t.n; i++) {
            const struct tsv_row *r = &t.rows[i];
            if (!same_folder(r->f[0], dirs[k]))
                continue;
            if (!first)
                first = r->line;
            long long mt;
            size_t nl = strlen(r->f[1]);
            /* sub-folders are listed as "name/" */
            if (k == 0 || nl == 0 || strcmp(r->f[1], ".") == 0 || r->f[1][nl - 1] == '/')
                continue;
            if (parse_time_utc(r->f[3], &mt) != 0) {
                diag_set(&d, r->line, "mtime \"%.40s\" is neither RFC 3339 nor epoch seconds",
                         r->f[3]);
                chk_unreadable(c, "folders", F_LIST, &d);
                continue;
            }
            if (c->now - mt > hours * 3600LL) {
                old++;
                if (!oldest_name || mt < oldest) {
                    oldest = mt;
                    oldest_name = r->f[1];
                    oldest_line = r->line;
                }
            }
        }
        unsigned aline = 0;
        int says = acl_says(acl, dirs[k], &aline);
        if (!first && says == 0) {
            report_add(c->r, "folders.exists", FST_FAIL, F_ACL, ev(F_ACL, aline, "absent", dirs[k]),
                       "The folder %s does not exist (manual 3-02)", "フォルダ %s がない (手順書 3-02)",
                       dirs[k]);
            continue;
        }
        if (!first && says < 0) {
            report_add(c->r, "folders.exists", FST_UNKNOWN, F_LIST,
                       ev(F_LIST, 0, "no entry", dirs[k]),
                       "The folder %s is empty or missing (oqs/acl.txt does not say)",
                       "フォルダ %s は空、またはない (oqs/acl.txt で判断できない)", dirs[k]);
            continue;
        }
        json_t *e = first ? ev(F_LIST, first, dirs[k], dirs[k]) : ev(F_ACL, aline, dirs[k], dirs[k]);
        report_add(c->r, "folders.exists", FST_OK, first ? F_LIST : F_ACL, e,
                   "The folder %s exists", "フォルダ %s がある", dirs[k]);
        if (k == 0)
            continue;
        char exp[64], seen[64];
        snprintf(exp, sizeof exp, "no file older than %ld hours", hours);
        snprintf(seen, sizeof seen, "%zu file(s)", old);
        e = ev(F_LIST, oldest_line, seen, exp);
        if (old) {
            json_object_set_new(e, "oldest", json_string(oldest_name));
            json_object_set_new(e, "oldest_age_hours", json_integer((c->now - oldest) / 3600));
            report_add(c->r, "folders.leftover", FST_FAIL, F_LIST, e,
                       "%zu result file(s) stay in %s longer than %ld hours (oldest %s): the "
                       "forgotten-file task is not working (補9)",
                       "%zu 件の結果ファイルが %s に %ld 時間以上残っている (最古 %s)。"
                       "消し忘れファイル機能のタスクが動作していない (補9)",
                       old, dirs[k], hours, oldest_name);
        } else {
            report_add(c->r, "folders.leftover", FST_OK, F_LIST, e,
                       "No result file in %s is older than %ld hours",
                       "%s に %ld 時間以上前の結果ファイルはない", dirs[k], hours);
        }
    }
    tsv_free(&t);
}

int folders_share_covers(const struct net_list *l, size_t i, const char *folder)
{
    /* C$, ADMIN$: administrative shares, not for the receipt computer */
    const char *name = l->rows.v[i];
    size_t nl = strlen(name);
    return l->paths.v[i][0] && nl > 0 && name[nl - 1] != '$' &&
           folder_covered_by(l->paths.v[i], folder);
}

/* 1 with *l filled (the caller frees it) when net share was read. */
static int shared(struct chk *c, const char *const *dirs, struct net_list *l_out)
{
    struct input in;
    memset(l_out, 0, sizeof *l_out);
    if (chk_read(c, "folders", F_SHARE, "folders.shared", &in) <= 0) {
        input_free(&in);
        return 0;
    }
    struct net_list l;
    struct parse_diag d = {0};
    int got = 0;
    if (net_share_parse((const unsigned char *)in.raw.data, in.raw.len, &l, &d) != 0) {
        chk_unreadable(c, "folders", F_SHARE, &d);
    } else {
        got = 1;
        for (int k = 0; k < 2; k++) {
            size_t hit = l.rows.n;
            for (size_t i = 0; i < l.rows.n && hit == l.rows.n; i++)
                if (folders_share_covers(&l, i, dirs[k]))
                    hit = i;
            if (hit < l.rows.n) {
                json_t *e = ev(F_SHARE, l.rows.line[hit], l.paths.v[hit], dirs[k]);
                json_object_set_new(e, "share", json_string(l.rows.v[hit]));
                report_add(c->r, "folders.shared", FST_OK, F_SHARE, e,
                           "%s is shared as %s", "%s は %s として共有されている", dirs[k],
                           l.rows.v[hit]);
            } else {
                report_add(c->r, "folders.shared", FST_FAIL, F_SHARE,
                           ev(F_SHARE, 0, "not shared", dirs[k]),
                           "%s is not shared, but folders.shared says the receipt computer uses it "
                           "(manual 3-02)",
                           "%s が共有されていない (folders.shared が有効、手順書 3-02)", dirs[k]);
            }
        }
    }
    if (got)
        *l_out = l;
    else
        net_list_free(&l);
    input_free(&in);
    return got;
}

void folders_share_account(struct chk *c, char *out, size_t cap)
{
    const char *cfg = config_str(c->cfg, "folders.share_account");
    out[0] = '\0';
    if (cfg && cfg[0]) {
        t_copy(out, cap, cfg, strlen(cfg));
        return;
    }
    struct buf raw = {0};
    struct oqs_err err;
    if (source_read(c->src, F_CMDKEY, &raw, &err) == SRC_OK) {
        struct cmdkey_list l;
        struct parse_diag d;
        if (cmdkey_parse((const unsigned char *)raw.data, raw.len, &l, &d) == 0) {
            const struct cred_entry *e = cmdkey_find(&l, "OQS_NAS_LOGIN_KEY");
            if (e && e->user[0])
                t_copy(out, cap, e->user, strlen(e->user));
        }
        cmdkey_free(&l);
    }
    buf_free(&raw);
}

int folders_everyone(const char *base)
{
    static const char *const groups[] = {"Everyone", "Authenticated Users", "Users", NULL};
    return t_key_in(base, strlen(base), groups);
}

static int can_modify(const char *perms)
{
    return strstr(perms, "(F)") || strstr(perms, "(M)");
}

static void acl(struct chk *c, const char *const *dirs, const struct acl_list *a, const char *who)
{
    if (!who[0]) {
        report_add(c->r, "folders.acl", FST_SKIP, F_ACL, ev(F_ACL, 0, NULL, NULL),
                   "No share account known (folders.share_account, OQS_NAS_LOGIN_KEY)",
                   "共有アカウントが不明 (folders.share_account / OQS_NAS_LOGIN_KEY)");
        return;
    }
    if (a) {
        for (int k = 0; k < 2; k++) {
            const struct ace *grant = NULL, *seen = NULL;
            int listed = 0;
            for (size_t i = 0; i < a->n && !grant; i++) {
                if (!same_folder(a->v[i].path, dirs[k]) || !a->v[i].principal[0])
                    continue;
                listed = 1;
                const char *base = t_account_base(a->v[i].principal);
                if (t_ieq(base, t_account_base(who)) || folders_everyone(base)) {
                    seen = &a->v[i];
                    if (can_modify(a->v[i].perms))
                        grant = &a->v[i];
                }
            }
            if (!listed) {
                report_add(c->r, "folders.acl", FST_UNKNOWN, F_ACL, ev(F_ACL, 0, "not listed", dirs[k]),
                           "%s does not list the entries of %s", "%s に %s のアクセス権がない",
                           F_ACL, dirs[k]);
                continue;
            }
            char exp[300];
            snprintf(exp, sizeof exp, "%s:(M) or (F)", who);
            if (grant) {
                char s[512];
                snprintf(s, sizeof s, "%s:%s", grant->principal, grant->perms);
                report_add(c->r, "folders.acl", FST_OK, F_ACL, ev(F_ACL, grant->line, s, exp),
                           "%s can modify %s (%s)", "%s は %s を変更できる (%s)", who, dirs[k], s);
            } else {
                char s[512];
                snprintf(s, sizeof s, "%s", seen ? seen->perms : "no entry");
                report_add(c->r, "folders.acl", FST_FAIL, F_ACL,
                           ev(F_ACL, seen ? seen->line : 0, s, exp),
                           "%s cannot modify %s (%s): result files cannot be operated (補9)",
                           "%s が %s を変更できない (%s)。結果データファイルを操作できない (補9)", who,
                           dirs[k], s);
            }
        }
    }
}

void check_folders(struct chk *c)
{
    const char *dirs[2] = {config_str(c->cfg, "folders.req"), config_str(c->cfg, "folders.res")};
    struct buf probe = {0};
    struct oqs_err err;
    if (source_read(c->src, F_LIST, &probe, &err) == SRC_UNSUPPORTED) {
        buf_free(&probe);
        report_add(c->r, "folders.exists", FST_SKIP, F_LIST, ev(F_LIST, 0, NULL, NULL),
                   "not a Windows host", "Windows ではない");
        return;
    }
    buf_free(&probe);
    struct acl_list a;
    memset(&a, 0, sizeof a);
    int have_acl = 0;
    struct input in;
    if (chk_read(c, "folders", F_ACL, "folders.acl", &in) > 0) {
        struct parse_diag d = {0};
        const char *asked[] = {dirs[0], dirs[1], NULL};
        if (icacls_parse((const unsigned char *)in.raw.data, in.raw.len, asked, &a, &d) == 0)
            have_acl = 1;
        else
            chk_unreadable(c, "folders", F_ACL, &d);
    }
    input_free(&in);
    exists_and_leftover(c, dirs, have_acl ? &a : NULL);
    if (config_bool(c->cfg, "folders.shared")) {
        struct net_list l;
        int got = shared(c, dirs, &l);
        char who[256];
        folders_share_account(c, who, sizeof who);
        acl(c, dirs, have_acl ? &a : NULL, who);
        check_share_access(c, dirs, got ? &l : NULL, who);
        net_list_free(&l);
    }
    acl_list_free(&a);
}
