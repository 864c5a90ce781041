/* Nagios/monitoring-plugins output with -w/-c ranges: the status line and
 * its perfdata checked against the plugin guidelines' format. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"
#include "core/render.h"
#include "core/threshold.h"
#include "harness.h"
#include "report_sample.h"

/* Checks one plugin output: "OQSDIAG STATE - text | perfdata" then long
 * text lines. Returns the state word's number, -1 with why. */
static int check_plugin_output(const char *s, char *why, size_t whyn)
{
    static const char *const words[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
    const char *eol = strchr(s, '\n');
    const char *sp = strchr(s, ' ');
    if (strncmp(s, "OQSDIAG", 7) != 0 || !eol || !sp || sp > eol)
        return snprintf(why, whyn, "no 'OQSDIAG[-WHAT] ' line"), -1;
    int state = -1;
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(words[i]);
        if (strncmp(sp + 1, words[i], n) == 0 && strncmp(sp + 1 + n, " - ", 3) == 0)
            state = i;
    }
    if (state < 0)
        return snprintf(why, whyn, "bad state word"), -1;
    const char *bar = strstr(s, " | ");
    if (!bar || bar > eol)
        return snprintf(why, whyn, "no perfdata"), -1;
    /* perfdata: space separated 'label'=value[UOM];[warn];[crit];[min];[max] */
    char perf[2048];
    size_t n = (size_t)(eol - bar - 3);
    if (n >= sizeof perf)
        return snprintf(why, whyn, "perfdata too long"), -1;
    memcpy(perf, bar + 3, n);
    perf[n] = '\0';
    /* Each label once: two probes' measures never share a name. */
    char seen[2048] = " ";
    for (char *tok = strtok(perf, " "); tok; tok = strtok(NULL, " ")) {
        char *eq = strrchr(tok, '=');
        if (!eq || eq == tok)
            return snprintf(why, whyn, "'%s': no label=", tok), -1;
        char label[300];
        snprintf(label, sizeof label, " %.*s ", (int)(eq - tok), tok);
        if (strstr(seen, label))
            return snprintf(why, whyn, "'%s': label given twice", tok), -1;
        if (strlen(seen) + strlen(label) < sizeof seen)
            strcat(seen, label + 1);
        if (tok[0] == '\'' && eq[-1] != '\'')
            return snprintf(why, whyn, "'%s': unbalanced quote", tok), -1;
        if (tok[0] != '\'' && strpbrk(tok, "'"))
            return snprintf(why, whyn, "'%s': stray quote", tok), -1;
        char *fields[5] = {0};
        int nf = 0;
        for (char *p = eq + 1; nf < 5; nf++) {
            fields[nf] = p;
            char *semi = strchr(p, ';');
            if (!semi) {
                nf++;
                break;
            }
            *semi = '\0';
            p = semi + 1;
        }
        char *end;
        strtod(fields[0], &end);
        if (end == fields[0])
            return snprintf(why, whyn, "'%s': value is not a number", tok), -1;
        static const char *const uoms[] = {"", "s", "ms", "us", "%", "B", "KB", "MB", "TB", "c"};
        int uom_ok = 0;
        for (size_t u = 0; u < sizeof uoms / sizeof uoms[0]; u++)
            uom_ok |= strcmp(end, uoms[u]) == 0;
        if (!uom_ok)
            return snprintf(why, whyn, "'%s': unit '%s' is not a plugin unit", tok, end), -1;
        for (int f = 1; f < 3 && f < nf; f++) {
            struct threshold t;
            struct oqs_err e;
            if (*fields[f] && threshold_parse(fields[f], "perf", &t, &e) < 0)
                return snprintf(why, whyn, "'%s': bad range '%s'", tok, fields[f]), -1;
        }
        for (int f = 3; f < nf; f++)
            if (*fields[f] && (strtod(fields[f], &end), *end))
                return snprintf(why, whyn, "'%s': min/max not a number", tok), -1;
    }
    return state;
}

static struct threshold th(const char *s)
{
    struct threshold t;
    struct oqs_err e;
    assert_int_equal(threshold_parse(s, "-w", &t, &e), 0);
    return t;
}

