/* probe tls against openssl s_server with chains the harness makes with the
 * openssl CLI: valid, expired, wrong host name, missing intermediate, and a
 * server that requires a client certificate from the (test) Online Billing
 * NW Common Root CA. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/platform.h"
#include "harness.h"

#define PFX_PASSWORD "harness-pfx-pass"

/* probe tls on tls-<which>.oqs.onshikaku.org; client: a file of the
 * harness certs directory or NULL. */
static json_t *run_tls(const char *which, const char *client, int *status, char **text)
{
    static char a[5][512];
    snprintf(a[0], sizeof a[0], "dns.servers=%s", hx_env(&hx_group, "DNS"));
    snprintf(a[1], sizeof a[1], "tls.target=tls-%s.oqs.onshikaku.org:%s", which, hx_env(&hx_group, "TLS_PORT"));
    snprintf(a[2], sizeof a[2], "tls.ca_file=%s", hx_env(&hx_group, "CA_FILE"));
    snprintf(a[3], sizeof a[3], "tls.client_cert=%s%s%s", client ? hx_env(&hx_group, "CERTS") : "",
             client ? "/" : "", client ? client : "");
    snprintf(a[4], sizeof a[4], "timeout_ms=4000");
    const char *args[] = {"--set", a[0], "--set", a[1], "--set", a[2], "--set", a[3], "--set", a[4], NULL};
    const char *probes[] = {"tls", NULL};
    json_t *doc = hx_probe(args, probes, status);
    assert_non_null(doc);
    if (text)
        *text = json_dumps(doc, 0);
    return doc;
}

static const char *ev_str(const json_t *f, const char *key)
{
    return json_string_value(json_object_get(json_object_get(f, "evidence"), key));
}

static void test_tls_valid_chain_gives_no_fail(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_tls("valid", NULL, &st, NULL);
    if (hx_count(doc, "fail"))
        hx_dump(doc);
    assert_int_equal(hx_count(doc, "fail"), 0);
    assert_int_equal(json_array_size(json_object_get(doc, "kb")), 0);
    assert_string_equal(hx_status(hx_finding(doc, "tls.verify", NULL, NULL)), "ok");
    json_t *h = hx_finding(doc, "tls.handshake", NULL, NULL);
    assert_non_null(h);
    assert_true(strncmp(ev_str(h, "protocol"), "TLSv1.", 6) == 0);
    assert_true(strlen(ev_str(h, "cipher")) > 0);
    json_t *r = hx_finding(doc, "tls.client_cert.requested", NULL, NULL);
    assert_false(json_is_true(json_object_get(json_object_get(r, "evidence"), "requested")));
    json_decref(doc);
}

static void test_tls_expired_server_certificate_fails_verify_and_expiry(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_tls("expired", NULL, &st, NULL);
    json_t *v = hx_finding(doc, "tls.verify", NULL, NULL);
    assert_string_equal(hx_status(v), "fail");
    assert_true(tu_contains(ev_str(v, "error"), "expired"));
    json_t *e = hx_finding(doc, "tls.server_cert.expiry", NULL, NULL);
    assert_string_equal(hx_status(e), "fail");
    assert_true(json_integer_value(json_object_get(json_object_get(e, "evidence"), "days_left")) < 0);
    json_decref(doc);
}

static void test_tls_certificate_for_another_name_fails_hostname(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_tls("wronghost", NULL, &st, NULL);
    assert_string_equal(hx_status(hx_finding(doc, "tls.verify.hostname", NULL, NULL)), "fail");
    assert_string_equal(hx_status(hx_finding(doc, "tls.verify", NULL, NULL)), "ok");
    json_decref(doc);
}

static void test_tls_missing_intermediate_fails_verify(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_tls("nochain", NULL, &st, NULL);
    json_t *v = hx_finding(doc, "tls.verify", NULL, NULL);
    assert_string_equal(hx_status(v), "fail");
    assert_true(tu_contains(ev_str(v, "error"), "issuer"));
    assert_null(hx_finding(doc, "tls.verify.hostname", NULL, NULL));
    json_decref(doc);
}

