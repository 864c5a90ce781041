#ifndef OQSDIAG_PLATFORM_WIN32_H
#define OQSDIAG_PLATFORM_WIN32_H

/* Helpers shared by the platform_win32*.c files only. */
#include <windows.h>

#include "err.h"

/* UTF-8 <-> UTF-16. Caller frees with free(); NULL on bad input or memory. */
wchar_t *win_wide(const char *s);
char *win_narrow(const wchar_t *w);
/* A path for the file calls: UTF-16, mapped under the test double's root
 * when one is set. Caller frees with free(). */
wchar_t *win_path(const char *path);
/* Fills err with "what: <system message> (error N)" and returns -1. */
int win_errf(struct oqs_err *err, const char *what, DWORD code);
long long win_filetime_to_unix(const FILETIME *ft);

#endif
