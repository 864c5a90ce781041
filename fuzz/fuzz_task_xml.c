/* Task Scheduler XML in any encoding, whatever its declaration says (collectors/parsers/task_xml.c, expat).
 * Any bytes either parse or fail with a reason naming a line; what a
 * successful parse returns is made of NUL-terminated strings within the
 * input's lines. */
#include <string.h>

#include "collectors/parsers/parsers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parse_diag d = {0, ""};
    struct task_xml x;
    if (task_xml_parse(data, size, &x, &d) == 0) {
        FUZZ_CHECK(x.ntriggers >= 0 && x.ntriggers <= x.ntriggers_all);
        FUZZ_CHECK(memchr(x.user_id, 0, sizeof x.user_id) != NULL);
        FUZZ_CHECK(memchr(x.command, 0, sizeof x.command) != NULL);
    } else {
        FUZZ_CHECK(d.why[0] != 0);
    }
    return 0;
}
