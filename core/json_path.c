#include "json_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "encoding.h"

/* The length of the UTF-8 sequence at p (n bytes left), 0 if none is. */
static size_t seq_len(const unsigned char *p, size_t n)
{
    size_t k = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3
               : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
    return k && k <= n && enc_valid_utf8(p, k) ? k : 0;
}

int json_set_path(json_t *obj, const char *key, const char *path)
{
    const unsigned char *p = (const unsigned char *)path;
    size_t n = strlen(path);
    if (enc_valid_utf8(p, n))
        return json_object_set_new(obj, key, json_string(path));
    struct buf shown = {0}, hex = {0};
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0;) {
        size_t k = seq_len(p + i, n - i);
        rc = k ? buf_append(&shown, p + i, k) : buf_append(&shown, "\xEF\xBF\xBD", 3);
        i += k ? k : 1;
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = buf_appendf(&hex, "%02x", p[i]);
    char hkey[128];
    snprintf(hkey, sizeof hkey, "%s_hex", key);
    if (rc == 0 && (json_object_set_new(obj, key, json_string(shown.data ? shown.data : "")) < 0 ||
                    json_object_set_new(obj, hkey, json_string(hex.data ? hex.data : "")) < 0))
        rc = -1;
    buf_free(&shown);
    buf_free(&hex);
    return rc;
}
