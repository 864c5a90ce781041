/* Odd files and names in a snapshot (issue 20): a FIFO, a device, a hard
 * link to a file outside, a symlinked folder, names analyze refuses, a
 * planted .part link, a manifest time that is not a time. Every run ends
 * promptly (a watchdog fails the binary instead of hanging the suite), the
 * odd file is refused with a note and the run goes on; collect always
 * writes a bundle that analyze accepts. POSIX file calls build the inputs. */
#include "testutil.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "bundle_util.h"
#include "collectors/bundle/bundle_extract.h"
#include "collectors/bundle/bundle_manifest.h"
#include "core/config.h"
#include "core/memtree.h"
#include "core/platform.h"

/* A hang is a failure: SIGALRM's default action ends the binary, which
 * tests/run.sh counts as failed. Generous: each case takes well under 1 s. */
#define WATCHDOG_S 120

static void put(const char *dir, const char *rel, const char *text)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *cut = strrchr(path, '/');
    *cut = '\0';
    struct oqs_err err;
    assert_int_equal(plat_mkdir_p(path, &err), 0);
    *cut = '/';
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A small snapshot of the layout: os.txt, one log, one task. */
static const char *small_snapshot(const char *name)
{
    const char *d = tu_scratch(name);
    assert_non_null(d);
    put(d, "system/os.txt", "Host Name:                 CLINIC-01\r\nOS Name:                   "
                            "Microsoft Windows Server 2019 Standard\r\n");
    put(d, "logs/comapp/OqsComApp_20261120.log", "2026/11/20 09:00:00 INFO start\r\n");
    put(d, "tasks/schtasks.csv", "\"HostName\",\"TaskName\"\r\n");
    return d;
}

static int analyze_accepts(const char *bundle)
{
    struct config *cfg = config_new();
    struct bundle_caps caps;
    bundle_caps_from_config(cfg, &caps);
    struct memtree tree;
    struct oqs_err err = {{0}};
    int rc = bundle_extract(bundle, &caps, &tree, &err);
    if (rc < 0)
        print_message("bundle refused: %s\n", err.msg);
    memtree_free(&tree);
    config_free(cfg);
    return rc == 0;
}

static struct manifest *manifest_in(const char *bundle)
{
    struct tu_tar t;
    assert_int_equal(tu_tar_load(bundle, &t), 0);
    int i = tu_tar_find(&t, "/manifest.json");
    assert_true(i >= 0);
    struct oqs_err err = {{0}};
    struct manifest *m = manifest_parse((const char *)t.data[i], t.len[i], "manifest.json", &err);
    tu_tar_free(&t);
    if (!m)
        fail_msg("%s", err.msg);
    return m;
}

/* Left-out files are listed per layout folder and reason (names never
 * leave the server, issue 21): path is "system/" and the like. */
static int skipped_with(const struct manifest *m, const char *path, const char *why_part)
{
    for (size_t i = 0; i < m->nskipped; i++)
        if (strcmp(m->skipped[i].path, path) == 0 && tu_contains(m->skipped[i].why, why_part))
            return 1;
    return 0;
}

static int has_file(const struct manifest *m, const char *path)
{
    return manifest_find(m, path) != NULL;
}

static void test_analyze_dir_refuses_fifo_and_goes_on(void **state)
{
    (void)state;
    const char *d = small_snapshot("odd-fifo-analyze");
    char p[4200];
    snprintf(p, sizeof p, "%s/system/tzutil.txt", d);
    assert_int_equal(mkfifo(p, 0644), 0);
    snprintf(p, sizeof p, "%s/logs/comapp/OqsComApp_20261121.log", d);
    assert_int_equal(mkfifo(p, 0644), 0);
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--json", "analyze", d, NULL};
    int rc = tu_run(argv, &out, &err);
    assert_true(rc >= 0 && rc <= 3);
    /* The report was written: the FIFO did not stop the run. */
    assert_true(tu_contains(out.data, "\"findings\""));
    buf_free(&out);
    buf_free(&err);
}

