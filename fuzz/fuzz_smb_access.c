/* Get-SmbShareAccess | Format-List (collectors/parsers/smb_access.c). Any
 * bytes either parse or fail with a reason; every entry kept has its share
 * and account, and a line within the input. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct smb_access a;
    if (smb_access_parse(data, size, &a, &d) == 0) {
        for (size_t i = 0; i < a.n; i++)
            FUZZ_CHECK(a.v[i].share[0] != 0 && a.v[i].account[0] != 0 && a.v[i].line >= 1 &&
                       a.v[i].line <= size && a.v[i].right <= SMB_RIGHT_UNKNOWN &&
                       a.v[i].type <= SMB_TYPE_UNKNOWN);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    smb_access_free(&a);
    return 0;
}
