/* Win32 implementation of the Windows stores of core/platform.h: the
 * Credential Manager (a verdict only), the certificate stores (public
 * certificates only), the shell's folders and .lnk shortcuts. */
#define COBJMACROS
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <objbase.h>
#include <shlobj.h>
#include <shobjidl.h>
#include <wincred.h>
#include <wincrypt.h>
#include <winhttp.h>

#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "platform_fake.h"
#include "platform_win32.h"

/* ---- Credential Manager ---- */

/* The manual's credentials are generic ones (資格情報マネージャー →
 * 汎用資格情報の追加, or cmdkey /generic): their blob is the password in
 * UTF-16LE. It is judged here and wiped before this function returns; the
 * caller sees only the verdict. */
int plat_cred_check(const char *target, int (*check)(const char *secret, size_t len),
                    struct cred_verdict *v, struct oqs_err *err)
{
    memset(v, 0, sizeof *v);
    if (plat_fake)
        return fake_cred_check(target, check, v);
    wchar_t *wt = win_wide(target);
    if (!wt)
        return oqs_errf(err, "%s: not a valid target name", target);
    PCREDENTIALW cred = NULL;
    BOOL ok = CredReadW(wt, CRED_TYPE_GENERIC, 0, &cred);
    DWORD e = GetLastError();
    free(wt);
    if (!ok) {
        if (e == ERROR_NOT_FOUND) {
            v->state = CRED_ABSENT;
            return 0;
        }
        if (e == ERROR_NO_SUCH_LOGON_SESSION) {
            /* A service session without a profile has no Credential Manager. */
            v->state = CRED_UNSUPPORTED;
            return 0;
        }
        return win_errf(err, target, e);
    }
    v->state = CRED_PRESENT;
    if (cred->UserName)
        WideCharToMultiByte(CP_UTF8, 0, cred->UserName, -1, v->user, (int)sizeof v->user, NULL,
                            NULL);
    v->user[sizeof v->user - 1] = '\0';
    /* At most CRED_MAX_CREDENTIAL_BLOB_SIZE (2560) bytes: 1280 UTF-16
     * units, at most 3840 bytes of UTF-8. */
    char secret[4096];
    int n = 0;
    DWORD size = cred->CredentialBlobSize;
    if (size > 0 && cred->CredentialBlob) {
        if (size % 2 == 0)
            n = WideCharToMultiByte(CP_UTF8, 0, (const wchar_t *)cred->CredentialBlob,
                                    (int)(size / 2), secret, (int)sizeof secret - 1, NULL, NULL);
        else if (size < sizeof secret) {
            memcpy(secret, cred->CredentialBlob, size); /* an ANSI blob: bytes as they are */
            n = (int)size;
        }
        if (n < 0)
            n = 0;
        v->secret_len = (int)(size % 2 == 0 ? size / 2 : size);
    }
    secret[n] = '\0';
    v->secret_ok = check ? check(secret, (size_t)n) : 1;
    SecureZeroMemory(secret, sizeof secret);
    if (cred->CredentialBlob && size)
        SecureZeroMemory(cred->CredentialBlob, size);
    CredFree(cred);
    return 0;
}

/* ---- certificate stores ---- */

int plat_cert_enum(const char *store, int (*cb)(const struct plat_cert *c, void *ud), void *ud,
                   struct oqs_err *err)
{
    if (plat_fake)
        return fake_cert_enum(store, cb, ud);
    wchar_t *ws = win_wide(store);
    if (!ws)
        return oqs_errf(err, "%s: not a valid store name", store);
    /* The current user's store; its ROOT view includes the machine's roots. */
    HCERTSTORE h = CertOpenSystemStoreW(0, ws);
    free(ws);
    if (!h)
        return win_errf(err, store, GetLastError());
    PCCERT_CONTEXT ctx = NULL;
    while ((ctx = CertEnumCertificatesInStore(h, ctx)) != NULL) {
        /* pbCertEncoded is the certificate alone: a private key is a
         * separate property that is never read here. */
        struct plat_cert c = {ctx->pbCertEncoded, ctx->cbCertEncoded,
                              ctx->pCertInfo->Subject.pbData, ctx->pCertInfo->Issuer.pbData,
                              ctx->pCertInfo->Subject.cbData, ctx->pCertInfo->Issuer.cbData};
        if (cb(&c, ud) != 0) {
            CertFreeCertificateContext(ctx);
            break;
        }
    }
    CertCloseStore(h, 0);
    return 0;
}

