#include "certs.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>

static int has_begin(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i + 10 <= n; i++)
        if (memcmp(s + i, "-----BEGIN", 10) == 0)
            return 1;
    return 0;
}

static int pem_each(const char *s, size_t n, void (*cb)(X509 *x, void *ud), void *ud,
                    struct parse_diag *d)
{
    if (n > 0x7fffffff)
        return diag_set(d, 0, "file too large");
    BIO *b = BIO_new_mem_buf(s, (int)n);
    if (!b)
        return diag_set(d, 0, "out of memory");
    int count = 0;
    X509 *x;
    while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
        cb(x, ud);
        X509_free(x);
        count++;
    }
    ERR_clear_error();
    BIO_free(b);
    if (count == 0)
        return diag_set(d, 1, "a PEM file without a readable CERTIFICATE block");
    return count;
}

int certs_parse(const unsigned char *raw, size_t n, void (*cb)(X509 *x, void *ud), void *ud,
                struct parse_diag *d)
{
    if (n == 0)
        return diag_set(d, 0, "empty file");
    /* DER: one certificate that uses every byte. */
    if (raw[0] == 0x30 && n <= 0x7fffffff) {
        const unsigned char *p = raw;
        X509 *x = d2i_X509(NULL, &p, (long)n);
        if (x) {
            int whole = p == raw + n;
            if (whole)
                cb(x, ud);
            X509_free(x);
            ERR_clear_error();
            if (whole)
                return 1;
            return diag_set(d, 0, "DER certificate followed by %zu stray bytes",
                            n - (size_t)(p - raw));
        }
        ERR_clear_error();
    }
    if (has_begin(raw, n))
        return pem_each((const char *)raw, n, cb, ud, d);
    /* PEM saved as UTF-16 (PowerShell redirection). */
    char *text;
    size_t len;
    if (text_decode(raw, n, &text, &len, d) != 0)
        return -1;
    int rc;
    if (strstr(text, "-----BEGIN"))
        rc = pem_each(text, len, cb, ud, d);
    else
        rc = diag_set(d, 0, "neither a DER certificate nor PEM");
    free(text);
    return rc;
}

void cert_name_cn(const X509_NAME *name, char *out, size_t cap)
{
    out[0] = '\0';
    if (!name)
        return;
    int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (i < 0)
        return;
    const ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    unsigned char *u = NULL;
    int l = ASN1_STRING_to_UTF8(&u, s);
    if (l >= 0) {
        t_copy(out, cap, (const char *)u, (size_t)l);
        /* a NUL inside a CN would end the C string anyway; keep it printable */
        for (char *p = out; *p; p++)
            if ((unsigned char)*p < 0x20)
                *p = '?';
    }
    OPENSSL_free(u);
}

static int asn1_epoch(const ASN1_TIME *t, long long *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return -1;
    /* days from civil, as timegm is not ISO C */
    long long y = tm.tm_year + 1900;
    unsigned m = (unsigned)tm.tm_mon + 1, dd = (unsigned)tm.tm_mday;
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long long days = era * 146097 + (long long)doe - 719468;
    *out = days * 86400 + tm.tm_hour * 3600LL + tm.tm_min * 60LL + tm.tm_sec;
    return 0;
}

int cert_times(const X509 *x, long long *not_before, long long *not_after)
{
    if (asn1_epoch(X509_get0_notBefore(x), not_before) != 0 ||
        asn1_epoch(X509_get0_notAfter(x), not_after) != 0)
        return -1;
    return 0;
}
