/* The INI configuration file (--config FILE): any bytes either load or give
 * an error naming the file and line; the loaded values read back. */
#include <string.h>

#include "core/config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct config *c = config_new();
    FUZZ_CHECK(c != NULL);
    struct oqs_err err = {{0}};
    if (config_load_buf(c, (const char *)data, size, "fuzz.ini", &err) < 0) {
        /* An error must say something, and where (the origin we passed). */
        FUZZ_CHECK(err.msg[0] != '\0');
        FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
    } else {
        /* Loaded values read back within the ranges config_keys.def gives. */
        FUZZ_CHECK(config_str(c, "ntp.server") != NULL);
        FUZZ_CHECK(config_str(c, "proxy.server") != NULL);
        long port = config_int(c, "ntp.port");
        FUZZ_CHECK(port >= 1 && port <= 65535);
        double warn = config_double(c, "ntp.offset_warn_ms");
        FUZZ_CHECK(warn >= 0 && warn <= 1e9);
        size_t n = 0;
        const char *const *servers = config_list(c, "dns.servers", &n);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(servers[i] != NULL);
    }
    config_free(c);
    return 0;
}
