/* Log and command-output triggers: a known error line in a snapshot's logs
 * triggers its entry with `log:<file>:<line>`; encodings, long lines and
 * healthy logs (kb_logscan.h). */
#include "testutil.h"
#include "kb_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/memtree.h"
#include "core/platform.h"
#include "core/source.h"
#include "kb/kb.h"
#include "kb/kb_logscan.h"

static const struct kb_hit *hit(const struct report *r, const char *id)
{
    for (size_t i = 0; i < r->nkb; i++)
        if (strcmp(r->kb[i].id, id) == 0)
            return &r->kb[i];
    return NULL;
}

static void assert_because(const struct report *r, const char *id, const char *because)
{
    const struct kb_hit *k = hit(r, id);
    if (!k)
        fprintf(stderr, "%s not matched\n", id);
    assert_non_null(k);
    /* Lines go to matched; because holds finding ids only (report.md). */
    for (size_t i = 0; i < k->nbecause; i++)
        assert_null(strchr(k->because[i], ':'));
    for (size_t i = 0; i < k->nmatched; i++) {
        char s[600];
        snprintf(s, sizeof s, "%s:%s:%lu", k->matched[i].kind, k->matched[i].file,
                 k->matched[i].line);
        if (strcmp(s, because) == 0)
            return;
    }
    fprintf(stderr, "%s: matched[0] = %s, want %s\n", id,
            k->nmatched ? k->matched[0].file : "-", because);
    fail();
}

/* Reads a folder tree into a memtree, as bundle_extract would hold it. */
struct load {
    struct memtree *t;
    char dir[4200], rel[4200];
};

static int load_cb(const struct plat_dirent *e, void *ud)
{
    struct load *l = ud;
    size_t keep = strlen(l->rel);
    snprintf(l->rel + keep, sizeof l->rel - keep, "%s%s", keep ? "/" : "", e->name);
    char path[8500];
    snprintf(path, sizeof path, "%s/%s", l->dir, l->rel);
    if (e->is_dir) {
        assert_int_equal(memtree_add_dir(l->t, l->rel), 0);
        assert_int_equal(plat_list_dir(path, load_cb, l, NULL), 0);
    } else {
        struct buf b = {0};
        assert_int_equal(buf_read_file(&b, path, 1 << 20), 0);
        if (!b.data)
            assert_int_equal(buf_reserve(&b, 1), 0);
        size_t n;
        unsigned char *d = (unsigned char *)buf_steal(&b, &n);
        assert_int_equal(memtree_add_file(l->t, l->rel, d, n), 0);
    }
    l->rel[keep] = '\0';
    return 0;
}

static void load_tree(const char *dir, struct memtree *t)
{
    struct load l = {.t = t};
    memset(t, 0, sizeof *t);
    snprintf(l.dir, sizeof l.dir, "%s", dir);
    assert_int_equal(plat_list_dir(dir, load_cb, &l, NULL), 0);
    assert_int_equal(memtree_finish(t), 0);
}

static void test_memory_scan_finds_the_same_lines_as_folder_scan(void **state)
{
    (void)state;
    static const char *const fx[] = {"kb/snap-errors", "kb/snap-healthy"};
    for (size_t f = 0; f < sizeof fx / sizeof *fx; f++) {
        size_t n = 0;
        for (size_t i = 0; i < kb_count(tu_kb); i++)
            for (size_t j = 0; j < kb_at(tu_kb, i)->ntrig; j++)
                n += kb_at(tu_kb, i)->trig[j].kind != KBT_FINDING;
        struct kb_scan_rule *a = calloc(n, sizeof *a), *b = calloc(n, sizeof *b);
        assert_non_null(a);
        assert_non_null(b);
        size_t k = 0;
        for (size_t i = 0; i < kb_count(tu_kb); i++)
            for (size_t j = 0; j < kb_at(tu_kb, i)->ntrig; j++)
                if (kb_at(tu_kb, i)->trig[j].kind != KBT_FINDING) {
                    a[k].t = b[k].t = &kb_at(tu_kb, i)->trig[j];
                    k++;
                }
        struct memtree t;
        load_tree(tu_fixture(fx[f]), &t);
        struct kb_scan_stats sa = {0}, sb = {0};
        struct source *sd = source_dir(tu_fixture(fx[f]), NULL), *sm = source_memtree(&t, NULL);
        assert_non_null(sd);
        assert_non_null(sm);
        assert_int_equal(kb_logscan_source(sd, a, n, &sa, NULL), 0);
        assert_int_equal(kb_logscan_source(sm, b, n, &sb, NULL), 0);
        source_free(sd);
        source_free(sm);
        size_t hits = 0;
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(a[i].hit, b[i].hit);
            if (a[i].hit) {
                assert_string_equal(a[i].file, b[i].file);
                assert_int_equal(a[i].line, b[i].line);
                hits++;
            }
        }
        assert_true(sa.files == sb.files && sa.lines == sb.lines && sa.bytes == sb.bytes);
        assert_true(sa.files > 0);
        /* The error fixture has hits, the healthy one none. */
        assert_true(f == 0 ? hits >= 3 : hits == 0);
        memtree_free(&t);
        free(a);
        free(b);
    }
}

