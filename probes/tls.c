/* probe tls: not built yet. */
#include "probe_impl.h"

int probe_tls(struct probe_ctx *c)
{
    (void)c;
    return 0;
}
