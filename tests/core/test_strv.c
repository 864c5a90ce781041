/* The one string list (core/strv.h): copies, takes, keeps each string's
 * line and source beside it through a sort, and frees. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/strv.h"

static void test_push_sort_keeps_line_and_source_with_their_string(void **state)
{
    (void)state;
    struct strv s = {0};
    assert_int_equal(strv_push(&s, "charlie-and-more", 7, 3), 0);
    assert_int_equal(strv_push_take(&s, strdup("alpha"), 1), 0);
    assert_int_equal(strv_push(&s, "bravo", 5, 2), 0);
    s.src[1] = strdup("field");
    for (int i = 0; i < 40; i++) /* past the first capacity */
        assert_int_equal(strv_push(&s, "zulu", 4, 100 + (unsigned)i), 0);
    assert_int_equal(s.n, 43);
    assert_string_equal(s.v[0], "charlie");
    assert_int_equal(strv_sort(&s), 0);
    assert_string_equal(s.v[0], "alpha");
    assert_int_equal(s.line[0], 1);
    assert_string_equal(s.src[0], "field");
    assert_string_equal(s.v[1], "bravo");
    assert_int_equal(s.line[1], 2);
    assert_null(s.src[1]);
    assert_string_equal(s.v[2], "charlie");
    assert_int_equal(s.line[2], 3);
    assert_string_equal(s.v[42], "zulu");
    strv_free(&s);
    assert_int_equal(s.n, 0);
    assert_null(s.v);
    /* A NULL string (its copy failed) is refused. */
    assert_int_equal(strv_push_take(&s, NULL, 1), -1);
    assert_int_equal(s.n, 0);
}

static void test_dup_array_copies_every_string(void **state)
{
    (void)state;
    const char *in[] = {"補24", "補25"};
    char **out = strv_dup_array(in, 2);
    assert_non_null(out);
    assert_string_equal(out[0], "補24");
    assert_string_equal(out[1], "補25");
    assert_ptr_not_equal(out[0], in[0]);
    strv_free_array(out, 2);
    out = strv_dup_array(NULL, 0);
    assert_non_null(out);
    strv_free_array(out, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_sort_keeps_line_and_source_with_their_string),
        cmocka_unit_test(test_dup_array_copies_every_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
