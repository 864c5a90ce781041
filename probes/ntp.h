#ifndef OQSDIAG_NTP_H
#define OQSDIAG_NTP_H

#include <stddef.h>
#include <stdint.h>

/* The SNTPv4 packet (RFC 5905 7.3), client mode. Pure functions: no I/O, so
 * the reply decoder can be fuzzed (fuzz/fuzz_ntp_reply.c). */

#define NTP_PACKET_LEN 48

/* NTP timestamp: seconds since 1900 (era 0 wrapping) and 2^-32 fractions. */
struct ntp_ts {
    uint32_t sec, frac;
};

struct ntp_reply {
    int leap, version, mode, stratum, poll, precision;
    uint32_t root_delay, root_disp; /* NTP short format */
    char refid[16];                 /* dotted IPv4, hex, or the ASCII code */
    char kod[5];                    /* kiss code when stratum is 0, else "" */
    struct ntp_ts ref, org, rec, xmt;
};

enum ntp_verdict {
    NTP_REPLY_OK,
    NTP_REPLY_KOD,       /* stratum 0 with a kiss code (RFC 5905 7.4) */
    NTP_REPLY_BAD        /* malformed, wrong mode, or origin does not match */
};

/* Unix time to an NTP timestamp and back (era 0: 1968..2036; later
 * timestamps wrap and differences stay right). */
struct ntp_ts ntp_from_unix(long long sec, long nsec);
double ntp_ts_diff(struct ntp_ts a, struct ntp_ts b); /* a - b in seconds */

/* A client request (version 4, mode 3) whose transmit timestamp is xmt. */
void ntp_encode_request(uint8_t out[NTP_PACKET_LEN], struct ntp_ts xmt);

/* Decodes a reply to the request sent with xmt. why (may be NULL) says
 * what is wrong when the verdict is NTP_REPLY_BAD. */
enum ntp_verdict ntp_decode_reply(const uint8_t *p, size_t n, struct ntp_ts sent_xmt,
                                  struct ntp_reply *out, char *why, size_t whyn);

/* RFC 5905 8: offset and round-trip delay in milliseconds from the request
 * sent at t1, received by the server at t2, answered at t3, back at t4. */
void ntp_offset_delay(struct ntp_ts t1, struct ntp_ts t2, struct ntp_ts t3, struct ntp_ts t4,
                      double *offset_ms, double *delay_ms);

/* Whether the server says it is not synchronised: leap 3, stratum 0 or 16+. */
int ntp_unsynchronized(const struct ntp_reply *r);

#endif
