/* systeminfo, w32tm /query and Format-List output (collectors/parsers/kvtext.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct kvlist l;
    if (kvtext_parse(data, size, &l, &d) == 0) {
        for (size_t i = 0; i < l.n; i++)
            FUZZ_CHECK(l.v[i].key[0] != 0 && l.v[i].line >= 1 && strlen(l.v[i].val) <= size * 3);
        static const char *const k[] = {"Source", "ソース", NULL};
        (void)kv_find(&l, k);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    kvlist_free(&l);
    return 0;
}
