/* probes/local.json: the on-site credential checks of the snapshot layout,
 * as a report (shared/spec/report.md). Only verdicts are written: present,
 * the credential's user name (an account id, not a secret) and whether the
 * secret has the form the manual asks for (4 資格情報の設定). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/platform.h"
#include "core/report.h"
#include "live_parts.h"
#include "collectors/layout.h"

#define SRC LAYOUT_PATH(LOCAL_PROBES)

static json_t *evidence(const char *target, const struct cred_verdict *v)
{
    json_t *e = json_object();
    json_object_set_new(e, "target", json_string(target));
    json_object_set_new(e, "present", json_boolean(v->state == CRED_PRESENT));
    if (v->state == CRED_PRESENT) {
        json_object_set_new(e, "user", json_string(v->user));
        json_object_set_new(e, "secret_set", json_boolean(v->secret_len > 0));
        json_object_set_new(e, "secret_format_ok", json_boolean(v->secret_ok));
    }
    return e;
}

static int starts_r0_r1(const char *user)
{
    return user[0] == 'R' && (user[1] == '0' || user[1] == '1');
}

static void add_login_key(struct report *r, const struct cred_verdict *v, json_t *ev)
{
    const char *id = "creds.login_key", *t = live_creds[LIVE_CRED_LOGIN_KEY].target;
    if (v->state != CRED_PRESENT)
        report_add(r, id, FST_FAIL, SRC, ev, "%s is not stored in Credential Manager",
                   "%s が資格情報マネージャーに登録されていない", t);
    else if (!starts_r0_r1(v->user))
        report_add(r, id, FST_FAIL, SRC, ev, "%s user name does not start with R0 or R1",
                   "%s のユーザー名が R0 または R1 で始まっていない", t);
    else if (!v->secret_ok)
        report_add(r, id, FST_FAIL, SRC, ev, "%s has no password", "%s にパスワードがない", t);
    else
        report_add(r, id, FST_OK, SRC, ev, "%s is stored for an R0/R1 account",
                   "%s は R0/R1 のアカウントで登録済み", t);
}

static void add_institution_code(struct report *r, const struct cred_verdict *v, json_t *ev)
{
    const char *id = "creds.institution_code";
    const char *t = live_creds[LIVE_CRED_INSTITUTION_CODE].target;
    if (v->state != CRED_PRESENT)
        report_add(r, id, FST_FAIL, SRC, ev, "%s is not stored in Credential Manager",
                   "%s が資格情報マネージャーに登録されていない", t);
    else if (!v->secret_ok)
        report_add(r, id, FST_FAIL, SRC, ev, "%s is not 10 digits", "%s が数字10桁でない", t);
    else
        report_add(r, id, FST_OK, SRC, ev, "%s is stored (10 digits)",
                   "%s は数字10桁で登録済み", t);
}

/* The manual marks OQS_CRYPT_PASS and OQS_NAS_LOGIN_KEY as not required
 * (×): absent is ok, present must be well formed. */
static void add_crypt_pass(struct report *r, const struct cred_verdict *v, json_t *ev)
{
    const char *id = "creds.crypt_pass", *t = live_creds[LIVE_CRED_CRYPT_PASS].target;
    if (v->state != CRED_PRESENT)
        report_add(r, id, FST_OK, SRC, ev, "%s is not stored (optional)",
                   "%s は未登録 (任意)", t);
    else if (!v->secret_ok)
        report_add(r, id, FST_FAIL, SRC, ev,
                   "%s is not 1-12 ASCII letters/digits: the linkage application will fail",
                   "%s が半角英数字12桁以内でない (連携アプリケーションがエラーになる)", t);
    else
        report_add(r, id, FST_OK, SRC, ev, "%s is 1-12 ASCII letters/digits",
                   "%s は半角英数字12桁以内", t);
}

static void add_nas_login_key(struct report *r, const struct cred_verdict *v, json_t *ev)
{
    const char *id = "creds.nas_login_key", *t = live_creds[LIVE_CRED_NAS_LOGIN_KEY].target;
    if (v->state != CRED_PRESENT)
        report_add(r, id, FST_OK, SRC, ev, "%s is not stored (optional)",
                   "%s は未登録 (任意)", t);
    else if (!v->user[0])
        report_add(r, id, FST_FAIL, SRC, ev, "%s has no user name", "%s にユーザー名がない", t);
    else if (!v->secret_ok)
        report_add(r, id, FST_WARN, SRC, ev, "%s has no password", "%s にパスワードがない", t);
    else
        report_add(r, id, FST_OK, SRC, ev, "%s is stored with a user name",
                   "%s はユーザー名付きで登録済み", t);
}

enum live_status live_local_json(const struct config *cfg, struct buf *out, struct oqs_err *err)
{
    (void)cfg;
    if (!plat_is_windows()) {
        oqs_errf(err, "the live host is not Windows");
        return LIVE_UNSUPPORTED;
    }
    long long t0 = plat_now_ms();
    struct report *r = report_new("live");
    if (!r)
        return oqs_errf(err, "out of memory"), LIVE_ERROR;
    char host[256];
    if (plat_hostname(host, sizeof host) == 0)
        report_set_host(r, host);
    plat_utc_rfc3339(-1, r->started);
    static void (*const add[LIVE_CRED_COUNT])(struct report *, const struct cred_verdict *,
                                              json_t *) = {
        [LIVE_CRED_LOGIN_KEY] = add_login_key,
        [LIVE_CRED_INSTITUTION_CODE] = add_institution_code,
        [LIVE_CRED_CRYPT_PASS] = add_crypt_pass,
        [LIVE_CRED_NAS_LOGIN_KEY] = add_nas_login_key,
    };
    for (int i = 0; i < LIVE_CRED_COUNT; i++) {
        struct cred_verdict v;
        if (plat_cred_check(live_creds[i].target, live_creds[i].check, &v, err) < 0) {
            report_free(r);
            return LIVE_ERROR;
        }
        if (v.state == CRED_UNSUPPORTED) {
            report_free(r);
            oqs_errf(err, "this host has no Credential Manager");
            return LIVE_UNSUPPORTED;
        }
        add[i](r, &v, evidence(live_creds[i].target, &v));
    }
    r->elapsed_ms = plat_now_ms() - t0;
    json_t *doc = report_to_json(r);
    report_free(r);
    char *s = doc ? json_dumps(doc, JSON_INDENT(2) | OQS_JSON_FLAGS) : NULL;
    json_decref(doc);
    if (!s)
        return oqs_errf(err, "out of memory"), LIVE_ERROR;
    buf_appends(out, s);
    buf_appends(out, "\n");
    free(s);
    return LIVE_OK;
}
