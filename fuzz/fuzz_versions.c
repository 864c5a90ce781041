/* Version.info and dotted versions (collectors/parsers/versions.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    char ver[64];
    unsigned line = 0;
    if (version_info_parse(data, size, ver, sizeof ver, &line, &d) == 0) {
        FUZZ_CHECK(line >= 1 && ver[0] >= 0x30 && ver[0] <= 0x39);
        FUZZ_CHECK(version_cmp(ver, ver) == 0);
        FUZZ_CHECK(version_cmp(ver, "4.1.0") == -version_cmp("4.1.0", ver));
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    return 0;
}
