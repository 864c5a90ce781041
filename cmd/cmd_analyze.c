/* oqsdiag analyze PATH: the local checks, the snapshot's probe results and
 * the knowledge base over a snapshot directory (shared/spec/snapshot-layout.md). */
#include <errno.h>
#include <string.h>

#include "../collectors/analyze.h"
#include "../core/platform.h"
#include "cmd.h"

int cmd_analyze(struct cli *cli, int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return cmd_usage_error(cli, "analyze: expected one snapshot directory%s",
                               argc > 2 ? " (one only)" : "");
    const char *path = argv[1];
    struct plat_dirent st;
    if (plat_stat(path, &st) != 0) {
        fprintf(cli->err, "oqsdiag: %s: %s\n", path, strerror(errno));
        return EXIT_TOOL;
    }
    if (!st.is_dir && !st.is_link) {
        fprintf(cli->err, "oqsdiag: %s: a file; bundles (.tar.gz) are not supported yet, "
                          "extract it and analyze the directory\n", path);
        return EXIT_TOOL;
    }
    struct report *r = NULL;
    struct oqs_err err = {{0}};
    if (analyze_dir(path, cli->cfg, cli->kb_dir, &r, &err) != 0) {
        fprintf(cli->err, "oqsdiag: %s\n", err.msg);
        return EXIT_TOOL;
    }
    int rc = cmd_emit_report(cli, r);
    report_free(r);
    return rc;
}
