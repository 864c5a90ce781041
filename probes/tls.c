/* probe tls: a TLS handshake with tls.target, directly (*.onshikaku.org
 * bypasses the proxy, manual 2 プロキシ 5), the server chain and host name
 * checked against the system store or tls.ca_file, and the client
 * certificate of tls.client_cert (manual 4: issued by Online Billing NW
 * Common Root CA) checked and offered. The PFX password comes from the
 * environment variable tls.client_cert_password_env and goes only to
 * OpenSSL; neither it nor the key appears in any finding. */
#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/platform.h"
#include "../core/secret.h"
#include "dnsq.h"
#include "probe_impl.h"
#include "tls_store.h"

#define SRC "probe:tls"

struct tls_state {
    const char *host;
    X509_STORE *store;
    char store_error[160];
    /* What the handshake showed. */
    int requested, handshake_done, verify_ran;
    char proto[32], cipher[96];
    long verify_err;
    int host_ok;
    long days_left;
    char subject[256], issuer[256];
    /* The client certificate we offer (NULL: none). */
    X509 *cert;
    EVP_PKEY *key;
    STACK_OF(X509) *chain;
    /* Set: cert is CurrentUser\My's with this thumbprint, its key stays in
     * the store and Schannel offers it (plat_tls_offer_cert). */
    char store_thumb[41];
};

