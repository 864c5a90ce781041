/* The source's streaming read and walk (core/source.h): a snapshot folder
 * and the same snapshot held in memory are walked in one order, with the
 * same depth cap and the same folders passed by, and read to the same
 * bytes; links are not followed; the live source cannot walk. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/memtree.h"
#include "core/platform.h"
#include "core/source.h"

static const struct {
    const char *path, *data;
} files[] = {
    {"a.txt", "x"},
    {"a/b.txt", "hello, source"},
    {"d1/d2/d3/f.txt", "deep"},
    {"logs/comapp/l.log", "log"},
    {"z/1/2/3/g.txt", "too deep"},
};

static void make_dir_snapshot(const char *dir)
{
    char path[4200];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i].path);
        *strrchr(path, '/') = '\0';
        assert_int_equal(plat_mkdir_p(path, NULL), 0);
        snprintf(path, sizeof path, "%s/%s", dir, files[i].path);
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(files[i].data, f);
        fclose(f);
    }
    /* A link inside the snapshot could point anywhere: never visited. */
    snprintf(path, sizeof path, "%s/a/link.txt", dir);
    assert_int_equal(symlink("/etc/hostname", path), 0);
}

static void make_mem_snapshot(struct memtree *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t n = strlen(files[i].data);
        unsigned char *d = malloc(n + 1);
        assert_non_null(d);
        memcpy(d, files[i].data, n + 1);
        assert_int_equal(memtree_add_file(t, files[i].path, d, n), 0);
    }
    assert_int_equal(memtree_finish(t), 0);
}

/* Records "D:path" / "F:path", passing by logs/. */
static int record(const char *rel, int is_dir, void *ud)
{
    buf_appendf(ud, "%s:%s\n", is_dir ? "D" : "F", rel);
    return is_dir ? strcmp(rel, "logs") != 0 : 0;
}

static const char want_walk[] = "D:a\nF:a/b.txt\nF:a.txt\nD:d1\nD:d1/d2\nD:d1/d2/d3\n"
                                "F:d1/d2/d3/f.txt\nD:logs\nD:z\nD:z/1\nD:z/1/2\n";

static void check_source(struct source *s)
{
    struct buf seen = {0};
    assert_int_equal(source_walk(s, "", 3, record, &seen, NULL), SRC_OK);
    assert_string_equal(seen.data, want_walk);
    buf_reset(&seen);
    assert_int_equal(source_walk(s, "logs/comapp", 3, record, &seen, NULL), SRC_OK);
    assert_string_equal(seen.data, "F:logs/comapp/l.log\n");
    buf_reset(&seen);
    /* A missing folder yields nothing. */
    assert_int_equal(source_walk(s, "logs/distroapp", 3, record, &seen, NULL), SRC_OK);
    assert_int_equal(seen.len, 0);
    buf_free(&seen);

    /* Read in pieces of 4 bytes: the whole file, then 0 at the end. */
    struct source_file *f;
    assert_int_equal(source_open(s, "a/b.txt", &f, NULL), SRC_OK);
    struct buf got = {0};
    unsigned char piece[4];
    long k;
    while ((k = source_file_read(f, piece, sizeof piece, NULL)) > 0)
        buf_append(&got, piece, (size_t)k);
    assert_int_equal(k, 0);
    source_file_close(f);
    assert_int_equal(got.len, strlen("hello, source"));
    assert_memory_equal(got.data, "hello, source", got.len);
    buf_free(&got);

    assert_int_equal(source_open(s, "a/none.txt", &f, NULL), SRC_MISSING);
    assert_null(f);
    assert_int_equal(source_open(s, "../a.txt", &f, NULL), SRC_ERROR);
    assert_int_equal(source_open(s, "a", &f, NULL), SRC_ERROR);
}

static void test_folder_and_memory_walk_and_read_alike(void **state)
{
    (void)state;
    char *dir = plat_mkdtemp("oqsdiag-source", NULL);
    assert_non_null(dir);
    make_dir_snapshot(dir);
    struct source *sd = source_dir(dir, NULL);
    assert_non_null(sd);
    check_source(sd);
    source_free(sd);

    struct memtree t;
    make_mem_snapshot(&t);
    struct source *sm = source_memtree(&t, NULL);
    assert_non_null(sm);
    check_source(sm);
    source_free(sm);
    memtree_free(&t);
    plat_rmtree(dir);
    free(dir);
}

static int stop_at_first(const char *rel, int is_dir, void *ud)
{
    (void)is_dir;
    buf_appendf(ud, "%s\n", rel);
    return -1;
}

static void test_negative_answer_ends_the_walk(void **state)
{
    (void)state;
    struct memtree t;
    make_mem_snapshot(&t);
    struct source *sm = source_memtree(&t, NULL);
    struct buf seen = {0};
    assert_int_equal(source_walk(sm, "", 9, stop_at_first, &seen, NULL), SRC_OK);
    assert_string_equal(seen.data, "a\n");
    buf_free(&seen);
    source_free(sm);
    memtree_free(&t);
}

static void test_live_source_neither_walks_nor_streams(void **state)
{
    (void)state;
    struct source *sl = source_live(NULL, NULL);
    assert_non_null(sl);
    struct buf seen = {0};
    struct source_file *f;
    assert_int_equal(source_walk(sl, "logs/comapp", 3, record, &seen, NULL), SRC_UNSUPPORTED);
    assert_int_equal(source_open(sl, "system/os.txt", &f, NULL), SRC_UNSUPPORTED);
    assert_int_equal(seen.len, 0);
    source_free(sl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folder_and_memory_walk_and_read_alike),
        cmocka_unit_test(test_negative_answer_ends_the_walk),
        cmocka_unit_test(test_live_source_neither_walks_nor_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
