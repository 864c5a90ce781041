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
 * a Windows host. */
static int admins_has(struct chk *c, unsigned *line)
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
            }
    }
    net_list_free(&l);
    input_free(&in);
    return rc;
}

void check_account(struct chk *c)
{
    struct input in;
    struct net_user u;
    memset(&u, 0, sizeof u);
    int have_user = 0;
    int rd = chk_read(c, "account", F_USER, "account.exists", &in);
    if (rd < 0) {
        input_free(&in);
        return; /* not a Windows host: one skip says it */
    }
    if (rd > 0) {
        struct parse_diag d = {0};
        if (net_user_parse((const unsigned char *)in.raw.data, in.raw.len, &u, &d) != 0)
            chk_unreadable(c, "account", F_USER, &d);
        else
            have_user = 1;
    }
    input_free(&in);
    if (have_user) {
        if (!u.found) {
            report_add(c->r, "account.exists", FST_FAIL, F_USER,
                       ev(F_USER, u.found_line, "not found", ACCOUNT),
                       "The user OqsComApp does not exist (manual 1)",
                       "ユーザー OqsComApp が存在しない (手順書 1)");
        } else {
            report_add(c->r, "account.exists", FST_OK, F_USER,
                       ev(F_USER, u.name_line, u.name, ACCOUNT), "The user %s exists",
                       "ユーザー %s が存在する", u.name);
            if (strcmp(u.name, ACCOUNT) == 0)
                report_add(c->r, "account.case", FST_OK, F_USER,
                           ev(F_USER, u.name_line, u.name, ACCOUNT),
                           "The user name is exactly OqsComApp", "ユーザー名は OqsComApp で正しい");
            else
                report_add(c->r, "account.case", FST_FAIL, F_USER,
                           ev(F_USER, u.name_line, u.name, ACCOUNT),
                           "The user is named %s; the manual requires exactly OqsComApp (case matters)",
                           "ユーザー名が %s になっている。大文字小文字を区別して OqsComApp にする必要がある",
                           u.name);
            if (u.active == 0)
                report_add(c->r, "account.active", FST_FAIL, F_USER,
                           ev(F_USER, u.active_line, "No", "Yes"),
                           "The OqsComApp account is disabled", "OqsComApp アカウントが無効");
            else if (u.active == 1)
                report_add(c->r, "account.active", FST_OK, F_USER,
                           ev(F_USER, u.active_line, "Yes", "Yes"),
                           "The OqsComApp account is active", "OqsComApp アカウントは有効");
        }
    }
    unsigned line = 0;
    int member = admins_has(c, &line);
    if (member == -1 && have_user && u.found) {
        /* No group listing: the user's own memberships say it too. */
        for (size_t i = 0; i < u.groups.n; i++)
            if (t_ieq(u.groups.v[i], "Administrators")) {
                member = 1;
                line = u.groups.line[i];
            }
        if (member < 0 && u.groups.n > 0)
            member = 0;
        if (member >= 0)
            report_add(c->r, "account.admin", member ? FST_OK : FST_FAIL, F_USER,
                       ev(F_USER, line, member ? "Administrators" : "not a member", "Administrators"),
                       member ? "OqsComApp is in Administrators"
                              : "OqsComApp is not in Administrators (manual 1)",
                       member ? "OqsComApp は Administrators に所属している"
                              : "OqsComApp が Administrators に所属していない (手順書 1)");
    } else if (member == 1) {
        report_add(c->r, "account.admin", FST_OK, F_ADMINS,
                   ev(F_ADMINS, line, ACCOUNT, "Administrators"), "OqsComApp is in Administrators",
                   "OqsComApp は Administrators に所属している");
    } else if (member == 0) {
        report_add(c->r, "account.admin", FST_FAIL, F_ADMINS,
                   ev(F_ADMINS, 0, "not a member", "OqsComApp in Administrators"),
                   "OqsComApp is not in Administrators (manual 1)",
                   "OqsComApp が Administrators に所属していない (手順書 1)");
    }
    net_user_free(&u);
}
