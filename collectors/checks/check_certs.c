/* manual 4: a client certificate issued by Online Billing NW Common Root CA in
 * CurrentUser\My (4-02 3), valid (9: 有効期限が切れた古いクライアント証明書),
 * not another terminal's (9: 複数の端末にて共通のクライアント証明書),
 * and its root in the trusted roots (4-8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/parsers/certs.h"
#include "check.h"
#include "core/buf.h"
#include "collectors/layout.h"

#define D_MY (layout_files[LF_CERTS_MY].dir)
#define D_ROOT (layout_files[LF_CERTS_ROOT].dir)

struct cert_ent {
    X509 *x;
    char file[256];
    char subject[256], issuer[256];
    long long nb, na;
};

struct cert_set {
    struct cert_ent *v;
    size_t n, cap;
    const char *cur_file;
};

static void add_cert(X509 *x, void *ud)
{
    struct cert_set *s = ud;
    struct cert_ent *p = oqs_grow(s->v, &s->cap, s->n + 1, sizeof *p);
    if (!p)
        return;
    s->v = p;
    struct cert_ent *e = &s->v[s->n];
    memset(e, 0, sizeof *e);
    if (cert_times(x, &e->nb, &e->na) != 0 || !X509_up_ref(x))
        return;
    e->x = x;
    snprintf(e->file, sizeof e->file, "%s", s->cur_file);
    cert_name_cn(X509_get_subject_name(x), e->subject, sizeof e->subject);
    cert_name_cn(X509_get_issuer_name(x), e->issuer, sizeof e->issuer);
    s->n++;
}

struct load_ctx {
    struct chk *c;
    const char *dir;
    struct cert_set *set;
};

static int load_one(const char *name, void *ud)
{
    struct load_ctx *l = ud;
    char file[256];
    snprintf(file, sizeof file, "%s/%s", l->dir, name);
    struct buf raw = {0};
    struct oqs_err err;
    struct parse_diag d = {0};
    if (source_read(l->c->src, file, &raw, &err) != SRC_OK) {
        diag_set(&d, 0, "%s", err.msg);
        chk_unreadable(l->c, "cert", file, &d);
    } else {
        l->set->cur_file = file;
        if (certs_parse((const unsigned char *)raw.data, raw.len, add_cert, l->set, &d) < 0)
            chk_unreadable(l->c, "cert", file, &d);
    }
    buf_free(&raw);
    return 0;
}

/* 1 listed, 0 missing (finding added), -1 not a Windows host (skip added). */
static int load_dir(struct chk *c, const char *dir, struct cert_set *set, int report_missing)
{
    struct load_ctx l = {c, dir, set};
    struct oqs_err err = {{0}};
    enum source_status st = source_list(c->src, dir, load_one, &l, &err);
    if (st == SRC_OK)
        return 1;
    if (st == SRC_UNSUPPORTED) {
        report_add(c->r, "cert.client.present", FST_SKIP, dir, ev(dir, 0, NULL, NULL),
                   "not a Windows host", "Windows ではない");
        return -1;
    }
    if (report_missing) {
        json_t *e = ev(dir, 0, NULL, NULL);
        if (st == SRC_ERROR)
            json_object_set_new(e, "error", json_string(err.msg));
        report_add(c->r, st == SRC_ERROR ? "cert.input.unreadable" : "cert.input.missing",
                   FST_UNKNOWN, dir, e, "%s is missing or unreadable", "%s がない、または読めない",
                   dir);
    }
    return 0;
}

static void set_free(struct cert_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        X509_free(s->v[i].x);
    free(s->v);
}

static void iso_day(long long t, char out[32])
{
    long long days = t / 86400;
    /* civil from days */
    days += 719468;
    long long era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    snprintf(out, 32, "%04lld-%02u-%02u", y + (m <= 2), m, d);
}

