/* The Prometheus output against the text exposition format (0.0.4): a
 * parser written here from the format's description, and promtool where it
 * is installed (Debian: prometheus). */
#include "testutil.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "core/render.h"
#include "core/version.h"
#include "harness.h"
#include "report_sample.h"

struct series {
    char name[128];
    char labels[512]; /* k=v;k=v (values unescaped) */
    double value;
};

struct expo {
    struct series s[256];
    size_t n;
    char why[256];
};

static int name_ok(const char *s, size_t n, int colon)
{
    if (n == 0 || isdigit((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || (colon && s[i] == ':')))
            return 0;
    return 1;
}

static int bad(struct expo *e, int line, const char *what)
{
    snprintf(e->why, sizeof e->why, "line %d: %s", line, what);
    return -1;
}

/* Parses the whole text; -1 with e->why on the first violation. Checks:
 * names, label syntax and escapes, values, one TYPE/HELP per family before
 * its samples, families not interleaved, no duplicate series. */
static int parse_exposition(const char *text, struct expo *e)
{
    char typed[64][128], helped[64][128], closed[64][128];
    size_t ntyped = 0, nhelped = 0, nclosed = 0;
    char current[128] = "";
    int lineno = 0;
    e->n = 0;
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        if (!eol)
            return bad(e, lineno + 1, "last line has no line feed");
        char line[2048];
        size_t len = (size_t)(eol - p);
        if (len >= sizeof line)
            return bad(e, lineno + 1, "line too long");
        memcpy(line, p, len);
        line[len] = '\0';
        p = eol + 1;
        lineno++;
        if (len == 0)
            continue;
        if (line[0] == '#') {
            char kw[8], name[128];
            if (sscanf(line, "# %7s %127s", kw, name) == 2 &&
                (strcmp(kw, "HELP") == 0 || strcmp(kw, "TYPE") == 0)) {
                if (!name_ok(name, strlen(name), 1))
                    return bad(e, lineno, "bad metric name in comment");
                for (size_t i = 0; i < nclosed; i++)
                    if (strcmp(closed[i], name) == 0)
                        return bad(e, lineno, "family appears twice");
                if (strcmp(kw, "TYPE") == 0) {
                    const char *t = line + 7 + strlen(name) + 1;
                    if (strcmp(t, "gauge") && strcmp(t, "counter") && strcmp(t, "untyped") &&
                        strcmp(t, "histogram") && strcmp(t, "summary"))
                        return bad(e, lineno, "unknown TYPE");
                    for (size_t i = 0; i < ntyped; i++)
                        if (strcmp(typed[i], name) == 0)
                            return bad(e, lineno, "second TYPE line");
                    snprintf(typed[ntyped++], 128, "%s", name);
                } else {
                    for (size_t i = 0; i < nhelped; i++)
                        if (strcmp(helped[i], name) == 0)
                            return bad(e, lineno, "second HELP line");
                    snprintf(helped[nhelped++], 128, "%s", name);
                    /* HELP escapes only \\ and \n. */
                    for (const char *h = line; *h; h++)
                        if (*h == '\\' && h[1] != '\\' && h[1] != 'n')
                            return bad(e, lineno, "bad escape in HELP");
                        else if (*h == '\\')
                            h++;
                }
                if (strcmp(current, name) != 0) {
                    if (*current)
                        snprintf(closed[nclosed++], 128, "%s", current);
                    snprintf(current, sizeof current, "%s", name);
                }
            }
            continue;
        }
        /* A sample: name[{labels}] value [timestamp] */
        struct series *s = &e->s[e->n];
        memset(s, 0, sizeof *s);
        size_t i = 0;
        while (line[i] && line[i] != '{' && line[i] != ' ')
            i++;
        if (!name_ok(line, i, 1) || i >= sizeof s->name)
            return bad(e, lineno, "bad metric name");
        memcpy(s->name, line, i);
        if (strcmp(s->name, current) != 0)
            return bad(e, lineno, "sample outside its family (TYPE/HELP first, no interleaving)");
        int typed_ok = 0;
        for (size_t k = 0; k < ntyped; k++)
            typed_ok |= strcmp(typed[k], s->name) == 0;
        if (!typed_ok)
            return bad(e, lineno, "sample before its TYPE line");
        if (line[i] == '{') {
            i++;
            size_t lo = 0;
            while (line[i] != '}') {
                size_t k = i;
                while (line[i] && line[i] != '=')
                    i++;
                if (!name_ok(line + k, i - k, 0) || line[i + 1] != '"')
                    return bad(e, lineno, "bad label name");
                lo += (size_t)snprintf(s->labels + lo, sizeof s->labels - lo, "%s%.*s=",
                                       lo ? ";" : "", (int)(i - k), line + k);
                i += 2;
                for (; line[i] != '"'; i++) {
                    char c = line[i];
                    if (!c || c == '\n')
                        return bad(e, lineno, "unterminated label value");
                    if (c == '\\') {
                        c = line[++i];
                        if (c == 'n')
                            c = '\n';
                        else if (c != '\\' && c != '"')
                            return bad(e, lineno, "bad escape in label value");
                    }
                    if (lo + 1 < sizeof s->labels)
                        s->labels[lo++] = c;
                }
                i++;
                if (line[i] == ',')
                    i++;
                else if (line[i] != '}')
                    return bad(e, lineno, "expected , or } after a label");
            }
            i++;
        }
        if (line[i] != ' ')
            return bad(e, lineno, "no space before the value");
        const char *v = line + i + 1;
        char *end;
        if (strcmp(v, "NaN") == 0)
            s->value = NAN;
        else if (strcmp(v, "+Inf") == 0)
            s->value = INFINITY;
        else if (strcmp(v, "-Inf") == 0)
            s->value = -INFINITY;
        else {
            s->value = strtod(v, &end);
            if (end == v || (*end && *end != ' '))
                return bad(e, lineno, "value is not a number");
        }
        for (size_t k = 0; k < e->n; k++)
            if (strcmp(e->s[k].name, s->name) == 0 && strcmp(e->s[k].labels, s->labels) == 0)
                return bad(e, lineno, "duplicate series");
        if (++e->n == sizeof e->s / sizeof e->s[0])
            return bad(e, lineno, "too many series for the test");
    }
    return 0;
}

