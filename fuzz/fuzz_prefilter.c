/* The log scan's literal prefilter (kb/kb_prefilter.h): the literal reader
 * takes any pattern, and the prefilter never drops a line that the pattern
 * matches (decoded as the scan decodes it). The input's first line is the
 * pattern, the rest the block of log lines. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "core/encoding.h"
#include "fuzz.h"
#include "kb/kb_prefilter.h"

struct marks {
    unsigned char *seen;
    size_t n;
};

static void mark(void *ud, size_t off, size_t len, size_t idx)
{
    struct marks *m = ud;
    (void)off;
    (void)len;
    FUZZ_CHECK(idx < m->n);
    m->seen[idx] = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t plen = nl ? (size_t)(nl - data) : size;
    if (plen > 512 || memchr(data, '\0', plen))
        return 0;
    char pat[513];
    memcpy(pat, data, plen);
    pat[plen] = '\0';
    char lits[16][KB_PF_LIT_MAX];
    size_t k = kb_prefilter_literals(pat, lits, 16);
    FUZZ_CHECK(k <= 16);
    for (size_t i = 0; i < k; i++)
        FUZZ_CHECK(strlen(lits[i]) > 0 && enc_valid_utf8((const unsigned char *)lits[i], strlen(lits[i])));

    int ec;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, plen, PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS,
                                   &ec, &off, NULL);
    if (!re)
        return 0;
    const char *pats[1] = {pat};
    struct kb_prefilter *pf = kb_prefilter_new(pats, 1);
    const unsigned char *p = nl ? nl + 1 : data + size;
    size_t n = (size_t)(data + size - p);
    struct marks m = {NULL, 1};
    for (size_t i = 0; i < n; i++)
        m.n += p[i] == '\n';
    m.seen = calloc(m.n, 1);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (pf && m.seen && md && mc && kb_prefilter_block(pf, p, n, mark, &m) == 0) {
        pcre2_set_match_limit(mc, 100000);
        size_t idx = 0;
        for (size_t i = 0; i < n; idx++) {
            const unsigned char *e = memchr(p + i, '\n', n - i);
            size_t len = e ? (size_t)(e - (p + i)) : n - i;
            size_t keep = len;
            while (keep && (p[i + keep - 1] == '\r'))
                keep--;
            char *u = NULL;
            size_t un = keep;
            const char *text = (const char *)p + i;
            if (!enc_valid_utf8(p + i, keep)) {
                if (enc_to_utf8(p + i, keep, ENC_CP932, &u, &un, NULL, NULL) < 0)
                    un = 0;
                text = u ? u : "";
            }
            int rc = pcre2_match(re, (PCRE2_SPTR)text, un, 0, 0, md, mc);
            /* A line the pattern matches was kept. */
            FUZZ_CHECK(rc < 0 || m.seen[idx]);
            free(u);
            i += len + 1;
        }
    }
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    free(m.seen);
    kb_prefilter_free(pf);
    pcre2_code_free(re);
    return 0;
}
