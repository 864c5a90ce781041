/* The ipconfig parser (collectors/parsers/ipconfig.c). Any bytes either parse or fail
 * with a reason; every string returned is NUL-terminated and non-empty. */
#include <string.h>

#include "collectors/parsers/netconf.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct ipconfig c;
    if (ipconfig_parse(data, size, &c, &d) == 0) {
        FUZZ_CHECK(c.n > 0 || c.header);
        for (size_t i = 0; i < c.n; i++)
            for (size_t k = 0; k < c.v[i].dns.n; k++)
                FUZZ_CHECK(strlen(c.v[i].dns.v[k]) > 0);
        ipconfig_free(&c);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    return 0;
}