/* kb_match over the snapshot folder dir. */
static int match_dir(struct report *r, const char *dir)
{
    struct source *src = source_dir(dir, NULL);
    assert_non_null(src);
    int rc = kb_match(tu_kb, r, src, NULL);
    source_free(src);
    return rc;
}

static void test_error_lines_in_snapshot_trigger_their_entries(void **state)
{
    (void)state;
    /* Healthy findings, but the logs and outputs hold known error lines. */
    struct report *r = report_new("snapshot");
    assert_int_equal(report_add(r, "ntp.query", FST_OK, "t", NULL, "x", "x"), 0);
    assert_int_equal(match_dir(r, tu_fixture("kb/snap-errors")), 0);
    /* CP932, CRLF */
    assert_because(r, "distroapp-connection-failed", "log:logs/distroapp/OQSDistroApp.log:3");
    /* UTF-8 with BOM, one folder deeper */
    assert_because(r, "result-file-inoperable", "log:logs/comapp/2026/OqsComApp_20261120.log:4");
    /* UTF-16LE with BOM */
    assert_because(r, "ntp-sync-failed", "output:system/w32tm_status.txt:2");
    /* CP932 netsh output */
    assert_because(r, "proxy-winhttp-settings", "output:system/winhttp_proxy.txt:4");
    assert_because(r, "display-scaling", "output:system/display.txt:3");
    assert_int_equal(r->nkb, 5);
    report_free(r);
}

static void test_healthy_snapshot_logs_match_nothing(void **state)
{
    (void)state;
    struct report *r = report_new("snapshot");
    assert_int_equal(match_dir(r, tu_fixture("kb/snap-healthy")), 0);
    assert_int_equal(r->nkb, 0);
    report_free(r);
}

static void test_missing_snapshot_folders_are_no_error(void **state)
{
    (void)state;
    /* A snapshot folder without logs/ or any output file. */
    char *dir = plat_mkdtemp("oqsdiag-kbempty", NULL);
    assert_non_null(dir);
    struct report *r = report_new("snapshot");
    assert_int_equal(match_dir(r, dir), 0);
    assert_int_equal(r->nkb, 0);
    report_free(r);
    plat_rmtree(dir);
    free(dir);
}

