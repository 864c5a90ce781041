#include "catalog.h"

#include <string.h>

static const struct catalog_entry entries[] = {
#define AREA(id, en, ja)
#define FINDING(id, area, en, ja) {id, area, en, ja},
#include "findings.def"
#undef FINDING
#undef AREA
};

static const struct catalog_area areas[] = {
#define AREA(id, en, ja) {id, en, ja},
#define FINDING(id, area, en, ja)
#include "findings.def"
#undef FINDING
#undef AREA
};

size_t catalog_area_count(void)
{
    return sizeof areas / sizeof areas[0];
}

const struct catalog_area *catalog_area_at(size_t i)
{
    return i < catalog_area_count() ? &areas[i] : NULL;
}

size_t catalog_count(void)
{
    return sizeof entries / sizeof entries[0];
}

const struct catalog_entry *catalog_at(size_t i)
{
    return i < catalog_count() ? &entries[i] : NULL;
}

const struct catalog_entry *catalog_find(const char *id)
{
    for (size_t i = 0; i < catalog_count(); i++)
        if (strcmp(entries[i].id, id) == 0)
            return &entries[i];
    return NULL;
}

int catalog_has_prefix(const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < catalog_count(); i++)
        if (strncmp(entries[i].id, prefix, n) == 0)
            return 1;
    return 0;
}
