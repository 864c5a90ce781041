/* manual 9-03 資格情報マネージャー: OQS_LOGIN_KEY (user R0… or R1…) and
 * OQS_MEDICAL_INSTITUTION_CODE are required, OQS_CRYPT_PASS and
 * OQS_NAS_LOGIN_KEY optional; the table's ユーザ名 of the medical institution
 * code and the encryption password is OQS_Admin. cmdkey shows targets and user names only; the
 * secrets' verdicts come from probes/local.json (merged by checks_run). */
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "collectors/layout.h"

#define F_CMDKEY LAYOUT_PATH(CMDKEY)

static void required(struct chk *c, const struct cmdkey_list *l, const char *target,
                     const char *id)
{
    const struct cred_entry *e = cmdkey_find(l, target);
    if (!e) {
        json_t *v = ev(F_CMDKEY, 0, "absent", target);
        json_object_set_new(v, "target", json_string(target));
        report_add(c->r, id, FST_FAIL, F_CMDKEY, v,
                   "%s is not stored in Credential Manager (manual 9-03)",
                   "資格情報マネージャーに %s が登録されていない (手順書 9-03)", target);
        return;
    }
    json_t *v = ev(F_CMDKEY, e->line, e->user, NULL);
    json_object_set_new(v, "target", json_string(target));
    if (strcmp(target, "OQS_LOGIN_KEY") == 0) {
        json_object_set_new(v, "expected", json_string("user starting R0 or R1"));
        if (strncmp(e->user, "R0", 2) != 0 && strncmp(e->user, "R1", 2) != 0) {
            report_add(c->r, id, FST_FAIL, F_CMDKEY, v,
                       "OQS_LOGIN_KEY's user is \"%s\"; the linkage account id starts with R0 or R1",
                       "OQS_LOGIN_KEY のユーザー名が「%s」。連携アプリ用アカウントID は R0 または R1 で始まる",
                       e->user);
            return;
        }
    }
    report_add(c->r, id, FST_OK, F_CMDKEY, v, "%s is stored", "%s は登録されている", target);
}

static void optional(struct chk *c, const struct cmdkey_list *l, const char *target,
                     const char *id)
{
    const struct cred_entry *e = cmdkey_find(l, target);
    json_t *v = ev(F_CMDKEY, e ? e->line : 0, e ? e->user : "absent", NULL);
    json_object_set_new(v, "target", json_string(target));
    if (!e)
        report_add(c->r, id, FST_OK, F_CMDKEY, v, "%s is not stored (optional)",
                   "%s は未登録 (任意)", target);
    else if (!e->user[0] && strcmp(target, "OQS_NAS_LOGIN_KEY") == 0)
        report_add(c->r, id, FST_WARN, F_CMDKEY, v,
                   "OQS_NAS_LOGIN_KEY has no user name: the shared folder cannot be logged on to",
                   "OQS_NAS_LOGIN_KEY にユーザー名がなく、共有フォルダにアクセスできない");
    else
        report_add(c->r, id, FST_OK, F_CMDKEY, v, "%s is stored", "%s は登録されている", target);
}

/* The table gives ユーザ名 OQS_Admin; whether the linkage application reads
 * it is not public, so another name is a warn, not a fail (docs/decisions.md). */
static void admin_user(struct chk *c, const struct cmdkey_list *l, const char *target,
                       const char *id)
{
    const struct cred_entry *e = cmdkey_find(l, target);
    if (!e)
        return;
    json_t *v = ev(F_CMDKEY, e->line, e->user, "OQS_Admin");
    json_object_set_new(v, "target", json_string(target));
    if (t_ieq(e->user, "OQS_Admin"))
        report_add(c->r, id, FST_OK, F_CMDKEY, v, "%s's user is OQS_Admin",
                   "%s のユーザー名は OQS_Admin", target);
    else
        report_add(c->r, id, FST_WARN, F_CMDKEY, v,
                   "%s's user is \"%s\"; the manual's table sets OQS_Admin (9-03)",
                   "%s のユーザー名が「%s」。手順書 9-03 の表では OQS_Admin", target, e->user);
}

void check_creds(struct chk *c)
{
    struct input in;
    int rd = chk_read(c, "creds", F_CMDKEY, "creds.login_key", &in);
    if (rd > 0) {
        struct cmdkey_list l;
        struct parse_diag d = {0};
        if (cmdkey_parse((const unsigned char *)in.raw.data, in.raw.len, &l, &d) != 0) {
            chk_unreadable(c, "creds", F_CMDKEY, &d);
        } else {
            required(c, &l, "OQS_LOGIN_KEY", "creds.login_key");
            required(c, &l, "OQS_MEDICAL_INSTITUTION_CODE", "creds.institution_code");
            optional(c, &l, "OQS_CRYPT_PASS", "creds.crypt_pass");
            optional(c, &l, "OQS_NAS_LOGIN_KEY", "creds.nas_login_key");
            admin_user(c, &l, "OQS_MEDICAL_INSTITUTION_CODE", "creds.institution_code.user");
            admin_user(c, &l, "OQS_CRYPT_PASS", "creds.crypt_pass.user");
        }
        cmdkey_free(&l);
    }
    input_free(&in);
}
