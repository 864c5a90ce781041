/* Fix steps of KB entries for the renderers (struct render_kb): core/ does
 * not know the KB, cmd/ hands it over. */
#include "cmd.h"

#include "../kb/kb.h"

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

void cmd_kb_fix(struct render_kb *rk, const struct kb *kb)
{
    rk->fix_step = kb ? fix_step : NULL;
    rk->ud = (void *)kb;
}
