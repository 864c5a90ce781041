/* Picks the client certificate from CurrentUser\My (probes/tls_store.h).
 * The platform hands over the public certificates only; the private key is
 * asked for afterwards, for the one picked (plat_cert_pfx). */
#include "tls_store.h"

#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

#include "../core/platform.h"

struct scan {
    const char *issuer_cn;
    time_t now;
    struct tls_store_pick *pick;
    ASN1_TIME *best_end; /* notAfter of the one picked so far (owned) */
};

static int one(const struct plat_cert *c, void *ud)
{
    struct scan *s = ud;
    const unsigned char *p = c->der;
    X509 *x = d2i_X509(NULL, &p, (long)c->len);
    if (!x)
        return 0;
    s->pick->candidates++;
    /* A CA's own certificate (a root someone put in My) is not a client's. */
    if (X509_check_ca(x) != 0) {
        X509_free(x);
        return 0;
    }
    char cn[256] = "";
    X509_NAME_get_text_by_NID(X509_get_issuer_name(x), NID_commonName, cn, sizeof cn);
    if (strcmp(cn, s->issuer_cn) == 0) {
        s->pick->by_issuer++;
        time_t now = s->now;
        /* Valid now: notBefore <= now <= notAfter. */
        int started = X509_cmp_time(X509_get0_notBefore(x), &now) < 0;
        int ended = X509_cmp_time(X509_get0_notAfter(x), &now) < 0;
        /* Of the valid ones, the one that ends last. */
        int longer = !s->best_end || ASN1_TIME_compare(X509_get0_notAfter(x), s->best_end) > 0;
        if (started && !ended && longer) {
            unsigned char md[EVP_MAX_MD_SIZE];
            unsigned mdn = 0;
            /* The store's own bytes: they live only during this call. */
            unsigned char *der = OPENSSL_memdup(c->der, c->len);
            if (der && X509_digest(x, EVP_sha1(), md, &mdn) == 1 && mdn == 20) {
                OPENSSL_free(s->pick->der);
                s->pick->der = der;
                s->pick->der_len = c->len;
                der = NULL;
                for (unsigned i = 0; i < 20; i++)
                    snprintf(s->pick->thumb + 2 * i, 3, "%02X", md[i]);
                X509_NAME_oneline(X509_get_subject_name(x), s->pick->subject,
                                  (int)sizeof s->pick->subject);
                ASN1_TIME_free(s->best_end);
                s->best_end = ASN1_STRING_dup(X509_get0_notAfter(x));
            }
            OPENSSL_free(der);
        }
    }
    X509_free(x);
    return 0;
}

int tls_store_pick(const char *issuer_cn, long long now, struct tls_store_pick *pick, char *why,
                   size_t whyn)
{
    memset(pick, 0, sizeof *pick);
    struct scan s = {issuer_cn, (time_t)now, pick, NULL};
    struct oqs_err err = {{0}};
    int rc = plat_cert_enum("MY", one, &s, &err);
    int found = s.best_end != NULL;
    ASN1_TIME_free(s.best_end);
    if (rc < 0) {
        snprintf(why, whyn, "%s", err.msg);
        return -1;
    }
    return found ? 0 : 1;
}

void tls_store_pick_free(struct tls_store_pick *pick)
{
    OPENSSL_free(pick->der);
    pick->der = NULL;
    pick->der_len = 0;
}
