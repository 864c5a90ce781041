/* Fix steps of KB entries for the renderers (struct render_kb): core/ does
 * not know the KB, cmd/ hands it over. */
#include <string.h>

#include "cmd.h"

#include "../kb/kb.h"
#include "kb/kb_repair.h"

static const char *fix_step(void *ud, const char *kb_id, enum lang lang, size_t i)
{
    const struct kb_entry *e = kb_find(ud, kb_id);
    if (!e)
        return NULL;
    /* Entries have their steps in Japanese and one English summary
     * (docs/kb-format.md: fix, fix.en). */
    if (lang == LANG_EN && e->fix_en)
        return i == 0 ? e->fix_en : NULL;
    return i < e->fix.n ? e->fix.v[i] : NULL;
}

/* The built-in repairs, read once per run (`oqsdiag fix`). */
static int has_repair(void *ud, const char *kb_id)
{
    static struct kb_repairs rs;
    static int loaded;
    (void)ud;
    if (!loaded)
        loaded = kb_repairs_load(&rs, NULL, NULL) == 0 ? 1 : -1;
    for (size_t i = 0; loaded > 0 && i < rs.n; i++)
        if (strcmp(rs.v[i].entry, kb_id) == 0)
            return 1;
    return 0;
}

void cmd_kb_fix(struct render_kb *rk, const struct kb *kb)
{
    rk->fix_step = kb ? fix_step : NULL;
    rk->has_repair = has_repair;
    rk->ud = (void *)kb;
}
