/* Exported certificates: DER, PEM (one or more), PEM in UTF-16
 * (collectors/parsers/certs.c, OpenSSL). Every certificate handed over has readable
 * names and times, or the file is refused with a reason. */
#include <string.h>

#include "collectors/parsers/certs.h"
#include "fuzz.h"

static void each(X509 *x, void *ud)
{
    char cn[256];
    long long nb, na;
    cert_name_cn(X509_get_subject_name(x), cn, sizeof cn);
    FUZZ_CHECK(memchr(cn, 0, sizeof cn) != NULL);
    cert_name_cn(X509_get_issuer_name(x), cn, sizeof cn);
    (void)cert_times(x, &nb, &na);
    (*(int *)ud)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    int seen = 0;
    int n = certs_parse(data, size, each, &seen, &d);
    if (n < 0)
        FUZZ_CHECK(d.why[0] != 0);
    else
        FUZZ_CHECK(n == seen);
    return 0;
}
