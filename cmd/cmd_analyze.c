/* oqsdiag analyze PATH... — snapshot folders and bundles (cmd/analyze_many.c);
 * each folder is analysed by cmd/diagnose.c analyze_dir. */
#include "cmd/diagnose.h"
#include "analyze_many.h"
#include "cmd.h"

int cmd_analyze(struct cli *cli, int argc, char **argv)
{
    return cmd_analyze_paths(cli, argc, argv);
}