/* Renders r with the probe's check and the given ranges (NULL: none);
 * checks the format and that the returned state matches the line. */
static int run_check(const struct report *r, const char *probe, const char *w, const char *c,
                     char **text)
{
    struct nagios_check chk;
    assert_int_equal(metrics_probe_check(r, probe, &chk), 0);
    struct threshold tw = {0}, tc = {0};
    if (w) {
        tw = th(w);
        chk.warn = &tw;
    }
    if (c) {
        tc = th(c);
        chk.crit = &tc;
    }
    FILE *f = tmpfile();
    int st = render_nagios_checks(f, r, NULL, &chk, 1);
    long n = ftell(f);
    rewind(f);
    char *s = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    char why[256];
    int line_state = check_plugin_output(s, why, sizeof why);
    if (line_state < 0)
        fail_msg("%s\n%s", why, s);
    assert_int_equal(line_state, st);
    assert_int_equal(st, nagios_state(r, &chk, 1));
    *text = s;
    return st;
}

static void test_nagios_plain_output_is_plugin_format(void **state)
{
    (void)state;
    struct report *rs[2] = {rs_healthy(), rs_failing()};
    for (int i = 0; i < 2; i++) {
        char *s = rs_render(rs[i], "nagios", 0);
        char why[256];
        int st = check_plugin_output(s, why, sizeof why);
        if (st < 0)
            fail_msg("%s\n%s", why, s);
        assert_int_equal(st, i == 0 ? 0 : 2);
        free(s);
        report_free(rs[i]);
    }
}

static void test_nagios_ntp_offset_against_ranges(void **state)
{
    (void)state;
    struct report *r = rs_healthy(); /* offsets +12.5 ms and -3.25 ms */
    char *s;
    assert_int_equal(run_check(r, "ntp", "0.5", "1", &s), 0);
    assert_non_null(strstr(s, "OQSDIAG OK - offset 0.0125s"));
    assert_non_null(strstr(s, " | 'offset'=0.0125s;0.5;1;; "));
    free(s);
    assert_int_equal(run_check(r, "ntp", "0.01", "1", &s), 1);
    assert_non_null(strstr(s, "OQSDIAG WARNING - offset 0.0125s"));
    free(s);
    assert_int_equal(run_check(r, "ntp", "0.001", "0.01", &s), 2);
    free(s);
    /* "@" alerts inside the range. */
    assert_int_equal(run_check(r, "ntp", NULL, "@0.01:0.02", &s), 2);
    assert_non_null(strstr(s, "'offset'=0.0125s;;@0.01:0.02;;"));
    free(s);
    report_free(r);
}

static void test_nagios_ranges_replace_the_configured_offset_verdict_only(void **state)
{
    (void)state;
    struct report *r = rs_healthy();
    report_add(r, "ntp.offset", FST_WARN, "probe:ntp", NULL, "offset above 1000 ms", "ずれ");
    char *s;
    /* Without ranges the report's own warn stands; with them it is replaced. */
    assert_int_equal(run_check(r, "ntp", NULL, NULL, &s), 1);
    free(s);
    assert_int_equal(run_check(r, "ntp", "1", "2", &s), 0);
    free(s);
    /* Any other failing finding keeps the check critical. */
    report_add(r, "ntp.rr.unreachable", FST_FAIL, "probe:ntp", NULL, "1 of 2 silent", "応答しない");
    assert_int_equal(run_check(r, "ntp", "1", "2", &s), 2);
    assert_non_null(strstr(s, "ntp.rr.unreachable"));
    free(s);
    report_free(r);
}

static void test_nagios_range_without_a_measured_value_is_unknown(void **state)
{
    (void)state;
    struct report *r = report_new("live");
    report_add(r, "ntp.resolve", FST_OK, "probe:ntp", NULL, "resolves", "解決できる");
    char *s;
    assert_int_equal(run_check(r, "ntp", "0.5", "1", &s), 3);
    assert_non_null(strstr(s, "OQSDIAG UNKNOWN - offset not measured"));
    assert_null(strstr(s, "'offset'="));
    free(s);
    report_free(r);
}

