/* Misbehaving servers for the fault matrix (tests/faults/, docs/hardening.md):
 * each mode is one way a DNS, NTP, proxy or TLS server goes wrong on a real
 * network, the failures the setup manual's troubleshooting entries describe.
 * A test program, not part of oqsdiag: like dnsmasq or squid in the probe
 * harness it is a Linux server the tests start, so it uses sockets directly.
 *
 *   badserv MODE ADDR      binds ADDR on a free port, prints "PORT\n" on
 *                          stdout, serves until killed (or 10 minutes)
 *
 * Modes: dns-timeout dns-servfail dns-truncated dns-short
 *        ntp-silent ntp-kod ntp-wrong-origin ntp-short
 *        proxy-reset proxy-slow proxy-garbage
 *        tls-stall tls-bigchain
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* A leftover server (a test that crashed before killing it) ends itself. */
#define LIFETIME_S 600
/* One connection's child never outlives this. */
#define CONN_LIFETIME_S 120
/* OpenSSL clients refuse a certificate list over 100 KiB by default
 * (SSL_CTX_set_max_cert_list): the oversized chain is well over it. */
#define BIGCHAIN_CERTS 200

static const char *mode;
static pid_t helper; /* the DNS TCP child, ended with us */

static void on_term(int sig)
{
    if (helper > 0)
        kill(helper, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void die(const char *what)
{
    fprintf(stderr, "badserv %s: %s: %s\n", mode ? mode : "", what, strerror(errno));
    exit(1);
}

static int bind_sock(int type, const char *addr, int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
        errno = EINVAL;
        die("address");
    }
    int fd = socket(AF_INET, type, 0);
    if (fd < 0)
        die("socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        return -1;
    if (type == SOCK_STREAM && listen(fd, 64) != 0)
        die("listen");
    return fd;
}

static int bound_port(int fd)
{
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &sl) != 0)
        die("getsockname");
    return ntohs(sa.sin_port);
}

static void announce(int port)
{
    printf("%d\n", port);
    fflush(stdout);
}

/* ---- DNS (UDP, and TCP on the same port for the truncation retry) ---- */

/* Length of header + question of a query, or 0 when it is not one. */
static size_t dns_question_end(const unsigned char *q, size_t n)
{
    size_t p = 12;
    if (n < 12)
        return 0;
    while (p < n && q[p] != 0) {
        if (q[p] & 0xC0)
            return 0;
        p += (size_t)q[p] + 1;
    }
    p += 1 + 4;
    return p <= n ? p : 0;
}

/* Builds the reply in place: the question kept, no records. */
static size_t dns_reply(unsigned char *m, size_t n, int rcode, int tc)
{
    size_t end = dns_question_end(m, n);
    if (!end)
        return 0;
    m[2] = (unsigned char)(0x80 | (m[2] & 0x79) | (tc ? 0x02 : 0)); /* QR, opcode, RD */
    m[3] = (unsigned char)(0x80 | (rcode & 0x0F));                  /* RA, rcode */
    m[4] = 0, m[5] = 1;
    memset(m + 6, 0, 6);
    return end;
}

static void serve_dns(const char *addr)
{
    int u = -1, t = -1, port = 0;
    for (int tries = 0; tries < 50 && t < 0; tries++) {
        if (u >= 0)
            close(u);
        u = bind_sock(SOCK_DGRAM, addr, 0);
        if (u < 0)
            die("bind udp");
        port = bound_port(u);
        t = bind_sock(SOCK_STREAM, addr, port);
    }
    if (t < 0)
        die("bind tcp");
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    announce(port);
    int silent = strcmp(mode, "dns-timeout") == 0;
    if (!silent && (helper = fork()) == 0) {
        /* TCP: a length prefix that promises more than ever comes. */
        alarm(LIFETIME_S);
        close(u);
        for (;;) {
            int c = accept(t, NULL, NULL);
            if (c < 0)
                continue;
            unsigned char cut[6] = {0x01, 0x00, 0x12, 0x34, 0x81, 0x80};
            if (write(c, cut, sizeof cut) < 0) { /* the client went first */ }
            close(c);
        }
    }
    for (;;) {
        unsigned char m[4096];
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        if (silent) {
            pause(); /* listens, never reads: the resolver sees silence */
            continue;
        }
        ssize_t n = recvfrom(u, m, sizeof m, 0, (struct sockaddr *)&from, &fl);
        if (n <= 0)
            continue;
        size_t len;
        if (strcmp(mode, "dns-short") == 0)
            len = 5; /* shorter than a DNS header */
        else if (strcmp(mode, "dns-servfail") == 0)
            len = dns_reply(m, (size_t)n, 2, 0);
        else
            len = dns_reply(m, (size_t)n, 0, 1); /* TC set, no answers */
        if (len)
            sendto(u, m, len, 0, (struct sockaddr *)&from, fl);
    }
}