static int ex_index = -1;
static pthread_once_t ex_once = PTHREAD_ONCE_INIT;
static void make_ex_index(void)
{
    ex_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

static void name_text(const X509_NAME *n, char *out, size_t outn)
{
    out[0] = '\0';
    BIO *b = BIO_new(BIO_s_mem());
    if (!b)
        return;
    X509_NAME_print_ex(b, n, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
    int len = BIO_read(b, out, (int)outn - 1);
    out[len > 0 ? len : 0] = '\0';
    BIO_free(b);
}

static int cn_of(const X509_NAME *n, char *out, size_t outn)
{
    return X509_NAME_get_text_by_NID((X509_NAME *)n, NID_commonName, out, (int)outn) > 0;
}

static long days_until(const ASN1_TIME *t)
{
    int days = 0, secs = 0;
    if (!ASN1_TIME_diff(&days, &secs, NULL, t))
        return 0;
    return days;
}

/* OpenSSL calls this with the server's chain during the handshake; we
 * verify it ourselves, against our store, and let the handshake go on so
 * that everything after it (protocol, client certificate) is seen too. */
static int verify_cb(X509_STORE_CTX *ctx, void *arg)
{
    struct tls_state *st = arg;
    X509 *leaf = X509_STORE_CTX_get0_cert(ctx);
    if (!leaf)
        return 1;
    st->verify_ran = 1;
    name_text(X509_get_subject_name(leaf), st->subject, sizeof st->subject);
    name_text(X509_get_issuer_name(leaf), st->issuer, sizeof st->issuer);
    st->days_left = days_until(X509_get0_notAfter(leaf));
    st->host_ok = dnsq_ip_family(st->host) ? X509_check_ip_asc(leaf, st->host, 0) == 1
                                           : X509_check_host(leaf, st->host, 0, 0, NULL) == 1;
    if (!st->store) {
        st->verify_err = X509_V_ERR_UNSPECIFIED;
        return 1;
    }
    X509_STORE_CTX *v = X509_STORE_CTX_new();
    if (v && X509_STORE_CTX_init(v, st->store, leaf, X509_STORE_CTX_get0_untrusted(ctx)) == 1) {
        X509_VERIFY_PARAM_set_purpose(X509_STORE_CTX_get0_param(v), X509_PURPOSE_SSL_SERVER);
        st->verify_err = X509_verify_cert(v) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(v);
    } else {
        st->verify_err = X509_V_ERR_UNSPECIFIED;
    }
    X509_STORE_CTX_free(v);
    return 1;
}

/* Client side: called when the server asks for a certificate. */
static int cert_cb(SSL *ssl, void *arg)
{
    (void)ssl;
    ((struct tls_state *)arg)->requested = 1;
    return 1;
}

static void info_cb(const SSL *ssl, int where, int ret)
{
    (void)ret;
    if (!(where & SSL_CB_HANDSHAKE_DONE))
        return;
    struct tls_state *st = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ex_index);
    if (!st)
        return;
    st->handshake_done = 1;
    snprintf(st->proto, sizeof st->proto, "%s", SSL_get_version(ssl));
    const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
    snprintf(st->cipher, sizeof st->cipher, "%s", c ? SSL_CIPHER_get_name(c) : "");
}

static CURLcode ctx_cb(CURL *h, void *sslctx, void *arg)
{
    (void)h;
    SSL_CTX *ctx = sslctx;
    struct tls_state *st = arg;
    SSL_CTX_set_ex_data(ctx, ex_index, st);
    SSL_CTX_set_cert_verify_callback(ctx, verify_cb, st);
    SSL_CTX_set_cert_cb(ctx, cert_cb, st);
    SSL_CTX_set_info_callback(ctx, info_cb);
    if (st->cert && st->key) {
        if (SSL_CTX_use_certificate(ctx, st->cert) != 1 || SSL_CTX_use_PrivateKey(ctx, st->key) != 1)
            return CURLE_SSL_CERTPROBLEM;
        for (int i = 0; st->chain && i < sk_X509_num(st->chain); i++)
            SSL_CTX_add1_chain_cert(ctx, sk_X509_value(st->chain, i));
    }
    return CURLE_OK;
}

static int add_der(const struct plat_cert *c, void *ud)
{
    const unsigned char *p = c->der;
    X509 *x = d2i_X509(NULL, &p, (long)c->len);
    if (x) {
        X509_STORE_add_cert(ud, x);
        X509_free(x);
    }
    return 0;
}

/* tls.ca_file alone when set; else OpenSSL's default paths plus what the
 * platform's trusted roots hold (the Windows ROOT store). */
static X509_STORE *make_store(const struct config *cfg, char *why, size_t whyn)
{
    X509_STORE *s = X509_STORE_new();
    if (!s)
        return NULL;
    const char *ca = config_str(cfg, "tls.ca_file");
    if (ca && *ca) {
        if (X509_STORE_load_file(s, ca) != 1) {
            snprintf(why, whyn, "tls.ca_file %s could not be read as PEM", ca);
            X509_STORE_free(s);
            ERR_clear_error();
            return NULL;
        }
        return s;
    }
    X509_STORE_set_default_paths(s);
    struct oqs_err err;
    plat_cert_enum("ROOT", add_der, s, &err);
    ERR_clear_error();
    return s;
}

int tls_client_needs_password(const struct config *cfg)
{
    const char *path = config_str(cfg, "tls.client_cert");
    const char *env = config_str(cfg, "tls.client_cert_password_env");
    if (!path || !*path || (env && *env && getenv(env)) || secret_get("tls.client_cert"))
        return 0;
    struct buf b = {0};
    if (buf_read_file(&b, path, 1 << 20) < 0)
        return 0; /* the probe names the unreadable file */
    const unsigned char *p = (const unsigned char *)b.data;
    PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)b.len);
    int need = p12 && PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, "", 0) &&
               !PKCS12_verify_mac(p12, NULL, 0);
    PKCS12_free(p12);
    ERR_clear_error();
    if (b.data)
        OPENSSL_cleanse(b.data, b.len);
    buf_free(&b);
    return need;
}