static void test_nagios_tls_days_left_with_open_ranges(void **state)
{
    (void)state;
    struct report *r = rs_healthy(); /* server certificate 200 days; store 412 (not tls) */
    char *s;
    assert_int_equal(run_check(r, "tls", "30:", "7:", &s), 0);
    assert_non_null(strstr(s, "'cert_days'=200;30:;7:;;"));
    free(s);
    assert_int_equal(run_check(r, "tls", "300:", "7:", &s), 1);
    free(s);
    assert_int_equal(run_check(r, "tls", "300:", "365:", &s), 2);
    free(s);
    report_free(r);
}

static void test_nagios_dns_time_is_the_probes_own_time(void **state)
{
    (void)state;
    struct report *r = rs_healthy(); /* elapsed 1812 ms */
    char *s;
    /* proxy.tunnel carries the proxy probe's 320 ms; the run took 1812. */
    assert_int_equal(run_check(r, "proxy", "~:0.1", "~:5", &s), 1);
    assert_non_null(strstr(s, "'proxy_time'=0.32s;~:0.1;~:5;;"));
    free(s);
    /* No dns finding, so no dns time: a range on it cannot be judged. */
    assert_int_equal(run_check(r, "dns", "~:0.1", "~:5", &s), 3);
    assert_non_null(strstr(s, "dns_time not measured"));
    free(s);
    struct nagios_check chk;
    assert_int_equal(metrics_probe_check(r, "frobnicate", &chk), -1);
    report_free(r);
}

/* `oqsdiag probe ntp --format nagios -w -c` end to end: against the chronyd
 * servers of tests/probes/harness.sh, and against a port where nothing
 * answers. */
static int probe_ntp_cli(const char *server, const char *port, const char *w, const char *c,
                         struct buf *out, struct buf *err)
{
    static char a[4][256];
    snprintf(a[0], sizeof a[0], "ntp.server=%s", server);
    snprintf(a[1], sizeof a[1], "ntp.port=%s", port);
    snprintf(a[2], sizeof a[2], "timeout_ms=2000");
    snprintf(a[3], sizeof a[3], "dns.servers="); /* the system resolver: server is an IP */
    const char *argv[] = {"oqsdiag", "--set", a[0], "--set", a[1], "--set", a[2], "--set", a[3],
                          "probe", "ntp", "--format", "nagios", "-w", w, "-c", c, NULL};
    return tu_run(argv, out, err);
}

static void test_nagios_probe_ntp_cli_against_chronyd(void **state)
{
    (void)state;
    struct hx hx;
    hx_start_or_skip(&hx, "dns ntp");
    struct buf out = {0}, err = {0};
    char why[256];
    static char dns[256];
    snprintf(dns, sizeof dns, "dns.servers=%s", hx_env(&hx, "DNS"));
    const char *port = hx_env(&hx, "NTP_PORT");
    int rc;
    {
        const char *argv[] = {"oqsdiag", "--set", dns, "--set", "ntp.server=ntp.base.oqs-pdl.org",
                              "--set", NULL, "probe", "ntp", "--format", "nagios",
                              "-w", "0.5", "-c", "1", NULL};
        char p[64];
        snprintf(p, sizeof p, "ntp.port=%s", port);
        argv[6] = p;
        rc = tu_run(argv, &out, &err);
        if (check_plugin_output(out.data, why, sizeof why) != rc)
            fail_msg("%s\n%s%s", why, out.data, err.data ? err.data : "");
        /* The chronyd servers run on this machine's clock. */
        assert_int_equal(rc, 0);
        assert_true(tu_contains(out.data, "OQSDIAG-NTP OK - offset "));
        assert_true(tu_contains(out.data, "'offset'="));
        assert_true(tu_contains(out.data, "s;0.5;1;; "));
        buf_reset(&out);
        /* The same offset inside an "@" range is critical. */
        argv[12] = "@0.5:1";
        argv[14] = "@0:1";
        rc = tu_run(argv, &out, &err);
        assert_int_equal(rc, 2);
        assert_int_equal(check_plugin_output(out.data, why, sizeof why), 2);
    }
    buf_free(&out);
    buf_free(&err);
    hx_stop(&hx);
}

/* `probe tls --format nagios` judges the days left of the server
 * certificate (the harness signs tls-valid for 365 days). */
