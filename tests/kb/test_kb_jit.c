/* kb_jit (kb/kb_entry.c): trigger patterns are JIT-compiled, except when
 * OQSDIAG_PCRE2_NO_JIT is set (tools/valgrind.sh, docs/hardening.md). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "testutil.h"

#include <pcre2.h>
#include <stdlib.h>

#include "kb/kb.h"
#include "kb/kb_entry.h"

/* JIT code size of the first log/output trigger of the built-in KB. */
static size_t first_jit_size(void)
{
    struct kb *kb = kb_load(NULL, NULL);
    assert_non_null(kb);
    size_t size = (size_t)-1;
    for (size_t i = 0; i < kb_count(kb) && size == (size_t)-1; i++)
        for (size_t j = 0; j < kb_at(kb, i)->ntrig; j++)
            if (kb_at(kb, i)->trig[j].re) {
                assert_int_equal(pcre2_pattern_info(kb_at(kb, i)->trig[j].re,
                                                    PCRE2_INFO_JITSIZE, &size), 0);
                break;
            }
    kb_free(kb);
    assert_true(size != (size_t)-1);
    return size;
}

static void test_patterns_are_jit_compiled_unless_switched_off(void **state)
{
    (void)state;
    uint32_t jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    if (!jit) {
        print_message("skipped: this PCRE2 has no JIT\n");
        skip();
    }
    unsetenv("OQSDIAG_PCRE2_NO_JIT");
    assert_true(first_jit_size() > 0);
    setenv("OQSDIAG_PCRE2_NO_JIT", "1", 1);
    assert_int_equal(first_jit_size(), 0);
    setenv("OQSDIAG_PCRE2_NO_JIT", "0", 1);
    assert_true(first_jit_size() > 0);
    unsetenv("OQSDIAG_PCRE2_NO_JIT");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_patterns_are_jit_compiled_unless_switched_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
