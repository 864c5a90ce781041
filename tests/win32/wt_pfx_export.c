/* Shows what Wine's crypt32 does with a client certificate in
 * CurrentUser\My (docs/windows.md, "The client certificate under Wine"):
 * imports a PFX with its key (exportable), adds the certificate to My and
 * asks for it back with its key, as plat_cert_pfx does.
 *   wine64 wt_pfx_export.exe FILE.pfx PASSWORD
 * Prints one line per step; exit 0 when the export worked. Not part of the
 * suite: Wine's answer is the point, not oqsdiag's. */
#include <windows.h>
#include <wincrypt.h>

#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int argc = 0;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv || argc != 3) {
        fputs("usage: wt_pfx_export FILE.pfx PASSWORD\n", stderr);
        return 2;
    }
    FILE *f = _wfopen(argv[1], L"rb");
    static BYTE data[1 << 16];
    DWORD n = f ? (DWORD)fread(data, 1, sizeof data, f) : 0;
    if (f)
        fclose(f);
    CRYPT_DATA_BLOB in = {n, data};
    HCERTSTORE imported = PFXImportCertStore(&in, argv[2], CRYPT_EXPORTABLE | CRYPT_USER_KEYSET);
    printf("PFXImportCertStore: %s (error 0x%08lx)\n", imported ? "ok" : "failed",
           imported ? 0ul : (unsigned long)GetLastError());
    if (!imported)
        return 1;
    HCERTSTORE my = CertOpenSystemStoreW(0, L"MY");
    HCERTSTORE mem = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    PCCERT_CONTEXT c = NULL;
    int with_key = 0;
    while ((c = CertEnumCertificatesInStore(imported, c)) != NULL) {
        DWORD sz = 0;
        if (CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &sz)) {
            with_key++;
            CertAddCertificateContextToStore(my, c, CERT_STORE_ADD_REPLACE_EXISTING, NULL);
            CertAddCertificateContextToStore(mem, c, CERT_STORE_ADD_ALWAYS, NULL);
        }
    }
    printf("certificates with a private key: %d\n", with_key);
    CRYPT_DATA_BLOB out = {0, NULL};
    DWORD flags = EXPORT_PRIVATE_KEYS | REPORT_NOT_ABLE_TO_EXPORT_PRIVATE_KEY | REPORT_NO_PRIVATE_KEY;
    BOOL ok = PFXExportCertStoreEx(mem, &out, L"one-time", NULL, flags);
    printf("PFXExportCertStoreEx (size): %s (error 0x%08lx)\n", ok ? "ok" : "failed",
           ok ? 0ul : (unsigned long)GetLastError());
    if (ok && (out.pbData = malloc(out.cbData ? out.cbData : 1)) != NULL) {
        ok = PFXExportCertStoreEx(mem, &out, L"one-time", NULL, flags);
        printf("PFXExportCertStoreEx: %s, %lu bytes\n", ok ? "ok" : "failed",
               (unsigned long)out.cbData);
        free(out.pbData);
    }
    CertCloseStore(mem, 0);
    CertCloseStore(my, 0);
    CertCloseStore(imported, 0);
    LocalFree(argv);
    return ok ? 0 : 1;
}
