#ifndef OQSDIAG_CATALOG_H
#define OQSDIAG_CATALOG_H

#include <stddef.h>

/* The findings catalog (core/findings.def): every finding id the tool emits. */
struct catalog_entry {
    const char *id;
    const char *area;
    const char *meaning_en;
    const char *meaning_ja;
};

const struct catalog_entry *catalog_find(const char *id);
size_t catalog_count(void);
const struct catalog_entry *catalog_at(size_t i);
/* The areas findings belong to (AREA rows), in the text report's order. */
struct catalog_area {
    const char *id;
    const char *title_en;
    const char *title_ja;
};
size_t catalog_area_count(void);
const struct catalog_area *catalog_area_at(size_t i);

/* True if some catalog id starts with prefix (for KB trigger globs). */
int catalog_has_prefix(const char *prefix);

#endif
