/* The fault matrix (issue 9, docs/hardening.md): each probe against a server
 * of ours that misbehaves one way (tests/tools/badserv.c) on 127.0.9.1. Each
 * run of `oqsdiag probe NAME --json` must end, by itself, in the finding the
 * fault calls for: exit 1 or 2, a report of the right shape, the expected
 * finding not ok, and no sanitizer report. A run the harness has to kill
 * (FAULT_KILL_MS) is a hang and fails the test. */
#include "testutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/platform.h"
#include "faultserv.h"
#include "report_shape.h"

#define FAULT_ADDR "127.0.9.1"
/* The probes' own deadline for these runs (config key timeout_ms). */
#define FAULT_TIMEOUT_MS "2000"
/* Far beyond any deadline the probe keeps: only a hang reaches it. */
#define FAULT_KILL_MS 60000

struct fault_case {
    const char *mode;     /* badserv mode */
    const char *probe;    /* oqsdiag probe NAME */
    const char *key;      /* the key pointed at the server ("HOSTPORT" value) */
    const char *port_key; /* a separate port key (ntp.port), or NULL */
    const char *extra;    /* one more --set, or NULL */
    const char *ids[4];   /* any of these, not ok, is the expected finding */
};

static int is_expected(const struct fault_case *fc, const char *id)
{
    for (size_t i = 0; i < 4 && fc->ids[i]; i++) {
        size_t n = strlen(fc->ids[i]);
        /* "proxy." matches the whole area; an exact id matches itself. */
        if (fc->ids[i][n - 1] == '.' ? strncmp(id, fc->ids[i], n) == 0
                                     : strcmp(id, fc->ids[i]) == 0)
            return 1;
    }
    return 0;
}

static void run_case(const struct fault_case *fc)
{
    struct faultserv s;
    char why[256];
    if (fs_start(&s, fc->mode, FAULT_ADDR, why, sizeof why) < 0) {
        print_message("skipped: %s\n", why);
        skip();
    }
    char *dir = plat_mkdtemp("oqsfault", NULL);
    assert_non_null(dir);
    char out[4096], set1[256], set2[256], set3[256];
    snprintf(out, sizeof out, "%s/report.json", dir);
    if (fc->port_key) {
        snprintf(set1, sizeof set1, "%s=%s", fc->key, s.addr);
        snprintf(set2, sizeof set2, "%s=%d", fc->port_key, s.port);
    } else {
        char hp[128];
        fs_hostport(&s, hp, sizeof hp);
        snprintf(set1, sizeof set1, "%s=%s", fc->key, hp);
        snprintf(set2, sizeof set2, "timeout_ms=%s", FAULT_TIMEOUT_MS);
    }
    snprintf(set3, sizeof set3, "%s", fc->extra ? fc->extra : "timeout_ms=" FAULT_TIMEOUT_MS);
    const char *argv[] = {OQS_BUILD_DIR "/oqsdiag", "--json", "-o", out, "--set", set1,
                          "--set", set2, "--set", set3, "--set", "timeout_ms=" FAULT_TIMEOUT_MS,
                          "probe", fc->probe, NULL};
    struct buf log = {0};
    struct oqs_err err = {{0}};
    int code = -1;
    int ran = plat_run(argv, FAULT_KILL_MS, &log, &code, &err);
    fs_stop(&s);

    struct buf rep = {0};
    int have = buf_read_file(&rep, out, 1 << 20) == 0;
    plat_rmtree(dir);
    free(dir);
    if (ran == 0 && code == 3 && log.data && tu_contains(log.data, "not built")) {
        buf_free(&log);
        buf_free(&rep);
        print_message("skipped: probe %s is not built yet\n", fc->probe);
        skip();
    }
    if (ran < 0 || (code != 1 && code != 2) || !have)
        print_message("%s: ran %d (%s), exit %d, output:\n%s\n", fc->mode, ran, err.msg, code,
                      log.data ? log.data : "");
    assert_int_equal(ran, 0); /* -1: killed at FAULT_KILL_MS, a hang */
    assert_false(log.data && (tu_contains(log.data, "Sanitizer") ||
                              tu_contains(log.data, "runtime error")));
    assert_true(code == 1 || code == 2);
    assert_true(have);

    json_error_t jerr;
    json_t *doc = json_loadb(rep.data, rep.len, 0, &jerr);
    assert_non_null(doc);
    char shape[256];
    if (report_shape_check(doc, shape, sizeof shape) < 0)
        fail_msg("%s: report does not fit report.md: %s", fc->mode, shape);
    size_t i;
    json_t *f;
    int found = 0;
    json_array_foreach(json_object_get(doc, "findings"), i, f) {
        const char *id = json_string_value(json_object_get(f, "id"));
        const char *st = json_string_value(json_object_get(f, "status"));
        if (id && st && is_expected(fc, id) && strcmp(st, "ok") != 0 && strcmp(st, "skip") != 0)
            found = 1;
    }
    if (!found)
        fail_msg("%s: no expected finding (%s...) in:\n%s", fc->mode, fc->ids[0], rep.data);
    json_decref(doc);
    buf_free(&log);
    buf_free(&rep);
}

