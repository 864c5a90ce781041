/* The encoding helper every parser of outside text goes through: enc_to_utf8
 * under each hint, then the line splitter over its output. The first byte
 * picks the hint; the rest is the text. */
#include <string.h>

#include "core/encoding.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const enum enc hints[] = {ENC_AUTO,    ENC_UTF8,  ENC_UTF16LE,
                                     ENC_UTF16BE, ENC_CP932, ENC_CP1252};
    enum enc hint = hints[data[0] % (sizeof hints / sizeof hints[0])];
    const unsigned char *in = data + 1;
    size_t n = size - 1;

    (void)enc_name(enc_detect(in, n));
    char *out = NULL;
    size_t outlen = 0;
    enum enc detected = ENC_AUTO;
    struct oqs_err err = {{0}};
    if (enc_to_utf8(in, n, hint, &out, &outlen, &detected, &err) < 0) {
        FUZZ_CHECK(err.msg[0] != '\0');
        return 0;
    }
    /* The promise of encoding.h: NUL-terminated, valid UTF-8 whatever came in. */
    FUZZ_CHECK(out != NULL);
    FUZZ_CHECK(out[outlen] == '\0');
    FUZZ_CHECK(enc_valid_utf8((const unsigned char *)out, outlen));
    FUZZ_CHECK(enc_name(detected) != NULL);

    struct lines l;
    lines_init(&l, out, outlen);
    const char *line;
    size_t linelen, total = 0;
    unsigned last = 0;
    while (lines_next(&l, &line, &linelen)) {
        FUZZ_CHECK(line >= out && line + linelen <= out + outlen);
        FUZZ_CHECK(memchr(line, '\n', linelen) == NULL);
        FUZZ_CHECK(l.lineno == last + 1);
        last = l.lineno;
        total += linelen;
        FUZZ_CHECK(total <= outlen);
    }
    free(out);
    return 0;
}