/* ---- NTP (RFC 5905 header, 48 bytes) ---- */

static void put_ntp_now(unsigned char *p)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    unsigned long long s = (unsigned long long)tv.tv_sec + 2208988800ULL;
    unsigned long long f = ((unsigned long long)tv.tv_usec << 32) / 1000000ULL;
    for (int i = 0; i < 4; i++) {
        p[i] = (unsigned char)(s >> (24 - 8 * i));
        p[4 + i] = (unsigned char)(f >> (24 - 8 * i));
    }
}

static void serve_ntp(const char *addr)
{
    int u = bind_sock(SOCK_DGRAM, addr, 0);
    if (u < 0)
        die("bind udp");
    announce(bound_port(u));
    if (strcmp(mode, "ntp-silent") == 0)
        for (;;)
            pause();
    for (;;) {
        unsigned char q[512], r[48];
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        ssize_t n = recvfrom(u, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
        if (n < 48)
            continue;
        memset(r, 0, sizeof r);
        r[0] = 0x24; /* LI 0, version 4, mode 4 (server) */
        r[1] = 2;    /* stratum */
        r[2] = 6;
        r[3] = 0xEC; /* precision 2^-20 */
        memcpy(r + 12, "\x7f\x00\x00\x01", 4);
        put_ntp_now(r + 16);
        memcpy(r + 24, q + 40, 8); /* origin = the client's transmit time */
        put_ntp_now(r + 32);
        put_ntp_now(r + 40);
        size_t len = sizeof r;
        if (strcmp(mode, "ntp-kod") == 0) {
            r[0] = 0xE4; /* LI 3 (unsynchronised) */
            r[1] = 0;    /* stratum 0: a kiss-o'-death, the code in refid */
            memcpy(r + 12, "RATE", 4);
        } else if (strcmp(mode, "ntp-wrong-origin") == 0) {
            for (int i = 24; i < 32; i++)
                r[i] ^= 0x5A; /* not the request this answers */
        } else if (strcmp(mode, "ntp-short") == 0) {
            len = 20;
        }
        sendto(u, r, len, 0, (struct sockaddr *)&from, fl);
    }
}

/* ---- TCP servers: one child per connection ---- */

/* Reads the request head (up to the blank line, or what fits). */
static void read_head(int c)
{
    char b[4096];
    size_t got = 0;
    while (got < sizeof b - 1) {
        ssize_t n = read(c, b + got, sizeof b - 1 - got);
        if (n <= 0)
            return;
        got += (size_t)n;
        b[got] = '\0';
        if (strstr(b, "\r\n\r\n"))
            return;
    }
}

static void write_all(int c, const void *p, size_t n)
{
    const char *s = p;
    while (n) {
        ssize_t w = write(c, s, n);
        if (w <= 0)
            exit(0); /* the client is gone: this connection is done */
        s += w;
        n -= (size_t)w;
    }
}

static SSL_CTX *bigchain_ctx(void)
{
    EVP_PKEY *key = EVP_RSA_gen(2048);
    X509 *crt = X509_new();
    if (!key || !crt)
        die("key");
    ASN1_INTEGER_set(X509_get_serialNumber(crt), 1);
    X509_gmtime_adj(X509_getm_notBefore(crt), -3600);
    X509_gmtime_adj(X509_getm_notAfter(crt), 86400);
    X509_set_pubkey(crt, key);
    X509_NAME *nm = X509_get_subject_name(crt);
    X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC, (const unsigned char *)"badserv.test", -1,
                               -1, 0);
    X509_set_issuer_name(crt, nm);
    if (!X509_sign(crt, key, EVP_sha256()))
        die("sign");
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_use_certificate(ctx, crt) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1)
        die("tls context");
    for (int i = 0; i < BIGCHAIN_CERTS; i++) {
        X509_up_ref(crt);
        SSL_CTX_add_extra_chain_cert(ctx, crt);
    }
    X509_free(crt);
    EVP_PKEY_free(key);
    return ctx;
}