static void test_nagios_probe_tls_cli_days_left_against_s_server(void **state)
{
    (void)state;
    struct hx hx;
    hx_start_or_skip(&hx, "dns tls");
    char dns[256], target[256], ca[1024];
    snprintf(dns, sizeof dns, "dns.servers=%s", hx_env(&hx, "DNS"));
    snprintf(target, sizeof target, "tls.target=tls-valid.oqs.onshikaku.org:%s",
             hx_env(&hx, "TLS_PORT"));
    snprintf(ca, sizeof ca, "tls.ca_file=%s", hx_env(&hx, "CA_FILE"));
    const char *argv[] = {"oqsdiag", "--set", dns, "--set", target, "--set", ca,
                          "--set", "timeout_ms=4000", "probe", "tls", "--format", "nagios",
                          "-w", "30:", "-c", "7:", NULL};
    struct buf out = {0}, err = {0};
    char why[256];
    int rc = tu_run(argv, &out, &err);
    if (check_plugin_output(out.data ? out.data : "", why, sizeof why) != rc)
        fail_msg("%s\n%s%s", why, out.data ? out.data : "", err.data ? err.data : "");
    assert_true(tu_contains(out.data, "'cert_days'=36"));
    assert_true(tu_contains(out.data, ";30:;7:;; "));
    assert_false(tu_contains(out.data, "cert_days not measured"));
    buf_reset(&out);
    /* A year is not enough for a 400-day warning range. */
    argv[14] = "400:";
    rc = tu_run(argv, &out, &err);
    assert_true(rc == 1 || rc == 2);
    assert_true(check_plugin_output(out.data, why, sizeof why) == rc);
    assert_true(tu_contains(out.data, "'cert_days'=36"));
    buf_free(&out);
    buf_free(&err);
    hx_stop(&hx);
}

static void test_nagios_probe_ntp_cli_silent_server_is_critical_not_measured(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    char why[256];
    /* Port 9 (discard) on loopback: nothing answers NTP there. */
    int rc = probe_ntp_cli("127.0.0.1", "9", "0.5", "1", &out, &err);
    assert_int_equal(rc, 2);
    assert_int_equal(check_plugin_output(out.data, why, sizeof why), 2);
    assert_true(tu_contains(out.data, "offset not measured"));
    assert_true(tu_contains(out.data, "ntp.unreachable"));
    buf_free(&out);
    buf_free(&err);
}

static void test_nagios_probe_ranges_need_nagios_and_valid_syntax(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *plain[] = {"oqsdiag", "probe", "ntp", "-w", "0.5", NULL};
    assert_int_equal(tu_run(plain, &out, &err), 3);
    assert_true(tu_contains(err.data, "-w and -c need --format nagios"));
    buf_reset(&err);
    const char *bad[] = {"oqsdiag", "probe", "ntp", "--format", "nagios", "-c", "1:2:3", NULL};
    assert_int_equal(tu_run(bad, &out, &err), 3);
    assert_true(tu_contains(err.data, "-c: '1:2:3' has more than one ':'"));
    buf_reset(&err);
    const char *missing[] = {"oqsdiag", "probe", "ntp", "--format", "nagios", "-w", NULL};
    assert_int_equal(tu_run(missing, &out, &err), 3);
    assert_true(tu_contains(err.data, "-w needs a range"));
    assert_int_equal(out.len, 0);
    buf_free(&out);
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nagios_plain_output_is_plugin_format),
        cmocka_unit_test(test_nagios_ntp_offset_against_ranges),
        cmocka_unit_test(test_nagios_ranges_replace_the_configured_offset_verdict_only),
        cmocka_unit_test(test_nagios_range_without_a_measured_value_is_unknown),
        cmocka_unit_test(test_nagios_tls_days_left_with_open_ranges),
        cmocka_unit_test(test_nagios_dns_time_is_the_probes_own_time),
        cmocka_unit_test(test_nagios_probe_ntp_cli_against_chronyd),
        cmocka_unit_test(test_nagios_probe_tls_cli_days_left_against_s_server),
        cmocka_unit_test(test_nagios_probe_ntp_cli_silent_server_is_critical_not_measured),
        cmocka_unit_test(test_nagios_probe_ranges_need_nagios_and_valid_syntax),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
