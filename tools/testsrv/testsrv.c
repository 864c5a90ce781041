/* Loopback servers that misbehave the way field equipment does, where no
 * real server can be made to (tests only; tests/probes/harness.sh starts
 * them and ends them by pid). Runs until killed.
 *   testsrv dns ADDR PORT     a UDP-only resolver: no TCP listener at all;
 *                             "slow.*" is never answered, "refused.*" gets
 *                             REFUSED, "servfail.*" SERVFAIL, anything else
 *                             a truncated answer (TC set, no records) even
 *                             when the query carries EDNS0 -- a router's DNS
 *                             proxy that drops EDNS0 and cannot fall back;
 *                             "rr1.*" gets one A record per answer,
 *                             rotating over 127.0.53.10-12.
 *   testsrv ntp ADDR PORT MODE
 *                             an SNTP server answering every request with
 *                             MODE: kod (stratum 0, "DENY"), rate ("RATE"),
 *                             unsync (leap 3, stratum 16), badorigin (origin
 *                             does not match), short (20 bytes).
 *   testsrv listen ADDR PORT  accepts TCP connections and closes them.
 *   testsrv http ADDR PORT    a plain HTTP site on port 80's behalf: reads
 *                             a request head and answers 301 to https, as
 *                             a certificate application site does.
 *   testsrv silent ADDR PORT  binds UDP and listens on TCP without ever
 *                             reading or accepting: silence, the worst case
 *                             for a deadline (no refusal, no ICMP). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int bind_one(int type, const char *addr, int port)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((unsigned short)port);
        sl = sizeof *s4;
    } else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((unsigned short)port);
        sl = sizeof *s6;
    } else {
        return -1;
    }
    int fd = socket(ss.ss_family, type, 0), one = 1;
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, sl) != 0)
        return -1;
    if (type == SOCK_STREAM && listen(fd, 16) != 0)
        return -1;
    return fd;
}

/* The query name as dotted text; returns the offset after the question. */
static size_t qname(const unsigned char *p, size_t n, char *out, size_t outn)
{
    size_t i = 12, o = 0;
    while (i < n && p[i]) {
        size_t l = p[i++];
        if (l > 63 || i + l > n)
            return 0;
        for (size_t k = 0; k < l && o + 2 < outn; k++)
            out[o++] = (char)p[i + k];
        out[o++] = '.';
        i += l;
    }
    out[o ? o - 1 : 0] = '\0';
    return i + 1 + 4 <= n ? i + 1 + 4 : 0;
}

