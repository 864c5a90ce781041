/* oqsdiag analyze PATH... — snapshot folders and bundles (cmd/analyze_many.c).
 * The folder analysis (collectors/analyze.c analyze_dir) is not on main yet:
 * a bundle is still checked and extracted, then the command says so, exit 3. */
#include "cmd.h"
#include "analyze_many.h"

int cmd_analyze(struct cli *cli, int argc, char **argv)
{
    return cmd_analyze_paths(cli, argc, argv, NULL);
}
