/* In-memory secrets of one run (core/secret.h). */
#include "secret.h"

#include <stdlib.h>
#include <string.h>

#define SLOTS 4

static struct {
    char *name, *value;
} slot[SLOTS];

/* A store the compiler may not drop although nothing reads it after. */
static void wipe(char *p)
{
    volatile char *v = p;
    while (v && *v)
        *v++ = 0;
}

int secret_set(const char *name, const char *value)
{
    for (size_t i = 0; i < SLOTS; i++)
        if (!slot[i].name || strcmp(slot[i].name, name) == 0) {
            char *n = slot[i].name ? slot[i].name : strdup(name), *v = strdup(value);
            if (!n || !v) {
                if (n != slot[i].name)
                    free(n);
                free(v);
                return -1;
            }
            wipe(slot[i].value);
            free(slot[i].value);
            slot[i].name = n;
            slot[i].value = v;
            return 0;
        }
    return -1;
}

const char *secret_get(const char *name)
{
    for (size_t i = 0; i < SLOTS && slot[i].name; i++)
        if (strcmp(slot[i].name, name) == 0)
            return slot[i].value;
    return NULL;
}

void secret_wipe(void)
{
    for (size_t i = 0; i < SLOTS; i++) {
        wipe(slot[i].value);
        free(slot[i].value);
        free(slot[i].name);
        slot[i].name = slot[i].value = NULL;
    }
}
