#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/render.h"

static struct report *sample(void)
{
    struct report *r = report_new("live");
    report_set_host(r, "OQS-SV01");
    snprintf(r->started, sizeof r->started, "2026-11-23T10:00:00Z");
    r->elapsed_ms = 812;
    report_add(r, "tasks.enabled", FST_FAIL, "tasks/schtasks.csv", NULL,
               "OQS_exec_comappstart is disabled", "OQS_exec_comappstart が無効");
    report_add(r, "dns.resolve", FST_OK, "probe:dns", NULL, "ntp.base.oqs-pdl.org resolves",
               "ntp.base.oqs-pdl.org を解決できる");
    report_add(r, "ntp.offset", FST_WARN, "probe:ntp", NULL, "offset 1.5 s", "時刻のずれ 1.5 秒");
    report_add(r, "tasks.enabled", FST_FAIL, "tasks/schtasks.csv", NULL,
               "OQS_exec_distroappstart is disabled", "OQS_exec_distroappstart が無効");
    const char *refs[] = {"8-02", "9"}, *because[] = {"tasks.enabled"};
    report_add_kb(r, "tasks-not-registered", refs, 2, "タスクが登録されていない",
                  "Scheduled tasks not registered", 0.8, because, 1);
    return r;
}

static char *render(const struct report *r, int which, enum lang lang, int color)
{
    FILE *f = tmpfile();
    struct render_opts o = {.lang = lang, .color = color};
    if (which == 0)
        render_text(f, r, &o);
    else if (which == 1)
        render_nagios(f, r);
    else
        render_json(f, r);
    long n = ftell(f);
    rewind(f);
    char *s = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return s;
}

static void test_render_text_english_groups_by_area_in_manual_order(void **state)
{
    (void)state;
    struct report *r = sample();
    char *s = render(r, 0, LANG_EN, 0);
    char *dns = strstr(s, "Name resolution (DNS)"), *ntp = strstr(s, "Time (NTP)");
    char *tasks = strstr(s, "Scheduled tasks");
    assert_non_null(dns);
    assert_non_null(ntp);
    assert_non_null(tasks);
    assert_true(dns < ntp && ntp < tasks);
    /* Both task findings sit under the one heading, each with a mark. */
    assert_non_null(strstr(tasks, "FAIL  tasks.enabled  OQS_exec_comappstart is disabled"));
    assert_non_null(strstr(tasks, "FAIL  tasks.enabled  OQS_exec_distroappstart is disabled"));
    assert_non_null(strstr(s, "OK    dns.resolve    ntp.base.oqs-pdl.org resolves"));
    assert_non_null(strstr(s, "[8-02, 9] tasks-not-registered — Scheduled tasks not registered"));
    assert_non_null(strstr(s, "Summary: FAILED — 1 ok, 1 warn, 2 fail, 0 unknown, 0 skip"));
    assert_null(strchr(s, '\033'));
    free(s);
    report_free(r);
}

static void test_render_text_japanese_uses_japanese_summaries(void **state)
{
    (void)state;
    struct report *r = sample();
    char *s = render(r, 0, LANG_JA, 0);
    assert_non_null(strstr(s, "タスク"));
    assert_non_null(strstr(s, "異常  tasks.enabled  OQS_exec_comappstart が無効"));
    assert_non_null(strstr(s, "タスクが登録されていない"));
    assert_non_null(strstr(s, "結果: 異常あり — 正常 1, 警告 1, 異常 2"));
    assert_null(strstr(s, "is disabled"));
    free(s);
    report_free(r);
}

static void test_render_text_colour_only_when_asked(void **state)
{
    (void)state;
    struct report *r = sample();
    char *s = render(r, 0, LANG_EN, 1);
    assert_non_null(strstr(s, "\033[31;1mFAIL\033[0m"));
    free(s);
    report_free(r);
}

/* label=value[UOM];[warn];[crit];[min];[max] per the monitoring-plugins
 * development guidelines. */
static int perfdata_ok(const char *p)
{
    /* Each label once (issue 16: no duplicate perfdata labels). */
    const char *labels[64];
    size_t lens[64], nlabels = 0;
    while (*p == ' ')
        p++;
    while (*p) {
        const char *eq = strchr(p, '=');
        if (!eq || eq == p)
            return 0;
        for (size_t i = 0; i < nlabels; i++)
            if (lens[i] == (size_t)(eq - p) && memcmp(labels[i], p, lens[i]) == 0)
                return 0;
        if (nlabels < 64) {
            labels[nlabels] = p;
            lens[nlabels++] = (size_t)(eq - p);
        }
        for (const char *q = p; q < eq; q++)
            if (*q == ' ' || *q == '\'' || *q == '=')
                return 0;
        const char *v = eq + 1;
        char *end;
        strtod(v, &end);
        if (end == v)
            return 0;
        while (*end && *end != ';' && *end != ' ') {
            if (!strchr("smuB%KMGTPc", *end))
                return 0;
            end++;
        }
        int semis = 0;
        while (*end == ';' || (*end && *end != ' ' && semis)) {
            if (*end == ';')
                semis++;
            else if (!strchr("0123456789.-~:@", *end))
                return 0;
            end++;
        }
        if (semis > 4)
            return 0;
        while (*end == ' ')
            end++;
        p = end;
    }
    return 1;
}

