/* Which certificate of CurrentUser\My the TLS probe offers on Windows
 * (probes/tls_store.c): issued by tls.issuer_cn, valid now, the one valid
 * longest; never a CA's own certificate. The store is the test double's,
 * holding the fixture certificates (tests/fixtures/snapshots/cert-*). */
#include "testutil.h"

#include <string.h>

#include "core/platform.h"
#include "probes/tls_store.h"

#define OBN "Online Billing NW Common Root CA"
/* 2026-12-01T00:00:00Z: the fixture client certificates are valid from
 * 2026-11-25 for a year, the short one until 2026-11-26. */
#define DEC_2026 1796083200LL

static struct buf der[4];
static struct plat_fake_cert certs[4];
static struct plat_fake host;

static void load(size_t i, const char *rel)
{
    buf_reset(&der[i]);
    assert_int_equal(buf_read_file(&der[i], tu_fixture(rel), 1 << 20), 0);
    certs[i] = (struct plat_fake_cert){"MY", (const unsigned char *)der[i].data, der[i].len, "s", "i"};
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
    load(0, "snapshots/cert-multiple/certs/user-my/client.cer");  /* OQS-SV01, ends first */
    load(1, "snapshots/cert-multiple/certs/user-my/client2.cer"); /* OQS-SV09, ends 7 s later */
    load(2, "snapshots/cert-expired/certs/user-my/client.cer");   /* ends 2026-11-26 */
    use(3);
    struct tls_store_pick p;
    char why[256];
    assert_int_equal(tls_store_pick(OBN, DEC_2026, &p, why, sizeof why), 0);
    assert_non_null(strstr(p.subject, "OQS-SV09"));
    assert_int_equal(strlen(p.thumb), 40);
    assert_int_equal(p.candidates, 3);
    assert_int_equal(p.by_issuer, 3);
    /* Listed the other way round, the same one. */
    struct plat_fake_cert t = certs[0];
    certs[0] = certs[1];
    certs[1] = t;
    struct tls_store_pick q;
    assert_int_equal(tls_store_pick(OBN, DEC_2026, &q, why, sizeof why), 0);
    assert_string_equal(q.thumb, p.thumb);
}

static void test_store_pick_skips_expired_and_not_yet_valid(void **state)
{
    (void)state;
    load(0, "snapshots/cert-expired/certs/user-my/client.cer");
    use(1);
    struct tls_store_pick p;
    char why[256];
    /* 2027-01-01: expired. */
    assert_int_equal(tls_store_pick(OBN, 1798761600LL, &p, why, sizeof why), 1);
    assert_int_equal(p.by_issuer, 1);
    /* 2026-11-25T11:00Z: not valid yet. */
    assert_int_equal(tls_store_pick(OBN, 1795604400LL, &p, why, sizeof why), 1);
    /* 2026-11-25T18:00Z: valid. */
    assert_int_equal(tls_store_pick(OBN, 1795629600LL, &p, why, sizeof why), 0);
}

static void test_store_pick_wants_the_issuer_and_not_a_ca(void **state)
{
    (void)state;
    load(0, "snapshots/cert-multiple/certs/user-my/client.cer");
    load(1, "snapshots/cert-multiple/certs/root/OnlineBillingNWCommonRootCA.cer");
    use(2);
    struct tls_store_pick p;
    char why[256];
    assert_int_equal(tls_store_pick("Some Other CA", DEC_2026, &p, why, sizeof why), 1);
    assert_int_equal(p.candidates, 2);
    assert_int_equal(p.by_issuer, 0);
    /* The root alone: issued by that name (itself), but a CA. */
    certs[0] = certs[1];
    use(1);
    assert_int_equal(tls_store_pick(OBN, DEC_2026, &p, why, sizeof why), 1);
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
