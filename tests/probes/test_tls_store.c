/* Which certificate of CurrentUser\My the TLS probe offers on Windows
 * (probes/tls_store.c): issued by tls.issuer_cn, valid now, the one valid
 * longest; never a CA's own certificate. The store is the test double's,
 * holding the fixture certificates (tests/fixtures/snapshots/cert-*), which
 * are made afresh with the day's dates: the times come from them. */
#include "testutil.h"

#include <string.h>

#include <openssl/x509.h>

#include "core/platform.h"
#include "probes/tls_store.h"

#define OBN "Online Billing NW Common Root CA"
#define HOUR 3600LL

static struct buf der[4];
static struct plat_fake_cert certs[4];
static struct plat_fake host;

static void load(size_t i, const char *rel)
{
    buf_reset(&der[i]);
    assert_int_equal(buf_read_file(&der[i], tu_fixture(rel), 1 << 20), 0);
    certs[i] = (struct plat_fake_cert){"MY", (const unsigned char *)der[i].data, der[i].len, "s", "i"};
}

/* Seconds since the epoch of certificate i's notBefore (end 0) or notAfter (end 1). */
static long long cert_time(size_t i, int end)
{
    const unsigned char *p = (const unsigned char *)der[i].data;
    X509 *x = d2i_X509(NULL, &p, (long)der[i].len);
    assert_non_null(x);
    ASN1_TIME *epoch = ASN1_TIME_set(NULL, 0);
    int days = 0, secs = 0;
    const ASN1_TIME *t = end ? X509_get0_notAfter(x) : X509_get0_notBefore(x);
    assert_int_equal(ASN1_TIME_diff(&days, &secs, epoch, t), 1);
    ASN1_TIME_free(epoch);
    X509_free(x);
    return (long long)days * 86400 + secs;
}

static void use(size_t n)
{
    memset(&host, 0, sizeof host);
    host.is_windows = 1;
    host.certs = certs;
    host.ncerts = n;
    plat_fake = &host;
}

static int teardown(void **state)
{
    (void)state;
    plat_fake = NULL;
    for (size_t i = 0; i < 4; i++)
        buf_free(&der[i]);
    return 0;
}

static void test_store_pick_takes_the_certificate_valid_longest(void **state)
{
    (void)state;
    load(0, "snapshots/cert-multiple/certs/user-my/client.cer");  /* OQS-SV01, a year */
    load(1, "snapshots/cert-multiple/certs/user-my/client2.cer"); /* OQS-SV09, made seconds later */
    load(2, "snapshots/cert-expired/certs/user-my/client.cer");   /* a day */
    use(3);
    assert_true(cert_time(1, 1) > cert_time(0, 1));
    long long now = cert_time(1, 0) + HOUR;
    struct tls_store_pick p;
    char why[256];
    assert_int_equal(tls_store_pick(OBN, now, &p, why, sizeof why), 0);
    assert_non_null(strstr(p.subject, "OQS-SV09"));
    assert_int_equal(strlen(p.thumb), 40);
    assert_int_equal(p.candidates, 3);
    assert_int_equal(p.by_issuer, 3);
    /* The DER handed over (what Schannel's path reports on) is that one. */
    assert_int_equal(p.der_len, der[1].len);
    assert_memory_equal(p.der, der[1].data, der[1].len);
    /* Listed the other way round, the same one. */
    struct plat_fake_cert t = certs[0];
    certs[0] = certs[1];
    certs[1] = t;
    struct tls_store_pick q;
    assert_int_equal(tls_store_pick(OBN, now, &q, why, sizeof why), 0);
    assert_string_equal(q.thumb, p.thumb);
    tls_store_pick_free(&p);
    tls_store_pick_free(&q);
    assert_null(q.der);
}

static void test_store_pick_skips_expired_and_not_yet_valid(void **state)
{
    (void)state;
    load(0, "snapshots/cert-expired/certs/user-my/client.cer");
    use(1);
    struct tls_store_pick p;
    char why[256];
    /* A day after its end: expired. */
    assert_int_equal(tls_store_pick(OBN, cert_time(0, 1) + 24 * HOUR, &p, why, sizeof why), 1);
    assert_int_equal(p.by_issuer, 1);
    assert_null(p.der);
    tls_store_pick_free(&p);
    /* An hour before its start: not valid yet. */
    assert_int_equal(tls_store_pick(OBN, cert_time(0, 0) - HOUR, &p, why, sizeof why), 1);
    tls_store_pick_free(&p);
    /* In between: valid. */
    assert_int_equal(tls_store_pick(OBN, cert_time(0, 0) + HOUR, &p, why, sizeof why), 0);
    assert_non_null(p.der);
    tls_store_pick_free(&p);
}

static void test_store_pick_wants_the_issuer_and_not_a_ca(void **state)
{
    (void)state;
    load(0, "snapshots/cert-multiple/certs/user-my/client.cer");
    load(1, "snapshots/cert-multiple/certs/root/OnlineBillingNWCommonRootCA.cer");
    use(2);
    long long now = cert_time(0, 0) + HOUR;
    struct tls_store_pick p;
    char why[256];
    assert_int_equal(tls_store_pick("Some Other CA", now, &p, why, sizeof why), 1);
    assert_int_equal(p.candidates, 2);
    assert_int_equal(p.by_issuer, 0);
    tls_store_pick_free(&p);
    /* The root alone: issued by that name (itself), but a CA. */
    certs[0] = certs[1];
    use(1);
    assert_int_equal(tls_store_pick(OBN, now, &p, why, sizeof why), 1);
    tls_store_pick_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_pick_takes_the_certificate_valid_longest),
        cmocka_unit_test(test_store_pick_skips_expired_and_not_yet_valid),
        cmocka_unit_test(test_store_pick_wants_the_issuer_and_not_a_ca),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
