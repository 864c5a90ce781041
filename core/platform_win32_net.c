/* Winsock implementation of core/platform_net.h: the SNTP client's UDP
 * socket and the wait over c-ares' sockets. */
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "platform_net.h"
#include "platform_resolve.h"
#include "platform_win32.h"

/* getaddrinfo's codes are Winsock errors: worded by win_errf into the
 * caller's buffer, trimmed ("Host not found. " on Wine, "No such host is
 * known. " on Windows) and with the code beside it. */
static void resolve_gai_text(int rc, char *buf, size_t n)
{
    struct oqs_err e;
    win_errf(&e, "getaddrinfo", (DWORD)rc);
    snprintf(buf, n, "%s", e.msg);
}

struct plat_udp {
    SOCKET s;
};

int plat_net_init(struct oqs_err *err)
{
    static int done;
    if (done)
        return 0;
    WSADATA wsa;
    int r = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (r != 0)
        return win_errf(err, "WSAStartup", (DWORD)r);
    done = 1;
    return 0;
}

int plat_udp_open(const char *ip, int port, struct plat_udp **out, struct oqs_err *err)
{
    if (plat_net_init(err) < 0)
        return -1;
    struct sockaddr_storage ss;
    int sl;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, ip, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((unsigned short)port);
        sl = (int)sizeof *s4;
    } else if (inet_pton(AF_INET6, ip, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((unsigned short)port);
        sl = (int)sizeof *s6;
    } else {
        return oqs_errf(err, "not an IP address: %s", ip);
    }
    SOCKET s = WSASocketW(ss.ss_family, SOCK_DGRAM, IPPROTO_UDP, NULL, 0,
                          WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET)
        return win_errf(err, "socket", (DWORD)WSAGetLastError());
    if (connect(s, (struct sockaddr *)&ss, sl) == SOCKET_ERROR) {
        DWORD e = (DWORD)WSAGetLastError();
        closesocket(s);
        char what[128];
        snprintf(what, sizeof what, "%s port %d", ip, port);
        return win_errf(err, what, e);
    }
    struct plat_udp *u = malloc(sizeof *u);
    if (!u) {
        closesocket(s);
        return oqs_errf(err, "out of memory");
    }
    u->s = s;
    *out = u;
    return 0;
}

void plat_udp_close(struct plat_udp *u)
{
    if (!u)
        return;
    closesocket(u->s);
    free(u);
}

int plat_udp_send(struct plat_udp *u, const void *p, size_t n, struct oqs_err *err)
{
    int w = send(u->s, p, (int)n, 0);
    if (w == SOCKET_ERROR)
        return win_errf(err, "send", (DWORD)WSAGetLastError());
    if ((size_t)w != n)
        return oqs_errf(err, "send: short write");
    return 0;
}

long plat_udp_recv(struct plat_udp *u, void *p, size_t cap, long long deadline_ms,
                   struct oqs_err *err)
{
    for (;;) {
        long long left = deadline_ms - plat_now_ms();
        WSAPOLLFD pf = {u->s, POLLRDNORM, 0};
        int r = WSAPoll(&pf, 1, left > 0 ? (int)left : 0);
        if (r == SOCKET_ERROR) {
            win_errf(err, "WSAPoll", (DWORD)WSAGetLastError());
            return PLAT_NET_ERROR;
        }
        if (r == 0)
            return PLAT_NET_TIMEOUT;
        int n = recv(u->s, p, (int)cap, 0);
        if (n > 0)
            return (long)n;
        int e = n == 0 ? 0 : WSAGetLastError();
        /* Windows reports an ICMP port unreachable on a connected UDP
         * socket as WSAECONNRESET. */
        if (e == WSAECONNRESET || e == WSAECONNREFUSED)
            return PLAT_NET_REFUSED;
        /* A datagram larger than cap arrives truncated: its first bytes. */
        if (e == WSAEMSGSIZE)
            return (long)cap;
        if (n == 0 || e == WSAEWOULDBLOCK || e == WSAEINTR)
            continue;
        win_errf(err, "recv", (DWORD)e);
        return PLAT_NET_ERROR;
    }
}

unsigned long long plat_udp_handle(const struct plat_udp *u)
{
    return (unsigned long long)u->s;
}

