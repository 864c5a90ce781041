/* The HTML report: well-formed (parsed with expat), self-contained, escaped,
 * and as Debian's headless Chromium builds its DOM. A screenshot goes to
 * tests/artifacts/report.png for people to look at. */
#include "testutil.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "core/render.h"
#include "report_sample.h"

/* What the parse saw. */
struct seen {
    int items, fails, manual, details, kb_articles, scripts, external;
    char states[16][64];
    int in_style;
    struct buf style;
};

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    struct seen *s = ud;
    const char *state = NULL, *item = NULL;
    for (size_t i = 0; attrs[i]; i += 2) {
        if (strcmp(attrs[i], "data-state") == 0)
            state = attrs[i + 1];
        if (strcmp(attrs[i], "data-item") == 0)
            item = attrs[i + 1];
        /* Nothing may be fetched: no src, no link, no href outside the page. */
        if ((strcmp(attrs[i], "src") == 0) ||
            (strcmp(attrs[i], "href") == 0 && attrs[i + 1][0] != '#'))
            s->external++;
    }
    if (strcmp(name, "script") == 0)
        s->scripts++;
    if (strcmp(name, "link") == 0 || strcmp(name, "img") == 0 || strcmp(name, "iframe") == 0)
        s->external++;
    if (strcmp(name, "details") == 0)
        s->details++;
    if (strcmp(name, "article") == 0)
        s->kb_articles++;
    if (strcmp(name, "style") == 0)
        s->in_style = 1;
    if (strcmp(name, "tr") == 0 && state && item && s->items < 16) {
        snprintf(s->states[s->items++], 64, "%s=%s", item, state);
        s->fails += strcmp(state, "fail") == 0;
        s->manual += strcmp(state, "manual") == 0;
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct seen *s = ud;
    if (strcmp(name, "style") == 0)
        s->in_style = 0;
}

static void XMLCALL on_text(void *ud, const XML_Char *t, int n)
{
    struct seen *s = ud;
    if (s->in_style)
        buf_append(&s->style, t, (size_t)n);
}

static void parse_html(const char *html, struct seen *s)
{
    memset(s, 0, sizeof *s);
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, s);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    if (XML_Parse(p, html, (int)strlen(html), 1) == XML_STATUS_ERROR)
        fail_msg("not well-formed at line %lu: %s", (unsigned long)XML_GetCurrentLineNumber(p),
                 XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
}

static int has_state(const struct seen *s, const char *want)
{
    for (int i = 0; i < s->items; i++)
        if (strcmp(s->states[i], want) == 0)
            return 1;
    return 0;
}

/* A stand-in for the KB: two steps for every entry, in either language. */
static const char *fake_fix(void *ud, const char *id, enum lang lang, size_t i)
{
    static char step[2][128];
    (void)ud;
    if (i >= 2)
        return NULL;
    snprintf(step[i], sizeof step[i], "%s %s step %zu", lang == LANG_JA ? "手順" : "step", id, i + 1);
    return step[i];
}

static char *render_with_kb(const struct report *r, enum lang lang)
{
    FILE *f = tmpfile();
    struct render_opts o = {.lang = lang};
    struct render_kb kb = {.fix_step = fake_fix};
    assert_int_equal(render_html(f, r, &o, &kb), 0);
    long n = ftell(f);
    rewind(f);
    char *s = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return s;
}

