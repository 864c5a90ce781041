/* Version.info of the client applications (research §7: the vendor script
 * prints these files to report versions; their exact format is not public)
 * and dotted version comparison. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "parsers.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int version_find(const char *s, size_t n, char *ver, size_t cap)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.')))
            continue;
        size_t j = i, dots = 0;
        while (j < n && (is_digit(s[j]) || (s[j] == '.' && j + 1 < n && is_digit(s[j + 1])))) {
            dots += s[j] == '.';
            j++;
        }
        if (dots >= 1) {
            t_copy(ver, cap, s + i, j - i);
            return 0;
        }
        i = j;
    }
    return -1;
}

int version_info_parse(const unsigned char *raw, size_t n, char *ver, size_t cap,
                       unsigned *line, struct parse_diag *d)
{
    char *text;
    struct lines ln;
    if (text_decode_lines(raw, n, &text, &ln, d) != 0)
        return -1;
    const char *l;
    size_t ll;
    int found = 0;
    char first[64] = "";
    unsigned first_line = 0;
    while (lines_next(&ln, &l, &ll)) {
        char v[64];
        if (version_find(l, ll, v, sizeof v) != 0)
            continue;
        if (t_ifind(l, ll, "version") || t_ifind(l, ll, "バージョン")) {
            t_copy(ver, cap, v, strlen(v));
            *line = ln.lineno;
            found = 1;
            break;
        }
        if (!first_line) {
            snprintf(first, sizeof first, "%s", v);
            first_line = ln.lineno;
        }
    }
    free(text);
    if (found)
        return 0;
    if (first_line) {
        t_copy(ver, cap, first, strlen(first));
        *line = first_line;
        return 0;
    }
    return diag_set(d, 1, "no version number (like 4.1.0)");
}

int version_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        unsigned long x = 0, y = 0;
        while (is_digit(*a)) {
            x = x * 10 + (unsigned long)(*a - '0');
            if (x > 100000000UL)
                x = 100000000UL;
            a++;
        }
        while (is_digit(*b)) {
            y = y * 10 + (unsigned long)(*b - '0');
            if (y > 100000000UL)
                y = 100000000UL;
            b++;
        }
        if (x != y)
            return x < y ? -1 : 1;
        while (*a && !is_digit(*a))
            a++;
        while (*b && !is_digit(*b))
            b++;
    }
    return 0;
}
