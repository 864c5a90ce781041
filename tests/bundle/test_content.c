/* The content check (issue 21): whatever a file is called, a private key or
 * PKCS#12 at any offset, a PEM key marker in any encoding, an OQS
 * request/result XML and an archive stay out; ordinary logs and
 * certificates go in. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "collectors/bundle/bundle_content.h"
#include "collectors/bundle/bundle_pack.h"
#include "core/buf.h"
#include "core/platform.h"

static struct buf fixture(const char *rel)
{
    struct buf b = {0};
    assert_int_equal(buf_read_file(&b, tu_fixture(rel), 1 << 20), 0);
    return b;
}

/* prefix + blob + suffix */
static struct buf wrap(const char *prefix, const void *blob, size_t n, const char *suffix)
{
    struct buf b = {0};
    buf_appends(&b, prefix);
    buf_append(&b, blob, n);
    buf_appends(&b, suffix);
    return b;
}

static const char *refuse(const char *rel, const struct buf *b)
{
    return bundle_refuse_content(rel, (const unsigned char *)b->data, b->len);
}

static void test_content_certificate_with_pfx_appended_is_refused(void **state)
{
    (void)state;
    struct buf cer = fixture("bundle/snapshot/certs/root/root.cer"),
               pfx = fixture("bundle/snapshot/certs/user-my/client.pfx");
    assert_null(refuse("certs/root/root.cer", &cer));
    struct buf both = wrap("", cer.data, cer.len, "");
    buf_append(&both, pfx.data, pfx.len);
    assert_non_null(refuse("certs/root/root.cer", &both));
    /* A PFX in the middle of a log, at an odd offset. */
    struct buf log = wrap("2026-11-23 10:00:00.000 export\r\nX", pfx.data, pfx.len, "\r\nend 000\r\n");
    const char *why = refuse("logs/comapp/OQSComApp.log", &log);
    assert_non_null(why);
    assert_true(tu_contains(why, "PKCS#12"));
    buf_free(&cer);
    buf_free(&pfx);
    buf_free(&both);
    buf_free(&log);
}

static void test_content_der_keys_under_any_name_are_refused(void **state)
{
    (void)state;
    static const char *const kinds[] = {"RSA", "EC", "ED25519"};
    for (size_t k = 0; k < 3; k++) {
        EVP_PKEY *key = k == 0 ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024)
                        : k == 1 ? EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")
                                 : EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        assert_non_null(key);
        /* Traditional and PKCS#8 DER. */
        for (int form = 0; form < 2; form++) {
            unsigned char *der = NULL;
            int n;
            if (form == 0) {
                n = i2d_PrivateKey(key, &der);
            } else {
                PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
                n = i2d_PKCS8_PRIV_KEY_INFO(p8, &der);
                PKCS8_PRIV_KEY_INFO_free(p8);
            }
            assert_true(n > 0);
            struct buf b = wrap("header 000 0A0\n", der, (size_t)n, "\n");
            if (!refuse("comapp/config/UserDefinition.property", &b))
                fail_msg("a %s key (form %d) was let through", kinds[k], form);
            buf_free(&b);
            OPENSSL_free(der);
        }
        EVP_PKEY_free(key);
    }
}

static void test_content_pem_marker_in_every_encoding_is_refused(void **state)
{
    (void)state;
    const char *pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\r\nMIIB\r\n";
    static const unsigned cps[] = {1200, 1201, 932};
    for (size_t i = 0; i < 3; i++) {
        char *o;
        size_t on;
        assert_int_equal(plat_utf8_to_codepage(cps[i], pem, strlen(pem), &o, &on, NULL), 0);
        struct buf b = wrap("", o, on, "");
        assert_non_null(refuse("logs/distroapp/a.log", &b));
        buf_free(&b);
        free(o);
    }
}

