/* HOST:PORT, [V6]:PORT and bare hosts from configuration and snapshot files
 * (proxy.address, the DNS server list). The first byte picks the size of
 * the host buffer, so short buffers are exercised too. */
#include <string.h>

#include "core/config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096)
        return 0;
    size_t hostn = (size_t)data[0] % 80 + 1;
    char *s = malloc(size);
    char *host = malloc(hostn);
    FUZZ_CHECK(s && host);
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    int port = -7;
    if (config_split_hostport(s, host, hostn, &port, 53) == 0) {
        size_t hl = strnlen(host, hostn);
        FUZZ_CHECK(hl > 0 && hl < hostn);
        FUZZ_CHECK(port >= 1 && port <= 65535);
        FUZZ_CHECK(strstr(s, host) != NULL);
    }
    free(host);
    free(s);
    return 0;
}
