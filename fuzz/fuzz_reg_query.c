/* reg query output (collectors/parsers/reg_query.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct reg_query q;
    if (reg_query_parse(data, size, &q, &d) == 0) {
        for (size_t i = 0; i < q.n; i++) {
            FUZZ_CHECK(strncmp(q.v[i].type, "REG_", 4) == 0);
            long long v;
            (void)reg_dword(&q.v[i], &v);
            FUZZ_CHECK(reg_find_sibling(&q, &q.v[i], q.v[i].name) != NULL);
        }
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    reg_query_free(&q);
    return 0;
}
