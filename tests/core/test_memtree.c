/* The in-memory snapshot tree (core/memtree.h): the order of a sorted
 * folder walk, parents present, lookups, and what lies under a folder. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/memtree.h"

static unsigned char *dup_bytes(const char *s)
{
    size_t n = strlen(s);
    unsigned char *p = malloc(n + 1);
    assert_non_null(p);
    memcpy(p, s, n + 1);
    return p;
}

static void build(struct memtree *t)
{
    static const char *const files[] = {"a.txt", "logs/comapp/x.log", "a/z", "a/b/c",
                                        "A", "logs/comapp/2026/y.log"};
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        assert_int_equal(memtree_add_file(t, files[i], dup_bytes(files[i]), strlen(files[i])), 0);
    assert_int_equal(memtree_add_dir(t, "tasks"), 0);
    assert_int_equal(memtree_add_dir(t, "a"), 0);
    assert_int_equal(memtree_finish(t), 0);
}

static void test_tree_is_in_sorted_walk_order_with_parents_once(void **state)
{
    (void)state;
    struct memtree t;
    build(&t);
    /* Each folder right before its contents; siblings in strcmp order
     * ("a" before "a.txt" although '.' < '/'). */
    static const char *const want[] = {"A", "a", "a/b", "a/b/c", "a/z", "a.txt", "logs",
                                       "logs/comapp", "logs/comapp/2026",
                                       "logs/comapp/2026/y.log", "logs/comapp/x.log", "tasks"};
    assert_int_equal(t.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < t.n; i++)
        assert_string_equal(t.v[i].path, want[i]);
    assert_true(memtree_find(&t, "a")->is_dir);
    assert_false(memtree_find(&t, "A")->is_dir);
    assert_string_equal((const char *)memtree_find(&t, "a/b/c")->data, "a/b/c");
    assert_null(memtree_find(&t, "a/b/c/d"));
    assert_null(memtree_find(&t, "b"));
    assert_int_equal(memtree_index(&t, "nothing"), t.n);
    memtree_free(&t);
    assert_null(t.v);
}

static void test_under_and_depth_name_a_folders_contents(void **state)
{
    (void)state;
    assert_true(memtree_under("logs/comapp/x.log", "logs"));
    assert_true(memtree_under("logs/comapp/x.log", ""));
    assert_false(memtree_under("logs", "logs"));
    assert_false(memtree_under("logsx/a", "logs"));
    assert_int_equal(memtree_depth("logs/comapp/x.log", "logs/comapp"), 0);
    assert_int_equal(memtree_depth("logs/comapp/2026/y.log", "logs/comapp"), 1);
    assert_int_equal(memtree_depth("a/b/c", ""), 2);
    struct memtree t;
    build(&t);
    size_t i = memtree_index(&t, "logs/comapp"), n = 0;
    for (i++; i < t.n && memtree_under(t.v[i].path, "logs/comapp"); i++)
        n++;
    assert_int_equal(n, 3);
    memtree_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_is_in_sorted_walk_order_with_parents_once),
        cmocka_unit_test(test_under_and_depth_name_a_folders_contents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
