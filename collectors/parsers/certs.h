#ifndef OQSDIAG_CERTS_H
#define OQSDIAG_CERTS_H

#include <stddef.h>
#include <openssl/x509.h>

#include "text.h"

/* Public certificates exported from a Windows store (certs/user-my/NAME.cer,
 * certs/root/NAME.cer): DER, or PEM with one or more certificates, in any of
 * the layout's text encodings. Calls cb with each certificate (borrowed:
 * valid during the call); returns the number found, or -1 with d set. */
int certs_parse(const unsigned char *raw, size_t n,
                void (*cb)(X509 *x, void *ud), void *ud, struct parse_diag *d);

/* The CN of a name, or "" (out gets at most cap-1 bytes). */
void cert_name_cn(const X509_NAME *name, char *out, size_t cap);
/* notBefore / notAfter as seconds since the epoch, UTC. */
int cert_times(const X509 *x, long long *not_before, long long *not_after);

#endif
