/* What Wine can do with a client certificate in CurrentUser\My, shown
 * step by step (docs/windows.md, "The client certificate from the store,
 * under Wine"): the PFX is imported with its key (exportable) into My, then
 *   1. PFXExportCertStoreEx with the key (what plat_cert_pfx does);
 *   2. the key through its CSP: CryptAcquireCertificatePrivateKey and
 *      CryptExportKey(PRIVATEKEYBLOB);
 *   3. Schannel presents the certificate itself: a TLS 1.2 handshake with
 *      a server that demands one (openssl s_server -Verify 1
 *      -verify_return_error): the handshake completes only when the
 *      server accepted the certificate.
 *   wine64 wt_schannel.exe FILE.pfx PASSWORD HOST PORT
 * One line per step, "step: ok|failed (...)"; exit 0.
 *   wine64 wt_schannel.exe --my THUMBPRINT HOST PORT
 * the same steps with a certificate already in My (a later process);
 *   wine64 wt_schannel.exe --install CERT.der KEY.pvk CONTAINER
 * puts a certificate into My the way a later process finds it with its key
 * (below). wine-full.sh uses the last two; Wine's answer is the point, not
 * oqsdiag's. */
#define SECURITY_WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <wincrypt.h>
#include <security.h>
#include <schannel.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PCCERT_CONTEXT import_pfx(const wchar_t *file, const wchar_t *pass)
{
    FILE *f = _wfopen(file, L"rb");
    static BYTE data[1 << 16];
    DWORD n = f ? (DWORD)fread(data, 1, sizeof data, f) : 0;
    if (f)
        fclose(f);
    CRYPT_DATA_BLOB in = {n, data};
    HCERTSTORE imported = PFXImportCertStore(&in, pass, CRYPT_EXPORTABLE | CRYPT_USER_KEYSET);
    printf("import: %s (error 0x%08lx)\n", imported ? "ok" : "failed",
           imported ? 0ul : (unsigned long)GetLastError());
    if (!imported)
        return NULL;
    HCERTSTORE my = CertOpenSystemStoreW(0, L"MY");
    PCCERT_CONTEXT c = NULL, in_my = NULL;
    while ((c = CertEnumCertificatesInStore(imported, c)) != NULL) {
        DWORD sz = 0;
        if (!in_my && CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &sz))
            CertAddCertificateContextToStore(my, c, CERT_STORE_ADD_REPLACE_EXISTING, &in_my);
    }
    CertCloseStore(imported, 0);
    CertCloseStore(my, 0);
    return in_my;
}

/* A certificate and its key as Windows keeps them for a later process: the
 * key (a PVK file: a 24-byte header, then a PRIVATEKEYBLOB) imported into
 * a named container of the RSA/AES provider, not exportable (the manual's
 * strong key protection keeps it in place too), and the certificate in My
 * pointing at that container. */
static int install(const wchar_t *der_file, const wchar_t *pvk_file, const wchar_t *box)
{
    static BYTE der[1 << 16], pvk[1 << 14];
    FILE *f = _wfopen(der_file, L"rb");
    DWORD dn = f ? (DWORD)fread(der, 1, sizeof der, f) : 0;
    if (f)
        fclose(f);
    f = _wfopen(pvk_file, L"rb");
    DWORD pn = f ? (DWORD)fread(pvk, 1, sizeof pvk, f) : 0;
    if (f)
        fclose(f);
    if (!dn || pn <= 24) {
        printf("install: failed (cannot read the files)\n");
        return 1;
    }
    HCRYPTPROV prov = 0;
    CryptAcquireContextW(&prov, box, MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES, CRYPT_DELETEKEYSET);
    HCRYPTKEY key = 0;
    if (!CryptAcquireContextW(&prov, box, MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES, CRYPT_NEWKEYSET) ||
        !CryptImportKey(prov, pvk + 24, pn - 24, 0, 0, &key)) {
        printf("install: failed (key: error 0x%08lx)\n", (unsigned long)GetLastError());
        return 1;
    }
    CryptDestroyKey(key);
    CryptReleaseContext(prov, 0);
    PCCERT_CONTEXT c = CertCreateCertificateContext(X509_ASN_ENCODING, der, dn);
    CRYPT_KEY_PROV_INFO kpi = {(wchar_t *)box, (wchar_t *)MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES, 0, 0, NULL,
                               AT_KEYEXCHANGE};
    HCERTSTORE my = CertOpenSystemStoreW(0, L"MY");
    BOOL ok = c && my && CertSetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, 0, &kpi) &&
              CertAddCertificateContextToStore(my, c, CERT_STORE_ADD_REPLACE_EXISTING, NULL);
    printf("install: %s (error 0x%08lx)\n", ok ? "ok" : "failed", ok ? 0ul : (unsigned long)GetLastError());
    if (c)
        CertFreeCertificateContext(c);
    if (my)
        CertCloseStore(my, 0);
    return ok ? 0 : 1;
}

