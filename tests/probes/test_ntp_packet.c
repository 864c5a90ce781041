/* The SNTPv4 packet codec of probes/ntp.c (RFC 5905), without a network. */
#include "testutil.h"

#include <string.h>

#include "probes/ntp.h"

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* A server reply to a request sent with xmt. */
static void make_reply(uint8_t p[48], struct ntp_ts xmt, int leap, int stratum, const char *refid)
{
    memset(p, 0, 48);
    p[0] = (uint8_t)(leap << 6 | 4 << 3 | 4);
    p[1] = (uint8_t)stratum;
    memcpy(p + 12, refid, 4);
    put32(p + 24, xmt.sec);
    put32(p + 28, xmt.frac);
    put32(p + 32, xmt.sec + 1);
    put32(p + 40, xmt.sec + 1);
}

static void test_ntp_request_is_version_4_client_with_transmit_timestamp(void **state)
{
    (void)state;
    uint8_t p[48];
    struct ntp_ts t = {0xEB000000u, 0x80000000u};
    ntp_encode_request(p, t);
    assert_int_equal(p[0], 0x23); /* LI 0, VN 4, mode 3 */
    assert_int_equal(p[40], 0xEB);
    assert_int_equal(p[44], 0x80);
    for (int i = 1; i < 40; i++)
        assert_int_equal(p[i], 0);
}

static void test_ntp_unix_time_converts_to_1900_epoch(void **state)
{
    (void)state;
    struct ntp_ts t = ntp_from_unix(0, 500000000);
    assert_int_equal(t.sec, 2208988800u);
    assert_int_equal(t.frac, 0x80000000u);
}

static void test_ntp_matching_reply_decodes(void **state)
{
    (void)state;
    uint8_t p[48];
    struct ntp_ts xmt = {0xEB000000u, 0x1234u};
    make_reply(p, xmt, 0, 2, "\xc0\xa8\x01\x02");
    struct ntp_reply r;
    char why[64];
    assert_int_equal(ntp_decode_reply(p, sizeof p, xmt, &r, why, sizeof why), NTP_REPLY_OK);
    assert_int_equal(r.stratum, 2);
    assert_string_equal(r.refid, "192.168.1.2");
    assert_false(ntp_unsynchronized(&r));
}

static void test_ntp_reply_with_other_origin_is_bad(void **state)
{
    (void)state;
    uint8_t p[48];
    struct ntp_ts xmt = {0xEB000000u, 0x1234u}, other = {0xEB000000u, 0x1235u};
    make_reply(p, other, 0, 2, "abcd");
    struct ntp_reply r;
    char why[64];
    assert_int_equal(ntp_decode_reply(p, sizeof p, xmt, &r, why, sizeof why), NTP_REPLY_BAD);
    assert_true(tu_contains(why, "origin"));
}

static void test_ntp_short_or_client_mode_packet_is_bad(void **state)
{
    (void)state;
    uint8_t p[48];
    struct ntp_ts xmt = {1, 2};
    make_reply(p, xmt, 0, 2, "abcd");
    struct ntp_reply r;
    assert_int_equal(ntp_decode_reply(p, 47, xmt, &r, NULL, 0), NTP_REPLY_BAD);
    p[0] = 0x23;
    assert_int_equal(ntp_decode_reply(p, 48, xmt, &r, NULL, 0), NTP_REPLY_BAD);
}

static void test_ntp_stratum_0_with_code_is_kod_without_code_unsynchronized(void **state)
{
    (void)state;
    uint8_t p[48];
    struct ntp_ts xmt = {7, 9};
    struct ntp_reply r;
    make_reply(p, xmt, 3, 0, "RATE");
    assert_int_equal(ntp_decode_reply(p, 48, xmt, &r, NULL, 0), NTP_REPLY_KOD);
    assert_string_equal(r.kod, "RATE");
    make_reply(p, xmt, 3, 0, "\0\0\0\0");
    assert_int_equal(ntp_decode_reply(p, 48, xmt, &r, NULL, 0), NTP_REPLY_OK);
    assert_true(ntp_unsynchronized(&r));
}

static void test_ntp_offset_and_delay_follow_rfc5905(void **state)
{
    (void)state;
    /* Server 1 s ahead; 100 ms each way; 10 ms in the server. */
    struct ntp_ts t1 = {1000, 0};
    struct ntp_ts t2 = {1001, (uint32_t)(0.1 * 4294967296.0)};
    struct ntp_ts t3 = {1001, (uint32_t)(0.11 * 4294967296.0)};
    struct ntp_ts t4 = {1000, (uint32_t)(0.21 * 4294967296.0)};
    double off, delay;
    ntp_offset_delay(t1, t2, t3, t4, &off, &delay);
    assert_true(off > 999.9 && off < 1000.1);
    assert_true(delay > 199.9 && delay < 200.1);
}

static void test_ntp_difference_survives_the_era_wrap(void **state)
{
    (void)state;
    struct ntp_ts before = {0xFFFFFFFFu, 0}, after = {1, 0};
    assert_true(ntp_ts_diff(after, before) > 1.99 && ntp_ts_diff(after, before) < 2.01);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ntp_request_is_version_4_client_with_transmit_timestamp),
        cmocka_unit_test(test_ntp_unix_time_converts_to_1900_epoch),
        cmocka_unit_test(test_ntp_matching_reply_decodes),
        cmocka_unit_test(test_ntp_reply_with_other_origin_is_bad),
        cmocka_unit_test(test_ntp_short_or_client_mode_packet_is_bad),
        cmocka_unit_test(test_ntp_stratum_0_with_code_is_kod_without_code_unsynchronized),
        cmocka_unit_test(test_ntp_offset_and_delay_follow_rfc5905),
        cmocka_unit_test(test_ntp_difference_survives_the_era_wrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
