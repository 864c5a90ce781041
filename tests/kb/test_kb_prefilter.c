/* The log scan's literal prefilter (kb_prefilter.h): the literals it takes
 * from a pattern are ones every match must hold, and it never drops a line
 * that a KB pattern matches, whatever the case or encoding of the line. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "testutil.h"
#include "kb_fixture.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "core/platform.h"
#include "kb/kb.h"
#include "kb/kb_prefilter.h"

/* Every log and output trigger of the built-in KB. */
static const struct kb_trigger **triggers(size_t *n)
{
    const struct kb_trigger **t = NULL;
    *n = 0;
    for (size_t i = 0; i < kb_count(tu_kb); i++)
        for (size_t j = 0; j < kb_at(tu_kb, i)->ntrig; j++) {
            const struct kb_trigger *x = &kb_at(tu_kb, i)->trig[j];
            if (x->kind != KBT_LOG && x->kind != KBT_OUTPUT)
                continue;
            t = realloc(t, (*n + 1) * sizeof *t);
            assert_non_null(t);
            t[(*n)++] = x;
        }
    return t;
}

static struct kb_prefilter *kb_filter(void)
{
    size_t n;
    const struct kb_trigger **t = triggers(&n);
    const char **pats = calloc(n, sizeof *pats);
    assert_non_null(pats);
    for (size_t i = 0; i < n; i++)
        pats[i] = t[i]->pattern;
    struct kb_prefilter *pf = kb_prefilter_new(pats, n);
    free(pats);
    free(t);
    return pf;
}