static const struct series *find(const struct expo *e, const char *name, const char *labels)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->s[i].name, name) == 0 && strcmp(e->s[i].labels, labels) == 0)
            return &e->s[i];
    return NULL;
}

static double value_of(const struct expo *e, const char *name, const char *labels)
{
    const struct series *s = find(e, name, labels);
    if (!s)
        fail_msg("no series %s{%s}", name, labels);
    return s->value;
}

static void parse_or_fail(const char *text, struct expo *e)
{
    if (parse_exposition(text, e) != 0)
        fail_msg("exposition: %s\n%s", e->why, text);
}

static void test_prometheus_failing_report_parses_with_status_per_id(void **state)
{
    (void)state;
    struct report *r = rs_failing();
    char *s = rs_render(r, "prometheus", 0);
    static struct expo e;
    parse_or_fail(s, &e);
    assert_true(value_of(&e, "oqsdiag_finding_status", "id=proxy.tunnel.auth_required;area=proxy") == 2);
    assert_true(value_of(&e, "oqsdiag_finding_status", "id=account.exists;area=account") == 0);
    /* ntp.query: one ok, one fail — one series, the worse status. */
    assert_true(value_of(&e, "oqsdiag_finding_status", "id=ntp.query;area=ntp") == 2);
    /* Skipped findings are not exported. */
    assert_null(find(&e, "oqsdiag_finding_status", "id=system.platform;area=system"));
    assert_true(value_of(&e, "oqsdiag_findings", "status=fail") == 3);
    assert_true(value_of(&e, "oqsdiag_findings", "status=skip") == 1);
    assert_true(value_of(&e, "oqsdiag_exit_status", "") == 2);
    assert_true(value_of(&e, "oqsdiag_troubleshooting_entries", "") == 2);
    assert_true(value_of(&e, "oqsdiag_checklist_status", "item=windows.proxy;no=2-2") == 2);
    assert_true(value_of(&e, "oqsdiag_checklist_status", "item=account;no=1") == 0);
    assert_null(find(&e, "oqsdiag_checklist_status", "item=oqs_account;no=5"));
    free(s);
    report_free(r);
}

static void test_prometheus_exports_ntp_offsets_cert_days_and_probe_times(void **state)
{
    (void)state;
    struct report *r = rs_healthy();
    char *s = rs_render(r, "prometheus", 0);
    static struct expo e;
    parse_or_fail(s, &e);
    assert_true(fabs(value_of(&e, "oqsdiag_ntp_offset_seconds", "address=192.0.2.10") - 0.0125) < 1e-9);
    assert_true(fabs(value_of(&e, "oqsdiag_ntp_offset_seconds", "address=2001:db8::10") + 0.00325) < 1e-9);
    assert_true(value_of(&e, "oqsdiag_cert_time_left_seconds", "id=cert.client.expiry") == 412 * 86400.0);
    assert_true(value_of(&e, "oqsdiag_cert_time_left_seconds", "id=tls.server_cert.expiry") == 200 * 86400.0);
    /* The probe's longest finding time: ntp 55 ms of 40 and 55. */
    assert_true(fabs(value_of(&e, "oqsdiag_probe_duration_seconds", "probe=ntp") - 0.055) < 1e-9);
    assert_true(fabs(value_of(&e, "oqsdiag_probe_duration_seconds", "probe=proxy") - 0.32) < 1e-9);
    assert_true(fabs(value_of(&e, "oqsdiag_run_duration_seconds", "") - 1.812) < 1e-9);
    assert_true(value_of(&e, "oqsdiag_exit_status", "") == 0);
    free(s);
    report_free(r);
}

