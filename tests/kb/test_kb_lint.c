/* kb lint: the shipped entries are clean; each kind of broken entry is
 * rejected with file:line and exit 3 (issue 3, Done when). */
#include "testutil.h"

#include <string.h>

#include "kb/kb.h"

static void test_lint_of_kb_entries_dir_passes(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "kb", "lint", OQS_SOURCE_DIR "/kb/entries", NULL};
    int rc = tu_run(argv, &out, &err);
    if (rc != 0)
        fprintf(stderr, "%s", err.data ? err.data : "");
    assert_int_equal(rc, 0);
    assert_true(tu_contains(out.data, " 0 errors"));
    buf_free(&out);
    buf_free(&err);
}

static void test_lint_without_dir_checks_the_builtin_entries(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "kb", "lint", NULL};
    assert_int_equal(tu_run(argv, &out, &err), 0);
    assert_true(tu_contains(out.data, "built-in entries"));
    /* Every built-in entry was read: the count is that of kb/entries. */
    struct kb_diag d = {0};
    size_t nbuiltin = 0, ndir = 0;
    assert_int_equal(kb_lint(NULL, &nbuiltin, &d, NULL), 0);
    assert_int_equal(kb_lint(OQS_SOURCE_DIR "/kb/entries", &ndir, &d, NULL), 0);
    assert_int_equal(d.nerrors, 0);
    assert_true(nbuiltin >= 27);
    assert_int_equal(nbuiltin, ndir);
    kb_diag_free(&d);
    buf_free(&out);
    buf_free(&err);
}

/* One entry per file, kb/entries/<id>.kb (docs/kb-format.md), each with
 * English text for `kb show --lang en`. */
static void test_builtin_files_are_named_by_id_with_english_text(void **state)
{
    (void)state;
    struct kb *kb = kb_load(NULL, NULL);
    assert_non_null(kb);
    for (size_t i = 0; i < kb_count(kb); i++) {
        const struct kb_entry *e = kb_at(kb, i);
        char want[300];
        snprintf(want, sizeof want, "kb/entries/%s.kb", e->id);
        if (!tu_contains(e->file, want))
            fprintf(stderr, "%s holds id %s\n", e->file, e->id);
        assert_true(tu_contains(e->file, want));
        assert_true(e->symptom_en.n > 0);
        assert_true(e->cause_en.n > 0);
    }
    kb_free(kb);
}

/* Lints tests/fixtures/kb/lint/<name>: exit 3 and the message expected. */
static void lint_fails_with(const char *name, const char *expect)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", tu_fixture("kb/lint/"));
    strncat(dir, name, sizeof dir - strlen(dir) - 1);
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "kb", "lint", dir, NULL};
    assert_int_equal(tu_run(argv, &out, &err), 3);
    if (!tu_contains(err.data, expect))
        fprintf(stderr, "expected '%s' in:\n%s", expect, err.data ? err.data : "");
    assert_true(tu_contains(err.data, expect));
    assert_true(tu_contains(err.data, " 1 errors"));
    buf_free(&out);
    buf_free(&err);
}

static void test_lint_bad_pattern_names_file_and_line(void **state)
{
    (void)state;
    lint_fails_with("bad-pattern", "bad-pattern/bad-pattern.kb:11: bad pattern at offset");
}

/* Issue 20: a pattern that backtracks past the match limit would miss
 * lines (and, in the combined scan, cost others theirs): lint refuses it. */
static void test_lint_backtracking_pattern_names_file_and_line(void **state)
{
    (void)state;
    lint_fails_with("backtracking", "backtracking/backtracking.kb:11: pattern backtracks past PCRE2's match limit");
}

static void test_lint_unknown_finding_id_names_file_and_line(void **state)
{
    (void)state;
    lint_fails_with("unknown-finding",
                    "unknown-finding.kb:11: finding id 'ntp.no_such_id' is not in the findings catalog");
}

static void test_lint_missing_title_names_file_and_key(void **state)
{
    (void)state;
    lint_fails_with("missing-title", "missing-title.kb:1: missing required key 'title.en'");
}

