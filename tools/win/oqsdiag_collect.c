/* oqsdiag-collect.exe (`make windows`): writes the live host's snapshot
 * files into a folder with collectors/sources/live.c, nothing else. The complete
 * oqsdiag.exe (doctor, collect with manifest and bundle) is built natively
 * with MSYS2 (docs/windows.md).
 *   oqsdiag-collect DIR [--set key=value]...
 * Exit 0 written (skipped files are named on stderr), 3 usage or I/O error. */
#include <stdio.h>
#include <string.h>

#include "collectors/sources/live.h"
#include "../../core/config.h"
#include "../../core/platform.h"

static void skipped(const char *relpath, const char *why, void *ud)
{
    (void)ud;
    fprintf(stderr, "skipped %s: %s\n", relpath, why);
}

int main(int argc, char **argv)
{
    argv = plat_utf8_argv(argc, argv);
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: oqsdiag-collect DIR [--set key=value]...\n");
        return 3;
    }
    struct config *cfg = config_new();
    struct oqs_err err = {{0}};
    if (!cfg) {
        fprintf(stderr, "oqsdiag-collect: out of memory\n");
        return 3;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--set") != 0 || i + 1 >= argc) {
            fprintf(stderr, "oqsdiag-collect: unknown argument %s\n", argv[i]);
            config_free(cfg);
            return 3;
        }
        if (config_set_arg(cfg, argv[++i], &err) < 0) {
            fprintf(stderr, "oqsdiag-collect: %s\n", err.msg);
            config_free(cfg);
            return 3;
        }
    }
    int rc = live_snapshot_write(argv[1], cfg, skipped, NULL, &err);
    config_free(cfg);
    if (rc < 0) {
        fprintf(stderr, "oqsdiag-collect: %s\n", err.msg);
        return 3;
    }
    return 0;
}
