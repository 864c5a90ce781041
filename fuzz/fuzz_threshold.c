/* Monitoring-plugins ranges from -w/-c (core/threshold.c). The parser's
 * promises: it keeps the text, start <= end, and "@" inverts the verdict. */
#include <string.h>

#include "core/threshold.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char s[257];
    memcpy(s, data, size);
    s[size] = '\0';
    struct threshold t;
    struct oqs_err err;
    if (threshold_parse(s, "-w", &t, &err) != 0) {
        FUZZ_CHECK(!t.set && strstr(err.msg, "-w") != NULL);
        return 0;
    }
    FUZZ_CHECK(t.set && strcmp(t.text, s) == 0);
    FUZZ_CHECK(t.lo_inf || t.hi_inf || t.lo <= t.hi);
    struct threshold inv = t;
    inv.inside = !t.inside;
    static const double probes[] = {-1e300, -1, 0, 0.5, 1, 10, 1e300};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
        FUZZ_CHECK(threshold_alert(&t, probes[i]) != threshold_alert(&inv, probes[i]));
    if (!t.lo_inf)
        FUZZ_CHECK(threshold_alert(&t, t.lo) == t.inside);
    return 0;
}
