/* The repair parser (kb/kb_repair.c, docs/kb-format.md "Repairs"): any bytes
 * give complete repairs, or errors that each name the file and a line. */
#include <string.h>

#include "kb/kb_repair.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kb_diag d = {0};
    struct kb_repairs rs = {0};
    int rc = kb_repairs_parse(&rs, "fuzz.fix", data, size, &d);
    FUZZ_CHECK((rc < 0) == (d.nerrors > 0));
    for (const char *p = d.text.data; p && *p; p = strchr(p, '\n') + 1) {
        FUZZ_CHECK(strncmp(p, "fuzz.fix:", 9) == 0);
        FUZZ_CHECK(p[9] >= '1' && p[9] <= '9');
        FUZZ_CHECK(strchr(p, '\n') != NULL);
    }
    for (size_t i = 0; i < rs.n; i++) {
        const struct kb_repair *r = &rs.v[i];
        FUZZ_CHECK(r->id && r->entry && r->title_ja && r->title_en && r->nwhen > 0);
        for (size_t j = 0; j < r->nsteps; j++) {
            FUZZ_CHECK(r->steps[j].argv && r->steps[j].argv[0]);
            FUZZ_CHECK(r->steps[j].kind != KBS_RECORD || r->steps[j].file);
        }
    }
    kb_repairs_free(&rs);
    kb_diag_free(&d);
    return 0;
}