static void expect_literals(const char *pattern, size_t n, const char *const *want)
{
    char got[16][KB_PF_LIT_MAX];
    size_t k = kb_prefilter_literals(pattern, got, 16);
    if (k != n)
        fprintf(stderr, "%s: %zu literals, want %zu\n", pattern, k, n);
    assert_int_equal(k, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(got[i], want[i]);
}

static void test_literals_are_required_prefixes_of_each_alternative(void **state)
{
    (void)state;
    expect_literals("(?:certificate (?:has )?expired|証明書の有効期限が切れ)", 2,
                    (const char *[]){"certificate ", "証明書の有効期限が切れ"});
    expect_literals("(?:\\(407\\)|Proxy Authentication Required)", 2,
                    (const char *[]){"(407)", "Proxy Authentication Required"});
    expect_literals("(?-i)AppliedDPI\\s+REG_DWORD", 1, (const char *[]){"AppliedDPI"});
    /* An optional or counted character ends the literal before it. */
    expect_literals("colou?r|flavou*r|abcd{2}", 3, (const char *[]){"colo", "flavo", "abc"});
    expect_literals("ab+c", 0, NULL); /* "ab" is under the minimum length */
    expect_literals("abc+d", 1, (const char *[]){"abc"});
    expect_literals("Access to the path .* is denied", 1,
                    (const char *[]){"Access to the path "});
}

static void test_patterns_without_a_required_literal_give_none(void **state)
{
    (void)state;
    char got[16][KB_PF_LIT_MAX];
    static const char *const none[] = {
        "(?:abc)?def",  "abc|.*",      "\\d+abc",  "[abc]def", "(?x)abc def",
        "(?i)abc",      "^abc",        "abc|",     "(?:abc|)", "\\Qabc\\E",
        "(abc",         "(?:ab(c)|de", "été",      "Ａｂｃ",   "(?:abc){0,2}",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        size_t k = kb_prefilter_literals(none[i], got, 16);
        if (k)
            fprintf(stderr, "%s: %zu literals (%s)\n", none[i], k, got[0]);
        assert_int_equal(k, 0);
    }
    /* One pattern without literals: no prefilter for the set. */
    const char *pats[] = {"abc", "\\w+"};
    assert_null(kb_prefilter_new(pats, 2));
}

struct marks {
    unsigned char *seen;
    size_t n;
};

static void mark(void *ud, size_t off, size_t len, size_t idx)
{
    (void)off;
    (void)len;
    struct marks *m = ud;
    assert_true(idx < m->n);
    m->seen[idx] = 1;
}

/* Whether any KB pattern matches the line, decoded as the scan does. */
static int line_matches(const struct kb_trigger **t, size_t nt, pcre2_match_data *md,
                        const unsigned char *l, size_t n)
{
    while (n && (l[n - 1] == '\r' || l[n - 1] == '\n'))
        n--;
    char *u = NULL;
    size_t un = n;
    const char *text = (const char *)l;
    if (!enc_valid_utf8(l, n)) {
        if (enc_to_utf8(l, n, ENC_CP932, &u, &un, NULL, NULL) < 0)
            return 0;
        text = u;
    }
    int hit = 0;
    for (size_t i = 0; i < nt && !hit; i++)
        hit = pcre2_match((const pcre2_code *)t[i]->re, (PCRE2_SPTR)text, un, 0, 0, md, NULL) >= 0;
    free(u);
    return hit;
}

/* Runs the prefilter over a block; every line a pattern matches must be
 * marked. Returns how many lines matched (-1: the block went the full way). */
static long check_block(struct kb_prefilter *pf, const unsigned char *p, size_t n,
                        size_t *ncand)
{
    size_t nt;
    const struct kb_trigger **t = triggers(&nt);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    assert_non_null(md);
    struct marks m = {.n = 1};
    for (size_t i = 0; i < n; i++)
        m.n += p[i] == '\n';
    m.seen = calloc(m.n, 1);
    assert_non_null(m.seen);
    long matched = 0;
    if (kb_prefilter_block(pf, p, n, mark, &m) < 0) {
        matched = -1;
    } else {
        size_t idx = 0;
        for (size_t i = 0; i < n; idx++) {
            const unsigned char *nl = memchr(p + i, '\n', n - i);
            size_t len = nl ? (size_t)(nl - (p + i)) : n - i;
            if (line_matches(t, nt, md, p + i, len)) {
                if (!m.seen[idx])
                    fprintf(stderr, "dropped line %zu: %.*s\n", idx + 1, (int)len, p + i);
                assert_true(m.seen[idx]);
                matched++;
            }
            i += len + 1;
        }
    }
    for (size_t i = 0; i < m.n; i++)
        *ncand += m.seen[i];
    free(m.seen);
    pcre2_match_data_free(md);
    free(t);
    return matched;
}

static void add_line(struct buf *b, const char *s)
{
    assert_int_equal(buf_appends(b, s), 0);
    assert_int_equal(buf_appends(b, "\n"), 0);
}

/* The known error lines in several spellings: upper and lower case, CP932,
 * with text around them, CRLF. */
static void add_variants(struct buf *b, const char *line)
{
    add_line(b, line);
    char *up = strdup(line), *low = strdup(line);
    assert_non_null(up);
    assert_non_null(low);
    for (char *c = up; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 32);
    for (char *c = low; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    add_line(b, up);
    add_line(b, low);
    char *cp = NULL;
    size_t cn = 0;
    assert_int_equal(plat_utf8_to_codepage(932, up, strlen(up), &cp, &cn, NULL), 0);
    buf_appends(b, "2026/11/20 10:00:00 [ERROR] ");
    buf_append(b, cp, cn);
    buf_appends(b, " (詳細)\r\n");
    free(cp);
    free(up);
    free(low);
}

static void test_prefilter_keeps_every_line_a_kb_pattern_matches(void **state)
{
    (void)state;
    struct kb_prefilter *pf = kb_filter();
    /* Every pattern of the KB has literals: the scan takes the fast path. */
    assert_non_null(pf);
    struct buf b = {0};
    static const char *const errors[] = {
        "System.Net.WebException: Could not create SSL/TLS secure channel.",
        "SSL/TLS のセキュリティで保護されているチャネルを作成できませんでした。",
        "The remote certificate has expired", "証明書の有効期限が切れています",
        "リモート サーバーに接続できません", "接続に失敗しました", "接続失敗 host=x",
        "Unable to connect to the remote server", "(407) Proxy Authentication Required",
        "プロキシ認証が必要です", "OQS_LOGIN_KEY が取得できません", "oqs_crypt_pass not found",
        "Access to the path 'C:\\OQS\\face\\req' is denied.", "UnauthorizedAccessException",
        "アクセスが拒否されました", "AppliedDPI    REG_DWORD    0x90", "Direct access (no proxy server).",
        "直接アクセス (プロキシ サーバーなし)。", "ピアは解決されていません", "Source: Local CMOS Clock",
        "ユーザー名が見つかりません。", "The user name could not be found.",
    };
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        add_variants(&b, errors[i]);
    /* The fixtures' logs and outputs, as they are on disk. */
    static const char *const files[] = {
        "kb/snap-errors/logs/comapp/2026/OqsComApp_20261120.log",
        "kb/snap-errors/logs/distroapp/OQSDistroApp.log",
        "kb/snap-errors/system/display.txt",
        "kb/snap-errors/system/winhttp_proxy.txt",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        struct buf f = {0};
        assert_int_equal(buf_read_file(&f, tu_fixture(files[i]), 1 << 20), 0);
        buf_append(&b, f.data, f.len);
        buf_appends(&b, "\n");
        buf_free(&f);
    }
    size_t ncand = 0;
    long matched = check_block(pf, (const unsigned char *)b.data, b.len, &ncand);
    /* Every spelling of every error line matched a pattern and was kept. */
    assert_true(matched >= (long)(4 * (sizeof errors / sizeof errors[0])));
    buf_free(&b);

    /* The generated bench log: lines in both encodings, its error line kept,
     * and most lines dropped. */
    const char *argv[] = {OQS_BUILD_DIR "/tools/gen_log", "1M", "11", NULL};
    struct buf out = {0};
    int code = -1;
    assert_int_equal(plat_run(argv, 60000, &out, &code, NULL), 0);
    assert_int_equal(code, 0);
    ncand = 0;
    matched = check_block(pf, (const unsigned char *)out.data, out.len, &ncand);
    assert_true(matched >= 1);
    size_t lines = 0;
    for (size_t i = 0; i < out.len; i++)
        lines += out.data[i] == '\n';
    assert_true(ncand < lines / 10);
    buf_free(&out);
    kb_prefilter_free(pf);
}

static void test_characters_caseless_equal_to_ascii_send_the_block_the_full_way(void **state)
{
    (void)state;
    struct kb_prefilter *pf = kb_filter();
    assert_non_null(pf);
    size_t ncand = 0;
    /* U+017F (long s) matches s caselessly, U+212A (Kelvin) matches k. */
    const char *s1 = "INFO ok\nCould not create SSL/TLS \xC5\xBF" "ecure channel\n";
    const char *s2 = "INFO ok\nUnauthorizedAcces\xE2\x84\xAA\n";
    assert_int_equal(check_block(pf, (const unsigned char *)s1, strlen(s1), &ncand), -1);
    assert_int_equal(check_block(pf, (const unsigned char *)s2, strlen(s2), &ncand), -1);
    kb_prefilter_free(pf);
}

static void test_only_lines_holding_a_literal_are_candidates(void **state)
{
    (void)state;
    struct kb_prefilter *pf = kb_filter();
    assert_non_null(pf);
    struct buf b = {0};
    add_line(&b, "INFO 処理を開始しました");
    char *cp = NULL;
    size_t cn = 0;
    const char *err = "ERROR 接続失敗";
    assert_int_equal(plat_utf8_to_codepage(932, err, strlen(err), &cp, &cn, NULL), 0);
    buf_append(&b, cp, cn);
    buf_appends(&b, "\r\n");
    free(cp);
    add_line(&b, "INFO certificate loaded");
    add_line(&b, "WARN CERTIFICATE HAS EXPIRED");
    unsigned char seen[5] = {0};
    struct marks m = {seen, 5};
    assert_int_equal(kb_prefilter_block(pf, (const unsigned char *)b.data, b.len, mark, &m), 0);
    /* The CP932 error line and both certificate lines hold a literal
     * ("certificate "); the plain INFO line none. */
    assert_int_equal(seen[0], 0);
    assert_int_equal(seen[1], 1);
    assert_int_equal(seen[2], 1);
    assert_int_equal(seen[3], 1);
    buf_free(&b);
    kb_prefilter_free(pf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals_are_required_prefixes_of_each_alternative),
        cmocka_unit_test(test_patterns_without_a_required_literal_give_none),
        cmocka_unit_test(test_prefilter_keeps_every_line_a_kb_pattern_matches),
        cmocka_unit_test(test_characters_caseless_equal_to_ascii_send_the_block_the_full_way),
        cmocka_unit_test(test_only_lines_holding_a_literal_are_candidates),
    };
    return cmocka_run_group_tests(tests, tu_kb_setup, tu_kb_teardown);
}