void check_certs(struct chk *c)
{
    struct cert_set my = {0}, root = {0};
    int st = load_dir(c, D_MY, &my, 1);
    if (st <= 0) {
        set_free(&my);
        return;
    }
    const char *issuer = config_str(c->cfg, "tls.issuer_cn");
    struct cert_ent *best = NULL;
    size_t nclient = 0, nvalid = 0;
    for (size_t i = 0; i < my.n; i++) {
        struct cert_ent *e = &my.v[i];
        if (!t_ieq(e->issuer, issuer))
            continue;
        nclient++;
        if (e->nb <= c->now && e->na > c->now)
            nvalid++;
        if (!best || e->na > best->na)
            best = e;
    }
    if (!best) {
        char seen[64];
        snprintf(seen, sizeof seen, "%zu certificate(s), none from that issuer", my.n);
        report_add(c->r, "cert.client.present", FST_FAIL, D_MY, ev(D_MY, 0, seen, issuer),
                   "No client certificate issued by %s in CurrentUser\\My (manual 4-02)",
                   "個人ストアに %s 発行のクライアント証明書がない (手順書 4-02)", issuer);
        set_free(&my);
        return;
    }
    json_t *e = ev(best->file, 0, best->subject, issuer);
    json_object_set_new(e, "issuer", json_string(best->issuer));
    report_add(c->r, "cert.client.present", FST_OK, best->file, e,
               "Client certificate %s issued by %s", "クライアント証明書 %s (発行者 %s)",
               best->subject, best->issuer);

    long long days = (best->na - c->now) / 86400;
    if (best->na <= c->now && days == 0)
        days = -1;
    long warn = config_int(c->cfg, "cert.days_warn");
    char na[32], exp_s[64];
    iso_day(best->na, na);
    snprintf(exp_s, sizeof exp_s, "more than %ld days left", warn);
    e = ev(best->file, 0, na, exp_s);
    json_object_set_new(e, "days_left", json_integer(days));
    json_object_set_new(e, "subject", json_string(best->subject));
    if (best->na <= c->now)
        report_add(c->r, "cert.client.expiry", FST_FAIL, best->file, e,
                   "The client certificate expired on %s: renew it with the MPKI client",
                   "クライアント証明書の有効期限 (%s) が切れている。MPKIクライアントで更新する", na);
    else if (days <= warn)
        report_add(c->r, "cert.client.expiry", FST_WARN, best->file, e,
                   "The client certificate expires on %s (%lld days)",
                   "クライアント証明書の有効期限は %s (残り %lld 日)", na, days);
    else
        report_add(c->r, "cert.client.expiry", FST_OK, best->file, e,
                   "The client certificate is valid until %s (%lld days)",
                   "クライアント証明書は %s まで有効 (残り %lld 日)", na, days);

    /* Several valid certificates: after a renewal the old one stays valid
     * until it expires (same subject, ok). Another subject is another
     * terminal's certificate installed here: 9 「複数の端末にて共通のクライアント
     * 証明書を使用している」. */
    const char *other = NULL;
    for (size_t i = 0; i < my.n && !other; i++) {
        const struct cert_ent *x = &my.v[i];
        if (t_ieq(x->issuer, issuer) && x->nb <= c->now && x->na > c->now &&
            strcmp(x->subject, best->subject) != 0)
            other = x->subject;
    }
    char seen[32];
    snprintf(seen, sizeof seen, "%zu", nvalid);
    e = ev(D_MY, 0, seen, "1");
    json_object_set_new(e, "from_issuer", json_integer((json_int_t)nclient));
    json_object_set_new(e, "subject", json_string(best->subject));
    if (other) {
        json_object_set_new(e, "other_subject", json_string(other));
        report_add(c->r, "cert.client.multiple", FST_WARN, D_MY, e,
                   "Client certificates of two subjects are valid here (%s, %s): one certificate "
                   "shared by several terminals (manual 9)",
                   "別の名義のクライアント証明書も有効 (%s、%s): 複数の端末にて共通のクライアント証明書を"
                   "使用している (手順書 9)",
                   best->subject, other);
    } else if (nvalid > 1) {
        report_add(c->r, "cert.client.multiple", FST_OK, D_MY, e,
                   "%zu valid client certificates of %s: the previous one stays valid after a "
                   "renewal until it expires (note: choose the newest in 認証用の証明書の選択, 5)",
                   "有効なクライアント証明書が %zu 枚 (%s): 更新後も古い証明書は期限まで有効 "
                   "(認証用の証明書の選択 (手順書 5) では新しい方を選ぶ)",
                   nvalid, best->subject);
    } else {
        report_add(c->r, "cert.client.multiple", FST_OK, D_MY, e,
                   "%zu valid client certificate installed", "有効なクライアント証明書は %zu 枚", nvalid);
    }

    int rst = load_dir(c, D_ROOT, &root, 0);
    const struct cert_ent *found = NULL;
    for (size_t i = 0; rst > 0 && i < root.n && !found; i++)
        if (X509_NAME_cmp(X509_get_subject_name(root.v[i].x), X509_get_issuer_name(best->x)) == 0)
            found = &root.v[i];
    if (rst >= 0) {
        e = ev(found ? found->file : D_ROOT, 0, found ? found->subject : "absent", best->issuer);
        if (found)
            report_add(c->r, "cert.root.present", FST_OK, found->file, e,
                       "The root %s is in the trusted roots", "ルート証明書 %s は信頼されている",
                       found->subject);
        else
            report_add(c->r, "cert.root.present", FST_FAIL, D_ROOT, e,
                       "The root %s is not in the trusted roots: the import was answered いいえ "
                       "(manual 4-8); import the certificate again",
                       "ルート証明書 %s が信頼されたルートにない。セキュリティ警告で「いいえ」を選んだ"
                       "可能性 (手順書 4-8)。証明書を再インストールする",
                       best->issuer);
    }
    set_free(&root);
    set_free(&my);
}
