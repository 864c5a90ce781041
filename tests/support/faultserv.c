/* Starting and stopping tests/tools/badserv. Test support for Linux CI only,
 * like the real servers the probe harness starts: it uses POSIX process
 * calls directly. */
#include "faultserv.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef OQS_BUILD_DIR
#define OQS_BUILD_DIR "build"
#endif

int fs_start(struct faultserv *s, const char *mode, const char *addr, char *why, size_t whyn)
{
    memset(s, 0, sizeof *s);
    snprintf(s->mode, sizeof s->mode, "%s", mode);
    snprintf(s->addr, sizeof s->addr, "%s", addr);
    const char *bin = OQS_BUILD_DIR "/tests/tools/badserv";
    if (access(bin, X_OK) != 0) {
        snprintf(why, whyn, "%s not built (%s)", bin, strerror(errno));
        return -1;
    }
    int p[2];
    if (pipe(p) != 0) {
        snprintf(why, whyn, "pipe: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, whyn, "fork: %s", strerror(errno));
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execl(bin, "badserv", mode, addr, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    s->pid = pid;
    char line[32] = "";
    size_t got = 0;
    struct pollfd pf = {p[0], POLLIN, 0};
    /* Key generation for tls-bigchain takes a moment; 5 s is plenty. */
    while (got < sizeof line - 1 && !memchr(line, '\n', got) && poll(&pf, 1, 5000) > 0) {
        ssize_t n = read(p[0], line + got, sizeof line - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
        line[got] = '\0';
    }
    close(p[0]);
    s->port = atoi(line);
    if (s->port <= 0) {
        snprintf(why, whyn, "badserv %s %s did not start", mode, addr);
        fs_stop(s);
        return -1;
    }
    return 0;
}

void fs_stop(struct faultserv *s)
{
    if (s->pid <= 0)
        return;
    kill((pid_t)s->pid, SIGTERM);
    int st;
    while (waitpid((pid_t)s->pid, &st, 0) < 0 && errno == EINTR) {
    }
    s->pid = 0;
}

void fs_hostport(const struct faultserv *s, char *out, size_t n)
{
    snprintf(out, n, "%s:%d", s->addr, s->port);
}