/* Writes bytes to dir/rel. */
static void put(const char *dir, const char *rel, const void *p, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

static struct kb_scan_rule *log_rules(size_t *n)
{
    size_t k = 0;
    for (size_t i = 0; i < kb_count(tu_kb); i++)
        for (size_t j = 0; j < kb_at(tu_kb, i)->ntrig; j++)
            k += kb_at(tu_kb, i)->trig[j].kind == KBT_LOG;
    struct kb_scan_rule *r = calloc(k, sizeof *r);
    assert_non_null(r);
    *n = 0;
    for (size_t i = 0; i < kb_count(tu_kb); i++)
        for (size_t j = 0; j < kb_at(tu_kb, i)->ntrig; j++)
            if (kb_at(tu_kb, i)->trig[j].kind == KBT_LOG)
                r[(*n)++].t = &kb_at(tu_kb, i)->trig[j];
    return r;
}

static const struct kb_scan_rule *rule_hit(const struct kb_scan_rule *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (r[i].hit)
            return &r[i];
    return NULL;
}

static void test_long_lines_are_cut_and_line_numbers_stay_right(void **state)
{
    (void)state;
    char *dir = plat_mkdtemp("oqsdiag-kbscan", NULL);
    assert_non_null(dir);
    /* Line 1: longer than the cap, with the error text past the cap (not
     * seen); line 2: ordinary; line 3: the error. */
    size_t big = KB_LINE_CAP * 3;
    char *text = malloc(big + 256);
    assert_non_null(text);
    memset(text, 'x', big);
    size_t n = big;
    n += (size_t)sprintf(text + n, " 接続失敗\nINFO ok\nERROR 接続失敗\n");
    put(dir, "a.log", text, n);
    char path[4096];
    snprintf(path, sizeof path, "%s/a.log", dir);
    size_t nr;
    struct kb_scan_rule *rules = log_rules(&nr);
    struct kb_scan_stats st = {0};
    assert_int_equal(kb_logscan_file(path, "a.log", rules, nr, &st, NULL), 0);
    const struct kb_scan_rule *h = rule_hit(rules, nr);
    assert_non_null(h);
    assert_int_equal(h->line, 3);
    assert_string_equal(h->file, "a.log");
    assert_int_equal(st.lines, 3);
    assert_int_equal(st.long_lines, 1);
    free(rules);
    free(text);
    plat_rmtree(dir);
    free(dir);
}

static void test_cp932_and_utf8_lines_mixed_in_one_file(void **state)
{
    (void)state;
    char *dir = plat_mkdtemp("oqsdiag-kbscan", NULL);
    assert_non_null(dir);
    /* UTF-8 line, then a CP932 line (接続失敗 = 90 DA 91 B1 8E B8 94 73),
     * no final newline. */
    static const char text[] = "2026/11/20 起動しました\n"
                               "2026/11/20 \x90\xda\x91\xb1\x8e\xb8\x94\x73";
    put(dir, "b.log", text, sizeof text - 1);
    char path[4096];
    snprintf(path, sizeof path, "%s/b.log", dir);
    size_t nr;
    struct kb_scan_rule *rules = log_rules(&nr);
    assert_int_equal(kb_logscan_file(path, "b.log", rules, nr, NULL, NULL), 0);
    const struct kb_scan_rule *h = rule_hit(rules, nr);
    assert_non_null(h);
    assert_int_equal(h->line, 2);
    free(rules);
    plat_rmtree(dir);
    free(dir);
}

/* Issue 20: an entry whose pattern runs into PCRE2's match limit on one
 * line must not cost another entry its hit later in the same block (the
 * combined pattern of a file over 64 KiB used to end the block there). */
static void test_match_limit_of_one_entry_keeps_other_entries_hits(void **state)
{
    (void)state;
    const char *dir = plat_mkdtemp("oqsdiag-kbml", NULL);
    assert_non_null(dir);
    static const char head[] = "refs: 補99\nsection: テスト\ntitle.ja: テスト項目\ntitle.en: Test entry\n"
                               "symptom: 「テスト」\ncause: テスト\nfix: テスト\nfix.en: Test fix.\n";
    struct buf kb = {0};
    buf_appendf(&kb, "id: zz-backtracking\n%strigger: log comapp ^(\\w+\\s?)+$\n", head);
    put(dir, "zz-backtracking.kb", kb.data, kb.len);
    buf_reset(&kb);
    buf_appendf(&kb, "id: zz-plain\n%strigger: log comapp plainly broken here\n", head);
    put(dir, "zz-plain.kb", kb.data, kb.len);
    buf_free(&kb);
    /* Line 1 sends the first pattern backtracking; line 3 is the other's. */
    struct buf log = {0};
    buf_appends(&log, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\nINFO ok\nERROR plainly broken here\n");
    while (log.len < 3 * 65536)
        buf_appends(&log, "2026/11/20 09:00:00 INFO nothing to see on this line\n");
    put(dir, "OqsComApp.log", log.data, log.len);
    buf_free(&log);
    char kbdir[4200], file[4200];
    snprintf(kbdir, sizeof kbdir, "%s", dir);
    snprintf(file, sizeof file, "%s/OqsComApp.log", dir);
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--kb", kbdir, "kb", "scan", file, NULL};
    tu_run(argv, &out, &err);
    if (!tu_contains(out.data, "zz-plain"))
        fprintf(stderr, "out:\n%s\nerr:\n%s\n", out.data ? out.data : "", err.data ? err.data : "");
    assert_true(tu_contains(out.data, "zz-plain"));
    assert_true(tu_contains(out.data, "OqsComApp.log:3"));
    buf_free(&out);
    buf_free(&err);
    plat_rmtree(dir);
    free((char *)dir);
}

static void test_cli_scan_names_entry_and_line(void **state)
{
    (void)state;
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "kb", "scan", tu_fixture("kb/snap-errors"), NULL};
    assert_int_equal(tu_run(argv, &out, &err), 0);
    assert_true(tu_contains(out.data, "distroapp-connection-failed"));
    assert_true(tu_contains(out.data, "log:logs/distroapp/OQSDistroApp.log:3"));
    assert_true(tu_contains(err.data, "5 files"));
    buf_free(&out);
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_scan_finds_the_same_lines_as_folder_scan),
        cmocka_unit_test(test_error_lines_in_snapshot_trigger_their_entries),
        cmocka_unit_test(test_healthy_snapshot_logs_match_nothing),
        cmocka_unit_test(test_missing_snapshot_folders_are_no_error),
        cmocka_unit_test(test_long_lines_are_cut_and_line_numbers_stay_right),
        cmocka_unit_test(test_cp932_and_utf8_lines_mixed_in_one_file),
        cmocka_unit_test(test_match_limit_of_one_entry_keeps_other_entries_hits),
        cmocka_unit_test(test_cli_scan_names_entry_and_line),
    };
    return cmocka_run_group_tests(tests, tu_kb_setup, tu_kb_teardown);
}
