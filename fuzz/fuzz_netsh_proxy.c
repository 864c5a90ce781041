/* netsh winhttp show proxy, Japanese or English (collectors/parsers/netsh_proxy.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct winhttp_proxy p;
    if (netsh_proxy_parse(data, size, &p, &d) == 0) {
        FUZZ_CHECK(p.direct || p.server[0] != 0);
        FUZZ_CHECK(p.bypass != NULL);
        struct strv v = {0};
        FUZZ_CHECK(bypass_split(p.bypass, &v) == 0);
        for (size_t i = 0; i < v.n; i++)
            FUZZ_CHECK(v.v[i][0] != 0 && strchr(v.v[i], 0x3b) == NULL);
        strv_free(&v);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    winhttp_proxy_free(&p);
    return 0;
}
