/* A report document read back (probes/network.json in a bundle, or a report
 * given to verify): jansson parses, report_from_json checks every field.
 * What loads must render again and load again. */
#include <jansson.h>

#include "core/report.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, &jerr);
    if (!doc)
        return 0;
    struct oqs_err err = {{0}};
    struct report *r = report_from_json(doc, &err);
    json_decref(doc);
    if (!r) {
        FUZZ_CHECK(err.msg[0] != '\0');
        return 0;
    }
    size_t counts[FST_COUNT];
    report_counts(r, counts);
    int st = report_exit_status(r);
    FUZZ_CHECK(st >= 0 && st <= 3);
    FUZZ_CHECK((st == 3) == (counts[FST_OK] + counts[FST_WARN] + counts[FST_FAIL] == 0));

    /* Round trip: the same findings come back. */
    json_t *again = report_to_json(r);
    FUZZ_CHECK(again != NULL);
    struct report *r2 = report_from_json(again, &err);
    FUZZ_CHECK(r2 != NULL);
    FUZZ_CHECK(r2->nfindings == r->nfindings);
    FUZZ_CHECK(r2->nkb == r->nkb);
    json_decref(again);
    report_free(r2);
    report_free(r);
    return 0;
}
