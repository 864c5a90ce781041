/* oqsdiag analyze — not built yet: says so and exits 3 (no placeholder output). */
#include "cmd.h"

int cmd_analyze(struct cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_not_built(cli, "analyze");
}
