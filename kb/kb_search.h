#ifndef OQSDIAG_KB_SEARCH_H
#define OQSDIAG_KB_SEARCH_H

#include <stddef.h>
#include "../core/err.h"
#include "kb.h"

/* `kb search`: finds entries from what the customer reads out on the phone.
 * Text is compared after normalisation (full-width ASCII and half-width
 * katakana to their usual forms, katakana to hiragana, ASCII case folded,
 * white space and punctuation dropped), so 「ﾋﾟｱは解決」 finds 「ピアは解決されていません」.
 * A query that is not a substring of an entry still finds it when most of
 * its two-character pieces occur in one field (partial or misremembered
 * text). */

struct kb_search_hit {
    const struct kb_entry *e;
    double score;          /* 0..1; 1: the whole query occurs in a symptom */
    const char *field;     /* key of the best field ("symptom", "title.ja", ...) */
};

/* Entries matching query, best first. Caller frees *hits with free(). */
int kb_search(const struct kb *kb, const char *query, struct kb_search_hit **hits, size_t *n,
              struct oqs_err *err);

/* The normalised form used for comparing (exposed for tests). Caller frees
 * with free(). */
char *kb_search_normalize(const char *s);

#endif
