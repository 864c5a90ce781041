/* key=value files: the 配信実績 record, *.property, encrypt.conf (collectors/parsers/ini.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct ini f;
    if (ini_parse(data, size, &f, &d) == 0) {
        FUZZ_CHECK(f.n > 0);
        for (size_t i = 0; i < f.n; i++)
            FUZZ_CHECK(f.v[i].key[0] != 0 && ini_find(&f, NULL, f.v[i].key) != NULL);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    ini_free(&f);
    return 0;
}
