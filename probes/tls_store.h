#ifndef OQSDIAG_TLS_STORE_H
#define OQSDIAG_TLS_STORE_H

#include <stddef.h>

/* The client certificate the OQS applications would offer: the one in
 * CurrentUser\My issued by tls.issuer_cn and valid at now; of several, the
 * one valid longest. */
struct tls_store_pick {
    char thumb[41];     /* SHA-1 of the certificate, upper-case hex */
    char subject[256];  /* its subject, one line */
    int candidates;     /* certificates in the store */
    int by_issuer;      /* of those, issued by issuer_cn */
    unsigned char *der; /* the one picked, DER (owned: tls_store_pick_free) */
    size_t der_len;
};

/* 0 picked; 1 none fits (pick->candidates and by_issuer say what was
 * seen); -1 the store cannot be read (why filled). The caller frees pick
 * with tls_store_pick_free whatever the answer. */
int tls_store_pick(const char *issuer_cn, long long now, struct tls_store_pick *pick, char *why,
                   size_t whyn);
void tls_store_pick_free(struct tls_store_pick *pick);

#endif