static void test_lint_duplicate_id_names_both_files(void **state)
{
    (void)state;
    lint_fails_with("duplicate-id", "duplicate-id/b.kb:2: duplicate id 'same-id' (also in ");
}

static void test_lint_invalid_utf8_names_the_line(void **state)
{
    (void)state;
    lint_fails_with("invalid-utf8", "invalid-utf8.kb:7: not valid UTF-8");
}

static void test_lint_missing_dir_exits_3(void **state)
{
    (void)state;
    struct buf err = {0};
    const char *argv[] = {"oqsdiag", "kb", "lint", "/nonexistent/kb-dir", NULL};
    assert_int_equal(tu_run(argv, NULL, &err), 3);
    assert_true(tu_contains(err.data, "/nonexistent/kb-dir"));
    buf_free(&err);
}

/* Syntax problems the parser must name: each string is one entry file. */
static void test_entry_parser_rejects_each_syntax_problem(void **state)
{
    (void)state;
    static const char head[] = "id: x\nrefs: 1\nsection: s\ntitle.ja: t\ntitle.en: t\n"
                               "symptom: s\ncause: c\nfix: f\nfix.en: f\n";
    static const struct {
        const char *tail, *expect;
    } cases[] = {
        {"nokey\n", "t.kb:10: expected 'key: value'"},
        {"colour: red\n", "t.kb:10: unknown key 'colour'"},
        {"title.ja: again\n", "t.kb:10: 'title.ja' given twice (first on line 4)"},
        {"trigger: finding ntp.offset ok\n", "t.kb:10: status 'ok' is not fail, warn or unknown"},
        {"trigger: finding ntp.zz* fail\n", "t.kb:10: finding id 'ntp.zz*' is not in"},
        {"trigger: log everywhere x\n", "t.kb:10: log source must be comapp, distroapp or any"},
        {"trigger: output /etc/passwd x\n", "t.kb:10: output path '/etc/passwd' must be relative"},
        {"trigger: output ../x x\n", "must be relative"},
        {"trigger: poke x\n", "t.kb:10: trigger kind must be finding, log or output"},
        {"trigger: finding ntp.offset\n", "t.kb:10: expected 'finding <id-glob>"},
        {"trigger: finding ntp.offset fail line=ipvpn\n", "t.kb:10: expected '[!]key~value"},
        {"trigger: finding ntp.offset fail !~x\n", "t.kb:10: expected '[!]key~value"},
        {"trigger: finding ntp.offset fail line~\n", "t.kb:10: expected '[!]key~value"},
        {"trigger: finding ntp.offset fail a~b c\n", "t.kb:10: expected 'finding <id-glob>"},
        {"match: some\n", "t.kb:10: match must be 'any' or 'all'"},
        {"refs2: x\n", "unknown key 'refs2'"},
        {"trigger: log any (a)\\1\n", "t.kb:10: back references"},
        {"refs: \n", "'refs' given twice"},
        {"id: Bad_Id\n", "given twice"},
        {"keywords: k\nsource: field\n", "t.kb:11: 'source' must follow a symptom, cause, fix"},
        {"source: maybe\n", "t.kb:10: source must be 'manual' or 'field [where from]'"},
        {"source: field a\nsource: field b\n", "t.kb:11: the line above already has a source"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf text = {0};
        buf_appends(&text, head);
        buf_appends(&text, cases[i].tail);
        struct kb_diag d = {0};
        struct kb_entry *e =
            kb_entry_parse("t.kb", (const unsigned char *)text.data, text.len, &d);
        if (e || !tu_contains(d.text.data, cases[i].expect))
            fprintf(stderr, "case %zu: %s\n", i, d.text.data ? d.text.data : "(accepted)");
        assert_null(e);
        assert_true(tu_contains(d.text.data, cases[i].expect));
        kb_diag_free(&d);
        buf_free(&text);
    }
}

static void test_entry_parser_keeps_continuations_and_bom(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBFid: x\nrefs: 補1, 2 時刻\nsection: s\n"
                               "title.ja: t\ntitle.en: t\nsymptom: a\n  b\nsymptom: c\n"
                               "cause: c\nfix: f\nfix.en: f\n# comment\n\n"
                               "trigger: finding ntp.* fail,warn\n";
    struct kb_diag d = {0};
    struct kb_entry *e = kb_entry_parse("t.kb", (const unsigned char *)text, sizeof text - 1, &d);
    assert_non_null(e);
    assert_string_equal(e->id, "x");
    assert_int_equal(e->refs.n, 2);
    assert_string_equal(e->refs.v[1], "2 時刻");
    assert_int_equal(e->symptom.n, 2);
    assert_string_equal(e->symptom.v[0], "a\nb");
    assert_int_equal(e->ntrig, 1);
    assert_true(e->trig[0].is_glob);
    kb_entry_free(e);
    kb_diag_free(&d);
}

/* `source: field` marks the line above it as field knowledge: the marker
 * is part of the text every output shows (issue 15, item 5). */
static void test_source_field_marks_the_line_above(void **state)
{
    (void)state;
    static const char text[] = "id: x\nrefs: 1\nsection: s\ntitle.ja: t\ntitle.en: t\n"
                               "symptom: a\ncause: manual cause\ncause: field cause\n"
                               "source: field example.org/column\nfix: f\nsource: manual\n"
                               "fix.en: f en\nsource: field\n";
    struct kb_diag d = {0};
    struct kb_entry *e = kb_entry_parse("t.kb", (const unsigned char *)text, sizeof text - 1, &d);
    if (!e)
        fprintf(stderr, "%s", d.text.data);
    assert_non_null(e);
    assert_null(e->cause.src[0]);
    assert_string_equal(e->cause.v[0], "manual cause");
    assert_string_equal(e->cause.src[1], "field example.org/column");
    assert_string_equal(e->cause.v[1], "［現場の知見］ field cause");
    assert_null(e->fix.src[0]);
    assert_string_equal(e->fix_en, "[field knowledge] f en");
    assert_true(kb_entry_has_field_knowledge(e));
    kb_entry_free(e);
    kb_diag_free(&d);
}

/* The shipped entries mark what goes beyond the manual: the EDNS0/TCP
 * advice under 補24 (the review's example). */
static void test_shipped_field_knowledge_is_marked(void **state)
{
    (void)state;
    struct kb *kb = kb_load(NULL, NULL);
    assert_non_null(kb);
    const struct kb_entry *e = kb_find(kb, "ntp-dns-round-robin");
    assert_non_null(e);
    for (size_t i = 0; i < e->cause.n; i++)
        if (strstr(e->cause.v[i], "EDNS0"))
            assert_non_null(e->cause.src[i]);
    for (size_t i = 0; i < e->fix.n; i++)
        if (strstr(e->fix.v[i], "EDNS0"))
            assert_non_null(e->fix.src[i]);
    kb_free(kb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lint_of_kb_entries_dir_passes),
        cmocka_unit_test(test_lint_without_dir_checks_the_builtin_entries),
        cmocka_unit_test(test_builtin_files_are_named_by_id_with_english_text),
        cmocka_unit_test(test_lint_bad_pattern_names_file_and_line),
        cmocka_unit_test(test_lint_backtracking_pattern_names_file_and_line),
        cmocka_unit_test(test_lint_unknown_finding_id_names_file_and_line),
        cmocka_unit_test(test_lint_missing_title_names_file_and_key),
        cmocka_unit_test(test_lint_duplicate_id_names_both_files),
        cmocka_unit_test(test_lint_invalid_utf8_names_the_line),
        cmocka_unit_test(test_lint_missing_dir_exits_3),
        cmocka_unit_test(test_entry_parser_rejects_each_syntax_problem),
        cmocka_unit_test(test_entry_parser_keeps_continuations_and_bom),
        cmocka_unit_test(test_source_field_marks_the_line_above),
        cmocka_unit_test(test_shipped_field_knowledge_is_marked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
