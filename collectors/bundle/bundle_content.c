/* The content check of every file that would enter a bundle
 * (bundle_content.h). */
#include "bundle_content.h"

#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

/* Whether ASCII needle is in b as bytes, UTF-16LE or UTF-16BE. */
static int holds_ascii(const unsigned char *b, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (int w = 0; w < 3; w++) {
        size_t step = w ? 2 : 1;
        if (k * step > n)
            continue;
        for (size_t i = 0; i + k * step <= n; i++) {
            if (b[i + (w == 2)] != (unsigned char)needle[0])
                continue;
            size_t j = 0;
            for (; j < k; j++) {
                const unsigned char *c = b + i + j * step;
                if (w == 0 ? c[0] != (unsigned char)needle[j]
                           : w == 1 ? c[0] != (unsigned char)needle[j] || c[1] != 0
                                    : c[0] != 0 || c[1] != (unsigned char)needle[j])
                    break;
            }
            if (j == k)
                return 1;
        }
    }
    return 0;
}

/* A DER header at b: *hdr its size, the content length; 0 when not one. */
static size_t der_len(const unsigned char *b, size_t n, size_t *hdr)
{
    if (n < 2)
        return 0;
    if (b[1] < 0x80) {
        *hdr = 2;
        return b[1];
    }
    size_t k = b[1] & 0x7F, len = 0;
    if (k == 0 || k > 4 || n < 2 + k)
        return 0;
    for (size_t i = 0; i < k; i++)
        len = len << 8 | b[2 + i];
    *hdr = 2 + k;
    return len;
}

/* The whole length of a DER SEQUENCE at b that starts the way a key or PFX
 * does, else 0: version INTEGER 0, 1 or 3 followed by a SEQUENCE, INTEGER or
 * OCTET STRING (PKCS#8, PKCS#12, RSA/EC keys), or an AlgorithmIdentifier
 * (encrypted PKCS#8). Text never holds those control bytes, so the parsers
 * below run on binary data only. */
static size_t der_seq(const unsigned char *b, size_t n)
{
    size_t hdr, len;
    if (n < 2 || b[0] != 0x30 || !(len = der_len(b, n, &hdr)))
        return 0;
    /* The smallest key (Ed25519 PKCS#8) holds 46 bytes. */
    if (len < 40 || len > n - hdr)
        return 0;
    const unsigned char *c = b + hdr;
    if (c[0] == 0x02)
        return c[1] == 1 && (c[2] == 0 || c[2] == 1 || c[2] == 3) &&
               (c[3] == 0x30 || c[3] == 0x02 || c[3] == 0x04) ? hdr + len : 0;
    size_t h2;
    if (c[0] != 0x30 || !der_len(c, len, &h2) || h2 >= len)
        return 0;
    return c[h2] == 0x06 ? hdr + len : 0;
}

/* Whether the DER at b (whole length len) parses as a PKCS#12, a PKCS#8
 * key (plain or encrypted) or a traditional private key. */
static int der_is_key(const unsigned char *b, size_t len)
{
    const unsigned char *p = b;
    int found = 0;
    PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
    if (p12) {
        found = 1;
        PKCS12_free(p12);
    }
    p = b;
    PKCS8_PRIV_KEY_INFO *p8 = found ? NULL : d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len);
    if (p8) {
        found = 1;
        PKCS8_PRIV_KEY_INFO_free(p8);
    }
    p = b;
    X509_SIG *sig = found ? NULL : d2i_X509_SIG(NULL, &p, (long)len);
    if (sig) {
        /* An encrypted PKCS#8 key: AlgorithmIdentifier + OCTET STRING, and
         * the whole structure used. */
        found = (size_t)(p - b) == len;
        X509_SIG_free(sig);
    }
    p = b;
    EVP_PKEY *k = found ? NULL : d2i_AutoPrivateKey(NULL, &p, (long)len);
    if (k) {
        found = 1;
        EVP_PKEY_free(k);
    }
    ERR_clear_error();
    return found;
}

static int key_at_any_offset(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i + 2 <= n; i++) {
        const unsigned char *z = memchr(b + i, 0x30, n - i);
        if (!z)
            return 0;
        i = (size_t)(z - b);
        size_t len = der_seq(b + i, n - i);
        if (len && der_is_key(b + i, len))
            return 1;
    }
    return 0;
}

static const char *const key_markers[] = {"PRIVATE KEY-----", "PRIVATE KEY BLOCK-----",
                                          "PuTTY-User-Key-File-", "BEGIN PKCS12"};

/* Element names that only an OQS request or result file holds (the
 * insurance elements of the result, the request's search block, the
 * status block of the header). */
static const char *const oqs_xml[] = {
    "<XmlMsg", "<MessageHeader", "<MessageBody", "<SegmentOfResult",
    "<ResultOfQualificationConfirmation", "<QualificationConfirmSearchInfo",
    "<InsuredIdentificationNumber", "<InsuredCardSymbol", "<InsuredBranchNumber",
    "<InsurerNumber", "<InsuredName", "<NameKana", "<BulkConfirmUnit",
    "<QualificationValidity", "<ArbitraryFileIdentifier", "<ProcessingResultStatus",
};

/* Archives and compressed data: a zipped result file, a packed profile. */
static int archive_magic(const unsigned char *b, size_t n)
{
    return (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) || (n >= 2 && b[0] == 0x1F && b[1] == 0x8B) ||
           (n >= 6 && memcmp(b, "7z\xBC\xAF\x27\x1C", 6) == 0) || (n >= 4 && memcmp(b, "Rar!", 4) == 0) ||
           (n >= 4 && memcmp(b, "MSCF", 4) == 0);
}

static const char *cert_check(const unsigned char *b, size_t n)
{
    const unsigned char *p = b;
    X509 *x = d2i_X509(NULL, &p, (long)n);
    if (x) {
        X509_free(x);
        ERR_clear_error();
        /* d2i_X509 ignores what follows: a key or PFX appended to a .cer. */
        return (size_t)(p - b) == n ? NULL : "bytes after the certificate (certs/ holds one "
                                             "certificate per file)";
    }
    BIO *bio = BIO_new_mem_buf(b, (int)n);
    x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    ERR_clear_error();
    if (!x)
        return "not a public certificate (certs/ holds X.509 certificates only)";
    X509_free(x);
    return NULL;
}

const char *bundle_refuse_content(const char *rel, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < sizeof key_markers / sizeof *key_markers; i++)
        if (holds_ascii(b, n, key_markers[i]))
            return "holds a private key (never in a bundle)";
    if (key_at_any_offset(b, n))
        return "holds a private key or PKCS#12 (PFX) structure (never in a bundle)";
    for (size_t i = 0; i < sizeof oqs_xml / sizeof *oqs_xml; i++)
        if (holds_ascii(b, n, oqs_xml[i]))
            return "an OQS request/result XML (patients' insurance data, never in a bundle)";
    if (strncmp(rel, "certs/", 6) == 0)
        return cert_check(b, n);
    if (archive_magic(b, n))
        return "an archive or compressed file where text is expected (never in a bundle)";
    return NULL;
}
