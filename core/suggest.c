/* The nearest candidate to a mistyped word (core/suggest.h). */
#include "suggest.h"

#include <string.h>

#define MAXLEN 64

/* Optimal string alignment distance: insert, delete, substitute, and swap
 * of two neighbours, each one edit. Words longer than MAXLEN are no typo. */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > MAXLEN || m > MAXLEN)
        return (size_t)-1;
    size_t d[MAXLEN + 1][MAXLEN + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *suggest_nearest(const char *word, size_t n,
                            const char *(*get)(size_t i, void *ud), void *ud)
{
    size_t len = strlen(word), best = (size_t)-1;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *c = get(i, ud);
        if (!c || strcmp(c, word) == 0)
            continue;
        size_t d = distance(word, c);
        if (d < best) {
            best = d;
            pick = c;
        }
    }
    /* Two edits at most, and less than half the word: "vrsion" is version,
     * "nt" is ntp, "frobnicate" is nothing. */
    if (!pick || best > 2 || best * 2 > len)
        return NULL;
    return pick;
}

static const char *from_array(size_t i, void *ud)
{
    return ((const char *const *)ud)[i];
}

const char *suggest_from(const char *word, const char *const *cands, size_t n)
{
    return suggest_nearest(word, n, from_array, (void *)cands);
}
