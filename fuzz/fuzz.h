#ifndef OQSDIAG_FUZZ_H
#define OQSDIAG_FUZZ_H

/* Shared by every fuzz/fuzz_*.c: the libFuzzer entry point, and a check that
 * aborts (so libFuzzer, or the gcc replay test, reports the input) when a
 * parser breaks one of its own promises rather than only when it crashes. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__,    \
                    #cond);                                                               \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

#endif