static void test_content_oqs_result_xml_is_refused_anywhere(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "<?xml version=\"1.0\"?><XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult>",
        "<ResultOfQualificationConfirmation><Name>山田</Name>",
        "<QualificationConfirmSearchInfo><InsurerNumber>06123456</InsurerNumber>",
        "log: <InsuredIdentificationNumber>123</InsuredIdentificationNumber>",
    };
    static const char *const where[] = {"tasks/OQS_exec_x.xml", "system/os.txt",
                                        "comapp/config/a.property", "logs/comapp/backup/r.log"};
    for (size_t i = 0; i < 4; i++)
        for (unsigned cp = 0; cp < 2; cp++) {
            char *o = NULL;
            size_t on = strlen(docs[i]);
            if (cp)
                assert_int_equal(plat_utf8_to_codepage(1200, docs[i], on, &o, &on, NULL), 0);
            struct buf b = wrap("", o ? o : docs[i], on, "");
            if (!refuse(where[i], &b))
                fail_msg("%s (%s) let through in %s", docs[i], cp ? "UTF-16LE" : "UTF-8", where[i]);
            buf_free(&b);
            free(o);
        }
}

static void test_content_ordinary_files_go_in(void **state)
{
    (void)state;
    /* Timestamps full of "000" and "0A0" look like DER headers to a naive
     * check; a task XML and the delivery record name no OQS element. */
    struct buf b = {0};
    for (int i = 0; i < 2000; i++)
        buf_appendf(&b, "2026-11-23 10:00:%02d.000 [INFO] 0A0 000 0\x81\x41 run %d\r\n", i % 60, i);
    assert_null(refuse("logs/comapp/OQSComApp.log", &b));
    buf_free(&b);
    struct buf rec = fixture("bundle/snapshot/distroapp/delivery-record.txt");
    assert_null(refuse("distroapp/delivery-record.txt", &rec));
    buf_free(&rec);
    struct buf zip = wrap("PK\x03\x04", "\x14\0\0\0", 4, "");
    assert_non_null(refuse("logs/comapp/OQSComApp.log", &zip));
    buf_free(&zip);
}

/* The name gate: exact names of the layout table, and in its open families
 * only their kind of file. */
static void test_content_names_allowed_by_layout_table_only(void **state)
{
    (void)state;
    static const char *const in[] = {
        "system/os.txt", "comapp/config/UserDefinition.property", "tasks/OQS_exec_comappstart.xml",
        "tasks/schtasks.csv", "certs/root/root.cer", "logs/comapp/OQSComApp.log",
        "logs/comapp/2026/OqsComApp_20261120.log", "logs/distroapp/OQSDistroApp.log.3",
        "logs/distroapp/trace.TXT", "oqs/results.tsv", "probes/local.json",
    };
    static const char *const out[] = {
        "system/extra.txt", "system/result.xml", "comapp/config/other.property",
        "tasks/copy.xml", "tasks/OQSsiquc01res_1.xml", "logs/comapp/OQSsiquc01res_1.xml",
        "logs/comapp/山田花子.csv", "logs/comapp/backup.zip", "certs/root/root.pem",
        "oqs/req/OQSsiquc01req_1.xml", "patients.csv", "logs/comapp/a.log.bak",
    };
    for (size_t i = 0; i < sizeof in / sizeof *in; i++)
        if (bundle_refuse_path(in[i]))
            fail_msg("%s refused: %s", in[i], bundle_refuse_path(in[i]));
    for (size_t i = 0; i < sizeof out / sizeof *out; i++)
        if (!bundle_refuse_path(out[i]))
            fail_msg("%s let in by its name", out[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_certificate_with_pfx_appended_is_refused),
        cmocka_unit_test(test_content_der_keys_under_any_name_are_refused),
        cmocka_unit_test(test_content_pem_marker_in_every_encoding_is_refused),
        cmocka_unit_test(test_content_oqs_result_xml_is_refused_anywhere),
        cmocka_unit_test(test_content_ordinary_files_go_in),
        cmocka_unit_test(test_content_names_allowed_by_layout_table_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