static void pfx_export(PCCERT_CONTEXT c)
{
    HCERTSTORE mem = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    CertAddCertificateContextToStore(mem, c, CERT_STORE_ADD_ALWAYS, NULL);
    CRYPT_DATA_BLOB out = {0, NULL};
    DWORD flags = EXPORT_PRIVATE_KEYS | REPORT_NOT_ABLE_TO_EXPORT_PRIVATE_KEY | REPORT_NO_PRIVATE_KEY;
    BOOL ok = PFXExportCertStoreEx(mem, &out, L"one-time", NULL, flags);
    printf("pfx-export: %s (error 0x%08lx)\n", ok ? "ok" : "failed",
           ok ? 0ul : (unsigned long)GetLastError());
    CertCloseStore(mem, 0);
}

static void csp_export(PCCERT_CONTEXT c)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE h = 0;
    DWORD spec = 0;
    BOOL free_it = FALSE;
    if (!CryptAcquireCertificatePrivateKey(c, 0, NULL, &h, &spec, &free_it)) {
        printf("csp-export: failed (CryptAcquireCertificatePrivateKey 0x%08lx)\n",
               (unsigned long)GetLastError());
        return;
    }
    HCRYPTKEY key = 0;
    DWORD n = 0;
    BOOL ok = CryptGetUserKey(h, spec, &key) && CryptExportKey(key, 0, PRIVATEKEYBLOB, 0, NULL, &n);
    printf("csp-export: %s (%lu bytes, error 0x%08lx)\n", ok ? "ok" : "failed", (unsigned long)n,
           ok ? 0ul : (unsigned long)GetLastError());
    if (key)
        CryptDestroyKey(key);
    if (free_it)
        CryptReleaseContext(h, 0);
}

static int send_all(SOCKET s, const void *p, unsigned long n)
{
    const char *c = p;
    while (n > 0) {
        int k = send(s, c, (int)n, 0);
        if (k <= 0)
            return -1;
        c += k;
        n -= (unsigned long)k;
    }
    return 0;
}

