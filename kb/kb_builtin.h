#ifndef OQSDIAG_KB_BUILTIN_H
#define OQSDIAG_KB_BUILTIN_H

#include <stddef.h>

/* The KB entry files compiled into the binary (build/gen/kb_embedded.c). */
struct kb_blob {
    const char *path;
    const unsigned char *data;
    size_t len;
};

extern const struct kb_blob kb_builtin[];
extern const size_t kb_builtin_count;
/* The machine repairs (the .fix files of kb/entries). */
extern const struct kb_blob kb_repairs_builtin[];
extern const size_t kb_repairs_builtin_count;

#endif
