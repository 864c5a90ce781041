/* manual 3-02 steps 5-7: the account the receipt computer uses is added to
 * the share of req/res with the level 「読み取り/書き込み」. At the share level
 * (system/smb_share_access.txt) that is an Allow entry with Change or Full
 * for the account or for everyone (the sharing wizard may grant Everyone
 * and leave the rest to the folder's ACL, which folders.acl judges), and no
 * Deny entry for them. A share of a folder above req/res counts too. */
#include <stdio.h>
#include <string.h>

#include "folders.h"
#include "collectors/layout.h"

#define F_SMB LAYOUT_PATH(SMB_SHARE_ACCESS)

/* What one share says for who: 1 may write, 0 may not, -1 cannot tell. */
struct verdict {
    int state;
    const struct smb_ace *why; /* the entry that decided, or NULL */
};

static int applies(const struct smb_ace *e, const char *who)
{
    const char *base = t_account_base(e->account);
    return t_ieq(base, t_account_base(who)) || folders_everyone(base);
}

static struct verdict share_verdict(const struct smb_access *a, const char *share, const char *who)
{
    struct verdict v = {-1, NULL};
    int listed = 0, unclear = 0;
    const struct smb_ace *grant = NULL, *other = NULL;
    for (size_t i = 0; i < a->n; i++) {
        const struct smb_ace *e = &a->v[i];
        if (!t_ieq(e->share, share))
            continue;
        listed = 1;
        if (!applies(e, who))
            continue;
        if (e->type == SMB_DENY) {
            v.state = 0;
            v.why = e;
            return v; /* a Deny of any right takes the share away */
        }
        if (e->type == SMB_ALLOW && (e->right == SMB_FULL || e->right == SMB_CHANGE))
            grant = grant ? grant : e;
        else if (e->type == SMB_ALLOW && e->right == SMB_READ)
            other = other ? other : e;
        else
            unclear = 1; /* Custom, or a value not read */
    }
    if (grant) {
        v.state = 1;
        v.why = grant;
    } else if (listed && !unclear) {
        v.state = 0;
        v.why = other;
    }
    return v;
}

void check_share_access(struct chk *c, const char *const *dirs, const struct net_list *l,
                        const char *who)
{
    if (!l)
        return;
    struct input in = {0};
    struct smb_access a;
    memset(&a, 0, sizeof a);
    int state = 0; /* 0 not read yet, 1 parsed, -1 no use */
    for (int k = 0; k < 2; k++) {
        const char *hit_share = NULL;
        struct verdict best = {-2, NULL};
        const char *best_share = NULL;
        for (size_t i = 0; i < l->rows.n; i++) {
            if (!folders_share_covers(l, i, dirs[k]))
                continue;
            const char *name = l->rows.v[i];
            hit_share = name;
            if (state == 0) {
                state = -1;
                if (chk_read(c, "folders", F_SMB, "folders.share_access", &in) > 0) {
                    struct parse_diag d = {0};
                    if (smb_access_parse((const unsigned char *)in.raw.data, in.raw.len, &a, &d) ==
                        0)
                        state = 1;
                    else
                        chk_unreadable(c, "folders", F_SMB, &d);
                }
                if (state > 0 && !who[0]) {
                    report_add(c->r, "folders.share_access", FST_SKIP, F_SMB,
                               ev(F_SMB, 0, NULL, NULL),
                               "No share account known (folders.share_account, OQS_NAS_LOGIN_KEY)",
                               "共有アカウントが不明 (folders.share_account / OQS_NAS_LOGIN_KEY)");
                    state = -1;
                }
            }
            if (state < 0)
                break;
            struct verdict v = share_verdict(&a, name, who);
            if (v.state > best.state) {
                best = v;
                best_share = name;
            }
        }
        if (!hit_share || state < 0)
            continue; /* not shared: folders.shared says so */
        char exp[320], seen[400];
        snprintf(exp, sizeof exp, "%s: Change or Full (読み取り/書き込み)", who);
        if (best.why)
            snprintf(seen, sizeof seen, "%s: %s %s", best.why->account,
                     best.why->type == SMB_DENY ? "Deny" : "Allow", best.why->right_text);
        else
            snprintf(seen, sizeof seen, "%s", best.state < 0 ? "not listed" : "no entry");
        json_t *e = ev(F_SMB, best.why ? best.why->line : 0, seen, exp);
        json_object_set_new(e, "share", json_string(best_share));
        json_object_set_new(e, "folder", json_string(dirs[k]));
        if (best.state > 0)
            report_add(c->r, "folders.share_access", FST_OK, F_SMB, e,
                       "The share %s lets %s read and write %s (%s)",
                       "共有 %s で %s は %s を読み取り/書き込みできる (%s)", best_share, who,
                       dirs[k], seen);
        else if (best.state == 0)
            report_add(c->r, "folders.share_access", FST_FAIL, F_SMB, e,
                       "The share %s does not let %s write %s (%s); 3-02 sets 読み取り/書き込み: "
                       "result files cannot be operated (補9)",
                       "共有 %s で %s が %s に書き込めない (%s)。手順書 3-02 では 読み取り/書き込み。"
                       "結果データファイルを操作できない (補9)",
                       best_share, who, dirs[k], seen);
        else if (a.error) {
            json_object_set_new(e, "error", json_string(a.error));
            report_add(c->r, "folders.share_access", FST_UNKNOWN, F_SMB, e,
                       "%s: PowerShell said: %s", "%s: PowerShell のエラー: %s", F_SMB, a.error);
        } else
            report_add(c->r, "folders.share_access", FST_UNKNOWN, F_SMB, e,
                       "%s does not say who may use the share %s of %s",
                       "%s に共有 %s (%s) のアクセス許可がない", F_SMB, best_share, dirs[k]);
    }
    smb_access_free(&a);
    input_free(&in);
}
