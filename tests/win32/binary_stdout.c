/* Linked into tools/gen_log.exe for the cross-built suite (mk/windows.mk):
 * standard output in binary mode before main, so "\n" stays one byte as on
 * Linux (the C runtime opens it in text mode; MinGW's binmode.o changes
 * only the files the program opens itself). */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>

__attribute__((constructor)) static void binary_stdout(void)
{
    _setmode(_fileno(stdout), _O_BINARY);
}