int plat_cert_pfx(const char *thumb, const char *password, struct buf *out, struct oqs_err *err)
{
    if (plat_fake) {
        oqs_errf(err, "%s: the test double's keys stay in its store", thumb);
        return 1;
    }
    BYTE hash[20];
    for (int i = 0; i < 20; i++) {
        unsigned v;
        if (!thumb[2 * i] || !thumb[2 * i + 1] || sscanf(thumb + 2 * i, "%2x", &v) != 1)
            return oqs_errf(err, "%s: not a SHA-1 thumbprint", thumb);
        hash[i] = (BYTE)v;
    }
    CRYPT_HASH_BLOB hb = {20, hash};
    HCERTSTORE my = CertOpenSystemStoreW(0, L"MY");
    if (!my)
        return win_errf(err, "CurrentUser\\My", GetLastError());
    int rc = -1;
    HCERTSTORE mem = NULL;
    wchar_t *wpass = win_wide(password);
    PCCERT_CONTEXT ctx = CertFindCertificateInStore(my, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0,
                                                    CERT_FIND_SHA1_HASH, &hb, NULL);
    if (!ctx || !wpass) {
        oqs_errf(err, "%s: not in CurrentUser\\My", thumb);
        goto done;
    }
    mem = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    if (!mem || !CertAddCertificateContextToStore(mem, ctx, CERT_STORE_ADD_ALWAYS, NULL)) {
        win_errf(err, "CertAddCertificateContextToStore", GetLastError());
        goto done;
    }
    CRYPT_DATA_BLOB pfx = {0, NULL};
    DWORD flags = EXPORT_PRIVATE_KEYS | REPORT_NOT_ABLE_TO_EXPORT_PRIVATE_KEY | REPORT_NO_PRIVATE_KEY;
    if (!PFXExportCertStoreEx(mem, &pfx, wpass, NULL, flags)) {
        DWORD e = GetLastError();
        oqs_errf(err, "%s: the private key cannot be exported from the store (error %lu)", thumb,
                 (unsigned long)e);
        rc = 1;
        goto done;
    }
    pfx.pbData = malloc(pfx.cbData ? pfx.cbData : 1);
    if (!pfx.pbData) {
        oqs_errf(err, "out of memory");
        goto done;
    }
    if (PFXExportCertStoreEx(mem, &pfx, wpass, NULL, flags)) {
        buf_append(out, pfx.pbData, pfx.cbData);
        rc = 0;
    } else {
        oqs_errf(err, "%s: the private key cannot be exported from the store (error %lu)", thumb,
                 (unsigned long)GetLastError());
        rc = 1;
    }
    SecureZeroMemory(pfx.pbData, pfx.cbData);
    free(pfx.pbData);
done:
    if (wpass) {
        SecureZeroMemory(wpass, wcslen(wpass) * sizeof *wpass);
        free(wpass);
    }
    if (ctx)
        CertFreeCertificateContext(ctx);
    if (mem)
        CertCloseStore(mem, 0);
    CertCloseStore(my, 0);
    return rc;
}

/* ---- the WinHTTP proxy ---- */