static void test_html_failing_report_is_well_formed_with_checklist_and_fixes(void **state)
{
    (void)state;
    struct report *r = rs_failing();
    char *html = render_with_kb(r, LANG_JA);
    struct seen s;
    parse_html(html, &s);
    assert_int_equal(s.items, 12);
    assert_true(has_state(&s, "windows.proxy=fail"));
    assert_true(has_state(&s, "windows.time=fail"));
    assert_true(has_state(&s, "windows=fail"));
    assert_true(has_state(&s, "account=ok"));
    assert_true(has_state(&s, "oqs_account=manual"));
    assert_int_equal(s.fails, 4);  /* 2-2, 2-3, 2-1 that sums them up, 2 */
    assert_int_equal(s.manual, 3); /* 5, 6 and 8 (no normal result file in this report) */
    assert_int_equal(s.kb_articles, 2);
    assert_non_null(strstr(html, "手順 proxy-requirements step 2"));
    assert_non_null(strstr(html, "<ol class=\"fix\">"));
    assert_true(s.details > 0);
    assert_int_equal(s.scripts, 0);
    assert_int_equal(s.external, 0);
    assert_true(tu_contains(s.style.data, "@page{size:A4"));
    assert_true(tu_contains(s.style.data, "@media print"));
    assert_non_null(strstr(html, "<html lang=\"ja\">"));
    buf_free(&s.style);
    free(html);
    report_free(r);
}

static void test_html_english_and_healthy_has_no_kb_and_no_cross(void **state)
{
    (void)state;
    struct report *r = rs_healthy();
    char *html = render_with_kb(r, LANG_EN);
    struct seen s;
    parse_html(html, &s);
    assert_int_equal(s.fails, 0);
    assert_int_equal(s.kb_articles, 0);
    assert_true(has_state(&s, "windows.time=ok"));
    assert_non_null(strstr(html, "<html lang=\"en\">"));
    assert_non_null(strstr(html, "Post-setup checklist"));
    assert_non_null(strstr(html, "No problem found."));
    assert_null(strstr(html, "チェックリスト"));
    buf_free(&s.style);
    free(html);
    report_free(r);
}

static void test_html_escapes_text_from_outside(void **state)
{
    (void)state;
    struct report *r = rs_failing();
    report_set_host(r, "<b>SV&01</b>");
    report_add(r, "comapp.results", FST_WARN, "logs/comapp/a.log",
               json_pack("{s:s}", "line", "bad\x01 \"quote\" <script>alert(1)</script>"),
               "<script>alert('x')</script>", "<script>alert('x')</script>");
    char *html = render_with_kb(r, LANG_EN);
    struct seen s;
    parse_html(html, &s);
    assert_int_equal(s.scripts, 0);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<b>SV"));
    assert_non_null(strstr(html, "&lt;b&gt;SV&amp;01&lt;/b&gt;"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)"));
    buf_free(&s.style);
    free(html);
    report_free(r);
}

static int find_chromium(const char **path)
{
    static const char *const where[] = {"/usr/bin/chromium", "/usr/bin/chromium-browser",
                                        "/usr/bin/google-chrome"};
    for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
        struct plat_dirent st;
        if (plat_stat(where[i], &st) == 0) {
            *path = where[i];
            return 0;
        }
    }
    return -1;
}

