/* What collect does to every file's bytes (collectors/bundle): the content
 * check (keys and PKCS#12 at any offset, markers, OQS XML) and the lossless
 * credential mask over every reading of the bytes (bundle_textview.h).
 * Invariant: a file with nothing masked keeps every byte. */
#include <stdlib.h>
#include <string.h>

#include "collectors/bundle/bundle_content.h"
#include "collectors/bundle/bundle_credmask.h"
#include "collectors/bundle/bundle_redact.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct credmask *cm;
    if (size > (1u << 16))
        return 0;
    if (!cm && !(cm = credmask_new(NULL)))
        abort();
    (void)bundle_refuse_content(size && data[0] & 1 ? "certs/root/a.cer" : "logs/comapp/a.log",
                                data, size);
    unsigned char *out = NULL;
    size_t outn = 0, n1 = 0;
    if (redact_bytes(NULL, cm, "logs/comapp/a.log", data, size, &out, &outn, &n1, NULL) < 0)
        return 0;
    if (n1 == 0)
        FUZZ_CHECK(outn == size && memcmp(out, data, size) == 0);
    free(out);
    return 0;
}
