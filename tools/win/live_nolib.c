/* The cross build's answer for the two layout files that need a library
 * (collectors/sources/live_parts.h): Debian has no mingw-w64 build of jansson or
 * expat, so oqsdiag-collect.exe made by `make windows` reports them as not
 * produced. The native MSYS2 build (docs/windows.md) links the real
 * live_local.c and live_results.c instead of this file. */
#include "collectors/sources/live_parts.h"

enum live_status live_local_json(const struct config *cfg, struct buf *out, struct oqs_err *err)
{
    (void)cfg;
    (void)out;
    oqs_errf(err, "not in the cross build (needs jansson)");
    return LIVE_UNSUPPORTED;
}

enum live_status live_results_tsv(const struct config *cfg, struct buf *out,
                                  struct oqs_err *err)
{
    (void)cfg;
    (void)out;
    oqs_errf(err, "not in the cross build (needs expat)");
    return LIVE_UNSUPPORTED;
}
