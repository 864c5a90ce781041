/* `Get-SmbShareAccess | Format-List` (system/smb_share_access.txt): one
 * record per access entry, "Name : req", "ScopeName : *", "AccountName :
 * Everyone", "AccessControlType : Allow", "AccessRight : Change", records
 * apart by a blank line. PowerShell prints the property names and the enum
 * values in English whatever the language; account names are Windows' own
 * (BUILTIN\Administrators, Everyone; Todos on Spanish Windows). The lines
 * are read by kvtext; a record ends at a blank line or a repeated key, so
 * both property orders Windows PowerShell and PowerShell 7 print are read. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "parsers.h"

static const char *const k_name[] = {"Name", NULL};
static const char *const k_account[] = {"AccountName", NULL};
static const char *const k_type[] = {"AccessControlType", NULL};
static const char *const k_right[] = {"AccessRight", NULL};

static enum smb_type type_of(const char *v)
{
    if (t_ieq(v, "Allow") || strcmp(v, "0") == 0)
        return SMB_ALLOW;
    if (t_ieq(v, "Deny") || strcmp(v, "1") == 0)
        return SMB_DENY;
    return SMB_TYPE_UNKNOWN;
}

static enum smb_right right_of(const char *v)
{
    static const char *const names[] = {"Full", "Change", "Read", "Custom"};
    for (int i = 0; i < 4; i++)
        if (t_ieq(v, names[i]) || (v[0] == (char)('0' + i) && !v[1]))
            return (enum smb_right)i;
    return SMB_RIGHT_UNKNOWN;
}

/* A record's fields, while it is read. */
struct rec {
    const struct kv *name, *account, *type, *right;
    unsigned first, last;
};

static int flush(struct smb_access *out, struct rec *r, struct parse_diag *d)
{
    if (!r->first)
        return 0;
    if (!r->name || !r->account || !r->name->val[0] || !r->account->val[0]) {
        /* A record without its share or account (absent, empty, or cut at a
         * NUL) cannot be judged: say where. */
        out->incomplete++;
        if (!out->incomplete_line)
            out->incomplete_line = r->first;
        memset(r, 0, sizeof *r);
        return 0;
    }
    struct smb_ace *p = oqs_grow(out->v, &out->cap, out->n + 1, sizeof *p);
    if (!p)
        return diag_set(d, r->first, "out of memory");
    out->v = p;
    struct smb_ace *a = &out->v[out->n++];
    memset(a, 0, sizeof *a);
    t_copy(a->share, sizeof a->share, r->name->val, strlen(r->name->val));
    t_copy(a->account, sizeof a->account, r->account->val, strlen(r->account->val));
    a->type = r->type ? type_of(r->type->val) : SMB_TYPE_UNKNOWN;
    a->right = r->right ? right_of(r->right->val) : SMB_RIGHT_UNKNOWN;
    t_copy(a->right_text, sizeof a->right_text, r->right ? r->right->val : "",
           r->right ? strlen(r->right->val) : 0);
    a->line = r->account->line;
    memset(r, 0, sizeof *r);
    return 0;
}

static int blank_only(const unsigned char *raw, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\r' && raw[i] != '\n' &&
            !(i < 3 && (raw[i] == 0xEF || raw[i] == 0xBB || raw[i] == 0xBF)) &&
            !(i < 2 && (raw[i] == 0xFF || raw[i] == 0xFE)) && raw[i] != 0)
            return 0;
    return 1;
}

int smb_access_parse(const unsigned char *raw, size_t n, struct smb_access *out,
                     struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    if (blank_only(raw, n))
        return 0; /* no share under the OQS folders: nothing printed */
    struct kvlist l;
    if (kvtext_parse(raw, n, &l, d) != 0) {
        kvlist_free(&l);
        return -1;
    }
    if (l.error) {
        out->error = l.error;
        out->error_line = l.error_line;
        l.error = NULL;
    }
    struct rec r = {0};
    int rc = 0;
    for (size_t i = 0; i < l.n && rc == 0; i++) {
        const struct kv *kv = &l.v[i];
        const char *k = kv->key;
        size_t kn = strlen(k);
        const struct kv **slot = t_key_in(k, kn, k_name)      ? &r.name
                                 : t_key_in(k, kn, k_account) ? &r.account
                                 : t_key_in(k, kn, k_type)    ? &r.type
                                 : t_key_in(k, kn, k_right)   ? &r.right
                                                              : NULL;
        /* A blank line, or a key this record already has, starts the next. */
        if (r.first && (kv->line > r.last + 1 || (slot && *slot)))
            rc = flush(out, &r, d);
        if (rc != 0)
            break;
        if (!r.first)
            r.first = kv->line;
        r.last = kv->line;
        if (slot)
            *slot = kv;
    }
    if (rc == 0)
        rc = flush(out, &r, d);
    if (rc == 0 && out->n == 0 && !out->error)
        rc = diag_set(d, out->incomplete_line ? out->incomplete_line : 1,
                      "no access entry with both Name and AccountName");
    kvlist_free(&l);
    return rc;
}

void smb_access_free(struct smb_access *a)
{
    free(a->v);
    free(a->error);
    memset(a, 0, sizeof *a);
}
