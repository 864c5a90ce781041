/* Win32: opening files only when it is safe (core/platform.h, issue 20):
 * regular files reached without reparse points (links, junctions), outputs
 * created exclusively, staging that vanishes with the process. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "platform_win32.h"

/* root + '\' + rel with '/' turned into '\'; caller frees. */
static char *join_path(const char *root, const char *rel, size_t upto)
{
    size_t rn = strlen(root);
    char *p = malloc(rn + upto + 2);
    if (!p)
        return NULL;
    memcpy(p, root, rn);
    p[rn] = '\\';
    for (size_t i = 0; i < upto; i++)
        p[rn + 1 + i] = rel[i] == '/' ? '\\' : rel[i];
    p[rn + 1 + upto] = '\0';
    return p;
}

/* 0 a folder that is no reparse point, 1 absent, -1 refused. */
static int check_folder(const char *root, const char *rel, size_t upto, struct oqs_err *err)
{
    char *p = join_path(root, rel, upto);
    wchar_t *w = p ? win_path(p) : NULL;
    free(p);
    if (!w)
        return oqs_errf(err, "%s: not a valid path", rel);
    DWORD a = GetFileAttributesW(w);
    free(w);
    if (a == INVALID_FILE_ATTRIBUTES) {
        DWORD e = GetLastError();
        return e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? 1 : win_errf(err, rel, e);
    }
    if (a & FILE_ATTRIBUTE_REPARSE_POINT)
        return oqs_errf(err, "%s: a link on the way (links are not followed)", rel);
    return (a & FILE_ATTRIBUTE_DIRECTORY) ? 0 : 1;
}

int plat_open_regular(const char *root, const char *rel, unsigned flags, FILE **f,
                      long long *size, struct oqs_err *err)
{
    *f = NULL;
    const char *shown = rel ? rel : root;
    if (rel)
        for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
            int r = check_folder(root, rel, (size_t)(s - rel), err);
            if (r != 0)
                return r;
        }
    char *p = rel ? join_path(root, rel, strlen(rel)) : NULL;
    wchar_t *w = win_path(rel ? p : root);
    free(p);
    if (!w)
        return oqs_errf(err, "%s: not a valid path", shown);
    /* Share everything: the applications keep their logs open. */
    HANDLE h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, rel ? FILE_FLAG_OPEN_REPARSE_POINT : 0, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
            return 1;
        return win_errf(err, shown, e);
    }
    BY_HANDLE_FILE_INFORMATION bi;
    const char *odd = NULL;
    if (GetFileType(h) != FILE_TYPE_DISK)
        odd = "a pipe or device (only regular files are read)";
    else if (!GetFileInformationByHandle(h, &bi))
        odd = "cannot be examined";
    else if (bi.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
        odd = "a link (links are not followed)";
    else if (bi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        odd = "a folder, not a file";
    else if ((flags & PLAT_OPEN_ONE_LINK) && bi.nNumberOfLinks > 1)
        odd = "a file with several hard links (may be a file outside the snapshot)";
    if (odd) {
        CloseHandle(h);
        return oqs_errf(err, "%s: %s", shown, odd);
    }
    int fd = _open_osfhandle((intptr_t)h, _O_RDONLY | _O_BINARY);
    if (fd < 0) {
        CloseHandle(h);
        return oqs_errf(err, "%s: cannot open", shown);
    }
    if (!(*f = _fdopen(fd, "rb"))) {
        _close(fd);
        return oqs_errf(err, "%s: cannot open", shown);
    }
    if (size)
        *size = (long long)(((unsigned long long)bi.nFileSizeHigh << 32) | bi.nFileSizeLow);
    return 0;
}

static FILE *handle_file(HANDLE h, const char *mode)
{
    int fd = _open_osfhandle((intptr_t)h, _O_BINARY);
    if (fd < 0) {
        CloseHandle(h);
        return NULL;
    }
    FILE *f = _fdopen(fd, mode);
    if (!f)
        _close(fd);
    return f;
}

FILE *plat_create_excl(const char *path, int private_mode, struct oqs_err *err)
{
    wchar_t *w = win_wide(path);
    if (!w) {
        oqs_errf(err, "%s: not a valid path", path);
        return NULL;
    }
    /* CREATE_NEW fails on anything there, a link included. A private file
     * inherits the folder's ACL; the user's own folders are not shared. */
    (void)private_mode;
    HANDLE h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        free(w);
        if (e == ERROR_FILE_EXISTS || e == ERROR_ALREADY_EXISTS) {
            oqs_errf(err, "%s: already there (not overwritten: remove it or choose another name)",
                     path);
            errno = EEXIST;
        } else {
            win_errf(err, path, e);
        }
        return NULL;
    }
    FILE *f = handle_file(h, "wb");
    if (!f) {
        DeleteFileW(w);
        oqs_errf(err, "%s: cannot write", path);
    }
    free(w);
    return f;
}

FILE *plat_tmpfile_anon(struct oqs_err *err)
{
    wchar_t dir[MAX_PATH + 1], name[MAX_PATH + 1];
    if (!GetTempPathW(MAX_PATH + 1, dir) || !GetTempFileNameW(dir, L"oqs", 0, name)) {
        win_errf(err, "temporary file", GetLastError());
        return NULL;
    }
    /* Deleted by Windows when the last handle closes, a crash included. */
    HANDLE h = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_DELETE, NULL,
                           CREATE_ALWAYS, FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE,
                           NULL);
    if (h == INVALID_HANDLE_VALUE) {
        win_errf(err, "temporary file", GetLastError());
        DeleteFileW(name);
        return NULL;
    }
    FILE *f = handle_file(h, "w+b");
    if (!f)
        oqs_errf(err, "temporary file: cannot open");
    return f;
}