static void test_analyze_dir_does_not_follow_symlinked_folder(void **state)
{
    (void)state;
    const char *d = small_snapshot("odd-symdir");
    const char *outside = tu_scratch("odd-symdir-outside");
    put(outside, "os.txt", "Host Name: OUTSIDE-SECRET-MARKER\r\nOS Name: Microsoft Windows Server 2019\r\n");
    char sys[4200];
    snprintf(sys, sizeof sys, "%s/system", d);
    assert_int_equal(plat_rmtree(sys), 0);
    assert_int_equal(symlink(outside, sys), 0);
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--json", "analyze", d, NULL};
    int rc = tu_run(argv, &out, &err);
    assert_true(rc >= 0 && rc <= 3);
    assert_false(tu_contains(out.data, "OUTSIDE-SECRET-MARKER"));
    assert_false(tu_contains(err.data, "OUTSIDE-SECRET-MARKER"));
    buf_free(&out);
    buf_free(&err);
}

static void test_kb_dir_with_fifo_is_noted_not_waited_on(void **state)
{
    (void)state;
    const char *d = tu_scratch("odd-kb-fifo");
    char p[4200];
    snprintf(p, sizeof p, "%s/zz-fifo.kb", d);
    assert_int_equal(mkfifo(p, 0644), 0);
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "kb", "lint", d, NULL};
    int rc = tu_run(argv, &out, &err);
    assert_int_not_equal(rc, 0);
    assert_true(tu_contains(out.data, "FIFO") || tu_contains(err.data, "FIFO"));
    buf_free(&out);
    buf_free(&err);
}

/* Reproduction 3: a FIFO, a device, a hard link to a file outside and a
 * symlinked folder in the snapshot: each left out with its reason, the
 * rest packed, and analyze reads the bundle. */
static void test_collect_leaves_out_odd_files_and_writes_bundle(void **state)
{
    (void)state;
    const char *d = small_snapshot("odd-collect");
    const char *outside = tu_scratch("odd-collect-outside");
    put(outside, "secret.txt", "not part of the snapshot\r\n");
    put(outside, "os.txt", "Host Name: ELSEWHERE\r\n");
    char p[4200], q[4200];
    snprintf(p, sizeof p, "%s/system/w32tm_status.txt", d);
    assert_int_equal(mkfifo(p, 0644), 0);
    snprintf(p, sizeof p, "%s/secret.txt", outside);
    snprintf(q, sizeof q, "%s/system/power.txt", d);
    assert_int_equal(link(p, q), 0);
    snprintf(q, sizeof q, "%s/apps", d);
    assert_int_equal(symlink(outside, q), 0);
    snprintf(p, sizeof p, "%s/system/display.txt", d);
    int have_dev = mknod(p, S_IFCHR | 0644, makedev(1, 5)) == 0; /* /dev/zero: endless */
    const char *o = tu_scratch("odd-collect-out");
    char bundle[4200];
    snprintf(bundle, sizeof bundle, "%s/b.tar.gz", o);
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "-q", "-o", bundle, "collect", "--from", d, NULL};
    assert_int_equal(tu_run(argv, &out, &err), 0);
    assert_true(analyze_accepts(bundle));
    struct manifest *m = manifest_in(bundle);
    assert_true(has_file(m, "system/os.txt"));
    assert_true(has_file(m, "logs/comapp/OqsComApp_20261120.log"));
    assert_false(has_file(m, "system/w32tm_status.txt"));
    assert_true(skipped_with(m, "system/", "FIFO"));
    assert_false(has_file(m, "system/power.txt"));
    assert_true(skipped_with(m, "system/", "hard link"));
    assert_true(skipped_with(m, "(outside the layout's folders)", "a link"));
    if (have_dev)
        assert_true(skipped_with(m, "system/", "device"));
    else
        print_message("(no device node: mknod needs root)\n");
    manifest_free(m);
    buf_free(&out);
    buf_free(&err);
}

/* Names analyze refuses are left out by collect, the bundle written. */
static void test_collect_leaves_out_names_analyze_refuses(void **state)
{
    (void)state;
    const char *d = small_snapshot("odd-names");
    put(d, "logs/comapp/ctl\x01name.log", "x\r\n");
    put(d, "logs/comapp/back\\slash.log", "x\r\n");
    put(d, "logs/comapp/co:lon.log", "x\r\n");
    put(d, "logs/comapp/oqscomapp_20261120.LOG", "INFO dup\r\n");
    /* Deep rather than long: one name may hold 255 bytes on disk. */
    char part[201], rel[1300];
    memset(part, 'a', 200);
    part[200] = '\0';
    snprintf(rel, sizeof rel, "logs/comapp/%s/%s/%s/%s/%s/x.log", part, part, part, part, part);
    put(d, rel, "x\r\n");
    const char *o = tu_scratch("odd-names-out");
    char bundle[4200];
    snprintf(bundle, sizeof bundle, "%s/b.tar.gz", o);
    const char *argv[] = {"oqsdiag", "-q", "-o", bundle, "collect", "--from", d, NULL};
    assert_int_equal(tu_run(argv, NULL, NULL), 0);
    assert_true(analyze_accepts(bundle));
    struct manifest *m = manifest_in(bundle);
    /* One of the two case-duplicates (the first in name order), the other noted. */
    assert_true(has_file(m, "logs/comapp/oqscomapp_20261120.LOG") !=
                has_file(m, "logs/comapp/OqsComApp_20261120.log"));
    assert_true(skipped_with(m, "logs/", "duplicate"));
    assert_true(skipped_with(m, "logs/", "control"));
    assert_true(skipped_with(m, "logs/", "backslash"));
    assert_true(skipped_with(m, "logs/", "colon"));
    assert_true(skipped_with(m, "logs/", "too long"));
    manifest_free(m);
}