static void serve_conn(int c, SSL_CTX *ctx)
{
    alarm(CONN_LIFETIME_S);
    if (strcmp(mode, "proxy-reset") == 0) {
        read_head(c);
        /* Linger 0: close sends RST, the reset in the middle of CONNECT. */
        struct linger lg = {1, 0};
        setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(c);
        return;
    }
    static const char ok[] = "HTTP/1.1 200 Connection established\r\n\r\n";
    if (strcmp(mode, "proxy-slow") == 0) {
        read_head(c);
        for (size_t i = 0; i < sizeof ok - 1; i++) {
            write_all(c, ok + i, 1);
            sleep(1);
        }
        char b[4096];
        while (read(c, b, sizeof b) > 0) {
        }
        return;
    }
    if (strcmp(mode, "proxy-garbage") == 0) {
        read_head(c);
        write_all(c, ok, sizeof ok - 1);
        unsigned char junk[4096];
        unsigned x = 2463534242u;
        for (size_t i = 0; i < sizeof junk; i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            junk[i] = (unsigned char)x;
        }
        write_all(c, junk, sizeof junk);
        char b[4096];
        while (read(c, b, sizeof b) > 0) {
        }
        return;
    }
    if (strcmp(mode, "tls-stall") == 0) {
        /* Takes the ClientHello and never answers it. */
        char b[4096];
        while (read(c, b, sizeof b) > 0) {
        }
        return;
    }
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, c);
    if (SSL_accept(ssl) == 1) {
        static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        SSL_write(ssl, resp, (int)sizeof resp - 1);
        SSL_shutdown(ssl);
    }
    SSL_free(ssl);
}

static void serve_tcp(const char *addr)
{
    SSL_CTX *ctx = strcmp(mode, "tls-bigchain") == 0 ? bigchain_ctx() : NULL;
    int t = bind_sock(SOCK_STREAM, addr, 0);
    if (t < 0)
        die("bind tcp");
    announce(bound_port(t));
    signal(SIGCHLD, SIG_IGN); /* children are reaped by the kernel */
    for (;;) {
        int c = accept(t, NULL, NULL);
        if (c < 0)
            continue;
        pid_t pid = fork();
        if (pid == 0) {
            close(t);
            serve_conn(c, ctx);
            _exit(0);
        }
        close(c);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: badserv MODE ADDR\n");
        return 2;
    }
    mode = argv[1];
    const char *addr = argv[2];
    signal(SIGPIPE, SIG_IGN);
    alarm(LIFETIME_S);
    if (strncmp(mode, "dns-", 4) == 0 &&
        (!strcmp(mode, "dns-timeout") || !strcmp(mode, "dns-servfail") ||
         !strcmp(mode, "dns-truncated") || !strcmp(mode, "dns-short")))
        serve_dns(addr);
    else if (!strcmp(mode, "ntp-silent") || !strcmp(mode, "ntp-kod") ||
             !strcmp(mode, "ntp-wrong-origin") || !strcmp(mode, "ntp-short"))
        serve_ntp(addr);
    else if (!strcmp(mode, "proxy-reset") || !strcmp(mode, "proxy-slow") ||
             !strcmp(mode, "proxy-garbage") || !strcmp(mode, "tls-stall") ||
             !strcmp(mode, "tls-bigchain"))
        serve_tcp(addr);
    fprintf(stderr, "badserv: unknown mode '%s'\n", mode);
    return 2;
}