static void serve_dns(int fd)
{
    unsigned char q[1500], a[1500];
    for (;;) {
        struct sockaddr_storage from;
        socklen_t fl = sizeof from;
        ssize_t n = recvfrom(fd, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
        if (n < 12)
            continue;
        char name[256];
        size_t qend = qname(q, (size_t)n, name, sizeof name);
        if (!qend || strncmp(name, "slow.", 5) == 0)
            continue;
        memcpy(a, q, qend);
        a[2] = (unsigned char)(0x80 | (q[2] & 0x79)); /* QR, opcode, RD kept */
        a[3] = 0x80;                                  /* RA */
        a[6] = a[7] = a[8] = a[9] = a[10] = a[11] = 0; /* no records, no OPT */
        size_t len = qend;
        int qtype = q[qend - 4] << 8 | q[qend - 3];
        if (strncmp(name, "rr1.", 4) == 0) {
            /* One address per answer, rotating over three: a forwarder
             * that cuts the round-robin set (manual 補24). */
            static unsigned turn;
            if (qtype == 1) {
                static const unsigned char rr[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4,
                                                   127, 0, 53, 0};
                memcpy(a + len, rr, sizeof rr);
                a[len + sizeof rr - 1] = (unsigned char)(10 + turn++ % 3);
                len += sizeof rr;
                a[7] = 1;
            }
        } else if (strncmp(name, "refused.", 8) == 0)
            a[3] |= 5;
        else if (strncmp(name, "servfail.", 9) == 0)
            a[3] |= 2;
        else
            a[2] |= 0x02; /* TC */
        sendto(fd, a, len, 0, (struct sockaddr *)&from, fl);
    }
}

static void serve_http(int fd)
{
    static const char answer[] = "HTTP/1.1 301 Moved Permanently\r\n"
                                 "Location: https://cert.obn.managedpki.ne.jp/p/rcr\r\n"
                                 "Content-Length: 0\r\nConnection: close\r\n\r\n";
    for (;;) {
        int c = accept(fd, NULL, NULL);
        if (c < 0)
            continue;
        char head[4096];
        size_t have = 0;
        while (have < sizeof head - 1) {
            ssize_t n = read(c, head + have, sizeof head - 1 - have);
            if (n <= 0)
                break;
            have += (size_t)n;
            head[have] = '\0';
            if (strstr(head, "\r\n\r\n"))
                break;
        }
        if (write(c, answer, sizeof answer - 1) < 0)
            perror("write");
        close(c);
    }
}

static void put32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void serve_ntp(int fd, const char *mode)
{
    unsigned char q[512], a[48];
    for (;;) {
        struct sockaddr_storage from;
        socklen_t fl = sizeof from;
        ssize_t n = recvfrom(fd, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
        if (n < 48)
            continue;
        memset(a, 0, sizeof a);
        a[0] = (0 << 6) | (4 << 3) | 4;
        a[1] = 2;
        unsigned long now = (unsigned long)time(NULL) + 2208988800UL;
        memcpy(a + 12, "\x7f\x00\x35\x01", 4);
        memcpy(a + 24, q + 40, 8); /* origin = the client's transmit */
        put32(a + 32, now);
        put32(a + 40, now);
        size_t len = sizeof a;
        if (strcmp(mode, "kod") == 0 || strcmp(mode, "rate") == 0) {
            a[1] = 0;
            memcpy(a + 12, strcmp(mode, "kod") == 0 ? "DENY" : "RATE", 4);
        } else if (strcmp(mode, "unsync") == 0) {
            a[0] = (unsigned char)((3 << 6) | (4 << 3) | 4);
            a[1] = 16;
        } else if (strcmp(mode, "badorigin") == 0) {
            a[31] ^= 0x55;
        } else if (strcmp(mode, "short") == 0) {
            len = 20;
        }
        sendto(fd, a, len, 0, (struct sockaddr *)&from, fl);
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: testsrv dns|ntp|listen|http|silent ADDR PORT [MODE]\n");
        return 2;
    }
    int port = atoi(argv[3]);
    int fd;
    if (strcmp(argv[1], "dns") == 0) {
        if ((fd = bind_one(SOCK_DGRAM, argv[2], port)) < 0)
            return perror("bind"), 1;
        serve_dns(fd);
        return 1;
    }
    if (strcmp(argv[1], "ntp") == 0 && argc > 4) {
        if ((fd = bind_one(SOCK_DGRAM, argv[2], port)) < 0)
            return perror("bind"), 1;
        serve_ntp(fd, argv[4]);
        return 1;
    }
    if (strcmp(argv[1], "listen") == 0) {
        if ((fd = bind_one(SOCK_STREAM, argv[2], port)) < 0)
            return perror("bind"), 1;
        for (;;) {
            int c = accept(fd, NULL, NULL);
            if (c >= 0)
                close(c);
        }
    }
    if (strcmp(argv[1], "http") == 0) {
        if ((fd = bind_one(SOCK_STREAM, argv[2], port)) < 0)
            return perror("bind"), 1;
        serve_http(fd);
        return 1;
    }
    if (strcmp(argv[1], "silent") == 0) {
        if (bind_one(SOCK_DGRAM, argv[2], port) < 0 || bind_one(SOCK_STREAM, argv[2], port) < 0)
            return perror("bind"), 1;
        for (;;)
            pause();
    }
    fprintf(stderr, "testsrv: unknown mode %s\n", argv[1]);
    return 2;
}
