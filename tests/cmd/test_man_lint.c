/* The man page passes `mandoc -Tlint` at warning level (issue 16 point 8):
 * no unknown macro, bad date, broken escape or misnested font. Style notes
 * (lines over 80 bytes in the source) are not errors. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static void test_man_page_is_mandoc_lint_clean(void **state)
{
    (void)state;
    if (system("command -v mandoc >/dev/null 2>&1") != 0)
        fail_msg("mandoc is not installed: sh tools/deps.sh test installs it");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "mandoc -Tlint -W warning '%s/docs/oqsdiag.1' 2>&1", OQS_SOURCE_DIR);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    struct buf out = {0};
    char chunk[1024];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(&out, chunk, n);
    buf_append(&out, "", 1);
    int st = pclose(p);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || out.data[0])
        fail_msg("mandoc -Tlint: %s", out.data);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_man_page_is_mandoc_lint_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
