/* manual 1: the user OqsComApp exists, with exactly that case (「大文字小文字を
 * 識別します」), and is in Administrators. */
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "collectors/layout.h"

#define F_USER LAYOUT_PATH(NET_USER)
#define F_ADMINS LAYOUT_PATH(ADMINS)
#define ACCOUNT "OqsComApp"

/* Returns 1 member, 0 not, -1 could not tell (finding already added), -2 not
 * a Windows host. who: the member's name as listed. */
static int admins_has(struct chk *c, unsigned *line, char *who, size_t cap)
{
    struct input in;
    int rd = chk_read(c, "account", F_ADMINS, "account.admin", &in);
    if (rd <= 0) {
        input_free(&in);
        return rd < 0 ? -2 : -1;
    }
    struct net_list l;
    struct parse_diag d = {0};
    int rc = -1;
    if (net_localgroup_parse((const unsigned char *)in.raw.data, in.raw.len, &l, &d) != 0) {
        chk_unreadable(c, "account", F_ADMINS, &d);
    } else {
        rc = 0;
        for (size_t i = 0; i < l.rows.n; i++)
            if (t_ieq(t_account_base(l.rows.v[i]), ACCOUNT)) {
                rc = 1;
                *line = l.rows.line[i];
                t_copy(who, cap, l.rows.v[i], strlen(l.rows.v[i]));
            }
    }
    net_list_free(&l);
    input_free(&in);
    return rc;
}

/* Reads the user's own output: 1 usable (u filled, the account is
 * OqsComApp), 0 a finding already says why not, -1 not a Windows host. */
static int read_user(struct chk *c, struct net_user *u)
{
    struct input in;
    int rd = chk_read(c, "account", F_USER, "account.exists", &in);
    if (rd <= 0) {
        input_free(&in);
        return rd;
    }
    struct parse_diag d = {0};
    int ok = net_user_parse((const unsigned char *)in.raw.data, in.raw.len, u, &d) == 0;
    input_free(&in);
    if (!ok) {
        chk_unreadable(c, "account", F_USER, &d);
        return 0;
    }
    if (!u->found) {
        report_add(c->r, "account.exists", FST_FAIL, F_USER,
                   ev(F_USER, u->found_line, "not found", ACCOUNT),
                   "The user OqsComApp does not exist (manual 1)",
                   "ユーザー OqsComApp が存在しない (手順書 1)");
        return 0;
    }
    /* Another account's output says nothing about OqsComApp. */
    if (!t_ieq(t_account_base(u->name), ACCOUNT)) {
        report_add(c->r, "account.exists", FST_UNKNOWN, F_USER,
                   ev(F_USER, u->name_line, u->name, ACCOUNT),
                   "%s shows the account %s, not OqsComApp: nothing is judged from it",
                   "%s はアカウント %s の出力で OqsComApp のものではない。判断しない", F_USER,
                   u->name);
        return 0;
    }
    json_t *e = ev(F_USER, u->name_line, u->name, ACCOUNT);
    if (u->password_expires_line)
        json_object_set_new(e, "password_expires", json_string(u->password_expires));
    report_add(c->r, "account.exists", FST_OK, F_USER, e, "The user %s exists",
               "ユーザー %s が存在する", u->name);
    return 1;
}

static void judge_user(struct chk *c, const struct net_user *u)
{
    if (strcmp(u->name, ACCOUNT) == 0)
        report_add(c->r, "account.case", FST_OK, F_USER, ev(F_USER, u->name_line, u->name, ACCOUNT),
                   "The user name is exactly OqsComApp", "ユーザー名は OqsComApp で正しい");
    else
        report_add(c->r, "account.case", FST_FAIL, F_USER,
                   ev(F_USER, u->name_line, u->name, ACCOUNT),
                   "The user is named %s; the manual requires exactly OqsComApp (case matters)",
                   "ユーザー名が %s になっている。大文字小文字を区別して OqsComApp にする必要がある",
                   u->name);
    if (u->active == 0)
        report_add(c->r, "account.active", FST_FAIL, F_USER, ev(F_USER, u->active_line, "No", "Yes"),
                   "The account %s is disabled", "アカウント %s が無効", u->name);
    else if (u->active == 1)
        report_add(c->r, "account.active", FST_OK, F_USER, ev(F_USER, u->active_line, "Yes", "Yes"),
                   "The account %s is active", "アカウント %s は有効", u->name);
    else
        report_add(c->r, "account.active", FST_UNKNOWN, F_USER,
                   ev(F_USER, u->active_line, u->active_line ? "neither Yes nor No"
                                                            : "no \"Account active\" line", "Yes"),
                   "Whether the account %s is active cannot be read",
                   "アカウント %s が有効かどうか読み取れない", u->name);
}

/* No Administrators listing: the user's own memberships say it, if shown. */
static void admin_from_user(struct chk *c, const struct net_user *u)
{
    if (!u->groups_line) {
        report_add(c->r, "account.admin", FST_UNKNOWN, F_USER,
                   ev(F_USER, 0, "no \"Local Group Memberships\" line", "Administrators"),
                   "Whether %s is in Administrators cannot be read (no group line, no "
                   "Administrators listing)",
                   "%s が Administrators に所属しているか読み取れない (グループの行も一覧もない)",
                   u->name);
        return;
    }
    for (size_t i = 0; i < u->groups.n; i++)
        if (t_ieq(u->groups.v[i], "Administrators")) {
            report_add(c->r, "account.admin", FST_OK, F_USER,
                       ev(F_USER, u->groups.line[i], "Administrators", "Administrators"),
                       "%s is in Administrators", "%s は Administrators に所属している", u->name);
            return;
        }
    /* An empty group line is an answer: no local group at all. */
    report_add(c->r, "account.admin", FST_FAIL, F_USER,
               ev(F_USER, u->groups_line, u->groups.n ? "not a member" : "no local group",
                  "Administrators"),
               "%s is not in Administrators (manual 1)",
               "%s が Administrators に所属していない (手順書 1)", u->name);
}

void check_account(struct chk *c)
{
    struct net_user u;
    memset(&u, 0, sizeof u);
    int have_user = read_user(c, &u);
    if (have_user < 0) {
        net_user_free(&u);
        return; /* not a Windows host: one skip says it */
    }
    if (have_user)
        judge_user(c, &u);
    unsigned line = 0;
    char who[128] = ACCOUNT;
    int member = admins_has(c, &line, who, sizeof who);
    if (member == -1 && have_user)
        admin_from_user(c, &u);
    else if (member == 1)
        report_add(c->r, "account.admin", FST_OK, F_ADMINS, ev(F_ADMINS, line, who, "Administrators"),
                   "%s is in Administrators", "%s は Administrators に所属している", who);
    else if (member == 0)
        report_add(c->r, "account.admin", FST_FAIL, F_ADMINS,
                   ev(F_ADMINS, 0, "not a member", "OqsComApp in Administrators"),
                   "OqsComApp is not in Administrators (manual 1)",
                   "OqsComApp が Administrators に所属していない (手順書 1)");
    net_user_free(&u);
}
