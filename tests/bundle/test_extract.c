/* analyze of a hostile bundle (issue 6): each case is built here with
 * libarchive's write API; the extraction refuses it with an error naming the
 * entry, removes its temporary folder and writes nothing outside it. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "bundle_util.h"
#include "collectors/bundle/bundle_extract.h"
#include "core/memtree.h"
#include "core/platform.h"

static const struct bundle_caps small_caps = {
    .max_entry_bytes = 1 << 20, .max_total_bytes = 3 << 20, .max_entries = 50};

struct hostile {
    const char *test;
    struct tu_entry e[4];
    size_t n;
    const char *expect_entry, *expect_why;
};

/* Runs bundle_extract on the entries with TMPDIR pointing at a fresh folder
 * inside a fresh base folder; checks the refusal, that the tree is left
 * empty and that nothing was written: the temporary folder stays empty and
 * the base folder holds only what the test made. */
static void expect_refused(const char *scratch, const struct tu_entry *e, size_t n,
                           const struct bundle_caps *caps, const char *expect_entry,
                           const char *expect_why)
{
    const char *base = tu_scratch(scratch);
    assert_non_null(base);
    char tmpdir[4200], archive[4200], escape[4200];
    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", base);
    snprintf(archive, sizeof archive, "%s/hostile.tar.gz", base);
    snprintf(escape, sizeof escape, "%s/escape.txt", base);
    struct oqs_err err = {{0}};
    assert_int_equal(plat_mkdir_p(tmpdir, &err), 0);
    assert_int_equal(tu_tar_write(archive, e, n), 0);
    setenv("TMPDIR", tmpdir, 1);
    struct memtree tree = {.n = 99};
    int rc = bundle_extract(archive, caps, &tree, &err);
    unsetenv("TMPDIR");
    assert_int_equal(rc, -1);
    assert_int_equal(tree.n, 0);
    assert_null(tree.v);
    assert_null(tree.name);
    if (!tu_contains(err.msg, expect_entry) || !tu_contains(err.msg, expect_why))
        fail_msg("error \"%s\" should name \"%s\" and say \"%s\"", err.msg, expect_entry,
                 expect_why);
    assert_true(tu_dir_is_empty(tmpdir));
    struct plat_dirent st;
    assert_int_equal(plat_stat(escape, &st), -1);
}

static void test_extract_refuses_absolute_path(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"/tmp/oqsdiag-evil.txt", TU_FILE, "x", 1, NULL}};
    expect_refused("abs", e, 1, &small_caps, "/tmp/oqsdiag-evil.txt", "absolute path");
}

static void test_extract_refuses_parent_directory_component(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/", TU_DIR, NULL, 0, NULL},
                           {"snap/../../escape.txt", TU_FILE, "pwned", 5, NULL}};
    expect_refused("dotdot", e, 2, &small_caps, "snap/../../escape.txt", "parent-directory");
}

static void test_extract_refuses_symlink(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/manifest.json", TU_FILE, "{}", 2, NULL},
                           {"snap/system", TU_SYMLINK, NULL, 0, "/etc"}};
    expect_refused("symlink", e, 2, &small_caps, "snap/system", "link");
}

static void test_extract_refuses_hardlink(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/a.txt", TU_FILE, "a", 1, NULL},
                           {"snap/b.txt", TU_HARDLINK, NULL, 0, "snap/a.txt"}};
    expect_refused("hardlink", e, 2, &small_caps, "snap/b.txt", "link");
}

static void test_extract_refuses_device(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/null", TU_CHARDEV, NULL, 0, NULL}};
    expect_refused("device", e, 1, &small_caps, "snap/null", "device");
}

static void test_extract_refuses_fifo(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/pipe", TU_FIFO, NULL, 0, NULL}};
    expect_refused("fifo", e, 1, &small_caps, "snap/pipe", "FIFO");
}

static void test_extract_refuses_entry_over_cap_gzip_bomb(void **state)
{
    (void)state;
    /* 8 MiB of zeros: a few kilobytes compressed. */
    struct tu_entry e[] = {{"snap/logs/comapp/bomb.log", TU_FILE, NULL, 8u << 20, NULL}};
    expect_refused("bomb", e, 1, &small_caps, "snap/logs/comapp/bomb.log", "cap");
}

static void test_extract_refuses_total_over_cap(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/a.log", TU_FILE, NULL, 1000000, NULL},
                           {"snap/b.log", TU_FILE, NULL, 1000000, NULL},
                           {"snap/c.log", TU_FILE, NULL, 1000000, NULL},
                           {"snap/d.log", TU_FILE, NULL, 1000000, NULL}};
    expect_refused("total", e, 4, &small_caps, "snap/d.log", "bundle.max_total_bytes");
}

static void test_extract_refuses_too_many_entries(void **state)
{
    (void)state;
    struct bundle_caps caps = small_caps;
    caps.max_entries = 2;
    struct tu_entry e[] = {{"snap/a", TU_FILE, "1", 1, NULL},
                           {"snap/b", TU_FILE, "2", 1, NULL},
                           {"snap/c", TU_FILE, "3", 1, NULL}};
    expect_refused("entries", e, 3, &caps, "snap/c", "entries");
}