/* Loads tls.client_cert (PFX or PEM). 0 loaded; -1 with why. */
static int load_client(const struct config *cfg, struct tls_state *st, char *why, size_t whyn)
{
    const char *path = config_str(cfg, "tls.client_cert");
    const char *env = config_str(cfg, "tls.client_cert_password_env");
    struct buf b = {0};
    if (buf_read_file(&b, path, 1 << 20) < 0) {
        snprintf(why, whyn, "cannot read %s", path);
        return -1;
    }
    int rc = -1;
    const unsigned char *p = (const unsigned char *)b.data;
    PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)b.len);
    if (p12) {
        /* Typed at the prompt (cmd/pfx_prompt.c), else the environment. */
        const char *pass = secret_get("tls.client_cert");
        if (!pass)
            pass = env && *env ? getenv(env) : NULL;
        int ok = PKCS12_parse(p12, pass ? pass : "", &st->key, &st->cert, &st->chain);
        if (!ok) {
            /* PFX files exported by older Windows use RC2/3DES, which
             * OpenSSL 3 keeps in its legacy provider. */
            ERR_clear_error();
            OSSL_PROVIDER *legacy = OSSL_PROVIDER_try_load(NULL, "legacy", 1);
            if (legacy) {
                ok = PKCS12_parse(p12, pass ? pass : "", &st->key, &st->cert, &st->chain);
                OSSL_PROVIDER_unload(legacy);
            }
        }
        if (ok)
            rc = 0;
        else
            snprintf(why, whyn, "%s: the PFX does not open with the password in %s%s", path,
                     env, pass ? "" : " (not set)");
        PKCS12_free(p12);
    } else {
        BIO *bio = BIO_new_mem_buf(b.data, (int)b.len);
        st->cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
        if (st->cert) {
            st->chain = sk_X509_new_null();
            X509 *x;
            while (st->chain && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL)
                sk_X509_push(st->chain, x);
            BIO_free(bio);
            bio = BIO_new_mem_buf(b.data, (int)b.len);
            st->key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, (void *)"") : NULL;
            rc = 0;
        } else {
            snprintf(why, whyn, "%s is neither a PFX nor a PEM certificate", path);
        }
        BIO_free(bio);
    }
    ERR_clear_error();
    /* The file may hold the private key: its bytes leave memory now. */
    if (b.data)
        OPENSSL_cleanse(b.data, b.len);
    buf_free(&b);
    return rc;
}

/* The checks of the certificate we offer; path names it (a file, or
 * CurrentUser\My\<thumbprint>). */
static void report_client_cert(struct probe_ctx *c, struct tls_state *st, const char *path)
{
    char subject[256], issuer[256], cn[256] = "";
    name_text(X509_get_subject_name(st->cert), subject, sizeof subject);
    name_text(X509_get_issuer_name(st->cert), issuer, sizeof issuer);
    int has_key = st->key != NULL || st->store_thumb[0];
    json_t *ev = json_pack("{s:s, s:s, s:s, s:b}", "file", path, "subject", subject, "issuer", issuer,
                           "private_key", has_key);
    if (st->store_thumb[0])
        json_object_set_new(ev, "key", json_string("in the store, offered by Schannel"));
    report_add(c->r, "tls.client_cert.load", has_key ? FST_OK : FST_WARN, SRC, ev,
               has_key ? "The client certificate %s loads" : "The client certificate %s loads but has no private key",
               has_key ? "クライアント証明書 %s を読み込めた" : "クライアント証明書 %s に秘密鍵がない", path);
    const char *want = config_str(c->cfg, "tls.issuer_cn");
    cn_of(X509_get_issuer_name(st->cert), cn, sizeof cn);
    int issuer_ok = strcmp(cn, want) == 0;
    report_add(c->r, "tls.client_cert.issuer", issuer_ok ? FST_OK : FST_FAIL, SRC,
               json_pack("{s:s, s:s, s:s}", "file", path, "seen", cn, "expected", want),
               issuer_ok ? "The client certificate is issued by %s" : "The client certificate is issued by %s, not the expected CA",
               issuer_ok ? "クライアント証明書の発行者は %s" : "クライアント証明書の発行者が %s で、期待する発行者ではない", cn);
    long days = days_until(X509_get0_notAfter(st->cert));
    long since = -days_until(X509_get0_notBefore(st->cert));
    long warn = config_int(c->cfg, "cert.days_warn");
    enum fstatus es = days < 0 || since < 0 ? FST_FAIL : days < warn ? FST_WARN : FST_OK;
    report_add(c->r, "tls.client_cert.expiry", es, SRC,
               json_pack("{s:s, s:I, s:I}", "file", path, "days_left", (json_int_t)days,
                         "warn_days", (json_int_t)warn),
               days < 0 ? "The client certificate expired %ld day(s) ago" : since < 0 ? "The client certificate is not valid yet (%ld days left)" : "The client certificate expires in %ld day(s)",
               days < 0 ? "クライアント証明書は %ld 日前に期限切れ" : since < 0 ? "クライアント証明書はまだ有効期間前 (残り %ld 日)" : "クライアント証明書の有効期限まで %ld 日",
               days < 0 ? -days : days);
    uint32_t xku = X509_get_extended_key_usage(st->cert);
    int usage_ok = (xku & XKU_SSL_CLIENT) != 0;
    report_add(c->r, "tls.client_cert.usage", usage_ok ? FST_OK : FST_FAIL, SRC,
               json_pack("{s:s, s:b}", "file", path, "client_auth", usage_ok),
               usage_ok ? "The client certificate allows clientAuth" : "The client certificate does not allow clientAuth",
               usage_ok ? "クライアント証明書は clientAuth 用途を含む" : "クライアント証明書に clientAuth 用途がない");
}

