/* schtasks /query /fo csv /v: quoted fields, repeated and localised headers (collectors/parsers/schtasks_csv.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct schtasks s;
    if (schtasks_csv_parse(data, size, &s, &d) == 0) {
        for (size_t i = 0; i < s.n; i++) {
            unsigned long code;
            FUZZ_CHECK(s.rows[i].line >= 1);
            (void)sched_row_enabled(&s.rows[i]);
            if (sched_result_code(s.rows[i].last_result, &code) == 0)
                FUZZ_CHECK(code <= 0xFFFFFFFFUL);
            FUZZ_CHECK(schtasks_find(&s, "OQS_exec_comappstart") == NULL ||
                       strstr(s.rows[i].name, "") != NULL);
        }
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    schtasks_free(&s);
    return 0;
}
