/* The hosts parser (collectors/parsers/hosts.c). Any bytes either parse or fail
 * with a reason; every string returned is NUL-terminated and non-empty. */
#include <string.h>

#include "collectors/parsers/netconf.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct hosts_file h;
    if (hosts_parse(data, size, &h, &d) == 0) {
        for (size_t i = 0; i < h.n; i++) {
            FUZZ_CHECK(strlen(h.v[i].addr) > 0 && strlen(h.v[i].name) > 0);
            FUZZ_CHECK(h.v[i].line > 0);
        }
        hosts_free(&h);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    return 0;
}