static void test_prometheus_escapes_label_values(void **state)
{
    (void)state;
    struct report *r = rs_healthy();
    const char *host = "SV\"01\\a\nb";
    report_set_host(r, host);
    char *s = rs_render(r, "prometheus", 0);
    assert_non_null(strstr(s, "host=\"SV\\\"01\\\\a\\nb\""));
    static struct expo e;
    parse_or_fail(s, &e);
    char want[128];
    snprintf(want, sizeof want, "version=%s;source=snapshot;host=%s", OQSDIAG_VERSION, host);
    assert_true(value_of(&e, "oqsdiag_info", want) == 1);
    free(s);
    report_free(r);
}

static void test_prometheus_parser_rejects_broken_exposition(void **state)
{
    (void)state;
    /* The parser must be able to fail, or the tests above prove nothing. */
    static const char *const broken[] = {
        "# TYPE a gauge\na{x=\"1} 1\n",
        "# TYPE a gauge\na{x=\"\\t\"} 1\n",
        "a 1\n",
        "# TYPE a gauge\na 1\na 2\n",
        "# TYPE a gauge\n# TYPE b gauge\na 1\n",
        "# TYPE a gauge\na one\n",
        "# TYPE a gauge\na 1",
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        static struct expo e;
        assert_int_equal(parse_exposition(broken[i], &e), -1);
    }
}

static void test_prometheus_output_passes_promtool(void **state)
{
    (void)state;
    const char *promtool = NULL;
    static const char *const where[] = {"/usr/bin/promtool", "/usr/local/bin/promtool"};
    for (size_t i = 0; i < 2 && !promtool; i++) {
        struct plat_dirent st;
        if (plat_stat(where[i], &st) == 0)
            promtool = where[i];
    }
    if (!promtool) {
        printf("skipped: promtool is not installed (Debian: apt-get install prometheus)\n");
        skip();
    }
    struct oqs_err err;
    char *dir = plat_mkdtemp("oqsdiag-prom", &err);
    assert_non_null(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/oqsdiag.prom", dir);
    struct report *r = rs_failing();
    report_set_host(r, "SV\"01\\a\nb");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(render_prometheus(f, r), 0);
    fclose(f);
    /* promtool reads the metrics on stdin; plat_run has no stdin, so sh
     * redirects (the path is ours, no quoting needed beyond the quotes). */
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "exec '%s' check metrics < '%s'", promtool, path);
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    struct buf out = {0};
    int code = -1;
    assert_int_equal(plat_run(argv, 60000, &out, &code, &err), 0);
    if (code != 0)
        fail_msg("promtool exit %d: %s", code, out.data ? out.data : "");
    /* promtool lints too: anything it prints is a complaint. */
    assert_true(out.len == 0);
    buf_free(&out);
    report_free(r);
    plat_rmtree(dir);
    free(dir);
}

/* `probe dns ntp --format prometheus` against the chronyd servers of
 * tests/probes/harness.sh: an offset series per round-robin address and a
 * duration per probe. */
static void test_prometheus_cli_probe_exports_offset_per_address_and_durations(void **state)
{
    (void)state;
    struct hx hx;
    hx_start_or_skip(&hx, "dns ntp");
    char dns[256], port[64];
    snprintf(dns, sizeof dns, "dns.servers=%s", hx_env(&hx, "DNS"));
    snprintf(port, sizeof port, "ntp.port=%s", hx_env(&hx, "NTP_PORT"));
    const char *argv[] = {"oqsdiag", "--set", dns, "--set", "names=ntp.base.oqs-pdl.org",
                          "--set", "ntp.server=ntp.base.oqs-pdl.org", "--set", port,
                          "--set", "timeout_ms=3000", "probe", "dns", "ntp",
                          "--format", "prometheus", NULL};
    struct buf out = {0}, err = {0};
    tu_run(argv, &out, &err);
    static struct expo e;
    parse_or_fail(out.data ? out.data : "", &e);
    for (int i = 10; i <= 12; i++) {
        char l[64];
        snprintf(l, sizeof l, "address=127.0.53.%d", i);
        /* Same machine, same clock: well under a second. */
        assert_true(fabs(value_of(&e, "oqsdiag_ntp_offset_seconds", l)) < 1.0);
    }
    assert_true(value_of(&e, "oqsdiag_probe_duration_seconds", "probe=dns") >= 0);
    assert_true(value_of(&e, "oqsdiag_probe_duration_seconds", "probe=ntp") >= 0);
    assert_true(value_of(&e, "oqsdiag_finding_status", "id=ntp.query;area=ntp") == 0);
    buf_free(&out);
    buf_free(&err);
    hx_stop(&hx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prometheus_failing_report_parses_with_status_per_id),
        cmocka_unit_test(test_prometheus_exports_ntp_offsets_cert_days_and_probe_times),
        cmocka_unit_test(test_prometheus_escapes_label_values),
        cmocka_unit_test(test_prometheus_parser_rejects_broken_exposition),
        cmocka_unit_test(test_prometheus_output_passes_promtool),
        cmocka_unit_test(test_prometheus_cli_probe_exports_offset_per_address_and_durations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
