#ifndef OQSDIAG_FAULTSERV_H
#define OQSDIAG_FAULTSERV_H

#include <stddef.h>

/* The misbehaving servers of the fault matrix (tests/tools/badserv.c, built
 * as build/tests/tools/badserv): one process per server, on a free port of a
 * 127.0.0.0/8 address, ended by its pid. */
struct faultserv {
    long pid;
    int port;
    char addr[64];
    char mode[32];
};

/* Starts badserv MODE ADDR and waits (5 s at most) for its port. 0, or -1
 * with the reason in why (for the test's "skipped: <reason>"). */
int fs_start(struct faultserv *s, const char *mode, const char *addr, char *why, size_t whyn);
/* Kills the server by its pid and reaps it; a stopped server is left alone. */
void fs_stop(struct faultserv *s);
/* "ADDR:PORT" into out (static-size buffer given by the caller). */
void fs_hostport(const struct faultserv *s, char *out, size_t n);

#endif
