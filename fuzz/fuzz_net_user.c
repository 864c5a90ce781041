/* net user NAME output, Japanese or English (collectors/parsers/net_user.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct net_user u;
    if (net_user_parse(data, size, &u, &d) == 0) {
        FUZZ_CHECK(!u.found || u.name[0] != 0);
        FUZZ_CHECK(u.active >= -1 && u.active <= 1);
        FUZZ_CHECK(u.groups.n == 0 || u.groups_line != 0);
        for (size_t i = 0; i < u.groups.n; i++)
            FUZZ_CHECK(u.groups.v[i][0] != 0);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    net_user_free(&u);
    return 0;
}