/* Runs headless Chromium on url with one extra argument; output in out. */
static int chromium(const char *exe, const char *profile, const char *arg, const char *url,
                    struct buf *out)
{
    char prof[4200], home[4200], config[4200], cache[4200];
    snprintf(prof, sizeof prof, "--user-data-dir=%s", profile);
    /* Its crash reporter and dconf write under HOME whatever the profile:
     * a home of its own keeps the tester's untouched. */
    snprintf(home, sizeof home, "HOME=%s", profile);
    snprintf(config, sizeof config, "XDG_CONFIG_HOME=%s/config", profile);
    snprintf(cache, sizeof cache, "XDG_CACHE_HOME=%s/cache", profile);
    /* As root Chromium refuses its sandbox; the page is ours and static. */
    const char *argv[] = {"/usr/bin/env", home, config, cache, exe, "--headless", "--no-sandbox",
                          "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                          "--window-size=1000,1400", prof, arg, url, NULL};
    struct oqs_err err;
    int code = -1;
    if (plat_run(argv, 120000, out, &code, &err) < 0)
        return -1;
    return code;
}

static void test_html_chromium_dom_and_screenshot(void **state)
{
    (void)state;
    const char *exe = NULL;
    /* Under Wine /usr/bin/chromium is reachable through Z: and Wine would
     * start the Linux program with Windows paths: the page is the same
     * bytes on both, so it is checked on Linux. */
    if (plat_is_windows()) {
        printf("skipped: the Chromium check of the page runs on Linux\n");
        skip();
    }
    if (find_chromium(&exe) < 0) {
        printf("skipped: chromium is not installed (Debian: apt-get install chromium)\n");
        skip();
    }
    struct oqs_err err;
    char *dir = plat_mkdtemp("oqsdiag-html", &err);
    assert_non_null(dir);
    char page[4200], profile[4200], url[4300];
    snprintf(page, sizeof page, "%s/report.html", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    snprintf(url, sizeof url, "file://%s", page);
    /* The page as a field engineer makes it: verify of a snapshot whose time
     * service is misconfigured, Japanese, with the built-in KB. */
    struct buf out = {0}, errb = {0};
    const char *argv[] = {"oqsdiag", "--lang", "ja", "verify", "--format", "html", "-o", page,
                          tu_fixture("snapshots/time-config"), NULL};
    assert_int_equal(tu_run(argv, &out, &errb), 2);
    buf_free(&out);
    buf_free(&errb);

    struct buf dom = {0};
    int code = chromium(exe, profile, "--dump-dom", url, &dom);
    if (code != 0 || !tu_contains(dom.data, "<html")) {
        printf("skipped: chromium could not start (exit %d)\n", code);
        buf_free(&dom);
        plat_rmtree(dir);
        free(dir);
        skip();
    }
    /* The DOM Chromium built: every checklist row with its state, the
     * crossed item with a link to its entry, the entry's fix steps,
     * evidence folded. */
    assert_true(tu_contains(dom.data, "data-item=\"windows.time\" data-state=\"fail\""));
    assert_true(tu_contains(dom.data, "data-item=\"windows\" data-state=\"fail\""));
    assert_true(tu_contains(dom.data, "data-item=\"windows.proxy\" data-state=\"ok\""));
    assert_true(tu_contains(dom.data, "data-item=\"account\" data-state=\"ok\""));
    assert_true(tu_contains(dom.data, "data-item=\"oqs_settings\" data-state=\"manual\""));
    assert_true(tu_contains(dom.data, "セットアップ後のチェックリスト"));
    assert_true(tu_contains(dom.data, "<a href=\"#kb-ntp-sync-failed\">"));
    assert_true(tu_contains(dom.data, "id=\"kb-ntp-sync-failed\""));
    assert_true(tu_contains(dom.data, "<ol class=\"fix\">"));
    assert_true(tu_contains(dom.data, "ntp.base.oqs-pdl.org"));
    assert_true(tu_contains(dom.data, "<details>"));
    size_t rows = 0;
    for (const char *p = dom.data; (p = strstr(p, "<tr class=\"item ")); p++)
        rows++;
    assert_int_equal(rows, 12);
    buf_free(&dom);

    /* The screenshot, kept for people (tests/artifacts is not tracked). */
    char arts[4200], shot[4300], arg[4400];
    snprintf(arts, sizeof arts, "%s/tests/artifacts", OQS_SOURCE_DIR);
    assert_int_equal(plat_mkdir_p(arts, &err), 0);
    snprintf(shot, sizeof shot, "%s/report.png", arts);
    remove(shot);
    snprintf(arg, sizeof arg, "--screenshot=%s", shot);
    struct buf log = {0};
    assert_int_equal(chromium(exe, profile, arg, url, &log), 0);
    buf_free(&log);
    struct buf png = {0};
    assert_int_equal(buf_read_file(&png, shot, 64u << 20), 0);
    assert_true(png.len > 10000);
    assert_memory_equal(png.data, "\x89PNG\r\n\x1a\n", 8);
    buf_free(&png);

    plat_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_failing_report_is_well_formed_with_checklist_and_fixes),
        cmocka_unit_test(test_html_english_and_healthy_has_no_kb_and_no_cross),
        cmocka_unit_test(test_html_escapes_text_from_outside),
        cmocka_unit_test(test_html_chromium_dom_and_screenshot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
