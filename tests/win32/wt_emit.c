/* Helper program of the Win32 tests: writes known bytes to stdout/stderr
 * so plat_run's capture can be compared byte for byte.
 *   wt_emit utf16 | cp932 | both | args A... | exit N | sleep */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* "テスト" + CRLF in UTF-16LE with a BOM, as PowerShell redirection writes. */
static const unsigned char utf16[] = {0xFF, 0xFE, 0xC6, 0x30, 0xB9, 0x30, 0xC8, 0x30, 0x0D, 0x00, 0x0A, 0x00};
/* The same word in CP932 (Shift_JIS), as a Japanese console prints it. */
static const unsigned char cp932[] = {0x83, 0x65, 0x83, 0x58, 0x83, 0x67, 0x0D, 0x0A};

int main(int argc, char **argv)
{
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    if (argc < 2)
        return 2;
    if (strcmp(argv[1], "utf16") == 0)
        fwrite(utf16, 1, sizeof utf16, stdout);
    else if (strcmp(argv[1], "cp932") == 0)
        fwrite(cp932, 1, sizeof cp932, stdout);
    else if (strcmp(argv[1], "both") == 0) {
        fwrite("out\n", 1, 4, stdout);
        fflush(stdout);
        fwrite("err\n", 1, 4, stderr);
        fflush(stderr);
    } else if (strcmp(argv[1], "args") == 0) {
        for (int i = 2; i < argc; i++)
            printf("[%s]\n", argv[i]);
    } else if (strcmp(argv[1], "exit") == 0 && argc > 2) {
        return atoi(argv[2]);
    } else if (strcmp(argv[1], "sleep") == 0) {
        time_t t0 = time(NULL);
        while (time(NULL) - t0 < 600)
            ;
    } else {
        return 2;
    }
    fflush(stdout);
    return 0;
}