static void test_render_nagios_status_line_follows_the_guidelines(void **state)
{
    (void)state;
    struct report *r = sample();
    char *s = render(r, 1, LANG_EN, 0);
    char *nl = strchr(s, '\n');
    assert_non_null(nl);
    *nl = '\0';
    assert_string_equal(strstr(s, "OQSDIAG CRITICAL - 2 fail, 1 warn: tasks.enabled, ntp.offset | ") ? "ok" : s, "ok");
    char *bar = strstr(s, " | ");
    assert_true(perfdata_ok(bar + 3));
    /* The counts' thresholds: one fail is critical, one warn a warning. */
    assert_non_null(strstr(bar, "fail=2;;0;"));
    assert_non_null(strstr(bar, "warn=1;0;;"));
    assert_non_null(strstr(nl + 1, "[CRITICAL] tasks.enabled: OQS_exec_comappstart is disabled"));
    assert_non_null(strstr(nl + 1, "[KB] tasks-not-registered 8-02"));
    free(s);
    report_free(r);
}

static void test_render_nagios_all_ok_is_state_ok(void **state)
{
    (void)state;
    struct report *r = report_new("live");
    report_add(r, "dns.resolve", FST_OK, "x", NULL, "a", "a");
    char *s = render(r, 1, LANG_EN, 0);
    assert_true(strncmp(s, "OQSDIAG OK - 1 ok | ", 20) == 0);
    *strchr(s, '\n') = '\0';
    assert_true(perfdata_ok(strstr(s, " | ") + 3));
    free(s);
    report_free(r);
}

static void test_render_perfdata_checker_rejects_bad_perfdata(void **state)
{
    (void)state;
    char bad1[] = "fail 2";
    char bad2[] = "a=;;";
    char good[] = "a=1s;2;3;0 b=4";
    assert_false(perfdata_ok(bad1));
    assert_false(perfdata_ok(bad2));
    assert_true(perfdata_ok(good));
}

static void test_render_all_formats_show_the_same_findings(void **state)
{
    (void)state;
    struct report *r = sample();
    char *t = render(r, 0, LANG_EN, 0), *n = render(r, 1, LANG_EN, 0), *j = render(r, 2, LANG_EN, 0);
    for (size_t i = 0; i < r->nfindings; i++) {
        assert_non_null(strstr(t, r->findings[i].summary));
        assert_non_null(strstr(j, r->findings[i].summary));
        if (r->findings[i].status != FST_OK)
            assert_non_null(strstr(n, r->findings[i].summary));
    }
    free(t);
    free(n);
    free(j);
    report_free(r);
}

/* Every area a finding of the catalog names has its AREA row (its heading
 * in the text report), once: else its findings would fall under "Other". */
static void test_every_finding_area_has_its_heading(void **state)
{
    (void)state;
    int bad = 0;
    assert_true(catalog_area_count() > 10);
    for (size_t i = 0; i < catalog_area_count(); i++)
        for (size_t k = i + 1; k < catalog_area_count(); k++)
            if (strcmp(catalog_area_at(i)->id, catalog_area_at(k)->id) == 0)
                bad = fprintf(stderr, "area %s: two AREA rows\n", catalog_area_at(i)->id);
    for (size_t i = 0; i < catalog_count(); i++) {
        const char *a = catalog_at(i)->area;
        size_t k = 0;
        while (k < catalog_area_count() && strcmp(catalog_area_at(k)->id, a) != 0)
            k++;
        if (k == catalog_area_count())
            bad = fprintf(stderr, "%s: area %s has no AREA row in core/findings.def\n",
                          catalog_at(i)->id, a);
    }
    assert_false(bad);
}

static void test_render_lang_from_env(void **state)
{
    (void)state;
    setenv("LC_ALL", "", 1);
    setenv("LC_MESSAGES", "", 1);
    setenv("LANG", "ja_JP.UTF-8", 1);
    assert_int_equal(render_lang_from_env(), LANG_JA);
    setenv("LC_ALL", "C", 1);
    assert_int_equal(render_lang_from_env(), LANG_EN);
    setenv("LC_ALL", "", 1);
    setenv("LC_MESSAGES", "ja_JP", 1);
    setenv("LANG", "en_US.UTF-8", 1);
    assert_int_equal(render_lang_from_env(), LANG_JA);
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
    unsetenv("LC_ALL");
    assert_int_equal(render_lang_from_env(), LANG_EN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_text_english_groups_by_area_in_manual_order),
        cmocka_unit_test(test_render_text_japanese_uses_japanese_summaries),
        cmocka_unit_test(test_render_text_colour_only_when_asked),
        cmocka_unit_test(test_render_nagios_status_line_follows_the_guidelines),
        cmocka_unit_test(test_render_nagios_all_ok_is_state_ok),
        cmocka_unit_test(test_render_perfdata_checker_rejects_bad_perfdata),
        cmocka_unit_test(test_render_all_formats_show_the_same_findings),
        cmocka_unit_test(test_every_finding_area_has_its_heading),
        cmocka_unit_test(test_render_lang_from_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
