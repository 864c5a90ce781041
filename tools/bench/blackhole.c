/* A loopback endpoint that never answers: binds UDP and TCP on ADDR:PORT,
 * listens without ever accepting or reading, so a client sees silence (no
 * refusal, no ICMP), the worst case for a deadline. Runs until killed.
 * usage: blackhole ADDR PORT [PORT...]   (bench and tests only) */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int bind_one(int type, const char *addr, int port)
{
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, type, 0);
    int one = 1;
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        return -1;
    /* A backlog the kernel completes handshakes into; nobody accepts. */
    if (type == SOCK_STREAM && listen(fd, 128) != 0)
        return -1;
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: blackhole ADDR PORT [PORT...]\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        int port = atoi(argv[i]);
        if (bind_one(SOCK_DGRAM, argv[1], port) < 0 || bind_one(SOCK_STREAM, argv[1], port) < 0) {
            fprintf(stderr, "blackhole: cannot bind %s:%d\n", argv[1], port);
            return 1;
        }
    }
    fputs("ready\n", stdout);
    fflush(stdout);
    for (;;)
        pause();
}