static void test_tls_server_demanding_a_client_cert_without_one_fails_accepted(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_tls("clientauth", NULL, &st, NULL);
    json_t *r = hx_finding(doc, "tls.client_cert.requested", NULL, NULL);
    assert_true(json_is_true(json_object_get(json_object_get(r, "evidence"), "requested")));
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.accepted", NULL, NULL)), "fail");
    assert_true(hx_has_kb(doc, "cert-missing-or-invalid"));
    json_decref(doc);
}

static void test_tls_pfx_client_cert_is_accepted_and_password_never_shown(void **state)
{
    (void)state;
    hx_need_group();
    setenv("OQSDIAG_PFX_PASSWORD", PFX_PASSWORD, 1);
    int st;
    char *text = NULL;
    json_t *doc = run_tls("clientauth", "client.pfx", &st, &text);
    unsetenv("OQSDIAG_PFX_PASSWORD");
    if (hx_count(doc, "fail"))
        hx_dump(doc);
    assert_int_equal(hx_count(doc, "fail"), 0);
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.load", NULL, NULL)), "ok");
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.issuer", NULL, NULL)), "ok");
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.usage", NULL, NULL)), "ok");
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.accepted", NULL, NULL)), "ok");
    assert_int_equal(json_array_size(json_object_get(doc, "kb")), 0);
    assert_false(tu_contains(text, PFX_PASSWORD));
    assert_false(tu_contains(text, "PRIVATE KEY"));
    free(text);
    json_decref(doc);
}

static void test_tls_pfx_with_wrong_password_fails_load_naming_the_variable(void **state)
{
    (void)state;
    hx_need_group();
    setenv("OQSDIAG_PFX_PASSWORD", "not-the-password", 1);
    int st;
    char *text = NULL;
    json_t *doc = run_tls("clientauth", "client.pfx", &st, &text);
    unsetenv("OQSDIAG_PFX_PASSWORD");
    json_t *f = hx_finding(doc, "tls.client_cert.load", NULL, NULL);
    assert_string_equal(hx_status(f), "fail");
    assert_string_equal(ev_str(f, "password_env"), "OQSDIAG_PFX_PASSWORD");
    assert_true(hx_has_kb(doc, "cert-missing-or-invalid"));
    assert_false(tu_contains(text, "not-the-password"));
    free(text);
    json_decref(doc);
}

static void test_tls_expired_client_cert_fails_expiry_and_is_refused(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_tls("clientauth", "client_expired-bundle.pem", &st, NULL);
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.expiry", NULL, NULL)), "fail");
    assert_true(hx_has_kb(doc, "cert-expiry"));
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.accepted", NULL, NULL)), "fail");
    json_decref(doc);
}

static void test_tls_client_cert_from_another_ca_fails_issuer(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_tls("clientauth", "client_other-bundle.pem", &st, NULL);
    json_t *f = hx_finding(doc, "tls.client_cert.issuer", NULL, NULL);
    assert_string_equal(hx_status(f), "fail");
    assert_string_equal(ev_str(f, "seen"), "Some Other CA");
    assert_true(hx_has_kb(doc, "cert-missing-or-invalid"));
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.accepted", NULL, NULL)), "fail");
    json_decref(doc);
}

static void test_tls_client_cert_without_client_auth_fails_usage(void **state)
{
    (void)state;
    hx_need_group();
    int st;
    json_t *doc = run_tls("clientauth", "client_serveronly-bundle.pem", &st, NULL);
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.usage", NULL, NULL)), "fail");
    assert_string_equal(hx_status(hx_finding(doc, "tls.client_cert.issuer", NULL, NULL)), "ok");
    json_decref(doc);
}

static void test_tls_unreachable_target_is_connect_failed(void **state)
{
    (void)state;
    hx_need_group();
    char a0[128];
    snprintf(a0, sizeof a0, "tls.target=127.0.53.35:%s", hx_env(&hx_group, "TLS_PORT"));
    const char *args[] = {"--set", a0, NULL};
    const char *probes[] = {"tls", NULL};
    int st;
    json_t *doc = hx_probe(args, probes, &st);
    assert_non_null(doc);
    assert_string_equal(hx_status(hx_finding(doc, "tls.connect.failed", NULL, NULL)), "fail");
    assert_null(hx_finding(doc, "tls.handshake", NULL, NULL));
    assert_true(hx_has_kb(doc, "ipvpn-line-auth"));
    json_decref(doc);
}

