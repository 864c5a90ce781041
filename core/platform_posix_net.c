/* POSIX implementation of core/platform_net.h. */
#include "platform_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "platform.h"
#include "platform_resolve.h"

/* glibc's texts are constants: safe on every thread. */
static void resolve_gai_text(int rc, char *buf, size_t n)
{
    snprintf(buf, n, "%s", gai_strerror(rc));
}

struct plat_udp {
    int fd;
};

int plat_net_init(struct oqs_err *err)
{
    /* A server that closes a TCP connection while c-ares (its TCP retry of
     * a truncated reply) or OpenSSL writes to it must give EPIPE, a
     * finding, and not kill the whole run with SIGPIPE. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGPIPE, &sa, NULL) < 0)
        return oqs_errf(err, "cannot ignore SIGPIPE: %s", strerror(errno));
    return 0;
}

int plat_udp_open(const char *ip, int port, struct plat_udp **out, struct oqs_err *err)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, ip, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((unsigned short)port);
        sl = sizeof *s4;
    } else if (inet_pton(AF_INET6, ip, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((unsigned short)port);
        sl = sizeof *s6;
    } else {
        return oqs_errf(err, "not an IP address: %s", ip);
    }
    int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return oqs_errf(err, "socket: %s", strerror(errno));
    if (connect(fd, (struct sockaddr *)&ss, sl) < 0) {
        int e = errno;
        close(fd);
        return oqs_errf(err, "%s port %d: %s", ip, port, strerror(e));
    }
    struct plat_udp *u = malloc(sizeof *u);
    if (!u) {
        close(fd);
        return oqs_errf(err, "out of memory");
    }
    u->fd = fd;
    *out = u;
    return 0;
}

void plat_udp_close(struct plat_udp *u)
{
    if (!u)
        return;
    close(u->fd);
    free(u);
}

int plat_udp_send(struct plat_udp *u, const void *p, size_t n, struct oqs_err *err)
{
    ssize_t w = send(u->fd, p, n, 0);
    if (w < 0)
        return oqs_errf(err, "send: %s", strerror(errno));
    if ((size_t)w != n)
        return oqs_errf(err, "send: short write");
    return 0;
}

long plat_udp_recv(struct plat_udp *u, void *p, size_t cap, long long deadline_ms,
                   struct oqs_err *err)
{
    for (;;) {
        long long left = deadline_ms - plat_now_ms();
        struct pollfd pf = {.fd = u->fd, .events = POLLIN};
        int r = poll(&pf, 1, left > 0 ? (int)left : 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            oqs_errf(err, "poll: %s", strerror(errno));
            return PLAT_NET_ERROR;
        }
        if (r == 0)
            return PLAT_NET_TIMEOUT;
        ssize_t n = recv(u->fd, p, cap, MSG_DONTWAIT);
        if (n > 0)
            return (long)n;
        if (n == 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            continue;
        if (errno == ECONNREFUSED)
            return PLAT_NET_REFUSED;
        oqs_errf(err, "recv: %s", strerror(errno));
        return PLAT_NET_ERROR;
    }
}

unsigned long long plat_udp_handle(const struct plat_udp *u)
{
    return (unsigned long long)u->fd;
}

int plat_poll(struct plat_pollsock *s, size_t n, int timeout_ms)
{
    struct pollfd stackfds[16];
    struct pollfd *pf = n <= 16 ? stackfds : calloc(n, sizeof *pf);
    if (!pf)
        return -1;
    for (size_t i = 0; i < n; i++) {
        pf[i].fd = (int)s[i].sock;
        pf[i].events = (short)((s[i].want_read ? POLLIN : 0) | (s[i].want_write ? POLLOUT : 0));
        pf[i].revents = 0;
    }
    int r;
    do
        r = poll(pf, (nfds_t)n, timeout_ms);
    while (r < 0 && errno == EINTR);
    for (size_t i = 0; i < n; i++) {
        /* Errors and hang-ups count as readable: the owner's read reports them. */
        s[i].readable = r > 0 && (pf[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
        s[i].writable = r > 0 && (pf[i].revents & POLLOUT) != 0;
    }
    if (pf != stackfds)
        free(pf);
    return r;
}

void plat_wall_clock(long long *sec, long *nsec)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *sec = (long long)ts.tv_sec;
    *nsec = ts.tv_nsec;
}

/* ---- the system resolver (platform_net.h) ---- */

struct plat_resolve {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int done, abandoned;
    char *name;
    struct plat_resolved res;
};

static void resolve_free(struct plat_resolve *r)
{
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    free(r->name);
    free(r);
}

static void *resolve_thread(void *arg)
{
    struct plat_resolve *r = arg;
    struct plat_resolved res;
    memset(&res, 0, sizeof res);
    resolve_lookup(r->name, &res);
    pthread_mutex_lock(&r->mu);
    r->res = res;
    r->done = 1;
    int gone = r->abandoned;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
    if (gone) {
        plat_resolved_free(&r->res);
        resolve_free(r);
    }
    return NULL;
}

struct plat_resolve *plat_resolve_start(const char *name, struct oqs_err *err)
{
    struct plat_resolve *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name))) {
        free(r);
        oqs_errf(err, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    pthread_attr_t at;
    pthread_t t;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &at, resolve_thread, r);
    pthread_attr_destroy(&at);
    if (rc != 0) {
        resolve_free(r);
        oqs_errf(err, "cannot start a resolver thread: %s", strerror(rc));
        return NULL;
    }
    return r;
}

void plat_resolve_finish(struct plat_resolve *r, long long deadline_ms, struct plat_resolved *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&r->mu);
    for (long long now = plat_now_ms(); !r->done && now < deadline_ms; now = plat_now_ms()) {
        /* The condition's clock is the wall clock; short waits keep the
         * deadline on the monotonic one. */
        long long step = deadline_ms - now < 50 ? deadline_ms - now : 50;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += (long)(step * 1000000);
        ts.tv_sec += ts.tv_nsec / 1000000000;
        ts.tv_nsec %= 1000000000;
        pthread_cond_timedwait(&r->cv, &r->mu, &ts);
    }
    if (!r->done) {
        r->abandoned = 1;
        pthread_mutex_unlock(&r->mu);
        out->status = PLAT_RES_TIMEOUT;
        snprintf(out->detail, sizeof out->detail, "no result before the deadline");
        return;
    }
    *out = r->res;
    pthread_mutex_unlock(&r->mu);
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