/* Reproduction 4: a planted link at FILE.part and at the mapping's place;
 * the manifest's time holding "..". Nothing is written through a link, the
 * mapping is private, the name holds no "..". */
static void test_collect_outputs_exclusive_private_and_named_safely(void **state)
{
    (void)state;
    const char *d = small_snapshot("odd-outputs");
    put(d, "manifest.json", "{\"format\":1,\"host\":\"CLINIC-01\",\"collected\":\"../../../tmp/x\"}");
    const char *o = tu_scratch("odd-outputs-out");
    const char *victims = tu_scratch("odd-outputs-victim");
    char bundle[4200], victim[4200], part[4300], mapping[4200], mpart[4300];
    snprintf(bundle, sizeof bundle, "%s/b.tar.gz", o);
    snprintf(victim, sizeof victim, "%s/victim.txt", victims);
    put(victims, "victim.txt", "untouched\n");
    snprintf(part, sizeof part, "%s.part", bundle);
    snprintf(mapping, sizeof mapping, "%s/b.mapping.tsv", o);
    snprintf(mpart, sizeof mpart, "%s.part", mapping);
    assert_int_equal(symlink(victim, part), 0);
    assert_int_equal(symlink(victim, mpart), 0);
    const char *argv[] = {"oqsdiag", "-q", "-o", bundle, "collect", "--redact", "--from", d, NULL};
    assert_int_equal(tu_run(argv, NULL, NULL), 0);
    struct buf v = {0};
    assert_int_equal(buf_read_file(&v, victim, 1000), 0);
    assert_string_equal(v.data, "untouched\n");
    buf_free(&v);
    struct stat st;
    assert_int_equal(lstat(mapping, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(lstat(bundle, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_true(analyze_accepts(bundle));
    /* Into a folder: the default name from host and time, no ".." in it. */
    const char *argv2[] = {"oqsdiag", "-q", "-o", o, "collect", "--from", d, NULL};
    assert_int_equal(tu_run(argv2, NULL, NULL), 0);
    struct manifest *m = manifest_in(bundle);
    assert_false(tu_contains(m->collected, ".."));
    /* A time that is not a time is dropped: analyze then estimates it
     * from inside the snapshot (docs/decisions.md, snapshot time). */
    assert_true(m->collected[0] == '\0' || m->collected[4] == '-');
    manifest_free(m);
}

/* A manifest whose time is not a time is refused by analyze with its key. */
static void test_manifest_parse_rejects_collected_that_is_not_a_time(void **state)
{
    (void)state;
    static const char *const bad[] = {"../../x", "20261120", "2026-11-20T09:00:00Z/../a", "x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char doc[300];
        snprintf(doc, sizeof doc, "{\"format\":1,\"collected\":\"%s\"}", bad[i]);
        struct oqs_err err = {{0}};
        struct manifest *m = manifest_parse(doc, strlen(doc), "manifest.json", &err);
        assert_null(m);
        assert_true(tu_contains(err.msg, "collected"));
    }
    const char *good = "{\"format\":1,\"collected\":\"2026-11-20T09:00:00Z\"}";
    struct oqs_err err = {{0}};
    struct manifest *m = manifest_parse(good, strlen(good), "manifest.json", &err);
    if (!m)
        fail_msg("%s", err.msg);
    manifest_free(m);
}

/* Reproduction 7 and the streamed batch: a path that is not UTF-8 still
 * has its own line naming it (U+FFFD and the raw bytes in hex), in input
 * order, and a FIFO input does not hold the others back. */
static void test_jsonl_names_every_input_even_not_utf8(void **state)
{
    (void)state;
    const char *base = tu_scratch("odd-jsonl");
    char bad[4200], fifo[4200];
    snprintf(bad, sizeof bad, "%s/snap-\xff\xfe", base);
    struct oqs_err e;
    assert_int_equal(plat_mkdir_p(bad, &e), 0);
    put(bad, "system/os.txt", "Host Name: CLINIC-02\r\n");
    snprintf(fifo, sizeof fifo, "%s/fifo.tar.gz", base);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    const char *good = small_snapshot("odd-jsonl-good");
    struct buf out = {0};
    const char *argv[] = {"oqsdiag", "analyze", "--jobs", "2", "--jsonl", bad, fifo, good, NULL};
    tu_run(argv, &out, NULL);
    assert_non_null(out.data);
    const char *l1 = out.data, *l2 = strchr(l1, '\n');
    assert_non_null(l2);
    const char *l3 = strchr(l2 + 1, '\n');
    assert_non_null(l3);
    assert_non_null(strchr(l3 + 1, '\n'));
    assert_true(strncmp(l1, "{", 1) == 0);
    assert_true(tu_contains(l1, "\"input_hex\""));
    assert_true(tu_contains(l1, "snap-\xef\xbf\xbd\xef\xbf\xbd"));
    assert_true(tu_contains(l1, "736e61702dfffe"));
    const char *f2 = strstr(l2, "fifo.tar.gz");
    assert_non_null(f2);
    assert_true(f2 < l3);
    assert_true(tu_contains(l3, "odd-jsonl-good"));
    buf_free(&out);
}

/* A --kb folder's files: a FIFO named *.fix or *.kb is refused with its
 * name, never waited on; a *.fix that is a link is not read at all (a
 * repair runs commands). */
static void test_kb_dir_fifo_is_named_and_a_linked_repair_is_skipped(void **state)
{
    (void)state;
    const char *base = tu_scratch("odd-kbdir");
    char p[4200], q[4200];
    snprintf(p, sizeof p, "%s/elsewhere.txt", base);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("not a repair file\n", f);
    fclose(f);
    snprintf(q, sizeof q, "%s/kb/linked.fix", base);
    struct oqs_err e;
    snprintf(p, sizeof p, "%s/kb", base);
    assert_int_equal(plat_mkdir_p(p, &e), 0);
    snprintf(p, sizeof p, "%s/elsewhere.txt", base);
    assert_int_equal(symlink(p, q), 0);
    snprintf(p, sizeof p, "%s/kb", base);
    struct buf out = {0}, err = {0};
    const char *list[] = {"oqsdiag", "--kb", p, "fix", "--list", NULL};
    assert_int_equal(tu_run(list, &out, &err), 0);
    assert_true(tu_contains(out.data, "time-source"));
    buf_reset(&out);
    buf_reset(&err);
    const char *names[] = {"stuck.fix", "stuck.kb"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(q, sizeof q, "%s/kb/%s", base, names[i]);
        assert_int_equal(mkfifo(q, 0644), 0);
        const char *argv[] = {"oqsdiag", "--kb", p, i ? "kb" : "fix", "--list", NULL};
        if (i)
            argv[4] = "list";
        assert_int_equal(tu_run(argv, &out, &err), 3);
        assert_true(tu_contains(err.data, names[i]));
        assert_true(tu_contains(err.data, "cannot read: a FIFO"));
        assert_int_equal(unlink(q), 0);
        buf_reset(&out);
        buf_reset(&err);
    }
    buf_free(&out);
    buf_free(&err);
}

int main(void)
{
    alarm(WATCHDOG_S);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analyze_dir_refuses_fifo_and_goes_on),
        cmocka_unit_test(test_analyze_dir_does_not_follow_symlinked_folder),
        cmocka_unit_test(test_kb_dir_with_fifo_is_noted_not_waited_on),
        cmocka_unit_test(test_collect_leaves_out_odd_files_and_writes_bundle),
        cmocka_unit_test(test_collect_leaves_out_names_analyze_refuses),
        cmocka_unit_test(test_collect_outputs_exclusive_private_and_named_safely),
        cmocka_unit_test(test_manifest_parse_rejects_collected_that_is_not_a_time),
        cmocka_unit_test(test_jsonl_names_every_input_even_not_utf8),
        cmocka_unit_test(test_kb_dir_fifo_is_named_and_a_linked_repair_is_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
