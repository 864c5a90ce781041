/* the collector's TAB-separated listings and their times (collectors/parsers/tsv.c).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct tsv t;
    if (tsv_parse(data, size, 2, &t, &d) == 0) {
        for (size_t i = 0; i < t.n; i++) {
            FUZZ_CHECK(t.rows[i].nf >= 2);
            long long when;
            for (size_t k = 0; k < t.rows[i].nf; k++)
                (void)parse_time_utc(t.rows[i].f[k], &when);
        }
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    tsv_free(&t);
    char s[64];
    size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
    memcpy(s, data, n);
    s[n] = 0;
    long long t2;
    int tz;
    (void)parse_windows_time(s, 540, &t2);
    /* The user's short date in each order, and the locale table. */
    for (int o = DATE_ORDER_UNKNOWN; o <= DATE_DMY; o++) {
        enum date_order used = DATE_ORDER_UNKNOWN;
        int rc = parse_windows_date(s, (enum date_order)o, 540, &t2, &used);
        FUZZ_CHECK(rc == 0 || rc == -1 || rc == -2);
        FUZZ_CHECK(rc != 0 || used != DATE_ORDER_UNKNOWN);
    }
    (void)date_order_name(date_order_for_locale(s));
    if (parse_tz_offset(s, &tz) == 0)
        FUZZ_CHECK(tz >= -14 * 60 - 59 && tz <= 14 * 60 + 59);
    return 0;
}
