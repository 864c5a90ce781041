/* NTP replies off the network (probes/ntp.c ntp_decode_reply). The first 8
 * bytes are the transmit timestamp of the request, the rest the reply, so
 * both matching and mismatching origins are exercised. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "probes/ntp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    struct ntp_ts sent = {(uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
                              (uint32_t)data[2] << 8 | data[3],
                          (uint32_t)data[4] << 24 | (uint32_t)data[5] << 16 |
                              (uint32_t)data[6] << 8 | data[7]};
    struct ntp_reply r;
    char why[64];
    enum ntp_verdict v = ntp_decode_reply(data + 8, size - 8, sent, &r, why, sizeof why);
    FUZZ_CHECK(v == NTP_REPLY_OK || v == NTP_REPLY_KOD || v == NTP_REPLY_BAD);
    FUZZ_CHECK(memchr(r.refid, '\0', sizeof r.refid) != NULL);
    FUZZ_CHECK(memchr(r.kod, '\0', sizeof r.kod) != NULL);
    FUZZ_CHECK(memchr(why, '\0', sizeof why) != NULL);
    if (v == NTP_REPLY_BAD)
        FUZZ_CHECK(why[0] != '\0');
    if (v != NTP_REPLY_BAD) {
        /* A reply we accept always answers our request. */
        FUZZ_CHECK(r.org.sec == sent.sec && r.org.frac == sent.frac);
        FUZZ_CHECK(r.mode == 4 && size - 8 >= NTP_PACKET_LEN);
        double off, delay;
        ntp_offset_delay(sent, r.rec, r.xmt, sent, &off, &delay);
        FUZZ_CHECK(isfinite(off) && isfinite(delay) && delay >= 0);
    }
    return 0;
}
