#include "cmd.h"
#include "../core/platform.h"

int main(int argc, char **argv)
{
    /* Windows passes arguments in the ANSI code page; a Japanese folder
     * name survives only through the UTF-16 command line. */
    plat_console_init();
    return oqsdiag_main(argc, plat_utf8_argv(argc, argv), stdout, stderr);
}