static void test_extract_refuses_duplicate_name(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/system/os.txt", TU_FILE, "first", 5, NULL},
                           {"snap/system/os.txt", TU_FILE, "second", 6, NULL}};
    expect_refused("dup", e, 2, &small_caps, "snap/system/os.txt", "duplicate");
}

static void test_extract_refuses_names_differing_only_in_case(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/system/os.txt", TU_FILE, "first", 5, NULL},
                           {"snap/System/OS.txt", TU_FILE, "second", 6, NULL}};
    expect_refused("dupcase", e, 2, &small_caps, "snap/System/OS.txt", "duplicate");
}

/* On Windows libarchive does not keep a ustar name's bytes: its writer
 * (tu_tar_write) takes them in the ANSI code page and turns '\' into '/',
 * its reader decodes them from the OEM code page (docs/windows.md, "Tests
 * under Wine"). The three tests that need raw bytes run on Linux only. */
#define RAW_NAMES_ONLY_ON_POSIX()                                                          \
    do {                                                                                   \
        if (plat_is_windows())                                                             \
            skip();                                                                        \
    } while (0)

static void test_extract_refuses_non_utf8_name(void **state)
{
    (void)state;
    RAW_NAMES_ONLY_ON_POSIX();
    struct tu_entry e[] = {{"snap/\x83\x65\x83\x58\x83\x67.txt", TU_FILE, "cp932 name", 10, NULL}};
    /* The error shows the bad bytes escaped. */
    expect_refused("nonutf8", e, 1, &small_caps, "snap/\\x83e\\x83X\\x83g.txt", "UTF-8");
}

static void test_extract_refuses_backslash_path(void **state)
{
    (void)state;
    RAW_NAMES_ONLY_ON_POSIX();
    struct tu_entry e[] = {{"snap\\..\\..\\escape.txt", TU_FILE, "x", 1, NULL}};
    expect_refused("backslash", e, 1, &small_caps, "snap\\..\\..\\escape.txt", "backslash");
}

static void test_extract_refuses_second_top_level_folder(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/manifest.json", TU_FILE, "{}", 2, NULL},
                           {"other/manifest.json", TU_FILE, "{}", 2, NULL}};
    expect_refused("twotop", e, 2, &small_caps, "other/manifest.json", "top-level");
}

static void test_extract_refuses_file_replacing_folder(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/system/os.txt", TU_FILE, "a", 1, NULL},
                           {"snap/system", TU_FILE, "b", 1, NULL}};
    expect_refused("filedir", e, 2, &small_caps, "snap/system", "already there");
}

static void test_extract_refuses_non_archive(void **state)
{
    (void)state;
    const char *base = tu_scratch("notar");
    char path[4200];
    snprintf(path, sizeof path, "%s/x.tar.gz", base);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("this is not a tar.gz\n", f);
    fclose(f);
    struct memtree tree;
    struct oqs_err err = {{0}};
    assert_int_equal(bundle_extract(path, &small_caps, &tree, &err), -1);
    assert_true(tu_contains(err.msg, "x.tar.gz"));
}

static void test_extract_accepts_good_bundle_into_memory_writing_nothing(void **state)
{
    (void)state;
    RAW_NAMES_ONLY_ON_POSIX();
    const char *base = tu_scratch("good");
    char archive[4200], tmpdir[4200];
    snprintf(archive, sizeof archive, "%s/good.tar.gz", base);
    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", base);
    struct oqs_err err = {{0}};
    assert_int_equal(plat_mkdir_p(tmpdir, &err), 0);
    struct tu_entry e[] = {{"oqsdiag-SV-1/manifest.json", TU_FILE, "{}", 2, NULL},
                           {"oqsdiag-SV-1/system/", TU_DIR, NULL, 0, NULL},
                           {"oqsdiag-SV-1/system/os.txt", TU_FILE, "Host Name: SV", 13, NULL},
                           {"oqsdiag-SV-1/tasks/", TU_DIR, NULL, 0, NULL},
                           {"oqsdiag-SV-1/logs/comapp/日本語.log", TU_FILE, "ログ", 6, NULL}};
    assert_int_equal(tu_tar_write(archive, e, 5), 0);
    setenv("TMPDIR", tmpdir, 1);
    struct memtree tree;
    int rc = bundle_extract(archive, &small_caps, &tree, &err);
    unsetenv("TMPDIR");
    if (rc != 0)
        fail_msg("%s", err.msg);
    assert_true(tu_dir_is_empty(tmpdir));
    assert_string_equal(tree.name, "oqsdiag-SV-1");
    const struct memtree_entry *os = memtree_find(&tree, "system/os.txt");
    assert_non_null(os);
    assert_int_equal(os->len, 13);
    assert_string_equal((const char *)os->data, "Host Name: SV");
    const struct memtree_entry *log = memtree_find(&tree, "logs/comapp/日本語.log");
    assert_non_null(log);
    assert_memory_equal(log->data, "ログ", 6);
    /* Folders: named ones (even empty) and the parents of files. */
    assert_true(memtree_find(&tree, "tasks")->is_dir);
    assert_true(memtree_find(&tree, "logs")->is_dir);
    assert_true(memtree_find(&tree, "logs/comapp")->is_dir);
    assert_null(memtree_find(&tree, "oqsdiag-SV-1"));
    memtree_free(&tree);
}

