/* The KB entry parser (kb/kb_entry.c, docs/kb-format.md): any bytes either
 * give an entry whose required fields are all there, or errors that each
 * name the file and a line. */
#include <string.h>

#include "kb/kb_entry.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kb_diag d = {0};
    struct kb_entry *e = kb_entry_parse("fuzz.kb", data, size, &d);
    if (!e) {
        FUZZ_CHECK(d.nerrors > 0);
        FUZZ_CHECK(d.text.data != NULL);
        /* Every message starts with "fuzz.kb:<line>: ". */
        for (const char *p = d.text.data; *p; p = strchr(p, '\n') + 1) {
            FUZZ_CHECK(strncmp(p, "fuzz.kb:", 8) == 0);
            FUZZ_CHECK(p[8] >= '1' && p[8] <= '9');
            FUZZ_CHECK(strchr(p, '\n') != NULL);
        }
    } else {
        FUZZ_CHECK(d.nerrors == 0);
        FUZZ_CHECK(e->id && e->id[0] && e->section && e->title_ja && e->title_en && e->fix_en);
        FUZZ_CHECK(e->refs.n > 0 && e->symptom.n > 0 && e->cause.n > 0 && e->fix.n > 0);
        for (size_t i = 0; i < e->ntrig; i++) {
            const struct kb_trigger *t = &e->trig[i];
            if (t->kind == KBT_FINDING)
                FUZZ_CHECK(t->glob && t->status_mask != 0);
            else
                FUZZ_CHECK(t->pattern && t->re);
        }
        kb_entry_free(e);
    }
    kb_diag_free(&d);
    return 0;
}
