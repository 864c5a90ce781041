/* net localgroup and net share output (collectors/parsers/net_list.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct net_list l;
    if (net_localgroup_parse(data, size, &l, &d) != 0)
        FUZZ_CHECK(d.why[0] != 0);
    net_list_free(&l);
    if (net_share_parse(data, size, &l, &d) == 0)
        FUZZ_CHECK(l.rows.n == l.paths.n);
    else
        FUZZ_CHECK(d.why[0] != 0);
    net_list_free(&l);
    return 0;
}
