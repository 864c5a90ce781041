/* probe proxy: not built yet. */
#include "probe_impl.h"

int probe_proxy(struct probe_ctx *c)
{
    (void)c;
    return 0;
}
