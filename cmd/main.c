#include "cmd.h"

int main(int argc, char **argv)
{
    return oqsdiag_main(argc, argv, stdout, stderr);
}