/* Windows, the store's certificate whose key stays there (the test
 * double's store holds the harness's client certificate; its keys never
 * leave it): Schannel's answer (plat_tls_offer_cert, the double's here) is
 * tls.client_cert.accepted, asked with that certificate's thumbprint, the
 * address OpenSSL's handshake reached and the target's name. */
static char offered_thumb[64], offered_addr[64], offered_sni[256];
static int offered_port, offer_answer;

static int fake_offer(const char *thumb, const char *addr, int port, const char *sni, struct oqs_err *err)
{
    snprintf(offered_thumb, sizeof offered_thumb, "%s", thumb);
    snprintf(offered_addr, sizeof offered_addr, "%s", addr);
    snprintf(offered_sni, sizeof offered_sni, "%s", sni);
    offered_port = port;
    if (offer_answer != 0)
        oqs_errf(err, "Schannel ended the handshake (status 0x80090326)");
    return offer_answer;
}

static void test_tls_store_certificate_whose_key_stays_is_offered_by_schannel(void **state)
{
    (void)state;
    hx_need_group();
    char path[600];
    snprintf(path, sizeof path, "%s/client.pem", hx_env(&hx_group, "CERTS"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    assert_non_null(x);
    unsigned char *der = NULL, md[EVP_MAX_MD_SIZE];
    int dn = i2d_X509(x, &der);
    unsigned mdn = 0;
    assert_true(dn > 0 && X509_digest(x, EVP_sha1(), md, &mdn) == 1 && mdn == 20);
    char want[41];
    for (unsigned i = 0; i < 20; i++)
        snprintf(want + 2 * i, 3, "%02X", md[i]);
    struct plat_fake_cert cert = {"MY", der, (size_t)dn, "s", "i"};
    struct plat_fake host;
    memset(&host, 0, sizeof host);
    host.is_windows = 1;
    host.certs = &cert;
    host.ncerts = 1;
    host.tls_offer = fake_offer;
    plat_fake = &host;
    for (int answer = 0; answer <= 1; answer++) {
        offer_answer = answer;
        offered_thumb[0] = '\0';
        int st;
        json_t *doc = run_tls("clientauth", NULL, &st, NULL);
        json_t *load = hx_finding(doc, "tls.client_cert.load", NULL, NULL);
        assert_string_equal(hx_status(load), "ok");
        assert_non_null(strstr(ev_str(load, "file"), want));
        json_t *acc = hx_finding(doc, "tls.client_cert.accepted", NULL, NULL);
        if (strcmp(hx_status(acc), answer == 0 ? "ok" : "fail") != 0)
            hx_dump(doc);
        assert_string_equal(hx_status(acc), answer == 0 ? "ok" : "fail");
        assert_string_equal(ev_str(acc, "offered_by"), "schannel");
        assert_string_equal(offered_thumb, want);
        assert_string_equal(offered_addr, "127.0.53.34");
        assert_int_equal(offered_port, atoi(hx_env(&hx_group, "TLS_PORT")));
        assert_string_equal(offered_sni, "tls-clientauth.oqs.onshikaku.org");
        json_decref(doc);
    }
    plat_fake = NULL;
    OPENSSL_free(der);
    X509_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tls_valid_chain_gives_no_fail),
        cmocka_unit_test(test_tls_expired_server_certificate_fails_verify_and_expiry),
        cmocka_unit_test(test_tls_certificate_for_another_name_fails_hostname),
        cmocka_unit_test(test_tls_missing_intermediate_fails_verify),
        cmocka_unit_test(test_tls_server_demanding_a_client_cert_without_one_fails_accepted),
        cmocka_unit_test(test_tls_pfx_client_cert_is_accepted_and_password_never_shown),
        cmocka_unit_test(test_tls_pfx_with_wrong_password_fails_load_naming_the_variable),
        cmocka_unit_test(test_tls_expired_client_cert_fails_expiry_and_is_refused),
        cmocka_unit_test(test_tls_client_cert_from_another_ca_fails_issuer),
        cmocka_unit_test(test_tls_client_cert_without_client_auth_fails_usage),
        cmocka_unit_test(test_tls_unreachable_target_is_connect_failed),
        cmocka_unit_test(test_tls_store_certificate_whose_key_stays_is_offered_by_schannel),
    };
    return hx_run_group(tests, "dns tls");
}
