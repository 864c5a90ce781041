/* `make bench`: doctor's wall time when each command of the live
 * collection takes 1 s (the test double's plat_run sleeps), against the
 * sum. The probes point at a closed loopback port, so they end at once
 * and the commands are what is measured.
 *   bench_doctor      prints "COMMANDS WALL_MS" */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/platform.h"

static atomic_int ran;

static int slow_run(const char *const *argv, struct buf *out, int *exit_code)
{
    struct timespec one = {1, 0};
    nanosleep(&one, NULL);
    atomic_fetch_add(&ran, 1);
    buf_appendf(out, "%s: the bench's stand-in output\r\n", argv[0]);
    *exit_code = 0;
    return 0;
}

int main(void)
{
    static const struct plat_fake host = {.is_windows = 1, .hostname = "BENCH", .run = slow_run,
                                          .run_concurrent = 1,
                                          .root = "/nonexistent-oqsdiag-bench"};
    plat_fake = &host;
    char *argv[] = {"oqsdiag", "--json", "-q",
                    "--set", "dns.servers=127.0.0.1:9",
                    "--set", "ntp.server=127.0.0.1",
                    "--set", "ntp.port=9",
                    "--set", "proxy.server=127.0.0.1:9",
                    "--set", "tls.target=127.0.0.1:9",
                    "--set", "timeout_ms=1000",
                    "doctor", NULL};
    FILE *null = fopen("/dev/null", "w");
    if (!null)
        return 3;
    long long t0 = plat_now_ms();
    oqsdiag_main((int)(sizeof argv / sizeof *argv) - 1, argv, null, null);
    long long t1 = plat_now_ms();
    fclose(null);
    printf("%d %lld\n", atomic_load(&ran), t1 - t0);
    return 0;
}
