/* The suite's guard against the network (brief: tests bind 127.0.0.0/8
 * only and never reach real OQS hosts or any non-loopback address). Every
 * test binary links this file; its connect() stands in front of libc's for
 * the whole process (libcurl, c-ares and our own SNTP client included,
 * which all connect their sockets, UDP too). A connection to an address
 * outside 127.0.0.0/8 and ::1 is refused before any packet leaves, named
 * on stderr, and the test binary aborts: a probe whose target a test forgot
 * to point at loopback fails the suite instead of reaching the real site.
 * POSIX only: the Windows test build leaves this file out (mk/windows.mk). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "netguard.h"

int netguard_soft;
int netguard_refused;

/* Whether addr is loopback (or not an internet address at all). */
static int allowed(const struct sockaddr *addr, socklen_t len, char *text, size_t n)
{
    if (!addr || len < sizeof(sa_family_t))
        return 1;
    if (addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &s4->sin_addr, text, (socklen_t)n);
        return (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
    }
    if (addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)addr;
        const unsigned char *b = s6->sin6_addr.s6_addr;
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        inet_ntop(AF_INET6, &s6->sin6_addr, text, (socklen_t)n);
        if (IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr))
            return 1;
        return memcmp(b, mapped, sizeof mapped) == 0 && b[12] == 127;
    }
    /* AF_UNSPEC (dissolving a UDP association), AF_UNIX, netlink. */
    return addr->sa_family != AF_INET && addr->sa_family != AF_INET6;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    char text[INET6_ADDRSTRLEN] = "?";
    if (!allowed(addr, len, text, sizeof text)) {
        fprintf(stderr, "netguard: a test tried to connect to %s, which is not loopback "
                        "(point the probe's target key at a harness address)\n", text);
        netguard_refused++;
        if (!netguard_soft)
            abort();
        errno = ENETUNREACH;
        return -1;
    }
    /* The kernel's connect directly: libc's own is the one this replaces. */
    return (int)syscall(SYS_connect, fd, addr, len);
}