static void schannel(PCCERT_CONTEXT c, const char *host, const char *port)
{
    SCHANNEL_CRED sc;
    memset(&sc, 0, sizeof sc);
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.cCreds = 1;
    sc.paCred = &c;
    sc.grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;
    sc.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
    CredHandle cred;
    TimeStamp ts;
    SECURITY_STATUS st = AcquireCredentialsHandleA(NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL,
                                                   &sc, NULL, NULL, &cred, &ts);
    if (st != SEC_E_OK) {
        printf("schannel: failed (AcquireCredentialsHandle 0x%08lx)\n", (unsigned long)st);
        return;
    }
    WSADATA w;
    WSAStartup(MAKEWORD(2, 2), &w);
    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    SOCKET s = INVALID_SOCKET;
    if (getaddrinfo(host, port, &hints, &ai) == 0) {
        s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s != INVALID_SOCKET && connect(s, ai->ai_addr, (int)ai->ai_addrlen) != 0) {
            closesocket(s);
            s = INVALID_SOCKET;
        }
        freeaddrinfo(ai);
    }
    if (s == INVALID_SOCKET) {
        printf("schannel: failed (cannot connect to %s:%s)\n", host, port);
        FreeCredentialsHandle(&cred);
        return;
    }
    DWORD want = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                 ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION |
                 ISC_REQ_USE_SUPPLIED_CREDS;
    static char in[1 << 16];
    unsigned long have = 0;
    CtxtHandle ctx;
    int first = 1, asked_again = 0;
    for (;;) {
        SecBuffer ib[2] = {{have, SECBUFFER_TOKEN, in}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc id = {SECBUFFER_VERSION, 2, ib};
        SecBuffer ob = {0, SECBUFFER_TOKEN, NULL};
        SecBufferDesc od = {SECBUFFER_VERSION, 1, &ob};
        ULONG attr = 0;
        st = InitializeSecurityContextA(&cred, first ? NULL : &ctx, (char *)host, want, 0, 0,
                                        first ? NULL : &id, 0, first ? &ctx : NULL, &od, &attr, &ts);
        first = 0;
        if (ob.cbBuffer && ob.pvBuffer) {
            int sent = send_all(s, ob.pvBuffer, ob.cbBuffer);
            FreeContextBuffer(ob.pvBuffer);
            if (sent < 0)
                break;
        }
        if (st == SEC_I_INCOMPLETE_CREDENTIALS)
            asked_again = 1;
        if (st == SEC_E_OK || (st != SEC_I_CONTINUE_NEEDED && st != SEC_E_INCOMPLETE_MESSAGE &&
                               st != SEC_I_INCOMPLETE_CREDENTIALS))
            break;
        if (st != SEC_E_INCOMPLETE_MESSAGE) {
            if (ib[1].BufferType == SECBUFFER_EXTRA && ib[1].cbBuffer) {
                memmove(in, in + have - ib[1].cbBuffer, ib[1].cbBuffer);
                have = ib[1].cbBuffer;
            } else {
                have = 0;
            }
            if (st == SEC_I_INCOMPLETE_CREDENTIALS)
                continue;
        }
        if (st == SEC_I_CONTINUE_NEEDED && have > 0)
            continue;
        int k = recv(s, in + have, (int)(sizeof in - have), 0);
        if (k <= 0) {
            st = SEC_E_INTERNAL_ERROR;
            printf("schannel: the server closed the connection during the handshake\n");
            break;
        }
        have += (unsigned long)k;
    }
    printf("schannel: %s (status 0x%08lx%s)\n", st == SEC_E_OK ? "ok" : "failed", (unsigned long)st,
           asked_again ? ", Schannel had no certificate to send" : "");
    if (st == SEC_E_OK || !first)
        DeleteSecurityContext(&ctx);
    closesocket(s);
    FreeCredentialsHandle(&cred);
}

int main(void)
{
    int argc = 0;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (argv && argc == 5 && wcscmp(argv[1], L"--install") == 0)
        return install(argv[2], argv[3], argv[4]);
    if (!argv || argc != 5) {
        fputs("usage: wt_schannel FILE.pfx PASSWORD HOST PORT\n"
              "       wt_schannel --my THUMBPRINT HOST PORT\n"
              "       wt_schannel --install CERT.der KEY.pvk CONTAINER\n", stderr);
        return 2;
    }
    char host[256], port[16];
    WideCharToMultiByte(CP_UTF8, 0, argv[3], -1, host, sizeof host, NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, argv[4], -1, port, sizeof port, NULL, NULL);
    PCCERT_CONTEXT c = NULL;
    if (wcscmp(argv[1], L"--my") == 0) {
        /* A later process: the certificate as CurrentUser\My keeps it. */
        BYTE hash[20];
        for (int i = 0; i < 20; i++)
            hash[i] = (BYTE)wcstoul((wchar_t[]){argv[2][2 * i], argv[2][2 * i + 1], 0}, NULL, 16);
        CRYPT_HASH_BLOB hb = {20, hash};
        HCERTSTORE my = CertOpenSystemStoreW(0, L"MY");
        c = CertFindCertificateInStore(my, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH,
                                       &hb, NULL);
        DWORD sz = 0;
        printf("my: %s\n", !c ? "not found"
                           : CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &sz)
                               ? "found, with its key's provider information"
                               : "found, no key provider information");
        CertCloseStore(my, 0);
    } else {
        c = import_pfx(argv[1], argv[2]);
    }
    if (c) {
        pfx_export(c);
        csp_export(c);
        schannel(c, host, port);
        CertFreeCertificateContext(c);
    }
    LocalFree(argv);
    fflush(stdout);
    return 0;
}
