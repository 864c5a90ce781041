/* plat_tls_offer_cert (core/platform.h): the client certificate of
 * CurrentUser\My offered by Schannel, as the OQS applications offer it.
 * Schannel uses the private key where it lies, so a key marked
 * non-exportable (the manual's strong key protection) is offered too.
 * TLS 1.2: there the server judges the client's certificate before its
 * Finished, so a completed handshake means the certificate was taken
 * (Windows Server 2019's Schannel has no TLS 1.3 either). */
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

#include "platform.h"
#include "platform_net.h"
#include "platform_win32.h"

static PCCERT_CONTEXT find_by_thumb(HCERTSTORE my, const char *thumb)
{
    BYTE hash[20];
    for (int i = 0; i < 20; i++) {
        unsigned v;
        if (!thumb[2 * i] || !thumb[2 * i + 1] || sscanf(thumb + 2 * i, "%2x", &v) != 1)
            return NULL;
        hash[i] = (BYTE)v;
    }
    CRYPT_HASH_BLOB hb = {20, hash};
    return CertFindCertificateInStore(my, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0,
                                      CERT_FIND_SHA1_HASH, &hb, NULL);
}

static SOCKET connect_to(const char *addr, int port, int timeout_ms, struct oqs_err *err)
{
    char ps[16];
    snprintf(ps, sizeof ps, "%d", port);
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;
    if (getaddrinfo(addr, ps, &hints, &ai) != 0 || !ai) {
        oqs_errf(err, "%s is not an address", addr);
        return INVALID_SOCKET;
    }
    SOCKET s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    DWORD t = timeout_ms > 0 ? (DWORD)timeout_ms : 1;
    if (s != INVALID_SOCKET) {
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&t, sizeof t);
        setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (const char *)&t, sizeof t);
        if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) != 0) {
            win_errf(err, "connect", (DWORD)WSAGetLastError());
            closesocket(s);
            s = INVALID_SOCKET;
        }
    } else {
        win_errf(err, "socket", (DWORD)WSAGetLastError());
    }
    freeaddrinfo(ai);
    return s;
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

/* The handshake, InitializeSecurityContext's loop. 0 completed; 1 the
 * server ended it (err: how); -1 it could not go on (err). */
static int handshake(CredHandle *cred, SOCKET s, const char *sni, struct oqs_err *err)
{
    DWORD want = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                 ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION |
                 ISC_REQ_USE_SUPPLIED_CREDS;
    enum { CAP = 1 << 16 };
    char *in = malloc(CAP);
    if (!in)
        return oqs_errf(err, "out of memory");
    unsigned long have = 0;
    CtxtHandle ctx;
    int first = 1, rc = -1, no_cert = 0;
    TimeStamp ts;
    for (;;) {
        SecBuffer ib[2] = {{have, SECBUFFER_TOKEN, in}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc id = {SECBUFFER_VERSION, 2, ib};
        SecBuffer ob = {0, SECBUFFER_TOKEN, NULL};
        SecBufferDesc od = {SECBUFFER_VERSION, 1, &ob};
        ULONG attr = 0;
        SECURITY_STATUS st = InitializeSecurityContextA(cred, first ? NULL : &ctx, (char *)sni, want, 0, 0,
                                                        first ? NULL : &id, 0, first ? &ctx : NULL,
                                                        &od, &attr, &ts);
        if (first && (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED))
            first = 0;
        if (ob.cbBuffer && ob.pvBuffer) {
            int sent = send_all(s, ob.pvBuffer, ob.cbBuffer);
            FreeContextBuffer(ob.pvBuffer);
            if (sent < 0) {
                rc = 1;
                oqs_errf(err, "the server closed the connection during the handshake");
                break;
            }
        }
        if (st == SEC_E_OK) {
            rc = 0;
            break;
        }
        if (st == SEC_I_INCOMPLETE_CREDENTIALS)
            no_cert = 1; /* asked for one Schannel would not send */
        else if (st != SEC_I_CONTINUE_NEEDED && st != SEC_E_INCOMPLETE_MESSAGE) {
            rc = 1;
            oqs_errf(err, "Schannel ended the handshake (status 0x%08lx)%s", (unsigned long)st,
                     no_cert ? "; it had no usable key for the certificate" : "");
            break;
        }
        if (st != SEC_E_INCOMPLETE_MESSAGE) {
            if (ib[1].BufferType == SECBUFFER_EXTRA && ib[1].cbBuffer) {
                memmove(in, in + have - ib[1].cbBuffer, ib[1].cbBuffer);
                have = ib[1].cbBuffer;
            } else {
                have = 0;
            }
            if (st == SEC_I_INCOMPLETE_CREDENTIALS || have > 0)
                continue;
        }
        if (have == CAP) {
            oqs_errf(err, "a handshake message larger than %d bytes", (int)CAP);
            break;
        }
        int k = recv(s, in + have, (int)(CAP - have), 0);
        if (k <= 0) {
            rc = 1;
            oqs_errf(err, k == 0 ? "the server closed the connection during the handshake%s"
                                 : "no answer from the server during the handshake%s",
                     no_cert ? " (Schannel had no usable key for the certificate)" : "");
            break;
        }
        have += (unsigned long)k;
    }
    if (!first)
        DeleteSecurityContext(&ctx);
    free(in);
    return rc;
}

int plat_tls_offer_cert(const char *thumb, const char *addr, int port, const char *sni, int timeout_ms,
                        struct oqs_err *err)
{
    if (plat_fake)
        return plat_fake->tls_offer ? plat_fake->tls_offer(thumb, addr, port, sni, err)
                                    : oqs_errf(err, "the test double has no Schannel");
    if (plat_net_init(err) < 0)
        return -1;
    HCERTSTORE my = CertOpenSystemStoreW(0, L"MY");
    if (!my)
        return win_errf(err, "CurrentUser\\My", GetLastError());
    PCCERT_CONTEXT cert = find_by_thumb(my, thumb);
    if (!cert) {
        CertCloseStore(my, 0);
        return oqs_errf(err, "%s: not in CurrentUser\\My", thumb);
    }
    SCHANNEL_CRED sc;
    memset(&sc, 0, sizeof sc);
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.cCreds = 1;
    sc.paCred = &cert;
    sc.grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;
    /* The server's chain is the OpenSSL side's to judge (probes/tls.c). */
    sc.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
    CredHandle cred;
    TimeStamp ts;
    SECURITY_STATUS st = AcquireCredentialsHandleA(NULL, (char *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL,
                                                   &sc, NULL, NULL, &cred, &ts);
    int rc = -1;
    if (st != SEC_E_OK) {
        oqs_errf(err, "Schannel takes no credentials with %s (status 0x%08lx)", thumb, (unsigned long)st);
    } else {
        SOCKET s = connect_to(addr, port, timeout_ms, err);
        if (s != INVALID_SOCKET) {
            rc = handshake(&cred, s, sni, err);
            closesocket(s);
        }
        FreeCredentialsHandle(&cred);
    }
    CertFreeCertificateContext(cert);
    CertCloseStore(my, 0);
    return rc;
}