int plat_poll(struct plat_pollsock *s, size_t n, int timeout_ms)
{
    if (n == 0) {
        /* WSAPoll refuses an empty set (platform_net.h). */
        Sleep(timeout_ms > 0 ? (DWORD)timeout_ms : 0);
        return 0;
    }
    WSAPOLLFD stackfds[16];
    WSAPOLLFD *pf = n <= 16 ? stackfds : calloc(n, sizeof *pf);
    if (!pf)
        return -1;
    for (size_t i = 0; i < n; i++) {
        pf[i].fd = (SOCKET)s[i].sock;
        pf[i].events = (SHORT)((s[i].want_read ? POLLRDNORM : 0) |
                               (s[i].want_write ? POLLWRNORM : 0));
        pf[i].revents = 0;
    }
    int r = WSAPoll(pf, (ULONG)n, timeout_ms);
    for (size_t i = 0; i < n; i++) {
        /* Errors and hang-ups count as readable: the owner's read reports them. */
        s[i].readable = r > 0 && (pf[i].revents & (POLLRDNORM | POLLERR | POLLHUP)) != 0;
        s[i].writable = r > 0 && (pf[i].revents & POLLWRNORM) != 0;
    }
    if (pf != stackfds)
        free(pf);
    return r == SOCKET_ERROR ? -1 : r;
}

void plat_wall_clock(long long *sec, long *nsec)
{
    FILETIME ft;
    GetSystemTimePreciseAsFileTime(&ft);
    ULARGE_INTEGER u;
    u.LowPart = ft.dwLowDateTime;
    u.HighPart = ft.dwHighDateTime;
    /* 100 ns units since 1601-01-01. */
    unsigned long long t = u.QuadPart - 116444736000000000ULL;
    *sec = (long long)(t / 10000000ULL);
    *nsec = (long)(t % 10000000ULL) * 100;
}

/* ---- the system resolver (platform_net.h) ---- */

struct plat_resolve {
    SRWLOCK mu;
    CONDITION_VARIABLE cv;
    int done, abandoned;
    char *name;
    struct plat_resolved res;
};

/* SRW locks and condition variables need no destruction. */
static void resolve_free(struct plat_resolve *r)
{
    free(r->name);
    free(r);
}

static DWORD WINAPI resolve_thread(LPVOID arg)
{
    struct plat_resolve *r = arg;
    struct plat_resolved res;
    memset(&res, 0, sizeof res);
    resolve_lookup(r->name, &res);
    AcquireSRWLockExclusive(&r->mu);
    r->res = res;
    r->done = 1;
    int gone = r->abandoned;
    WakeAllConditionVariable(&r->cv);
    ReleaseSRWLockExclusive(&r->mu);
    if (gone) {
        plat_resolved_free(&r->res);
        resolve_free(r);
    }
    return 0;
}

struct plat_resolve *plat_resolve_start(const char *name, struct oqs_err *err)
{
    if (plat_net_init(err) < 0)
        return NULL;
    struct plat_resolve *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name))) {
        free(r);
        oqs_errf(err, "out of memory");
        return NULL;
    }
    InitializeSRWLock(&r->mu);
    InitializeConditionVariable(&r->cv);
    HANDLE t = CreateThread(NULL, 0, resolve_thread, r, 0, NULL);
    if (!t) {
        DWORD e = GetLastError();
        resolve_free(r);
        win_errf(err, "CreateThread (resolver)", e);
        return NULL;
    }
    CloseHandle(t); /* detached: it frees r itself when abandoned */
    return r;
}

void plat_resolve_finish(struct plat_resolve *r, long long deadline_ms, struct plat_resolved *out)
{
    memset(out, 0, sizeof *out);
    AcquireSRWLockExclusive(&r->mu);
    for (long long now = plat_now_ms(); !r->done && now < deadline_ms; now = plat_now_ms())
        SleepConditionVariableSRW(&r->cv, &r->mu, (DWORD)(deadline_ms - now), 0);
    if (!r->done) {
        r->abandoned = 1;
        ReleaseSRWLockExclusive(&r->mu);
        out->status = PLAT_RES_TIMEOUT;
        snprintf(out->detail, sizeof out->detail, "no result before the deadline");
        return;
    }
    *out = r->res;
    ReleaseSRWLockExclusive(&r->mu);
    resolve_free(r);
}

void plat_resolved_free(struct plat_resolved *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->addrs[i]);
    free(o->addrs);
    o->addrs = NULL;
    o->n = 0;
}