static void test_extract_refuses_folder_where_file_is(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/system", TU_FILE, "b", 1, NULL},
                           {"snap/system/", TU_DIR, NULL, 0, NULL}};
    expect_refused("dirfile", e, 2, &small_caps, "snap/system", "a folder where a file");
}

static void test_extract_refuses_file_under_a_file(void **state)
{
    (void)state;
    struct tu_entry e[] = {{"snap/system", TU_FILE, "b", 1, NULL},
                           {"snap/system/os.txt", TU_FILE, "a", 1, NULL}};
    expect_refused("underfile", e, 2, &small_caps, "snap/system/os.txt", "under a name that is a file");
}

static void test_extract_refuses_name_too_long(void **state)
{
    (void)state;
    char name[1300];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    memcpy(name, "snap/", 5);
    struct tu_entry e[] = {{name, TU_FILE, "x", 1, NULL}};
    expect_refused("toolong", e, 1, &small_caps, "snap/aaaa", "too long");
}

static void test_cli_analyze_hostile_bundle_exits_3_naming_entry(void **state)
{
    (void)state;
    const char *base = tu_scratch("cli");
    char archive[4200], tmpdir[4200];
    snprintf(archive, sizeof archive, "%s/evil.tar.gz", base);
    snprintf(tmpdir, sizeof tmpdir, "%s/tmp", base);
    struct oqs_err err;
    assert_int_equal(plat_mkdir_p(tmpdir, &err), 0);
    struct tu_entry e[] = {{"snap/../../../escape.txt", TU_FILE, "x", 1, NULL}};
    assert_int_equal(tu_tar_write(archive, e, 1), 0);
    setenv("TMPDIR", tmpdir, 1);
    struct buf out = {0}, errb = {0};
    const char *argv[] = {"oqsdiag", "analyze", archive, NULL};
    int rc = tu_run(argv, &out, &errb);
    unsetenv("TMPDIR");
    assert_int_equal(rc, 3);
    assert_int_equal(out.len, 0);
    assert_true(tu_contains(errb.data, "entry \"snap/../../../escape.txt\""));
    assert_true(tu_dir_is_empty(tmpdir));
    buf_free(&out);
    buf_free(&errb);
}

static void test_name_check_accepts_layout_names_and_refuses_tricks(void **state)
{
    (void)state;
    static const char *const good[] = {"a/b.txt", "oqsdiag-x/tasks/OQS_exec_1.xml", "d/",
                                       "a/..b/c", "a/b..", "日本語/ファイル.log"};
    static const char *const bad[] = {"", "/a", "\\a", "C:/a", "a/../b", "..", "a/..",
                                      "a//b", "./a", "a/./b", "a\\b", "a:b", "a/\x01",
                                      "a/\xff", "a/\xc0\xaf"};
    const char *why;
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (bundle_name_check(good[i], strlen(good[i]), &why) != 0)
            fail_msg("\"%s\" refused: %s", good[i], why);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (bundle_name_check(bad[i], strlen(bad[i]), &why) != -1 || !why)
            fail_msg("\"%s\" accepted", bad[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extract_refuses_absolute_path),
        cmocka_unit_test(test_extract_refuses_parent_directory_component),
        cmocka_unit_test(test_extract_refuses_symlink),
        cmocka_unit_test(test_extract_refuses_hardlink),
        cmocka_unit_test(test_extract_refuses_device),
        cmocka_unit_test(test_extract_refuses_fifo),
        cmocka_unit_test(test_extract_refuses_entry_over_cap_gzip_bomb),
        cmocka_unit_test(test_extract_refuses_total_over_cap),
        cmocka_unit_test(test_extract_refuses_too_many_entries),
        cmocka_unit_test(test_extract_refuses_duplicate_name),
        cmocka_unit_test(test_extract_refuses_names_differing_only_in_case),
        cmocka_unit_test(test_extract_refuses_non_utf8_name),
        cmocka_unit_test(test_extract_refuses_backslash_path),
        cmocka_unit_test(test_extract_refuses_second_top_level_folder),
        cmocka_unit_test(test_extract_refuses_file_replacing_folder),
        cmocka_unit_test(test_extract_refuses_non_archive),
        cmocka_unit_test(test_extract_accepts_good_bundle_into_memory_writing_nothing),
        cmocka_unit_test(test_extract_refuses_folder_where_file_is),
        cmocka_unit_test(test_extract_refuses_file_under_a_file),
        cmocka_unit_test(test_extract_refuses_name_too_long),
        cmocka_unit_test(test_cli_analyze_hostile_bundle_exits_3_naming_entry),
        cmocka_unit_test(test_name_check_accepts_layout_names_and_refuses_tricks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