/* What load_from_store does with tls_store_pick's answer rc (pick and why
 * as it filled them). */
static int load_picked(struct probe_ctx *c, struct tls_state *st, const struct tls_store_pick *pick,
                       int rc, const char *why, char *label, size_t labeln)
{
    const char *want = config_str(c->cfg, "tls.issuer_cn");
    if (rc < 0) {
        report_add(c->r, "tls.client_cert.load", FST_UNKNOWN, SRC,
                   json_pack("{s:s, s:s}", "store", "CurrentUser\\My", "error", why),
                   "CurrentUser\\My cannot be read: %s", "CurrentUser\\My を読めない: %s", why);
        return 0;
    }
    if (rc > 0) {
        report_add(c->r, "tls.client_cert.load", FST_FAIL, SRC,
                   json_pack("{s:s, s:s, s:i, s:i}", "store", "CurrentUser\\My", "issuer", want,
                             "certificates", pick->candidates, "by_issuer", pick->by_issuer),
                   "CurrentUser\\My holds no valid certificate issued by %s (%d certificate(s), %d by that issuer)",
                   "CurrentUser\\My に %s が発行した有効な証明書がない (証明書 %d 件、うちその発行者 %d 件)",
                   want, pick->candidates, pick->by_issuer);
        return 0;
    }
    snprintf(label, labeln, "CurrentUser\\My\\%s", pick->thumb);
    unsigned char rnd[16];
    char pass[33];
    if (RAND_bytes(rnd, sizeof rnd) != 1)
        return 0;
    for (size_t i = 0; i < sizeof rnd; i++)
        snprintf(pass + 2 * i, 3, "%02x", rnd[i]);
    struct buf pfx = {0};
    struct oqs_err err = {{0}};
    rc = plat_cert_pfx(pick->thumb, pass, &pfx, &err);
    int offered = 0;
    if (rc == 0) {
        const unsigned char *p = (const unsigned char *)pfx.data;
        PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)pfx.len);
        offered = p12 && PKCS12_parse(p12, pass, &st->key, &st->cert, &st->chain) == 1 && st->cert;
        PKCS12_free(p12);
        ERR_clear_error();
        if (!offered)
            snprintf(err.msg, sizeof err.msg, "the store's export does not open");
    }
    OPENSSL_cleanse(pass, sizeof pass);
    if (pfx.data)
        OPENSSL_cleanse(pfx.data, pfx.len);
    buf_free(&pfx);
    if (!offered && rc == 1) {
        /* The key cannot leave the store: Schannel offers it in place. */
        const unsigned char *p = pick->der;
        X509_free(st->cert);
        st->cert = d2i_X509(NULL, &p, (long)pick->der_len);
        if (st->cert) {
            snprintf(st->store_thumb, sizeof st->store_thumb, "%s", pick->thumb);
            offered = 1;
        }
    }
    if (offered) {
        report_client_cert(c, st, label);
        return 1;
    }
    report_add(c->r, "tls.client_cert.load", FST_WARN, SRC,
               json_pack("{s:s, s:s, s:s}", "store", label, "subject", pick->subject, "error", err.msg),
               "%s (%s) is in the store, but this probe cannot offer it: %s",
               "%s (%s) はストアにあるが、この確認では提示できない: %s", label, pick->subject, err.msg);
    return 0;
}

