/* icacls output (collectors/parsers/icacls.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

/* The folders the check asks about, so that the folder-first match runs. */
static const char *const folders[] = {"C:\\OQS\\req", "C:\\OQS\\res", "res", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct acl_list a;
    if (icacls_parse(data, size, folders, &a, &d) == 0) {
        FUZZ_CHECK(a.n > 0);
        for (size_t i = 0; i < a.n; i++)
            FUZZ_CHECK(a.v[i].path[0] != 0);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    acl_list_free(&a);
    return 0;
}
