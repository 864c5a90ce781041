/* cmdkey /list, Japanese or English (collectors/parsers/cmdkey.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct cmdkey_list l;
    if (cmdkey_parse(data, size, &l, &d) == 0) {
        for (size_t i = 0; i < l.n; i++)
            FUZZ_CHECK(cmdkey_find(&l, l.v[i].target) != NULL);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    cmdkey_free(&l);
    return 0;
}