/* Windows without tls.client_cert: the certificate of CurrentUser\My
 * issued by tls.issuer_cn and valid now, as the OQS applications choose it.
 * Its key is exported into memory under a one-time password and wiped
 * after use; a key that may not leave the store (the manual's strong key
 * protection) stays there and Schannel offers the certificate instead
 * (plat_tls_offer_cert, after the OpenSSL handshake).
 * 1 a certificate is offered (label names it), 0 none. */
static int load_from_store(struct probe_ctx *c, struct tls_state *st, char *label, size_t labeln)
{
    struct tls_store_pick pick;
    char why[512] = "";
    int rc = tls_store_pick(config_str(c->cfg, "tls.issuer_cn"), plat_time_now(), &pick, why, sizeof why);
    int offered = load_picked(c, st, &pick, rc, why, label, labeln);
    tls_store_pick_free(&pick);
    return offered;
}

static void state_free(struct tls_state *st)
{
    X509_STORE_free(st->store);
    X509_free(st->cert);
    EVP_PKEY_free(st->key);
    sk_X509_pop_free(st->chain, X509_free);
}

int probe_tls(struct probe_ctx *c)
{
    pthread_once(&ex_once, make_ex_index);
    const char *target = config_str(c->cfg, "tls.target");
    char host[256];
    int port = 443;
    if (config_split_hostport(target, host, sizeof host, &port, 443) < 0)
        snprintf(host, sizeof host, "%s", target);
    struct tls_state st;
    memset(&st, 0, sizeof st);
    st.host = host;
    st.store = make_store(c->cfg, st.store_error, sizeof st.store_error);

    const char *client = config_str(c->cfg, "tls.client_cert");
    char why[512] = "", store_label[96] = "";
    int have_client = client && *client;
    if (have_client && load_client(c->cfg, &st, why, sizeof why) < 0) {
        report_add(c->r, "tls.client_cert.load", FST_FAIL, SRC,
                   json_pack("{s:s, s:s, s:s}", "file", client, "error", why, "password_env",
                             config_str(c->cfg, "tls.client_cert_password_env")),
                   "The client certificate cannot be loaded: %s", "クライアント証明書を読み込めない: %s",
                   why);
        have_client = 0;
    } else if (have_client) {
        report_client_cert(c, &st, client);
    } else if (plat_is_windows()) {
        have_client = load_from_store(c, &st, store_label, sizeof store_label);
        if (have_client)
            client = store_label;
    }

    probe_state(c, "resolving", 0);
    struct dnsq_addrs res;
    struct oqs_err err;
    if (dnsq_resolve(c->cfg, host, c->deadline_ms, &res, &err) < 0) {
        state_free(&st);
        return -1;
    }
    if (res.status != DNSQ_OK) {
        report_add(c->r, "tls.connect.failed", FST_FAIL, SRC,
                   json_pack("{s:s, s:s}", "target", target, "error", dnsq_status_name(res.status)),
                   "%s cannot be reached: the name does not resolve (%s)",
                   "%s へ接続できない: 名前解決できない (%s)", target, dnsq_status_name(res.status));
        dnsq_addrs_free(&res);
        state_free(&st);
        probe_state(c, "done", 1);
        return 0;
    }
    /* curl gets our addresses, so the name is resolved once, our way. */
    struct buf resolve = {0};
    buf_appendf(&resolve, "%s:%d:", host, port);
    for (size_t i = 0; i < res.n6 + res.n4; i++) {
        const char *ip = i < res.n4 ? res.v4[i] : res.v6[i - res.n4];
        buf_appendf(&resolve, i ? (strchr(ip, ':') ? ",[%s]" : ",%s") : (strchr(ip, ':') ? "[%s]" : "%s"), ip);
    }
    dnsq_addrs_free(&res);
    struct curl_slist *rl = dnsq_ip_family(host) ? NULL : curl_slist_append(NULL, resolve.data);
    buf_free(&resolve);

    probe_state(c, "handshake", 0);
    char url[320], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(url, sizeof url, dnsq_ip_family(host) == 6 ? "https://[%s]:%d/" : "https://%s:%d/", host, port);
    CURL *h = curl_easy_init();
    if (!h) {
        curl_slist_free_all(rl);
        state_free(&st);
        return -1;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_RESOLVE, rl);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, probe_left_ms(c));
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE, 1L << 20);
    /* Verification is ours (verify_cb), so a bad chain is reported with
     * its reason and the rest of the handshake is still seen. */
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, ctx_cb);
    curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, &st);
    CURLcode rc = curl_easy_perform(h);
    curl_off_t t_connect = 0, t_app = 0;
    long http = 0;
    char *ip = NULL;
    curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &t_connect);
    curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &t_app);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
    curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip);
    char addr[64];
    snprintf(addr, sizeof addr, "%s", ip ? ip : "");
    curl_easy_cleanup(h);
    curl_slist_free_all(rl);
    ERR_clear_error();
    if (!errbuf[0])
        snprintf(errbuf, sizeof errbuf, "%s", curl_easy_strerror(rc));

    int connected = t_connect > 0 || st.verify_ran || st.handshake_done;
    if (!connected) {
        report_add(c->r, "tls.connect.failed", FST_FAIL, SRC,
                   json_pack("{s:s, s:s, s:I}", "target", target, "error", errbuf, "timeout_ms",
                             (json_int_t)config_int(c->cfg, "timeout_ms")),
                   "%s cannot be reached: %s", "%s へ接続できない: %s", target, errbuf);
        state_free(&st);
        probe_state(c, "done", 1);
        return 0;
    }
    /* The store's certificate whose key stays there: Schannel offers it in
     * a handshake of its own (TLS 1.2), whose end says whether the server
     * took it. Without a certificate a TLS 1.2 server may end OpenSSL's
     * handshake; Schannel's, with one, then stands for it. */
    int sch = -2;
    struct oqs_err sch_err = {{0}};
    if (st.store_thumb[0] && st.requested) {
        probe_state(c, "schannel", 0);
        sch = plat_tls_offer_cert(st.store_thumb, addr, port, host, (int)probe_left_ms(c), &sch_err);
        if (sch == 0 && !st.handshake_done) {
            st.handshake_done = 1;
            snprintf(st.proto, sizeof st.proto, "TLSv1.2 (Schannel)");
        }
    }
    report_add(c->r, "tls.connect", FST_OK, SRC,
               json_pack("{s:s, s:s, s:f}", "target", target, "address", addr, "connect_ms",
                         (double)t_connect / 1000.0),
               "TCP connection to %s opens", "%s へTCP接続できる", target);
    if (st.handshake_done)
        report_add(c->r, "tls.handshake", FST_OK, SRC,
                   json_pack("{s:s, s:s, s:s, s:f}", "target", target, "protocol", st.proto,
                             "cipher", st.cipher, "handshake_ms", (double)t_app / 1000.0),
                   "TLS handshake with %s: %s, %s", "%s とTLSハンドシェイク: %s, %s", target,
                   st.proto, st.cipher);
    else
        report_add(c->r, "tls.handshake.failed", FST_FAIL, SRC,
                   json_pack("{s:s, s:s, s:b}", "target", target, "error", errbuf,
                             "client_cert_requested", st.requested),
                   "The TLS handshake with %s fails: %s", "%s とのTLSハンドシェイクに失敗: %s",
                   target, errbuf);
    if (st.verify_ran) {
        json_t *ev = json_pack("{s:s, s:s, s:s, s:s}", "target", target, "subject", st.subject,
                               "issuer", st.issuer, "trust",
                               config_str(c->cfg, "tls.ca_file")[0] ? config_str(c->cfg, "tls.ca_file") : "system store");
        if (!st.store) {
            json_object_set_new(ev, "error", json_string(st.store_error));
            report_add(c->r, "tls.verify", FST_UNKNOWN, SRC, ev, "The chain of %s cannot be checked: %s",
                       "%s の証明書チェーンを検証できない: %s", target, st.store_error);
        } else if (st.verify_err == X509_V_OK) {
            report_add(c->r, "tls.verify", FST_OK, SRC, ev, "The certificate chain of %s verifies",
                       "%s の証明書チェーンを検証できた", target);
        } else {
            const char *msg = X509_verify_cert_error_string(st.verify_err);
            json_object_set_new(ev, "error", json_string(msg));
            json_object_set_new(ev, "code", json_integer(st.verify_err));
            report_add(c->r, "tls.verify", FST_FAIL, SRC, ev,
                       "The certificate chain of %s does not verify: %s",
                       "%s の証明書チェーンを検証できない: %s", target, msg);
        }
        if (!st.host_ok)
            report_add(c->r, "tls.verify.hostname", FST_FAIL, SRC,
                       json_pack("{s:s, s:s, s:s}", "target", target, "expected", host, "subject",
                                 st.subject),
                       "The certificate of %s is not for the name %s", "%s の証明書が名前 %s と一致しない",
                       target, host);
        long warn = config_int(c->cfg, "cert.days_warn");
        enum fstatus es = st.days_left < 0 ? FST_FAIL : st.days_left < warn ? FST_WARN : FST_OK;
        report_add(c->r, "tls.server_cert.expiry", es, SRC,
                   json_pack("{s:s, s:I, s:I}", "target", target, "days_left",
                             (json_int_t)st.days_left, "warn_days", (json_int_t)warn),
                   "The certificate of %s expires in %ld day(s)", "%s の証明書の有効期限まで %ld 日",
                   target, st.days_left);
    }
    report_add(c->r, "tls.client_cert.requested", FST_OK, SRC,
               json_pack("{s:s, s:b}", "target", target, "requested", st.requested),
               st.requested ? "%s asks for a client certificate" : "%s does not ask for a client certificate",
               st.requested ? "%s はクライアント証明書を要求する" : "%s はクライアント証明書を要求しない", target);
    /* Schannel's answer stands even when OpenSSL's handshake, without the
     * certificate, was ended by the server. */
    if (st.requested && (st.handshake_done || sch != -2)) {
        json_t *ev = json_pack("{s:s, s:s, s:b, s:i}", "target", target, "client_cert",
                               client ? client : "", "offered", have_client, "http_status", (int)http);
        if (sch != -2) {
            json_object_set_new(ev, "offered_by", json_string("schannel"));
            if (sch != 0)
                json_object_set_new(ev, "error", json_string(sch_err.msg));
            if (sch == 0)
                report_add(c->r, "tls.client_cert.accepted", FST_OK, SRC, ev,
                           "%s accepts the client certificate (offered by Schannel from the store)",
                           "%s がクライアント証明書を受け入れた (ストアの証明書を Schannel で提示)", target);
            else if (sch == 1)
                report_add(c->r, "tls.client_cert.accepted", FST_FAIL, SRC, ev,
                           "%s does not accept the client certificate (offered by Schannel from the store): %s",
                           "%s がクライアント証明書を受け入れない (ストアの証明書を Schannel で提示): %s",
                           target, sch_err.msg);
            else
                report_add(c->r, "tls.client_cert.accepted", FST_UNKNOWN, SRC, ev,
                           "Whether %s accepts the store's client certificate cannot be told: %s",
                           "%s がストアのクライアント証明書を受け入れるか確認できない: %s", target,
                           sch_err.msg);
        } else if (rc == CURLE_OK) {
            report_add(c->r, "tls.client_cert.accepted", have_client ? FST_OK : FST_WARN, SRC, ev,
                       have_client ? "%s accepts the client certificate" : "%s asks for a client certificate but goes on without one",
                       have_client ? "%s がクライアント証明書を受け入れた" : "%s は証明書を要求したが、なしでも接続できた",
                       target);
        } else {
            json_object_set_new(ev, "error", json_string(errbuf));
            report_add(c->r, "tls.client_cert.accepted", FST_FAIL, SRC, ev,
                       have_client ? "%s does not accept the client certificate: %s" : "%s demands a client certificate and none could be offered (tls.client_cert): %s",
                       have_client ? "%s がクライアント証明書を受け入れない: %s" : "%s はクライアント証明書を要求するが提示できる証明書がない (tls.client_cert): %s",
                       target, errbuf);
        }
    } else if (have_client && st.handshake_done) {
        report_add(c->r, "tls.client_cert.accepted", FST_SKIP, SRC,
                   json_pack("{s:s}", "target", target),
                   "%s does not ask for a client certificate, so acceptance is not tested",
                   "%s が証明書を要求しないため受け入れは確認できない", target);
    }
    state_free(&st);
    probe_state(c, "done", 1);
    return 0;
}
