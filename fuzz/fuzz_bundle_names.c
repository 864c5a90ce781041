/* Entry names of a bundle (collectors/bundle/bundle_extract.c bundle_name_check):
 * whatever bytes a hostile archive stores as a name. A name that passes
 * must be safe to join under the temporary folder on Windows and POSIX. */
#include <string.h>

#include "collectors/bundle/bundle_extract.h"
#include "core/encoding.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    const char *name = (const char *)data;
    const char *why = NULL;
    int rc = bundle_name_check(name, size, &why);
    FUZZ_CHECK(rc == 0 || rc == -1);
    FUZZ_CHECK((rc == -1) == (why != NULL));
    if (rc != 0)
        return 0;
    FUZZ_CHECK(size > 0 && enc_valid_utf8(data, size));
    FUZZ_CHECK(name[0] != '/' && memchr(name, '\\', size) == NULL && memchr(name, ':', size) == NULL);
    FUZZ_CHECK(memchr(name, '\0', size) == NULL);
    /* No component is empty, "." or "..". */
    size_t len = name[size - 1] == '/' ? size - 1 : size;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && name[i] != '/')
            continue;
        size_t n = i - start;
        FUZZ_CHECK(n > 0);
        FUZZ_CHECK(!(n == 1 && name[start] == '.'));
        FUZZ_CHECK(!(n == 2 && name[start] == '.' && name[start + 1] == '.'));
        for (size_t k = start; k < i; k++)
            FUZZ_CHECK((unsigned char)name[k] >= 0x20 && name[k] != 0x7f);
        start = i + 1;
    }
    return 0;
}
