/* cmdkey's list and the on-site credential check (probes/local.json) both
 * judge creds.*: the report keeps one finding per credential, the worse
 * word, with the other in its evidence (issue 16 point 6). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static size_t count(const json_t *doc, const char *id, json_t **last)
{
    size_t n = 0, i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "findings"), i, f)
        if (strcmp(json_string_value(json_object_get(f, "id")), id) == 0) {
            n++;
            *last = f;
        }
    return n;
}

static json_t *analyze(const char *dir)
{
    struct buf out = {0}, err = {0};
    const char *argv[] = {"oqsdiag", "--lang", "en", "--json", "analyze", dir, NULL};
    tu_run(argv, &out, &err);
    json_t *doc = json_loadb(out.data, out.len, 0, NULL);
    buf_free(&out);
    buf_free(&err);
    assert_non_null(doc);
    return doc;
}

static void test_agreeing_sources_give_one_finding(void **state)
{
    (void)state;
    json_t *doc = analyze(tu_fixture("snapshots/account-case"));
    json_t *f = NULL;
    assert_int_equal(count(doc, "creds.login_key", &f), 1);
    assert_string_equal(json_string_value(json_object_get(f, "status")), "ok");
    json_t *also = json_object_get(json_object_get(f, "evidence"), "also");
    assert_string_equal(json_string_value(json_object_get(also, "source")), "system/cmdkey_list.txt");
    assert_string_equal(json_string_value(json_object_get(also, "status")), "ok");
    /* cmdkey alone (no local check of its own) still speaks. */
    assert_int_equal(count(doc, "creds.nas_login_key", &f), 1);
    json_decref(doc);
}

static void test_contradicting_sources_are_reconciled_into_one(void **state)
{
    (void)state;
    char dir[] = "/tmp/oqsdiag-creds-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[2048];
    /* cmdkey's list without OQS_LOGIN_KEY (the target renamed, bytes
     * otherwise as Windows printed them); local.json still read it. */
    snprintf(cmd, sizeof cmd,
             "cp -r '%s/.' '%s/' && sed -i 's/target=OQS_LOGIN_KEY/target=OQS_OTHER_KEY/' "
             "'%s/system/cmdkey_list.txt'",
             tu_fixture("snapshots/account-case"), dir, dir);
    assert_int_equal(system(cmd), 0);
    json_t *doc = analyze(dir);
    json_t *f = NULL;
    assert_int_equal(count(doc, "creds.login_key", &f), 1);
    /* The worse word stays: a failure is never hidden. */
    assert_string_equal(json_string_value(json_object_get(f, "status")), "fail");
    assert_string_equal(json_string_value(json_object_get(f, "source")), "system/cmdkey_list.txt");
    json_t *also = json_object_get(json_object_get(f, "evidence"), "also");
    assert_string_equal(json_string_value(json_object_get(also, "source")), "probes/local.json");
    assert_string_equal(json_string_value(json_object_get(also, "status")), "ok");
    assert_true(tu_contains(json_string_value(json_object_get(f, "summary")),
                            "(probes/local.json said: "));
    json_decref(doc);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agreeing_sources_give_one_finding),
        cmocka_unit_test(test_contradicting_sources_are_reconciled_into_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