/* One named test per fault, so the output says which fault broke. */
#define FAULT(name, ...)                                                                  \
    static void test_fault_##name(void **state)                                           \
    {                                                                                     \
        (void)state;                                                                      \
        static const struct fault_case fc = __VA_ARGS__;                                  \
        run_case(&fc);                                                                    \
    }

FAULT(dns_silence_ends_in_dns_resolve_timeout,
      {"dns-timeout", "dns", "dns.servers", NULL, NULL, {"dns.resolve.timeout", NULL}})
FAULT(dns_servfail_ends_in_dns_resolve_servfail,
      {"dns-servfail", "dns", "dns.servers", NULL, NULL, {"dns.resolve.servfail", NULL}})
FAULT(dns_truncated_reply_ends_in_dns_transport_truncated,
      {"dns-truncated", "dns", "dns.servers", NULL, NULL,
       {"dns.transport.truncated", NULL}})
FAULT(dns_short_reply_ends_in_a_dns_timeout,
      {"dns-short", "dns", "dns.servers", NULL, NULL, {"dns.resolve.timeout", "dns.resolve.error", NULL}})
FAULT(ntp_silence_ends_in_ntp_unreachable,
      {"ntp-silent", "ntp", "ntp.server", "ntp.port", NULL,
       {"ntp.unreachable", NULL}})
FAULT(ntp_kiss_of_death_ends_in_ntp_kod,
      {"ntp-kod", "ntp", "ntp.server", "ntp.port", NULL, {"ntp.kod", NULL}})
FAULT(ntp_wrong_origin_ends_in_ntp_bad_reply,
      {"ntp-wrong-origin", "ntp", "ntp.server", "ntp.port", NULL, {"ntp.bad_reply", NULL}})
/* A 20-byte packet is no reply at all: the probe keeps waiting and ends with
 * the server unanswered, or calls it a bad reply. */
FAULT(ntp_short_packet_counts_as_no_answer,
      {"ntp-short", "ntp", "ntp.server", "ntp.port", NULL,
       {"ntp.bad_reply", "ntp.query", "ntp.unreachable", NULL}})
FAULT(proxy_reset_mid_connect_ends_in_proxy_connect_reset,
      {"proxy-reset", "proxy", "proxy.server", NULL, NULL, {"proxy.connect.reset", NULL}})
FAULT(proxy_one_byte_a_second_ends_in_proxy_connect_timeout,
      {"proxy-slow", "proxy", "proxy.server", NULL, NULL, {"proxy.connect.timeout", NULL}})
FAULT(proxy_200_then_garbage_ends_in_proxy_tunnel_tls,
      {"proxy-garbage", "proxy", "proxy.server", NULL, NULL, {"proxy.tunnel.tls", NULL}})
/* Port 80 (probe http), direct: the same servers stand in for the site. */
FAULT(http_reset_after_the_request_ends_in_http_connect_reset,
      {"proxy-reset", "http", "http.target", NULL, "proxy.bypass=127.*", {"http.connect.reset", NULL}})
FAULT(http_one_byte_a_second_ends_in_http_connect_timeout,
      {"proxy-slow", "http", "http.target", NULL, "proxy.bypass=127.*", {"http.connect.timeout", NULL}})
FAULT(tls_stalled_handshake_ends_in_tls_connect_failed,
      {"tls-stall", "tls", "tls.target", NULL, NULL, {"tls.connect.failed", "tls.handshake.failed", NULL}})
FAULT(tls_oversized_chain_ends_in_tls_connect_failed,
      {"tls-bigchain", "tls", "tls.target", NULL, NULL, {"tls.connect.failed", "tls.handshake.failed", NULL}})

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fault_dns_silence_ends_in_dns_resolve_timeout),
        cmocka_unit_test(test_fault_dns_servfail_ends_in_dns_resolve_servfail),
        cmocka_unit_test(test_fault_dns_truncated_reply_ends_in_dns_transport_truncated),
        cmocka_unit_test(test_fault_dns_short_reply_ends_in_a_dns_timeout),
        cmocka_unit_test(test_fault_ntp_silence_ends_in_ntp_unreachable),
        cmocka_unit_test(test_fault_ntp_kiss_of_death_ends_in_ntp_kod),
        cmocka_unit_test(test_fault_ntp_wrong_origin_ends_in_ntp_bad_reply),
        cmocka_unit_test(test_fault_ntp_short_packet_counts_as_no_answer),
        cmocka_unit_test(test_fault_proxy_reset_mid_connect_ends_in_proxy_connect_reset),
        cmocka_unit_test(test_fault_proxy_one_byte_a_second_ends_in_proxy_connect_timeout),
        cmocka_unit_test(test_fault_proxy_200_then_garbage_ends_in_proxy_tunnel_tls),
        cmocka_unit_test(test_fault_http_reset_after_the_request_ends_in_http_connect_reset),
        cmocka_unit_test(test_fault_http_one_byte_a_second_ends_in_http_connect_timeout),
        cmocka_unit_test(test_fault_tls_stalled_handshake_ends_in_tls_connect_failed),
        cmocka_unit_test(test_fault_tls_oversized_chain_ends_in_tls_connect_failed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