int plat_winhttp_proxy(char *server, size_t servern, char *bypass, size_t bypassn,
                       struct oqs_err *err)
{
    if (plat_fake)
        return fake_winhttp_proxy(server, servern, bypass, bypassn, err);
    WINHTTP_PROXY_INFO pi;
    memset(&pi, 0, sizeof pi);
    if (!WinHttpGetDefaultProxyConfiguration(&pi))
        return win_errf(err, "WinHttpGetDefaultProxyConfiguration", GetLastError());
    int rc = 1;
    server[0] = bypass[0] = '\0';
    if (pi.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY && pi.lpszProxy && pi.lpszProxy[0]) {
        WideCharToMultiByte(CP_UTF8, 0, pi.lpszProxy, -1, server, (int)servern, NULL, NULL);
        server[servern - 1] = '\0';
        if (pi.lpszProxyBypass)
            WideCharToMultiByte(CP_UTF8, 0, pi.lpszProxyBypass, -1, bypass, (int)bypassn, NULL, NULL);
        bypass[bypassn - 1] = '\0';
        rc = 0;
    }
    if (pi.lpszProxy)
        GlobalFree(pi.lpszProxy);
    if (pi.lpszProxyBypass)
        GlobalFree(pi.lpszProxyBypass);
    return rc;
}

/* ---- shell folders and shortcuts ---- */

int plat_special_dir(enum plat_dir which, char *out, size_t n)
{
    if (plat_fake)
        return fake_special_dir(which, out, n);
    const KNOWNFOLDERID *id;
    switch (which) {
    case PLAT_DIR_WINDOWS: id = &FOLDERID_Windows; break;
    case PLAT_DIR_PROGRAM_FILES: id = &FOLDERID_ProgramFiles; break;
    case PLAT_DIR_PROGRAM_DATA: id = &FOLDERID_ProgramData; break;
    case PLAT_DIR_DESKTOP: id = &FOLDERID_Desktop; break;
    case PLAT_DIR_COMMON_DESKTOP: id = &FOLDERID_PublicDesktop; break;
    default: return -1;
    }
    PWSTR w = NULL;
    if (FAILED(SHGetKnownFolderPath(id, 0, NULL, &w))) {
        CoTaskMemFree(w);
        return -1;
    }
    int r = WideCharToMultiByte(CP_UTF8, 0, w, -1, out, (int)n, NULL, NULL);
    CoTaskMemFree(w);
    return r > 0 ? 0 : -1;
}

int plat_shortcut_target(const char *lnk_path, char *out, size_t n, struct oqs_err *err)
{
    if (plat_fake)
        return fake_shortcut(lnk_path, out, n, err);
    wchar_t *w = win_wide(lnk_path);
    if (!w)
        return oqs_errf(err, "%s: not a valid path", lnk_path);
    HRESULT init = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    IShellLinkW *link = NULL;
    IPersistFile *file = NULL;
    int rc = -1;
    HRESULT hr = CoCreateInstance(&CLSID_ShellLink, NULL, CLSCTX_INPROC_SERVER, &IID_IShellLinkW,
                                  (void **)&link);
    if (SUCCEEDED(hr))
        hr = IShellLinkW_QueryInterface(link, &IID_IPersistFile, (void **)&file);
    if (SUCCEEDED(hr))
        hr = IPersistFile_Load(file, w, STGM_READ);
    wchar_t path[MAX_PATH * 2] = L"", args[2048] = L"";
    if (SUCCEEDED(hr))
        hr = IShellLinkW_GetPath(link, path, MAX_PATH * 2, NULL, SLGP_RAWPATH);
    if (SUCCEEDED(hr)) {
        /* S_FALSE: no path (a shell item such as a URL); the arguments may
         * still name one. */
        IShellLinkW_GetArguments(link, args, 2048);
        char *p = win_narrow(path), *a = win_narrow(args);
        if (p && a) {
            snprintf(out, n, "%s%s%s", p, *p && *a ? " " : "", a);
            rc = 0;
        } else {
            oqs_errf(err, "%s: out of memory", lnk_path);
        }
        free(p);
        free(a);
    } else {
        char what[4200];
        snprintf(what, sizeof what, "%s: not a readable shortcut", lnk_path);
        win_errf(err, what, (DWORD)hr);
    }
    if (file)
        IPersistFile_Release(file);
    if (link)
        IShellLinkW_Release(link);
    if (SUCCEEDED(init))
        CoUninitialize();
    free(w);
    return rc;
}
