/* Win32 implementation of core/platform.h: processes, time, code pages and
 * files. The Windows stores (credentials, certificates, shell folders and
 * shortcuts) are in platform_win32_stores.c. Paths and text cross this layer
 * as UTF-8 and become UTF-16 here, so Japanese folder names work. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <shellapi.h>

#include <errno.h>
#include <io.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "platform.h"
#include "platform_win32.h"

const struct plat_fake *plat_fake;

wchar_t *win_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0)
        return NULL;
    wchar_t *w = malloc((size_t)n * sizeof *w);
    if (w && MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n) <= 0) {
        free(w);
        return NULL;
    }
    return w;
}

char *win_narrow(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return NULL;
    char *s = malloc((size_t)n);
    if (s && WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL) <= 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* The reasons a user meets most, in the C runtime's words (as its own
 * errno mapping gives them): the same text as on Linux, which cmd/'s
 * message table puts into Japanese; Windows' own text for these differs by
 * Windows language and version ("The system cannot find the path
 * specified.", Wine's "Path not found."). The code stays beside it. */
static const struct {
    DWORD code;
    const char *reason;
} crt_reasons[] = {
    {ERROR_FILE_NOT_FOUND, "No such file or directory"},
    {ERROR_PATH_NOT_FOUND, "No such file or directory"},
    {ERROR_INVALID_DRIVE, "No such file or directory"},
    {ERROR_BAD_NETPATH, "No such file or directory"},
    {ERROR_TOO_MANY_OPEN_FILES, "Too many open files"},
    {ERROR_ACCESS_DENIED, "Permission denied"},
    {ERROR_NOT_ENOUGH_MEMORY, "Cannot allocate memory"},
    {ERROR_OUTOFMEMORY, "Cannot allocate memory"},
    {ERROR_WRITE_PROTECT, "Read-only file system"},
    {ERROR_HANDLE_DISK_FULL, "No space left on device"},
    {ERROR_DISK_FULL, "No space left on device"},
    {ERROR_FILE_EXISTS, "File exists"},
    {ERROR_ALREADY_EXISTS, "File exists"},
    {ERROR_FILENAME_EXCED_RANGE, "File name too long"},
    {ERROR_DIRECTORY, "Not a directory"},
    {WSAECONNREFUSED, "Connection refused"},
    {WSAETIMEDOUT, "Connection timed out"},
    {WSAENETUNREACH, "Network is unreachable"},
};

int win_errf(struct oqs_err *err, const char *what, DWORD code)
{
    for (size_t i = 0; i < sizeof crt_reasons / sizeof crt_reasons[0]; i++)
        if (crt_reasons[i].code == code)
            return oqs_errf(err, "%s: %s (error %lu)", what, crt_reasons[i].reason, (unsigned long)code);
    wchar_t wmsg[256];
    char msg[512] = "";
    if (FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code,
                       MAKELANGID(LANG_ENGLISH, SUBLANG_DEFAULT), wmsg, 256, NULL) == 0 &&
        FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0,
                       wmsg, 256, NULL) == 0)
        wmsg[0] = 0;
    WideCharToMultiByte(CP_UTF8, 0, wmsg, -1, msg, (int)sizeof msg, NULL, NULL);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    return oqs_errf(err, "%s: %s (error %lu)", what, msg[0] ? msg : "system error",
                    (unsigned long)code);
}

/* The tool's own temporary folders (plat_mkdtemp) are real even under the
 * test double, as /tmp is on POSIX, where only drive paths are mapped. */
static int in_own_temp(const char *path)
{
    wchar_t t[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, t);
    char *base = n > 0 && n <= MAX_PATH ? win_narrow(t) : NULL;
    int in = base && _strnicmp(path, base, strlen(base)) == 0;
    free(base);
    return in;
}

/* Under the test double "C:\a\b" names <root>\C\a\b (platform.h). Caller
 * frees the result. */
wchar_t *win_path(const char *path)
{
    if (!plat_fake || !plat_fake->root || !path[0] || path[1] != ':' || in_own_temp(path))
        return win_wide(path);
    size_t n = strlen(plat_fake->root) + strlen(path) + 2;
    char *m = malloc(n);
    if (!m)
        return NULL;
    snprintf(m, n, "%s\\%c%s", plat_fake->root, path[0], path + 2);
    wchar_t *w = win_wide(m);
    free(m);
    return w;
}

int plat_is_windows(void)
{
    return plat_fake ? plat_fake->is_windows : 1;
}

char **plat_utf8_argv(int argc, char **argv)
{
    int n = 0;
    wchar_t **w = CommandLineToArgvW(GetCommandLineW(), &n);
    if (!w || n != argc)
        return argv;
    char **out = calloc((size_t)n + 1, sizeof *out);
    for (int i = 0; out && i < n; i++)
        if (!(out[i] = win_narrow(w[i])))
            return argv;
    LocalFree(w);
    return out ? out : argv;
}

int plat_hostname(char *buf, size_t n)
{
    if (plat_fake && plat_fake->hostname) {
        snprintf(buf, n, "%s", plat_fake->hostname);
        return 0;
    }
    wchar_t w[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD len = MAX_COMPUTERNAME_LENGTH + 1;
    if (!GetComputerNameW(w, &len))
        return -1;
    if (WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, (int)n, NULL, NULL) <= 0)
        return -1;
    return 0;
}

int plat_current_user(char *buf, size_t n, int *elevated)
{
    if (plat_fake && plat_fake->user) {
        snprintf(buf, n, "%s", plat_fake->user);
        *elevated = plat_fake->user_elevated;
        return 0;
    }
    *elevated = -1;
    HANDLE tok;
    if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) {
        TOKEN_ELEVATION te;
        DWORD len = 0;
        if (GetTokenInformation(tok, TokenElevation, &te, sizeof te, &len))
            *elevated = te.TokenIsElevated != 0;
        CloseHandle(tok);
    }
    wchar_t w[257];
    DWORD wn = 257;
    if (!GetUserNameW(w, &wn))
        return -1;
    if (WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, (int)n, NULL, NULL) <= 0)
        return -1;
    return 0;
}

long long plat_now_ms(void)
{
    return (long long)GetTickCount64();
}

long long plat_time_now(void)
{
    return (long long)time(NULL);
}

/* FILETIME counts 100 ns from 1601-01-01. */
#define EPOCH_DIFF_100NS 116444736000000000LL

long long win_filetime_to_unix(const FILETIME *ft)
{
    ULARGE_INTEGER u;
    u.LowPart = ft->dwLowDateTime;
    u.HighPart = ft->dwHighDateTime;
    return ((long long)u.QuadPart - EPOCH_DIFF_100NS) / 10000000LL;
}

void plat_utc_rfc3339(long long t, char out[32])
{
    SYSTEMTIME st;
    if (t < 0) {
        GetSystemTime(&st);
    } else {
        ULARGE_INTEGER u;
        u.QuadPart = (ULONGLONG)(t * 10000000LL + EPOCH_DIFF_100NS);
        FILETIME ft = {u.LowPart, u.HighPart};
        if (!FileTimeToSystemTime(&ft, &st)) {
            snprintf(out, 32, "1970-01-01T00:00:00Z");
            return;
        }
    }
    snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear % 10000u, st.wMonth % 100u,
             st.wDay % 100u, st.wHour % 100u, st.wMinute % 100u, st.wSecond % 100u);
}

int plat_isatty(FILE *f)
{
    /* _isatty() calls NUL a tty; GetConsoleMode() fails for it. */
    HANDLE h = (HANDLE)_get_osfhandle(_fileno(f));
    DWORD mode = 0;
    if (h == INVALID_HANDLE_VALUE || !GetConsoleMode(h, &mode))
        return 0;
    if (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING)
        return 1;
    return SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

int plat_read_secret(const char *prompt, FILE *show, char *buf, size_t n, struct oqs_err *err)
{
    HANDLE h = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0, got = 0;
    wchar_t w[256];
    buf[0] = '\0';
    if (h == INVALID_HANDLE_VALUE || !GetConsoleMode(h, &mode))
        return oqs_errf(err, "standard input is not a console");
    SetConsoleMode(h, (mode & ~(DWORD)ENABLE_ECHO_INPUT) | ENABLE_LINE_INPUT);
    fputs(prompt, show);
    fflush(show);
    BOOL ok = ReadConsoleW(h, w, 255, &got, NULL);
    DWORD code = GetLastError();
    SetConsoleMode(h, mode);
    if (!ok)
        return win_errf(err, "ReadConsoleW", code);
    while (got && (w[got - 1] == L'\n' || w[got - 1] == L'\r'))
        got--;
    int len = got ? WideCharToMultiByte(CP_UTF8, 0, w, (int)got, buf, (int)n - 1, NULL, NULL) : 0;
    SecureZeroMemory(w, sizeof w);
    if (got && len <= 0) {
        buf[0] = '\0';
        return oqs_errf(err, "the password is too long");
    }
    buf[len] = '\0';
    return 0;
}

/* The console's code page outlives the program (cmd.exe keeps it), so the
 * one found is put back at exit. */
static UINT console_cp_before;
static void console_restore(void)
{
    if (console_cp_before)
        SetConsoleOutputCP(console_cp_before);
}

void plat_console_init(void)
{
    DWORD mode;
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE), err = GetStdHandle(STD_ERROR_HANDLE);
    if (!GetConsoleMode(out, &mode) && !GetConsoleMode(err, &mode))
        return;
    UINT cp = GetConsoleOutputCP();
    if (cp == CP_UTF8 || !SetConsoleOutputCP(CP_UTF8))
        return;
    console_cp_before = cp;
    atexit(console_restore);
}

int plat_ui_lang_ja(void)
{
    return PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_JAPANESE;
}

int plat_is_elevated(void)
{
    if (plat_fake)
        return !plat_fake->not_elevated;
    HANDLE tok;
    TOKEN_ELEVATION te = {0};
    DWORD got = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
        return 0;
    BOOL ok = GetTokenInformation(tok, TokenElevation, &te, sizeof te, &got);
    CloseHandle(tok);
    return ok && te.TokenIsElevated;
}

/* ---- code pages ---- */

static int utf16_to_utf8(const wchar_t *w, size_t nw, char **out, size_t *outn,
                         struct oqs_err *err)
{
    /* Unpaired surrogates become U+FFFD (WideCharToMultiByte without
     * WC_ERR_INVALID_CHARS), as the POSIX side does. */
    int n = nw ? WideCharToMultiByte(CP_UTF8, 0, w, (int)nw, NULL, 0, NULL, NULL) : 0;
    if (nw && n <= 0)
        return win_errf(err, "UTF-16 to UTF-8", GetLastError());
    char *o = malloc((size_t)n + 1);
    if (!o)
        return oqs_errf(err, "out of memory");
    if (n)
        WideCharToMultiByte(CP_UTF8, 0, w, (int)nw, o, n, NULL, NULL);
    o[n] = '\0';
    *out = o;
    *outn = (size_t)n;
    return 0;
}

/* Text with undecodable bytes, one character at a time: each byte that
 * starts no character of the code page becomes U+FFFD, as on the POSIX side
 * (without MB_ERR_INVALID_CHARS Windows puts the code page's default
 * character instead, U+30FB for 932). w holds n units. Returns the count. */
static size_t decode_each(unsigned cp, const unsigned char *in, size_t n, wchar_t *w)
{
    size_t nw = 0;
    for (size_t i = 0; i < n;) {
        int len = i + 1 < n && IsDBCSLeadByteEx(cp, in[i]) ? 2 : 1;
        wchar_t c[2];
        int r = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, (const char *)in + i, len, c, 2);
        if (r == 1) {
            w[nw++] = c[0];
            i += (size_t)len;
        } else {
            w[nw++] = 0xFFFD;
            i++;
        }
    }
    return nw;
}

int plat_codepage_to_utf8(unsigned cp, const char *in, size_t n, char **out, size_t *outn,
                          struct oqs_err *err)
{
    if (cp != 932 && cp != 1252 && cp != 437 && cp != 1200 && cp != 1201)
        return oqs_errf(err, "code page %u is not supported", cp);
    if (n > 0x3fffffff)
        return oqs_errf(err, "text too large to convert");
    size_t cap = n + 1;
    wchar_t *w = malloc(cap * sizeof *w);
    if (!w)
        return oqs_errf(err, "out of memory");
    size_t nw = 0;
    if (cp == 1200 || cp == 1201) {
        const unsigned char *b = (const unsigned char *)in;
        for (size_t i = 0; i + 1 < n; i += 2)
            w[nw++] = cp == 1200 ? (wchar_t)(b[i] | b[i + 1] << 8)
                                 : (wchar_t)(b[i] << 8 | b[i + 1]);
        if (n % 2)
            w[nw++] = 0xFFFD; /* a truncated last unit */
    } else if (n > 0) {
        int r = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, in, (int)n, w, (int)cap);
        if (r > 0)
            nw = (size_t)r;
        else
            nw = decode_each(cp, (const unsigned char *)in, n, w);
    }
    int rc = utf16_to_utf8(w, nw, out, outn, err);
    free(w);
    return rc;
}

/* ---- processes ---- */

/* Quotes one argument the way CommandLineToArgvW and the C runtime split
 * it again: backslashes are literal unless they precede a quote. */
static void quote_arg(const wchar_t *a, wchar_t **p)
{
    wchar_t *o = *p;
    if (*a && !wcspbrk(a, L" \t\n\v\"")) {
        while (*a)
            *o++ = *a++;
        *p = o;
        return;
    }
    *o++ = L'"';
    for (;;) {
        size_t bs = 0;
        while (*a == L'\\') {
            a++;
            bs++;
        }
        if (!*a) {
            for (size_t i = 0; i < bs * 2; i++)
                *o++ = L'\\';
            break;
        }
        if (*a == L'"') {
            for (size_t i = 0; i < bs * 2 + 1; i++)
                *o++ = L'\\';
        } else {
            for (size_t i = 0; i < bs; i++)
                *o++ = L'\\';
        }
        *o++ = *a++;
    }
    *o++ = L'"';
    *p = o;
}

static wchar_t *command_line(const char *const *argv)
{
    size_t cap = 1;
    for (size_t i = 0; argv[i]; i++)
        cap += strlen(argv[i]) * 2 + 3;
    wchar_t *cl = malloc(cap * sizeof *cl), *p = cl;
    if (!cl)
        return NULL;
    for (size_t i = 0; argv[i]; i++) {
        wchar_t *a = win_wide(argv[i]);
        if (!a) {
            free(cl);
            return NULL;
        }
        if (i)
            *p++ = L' ';
        quote_arg(a, &p);
        free(a);
    }
    *p = 0;
    return cl;
}

/* The program to start: a bare name is looked up in System32 (and
 * PowerShell's folder) before PATH, so a netsh.exe dropped into the
 * current folder is never the one that runs. Caller frees. */
static wchar_t *find_program(const char *name)
{
    wchar_t *w = win_wide(name);
    if (!w)
        return NULL;
    if (wcspbrk(w, L"\\/:")) {
        /* A path without ".exe" names the program, as in cmd.exe. */
        size_t n = wcslen(w);
        wchar_t *x = GetFileAttributesW(w) == INVALID_FILE_ATTRIBUTES ? malloc((n + 5) * sizeof *x) : NULL;
        if (x) {
            _snwprintf(x, n + 5, L"%ls.exe", w);
            if (GetFileAttributesW(x) != INVALID_FILE_ATTRIBUTES) {
                free(w);
                return x;
            }
            free(x);
        }
        return w;
    }
    wchar_t sys[MAX_PATH], dirs[2][MAX_PATH + 64], found[MAX_PATH * 2];
    UINT n = GetSystemDirectoryW(sys, MAX_PATH);
    if (n > 0 && n < MAX_PATH) {
        _snwprintf(dirs[0], MAX_PATH + 64, L"%ls", sys);
        _snwprintf(dirs[1], MAX_PATH + 64, L"%ls\\WindowsPowerShell\\v1.0", sys);
        for (int i = 0; i < 2; i++) {
            DWORD r = SearchPathW(dirs[i], w, L".exe", MAX_PATH * 2, found, NULL);
            if (r > 0 && r < MAX_PATH * 2) {
                free(w);
                return _wcsdup(found);
            }
        }
    }
    DWORD r = SearchPathW(NULL, w, L".exe", MAX_PATH * 2, found, NULL);
    free(w);
    return r > 0 && r < MAX_PATH * 2 ? _wcsdup(found) : NULL;
}

int plat_run(const char *const *argv, int timeout_ms, struct buf *out, int *exit_code,
             struct oqs_err *err)
{
    if (plat_fake) {
        static SRWLOCK one = SRWLOCK_INIT;
        int serial = !plat_fake->run_concurrent, rc = -1;
        if (serial)
            AcquireSRWLockExclusive(&one);
        if (plat_fake->run)
            rc = plat_fake->run(argv, out, exit_code);
        if (serial)
            ReleaseSRWLockExclusive(&one);
        if (rc < 0)
            return oqs_errf(err, "%s: cannot run", argv[0]);
        return 0;
    }
    wchar_t *prog = find_program(argv[0]);
    if (!prog)
        return oqs_errf(err, "%s: cannot run: not found", argv[0]);
    wchar_t *cl = command_line(argv);
    if (!cl) {
        free(prog);
        return oqs_errf(err, "%s: out of memory", argv[0]);
    }
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE rd = NULL, wr = NULL, nul = INVALID_HANDLE_VALUE;
    int rc = -1;
    if (!CreatePipe(&rd, &wr, &sa, 0)) {
        win_errf(err, "CreatePipe", GetLastError());
        goto done;
    }
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    nul = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
                      OPEN_EXISTING, 0, NULL);
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = nul;
    si.hStdOutput = wr;
    si.hStdError = wr;
    PROCESS_INFORMATION pi;
    /* No console window, no shell: the program and its arguments only. */
    if (!CreateProcessW(prog, cl, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
        char what[256];
        snprintf(what, sizeof what, "%s: cannot run", argv[0]);
        win_errf(err, what, GetLastError());
        goto done;
    }
    CloseHandle(wr);
    wr = NULL;
    CloseHandle(pi.hThread);
    long long deadline = plat_now_ms() + timeout_ms;
    int timed_out = 0, exited = 0;
    char chunk[8192];
    for (;;) {
        DWORD avail = 0;
        if (!PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL))
            break; /* every writer closed the pipe */
        if (avail > 0) {
            DWORD got = 0;
            if (!ReadFile(rd, chunk, avail < sizeof chunk ? avail : sizeof chunk, &got, NULL) ||
                got == 0)
                break;
            buf_append(out, chunk, got);
            continue;
        }
        if (exited)
            break; /* exited and drained; a grandchild may hold the pipe */
        long long left = deadline - plat_now_ms();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        /* Nothing to read: wait a little for the process to end. */
        if (WaitForSingleObject(pi.hProcess, left < 10 ? (DWORD)left : 10) == WAIT_OBJECT_0)
            exited = 1;
    }
    if (timed_out) {
        TerminateProcess(pi.hProcess, 1);
        WaitForSingleObject(pi.hProcess, 5000);
        oqs_errf(err, "%s: no result within %d ms", argv[0], timeout_ms);
    } else {
        WaitForSingleObject(pi.hProcess, INFINITE);
        DWORD code = 0;
        GetExitCodeProcess(pi.hProcess, &code);
        *exit_code = (int)code;
        rc = 0;
    }
    CloseHandle(pi.hProcess);
done:
    if (rd)
        CloseHandle(rd);
    if (wr)
        CloseHandle(wr);
    if (nul != INVALID_HANDLE_VALUE)
        CloseHandle(nul);
    free(prog);
    free(cl);
    return rc;
}

/* ---- files ---- */

static void fill_dirent(DWORD attrs, DWORD size_hi, DWORD size_lo, const FILETIME *mtime,
                        struct plat_dirent *e)
{
    e->is_dir = (attrs & FILE_ATTRIBUTE_DIRECTORY) != 0;
    e->is_link = (attrs & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
    e->size = (long long)(((unsigned long long)size_hi << 32) | size_lo);
    e->mtime = win_filetime_to_unix(mtime);
}

int plat_stat(const char *path, struct plat_dirent *e)
{
    wchar_t *w = win_path(path);
    if (!w) {
        errno = EINVAL;
        return -1;
    }
    WIN32_FILE_ATTRIBUTE_DATA d;
    BOOL ok = GetFileAttributesExW(w, GetFileExInfoStandard, &d);
    free(w);
    if (!ok) {
        DWORD c = GetLastError();
        errno = (c == ERROR_FILE_NOT_FOUND || c == ERROR_PATH_NOT_FOUND) ? ENOENT : EACCES;
        return -1;
    }
    memset(e, 0, sizeof *e);
    fill_dirent(d.dwFileAttributes, d.nFileSizeHigh, d.nFileSizeLow, &d.ftLastWriteTime, e);
    return 0;
}

int plat_list_dir(const char *path, int (*cb)(const struct plat_dirent *e, void *ud), void *ud,
                  struct oqs_err *err)
{
    size_t n = strlen(path);
    char *pattern = malloc(n + 3);
    if (!pattern)
        return oqs_errf(err, "out of memory");
    snprintf(pattern, n + 3, "%s%s*", path, n && (path[n - 1] == '\\' || path[n - 1] == '/') ? "" : "\\");
    wchar_t *w = win_path(pattern);
    free(pattern);
    if (!w)
        return oqs_errf(err, "%s: not a valid path", path);
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileExW(w, FindExInfoBasic, &fd, FindExSearchNameMatch, NULL, 0);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return win_errf(err, path, GetLastError());
    do {
        if (wcscmp(fd.cFileName, L".") == 0 || wcscmp(fd.cFileName, L"..") == 0)
            continue;
        char *name = win_narrow(fd.cFileName);
        if (!name)
            continue;
        struct plat_dirent e = {0};
        fill_dirent(fd.dwFileAttributes, fd.nFileSizeHigh, fd.nFileSizeLow, &fd.ftLastWriteTime,
                    &e);
        e.name = name;
        int stop = cb(&e, ud);
        free(name);
        if (stop)
            break;
    } while (FindNextFileW(h, &fd));
    FindClose(h);
    return 0;
}

int plat_mkdir_p(const char *path, struct oqs_err *err)
{
    wchar_t *w = win_path(path);
    if (!w)
        return oqs_errf(err, "%s: not a valid path", path);
    size_t len = wcslen(w);
    /* Skip a drive ("C:\") or a UNC share ("\\server\share\"). */
    size_t start = 0;
    if (len >= 2 && w[1] == L':')
        start = 2;
    else if (len >= 2 && (w[0] == L'\\' || w[0] == L'/') && (w[1] == L'\\' || w[1] == L'/')) {
        int seps = 0;
        for (start = 2; start < len && seps < 2; start++)
            if (w[start] == L'\\' || w[start] == L'/')
                seps++;
    }
    int rc = 0;
    for (size_t i = start + 1; i <= len && rc == 0; i++) {
        if (i < len && w[i] != L'\\' && w[i] != L'/')
            continue;
        wchar_t saved = w[i];
        w[i] = 0;
        if (!CreateDirectoryW(w, NULL)) {
            DWORD e = GetLastError();
            if (e != ERROR_ALREADY_EXISTS && e != ERROR_ACCESS_DENIED)
                rc = win_errf(err, path, e);
            else if (e == ERROR_ACCESS_DENIED && i == len)
                rc = win_errf(err, path, e);
        }
        w[i] = saved;
    }
    free(w);
    return rc;
}

char *plat_mkdtemp(const char *prefix, struct oqs_err *err)
{
    wchar_t tmp[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, tmp);
    if (n == 0 || n > MAX_PATH) {
        win_errf(err, "GetTempPath", GetLastError());
        return NULL;
    }
    char *base = win_narrow(tmp);
    if (!base) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    static unsigned counter;
    for (int attempt = 0; attempt < 100; attempt++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s-%lx-%llx-%u", base, prefix,
                 (unsigned long)GetCurrentProcessId(), (unsigned long long)GetTickCount64(),
                 counter++);
        wchar_t *w = win_wide(path);
        if (!w)
            break;
        /* The user's temp folder is private to the user already. */
        BOOL ok = CreateDirectoryW(w, NULL);
        DWORD e = GetLastError();
        free(w);
        if (ok) {
            free(base);
            return _strdup(path);
        }
        if (e != ERROR_ALREADY_EXISTS) {
            win_errf(err, path, e);
            free(base);
            return NULL;
        }
    }
    oqs_errf(err, "%s: cannot create a temporary folder", base);
    free(base);
    return NULL;
}

static int rmtree_w(const wchar_t *path)
{
    DWORD attrs = GetFileAttributesW(path);
    if (attrs == INVALID_FILE_ATTRIBUTES)
        return GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : -1;
    if (attrs & FILE_ATTRIBUTE_READONLY)
        SetFileAttributesW(path, attrs & ~(DWORD)FILE_ATTRIBUTE_READONLY);
    if (!(attrs & FILE_ATTRIBUTE_DIRECTORY))
        return DeleteFileW(path) ? 0 : -1;
    int rc = 0;
    /* A junction is removed, not followed. */
    if (!(attrs & FILE_ATTRIBUTE_REPARSE_POINT)) {
        size_t n = wcslen(path);
        wchar_t *pattern = malloc((n + 3) * sizeof *pattern);
        if (!pattern)
            return -1;
        _snwprintf(pattern, n + 3, L"%ls\\*", path);
        WIN32_FIND_DATAW fd;
        HANDLE h = FindFirstFileW(pattern, &fd);
        free(pattern);
        if (h != INVALID_HANDLE_VALUE) {
            do {
                if (wcscmp(fd.cFileName, L".") == 0 || wcscmp(fd.cFileName, L"..") == 0)
                    continue;
                size_t m = n + wcslen(fd.cFileName) + 2;
                wchar_t *child = malloc(m * sizeof *child);
                if (!child) {
                    rc = -1;
                    break;
                }
                _snwprintf(child, m, L"%ls\\%ls", path, fd.cFileName);
                if (rmtree_w(child) < 0)
                    rc = -1;
                free(child);
            } while (FindNextFileW(h, &fd));
            FindClose(h);
        }
    }
    if (!RemoveDirectoryW(path))
        rc = -1;
    return rc;
}

/* The process id in "PREFIX-<hex pid>-...", 0 when name is not of that form. */
static DWORD tmp_owner(const wchar_t *name, const wchar_t *prefix)
{
    size_t pn = wcslen(prefix);
    if (wcsncmp(name, prefix, pn) != 0 || name[pn] != L'-')
        return 0;
    DWORD pid = 0;
    const wchar_t *p = name + pn + 1;
    for (; *p && *p != L'-'; p++) {
        int v = *p >= L'0' && *p <= L'9' ? *p - L'0' : *p >= L'a' && *p <= L'f' ? *p - L'a' + 10 : -1;
        if (v < 0 || pid > 0x0FFFFFFFu)
            return 0;
        pid = pid * 16 + (DWORD)v;
    }
    return *p == L'-' ? pid : 0;
}

/* Running, or not ours to judge (another user's: access denied). */
static int process_runs(DWORD pid)
{
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!h)
        return GetLastError() != ERROR_INVALID_PARAMETER;
    DWORD code = 0;
    int runs = !GetExitCodeProcess(h, &code) || code == STILL_ACTIVE;
    CloseHandle(h);
    return runs;
}

int plat_tmp_sweep(const char *prefix)
{
    wchar_t tmp[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, tmp);
    wchar_t *wp = win_wide(prefix);
    if (n == 0 || n > MAX_PATH || !wp) {
        free(wp);
        return 0;
    }
    size_t m = wcslen(tmp) + wcslen(wp) + 3;
    wchar_t *pattern = malloc(m * sizeof *pattern);
    if (!pattern) {
        free(wp);
        return 0;
    }
    _snwprintf(pattern, m, L"%ls%ls-*", tmp, wp);
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW(pattern, &fd);
    free(pattern);
    int removed = 0;
    if (h != INVALID_HANDLE_VALUE) {
        do {
            DWORD pid = tmp_owner(fd.cFileName, wp);
            if (!pid || pid == GetCurrentProcessId() || !(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ||
                (fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) || process_runs(pid))
                continue;
            size_t k = wcslen(tmp) + wcslen(fd.cFileName) + 1;
            wchar_t *path = malloc(k * sizeof *path);
            if (!path)
                break;
            _snwprintf(path, k, L"%ls%ls", tmp, fd.cFileName);
            removed += rmtree_w(path) == 0;
            free(path);
        } while (FindNextFileW(h, &fd));
        FindClose(h);
    }
    free(wp);
    return removed;
}

int plat_rmtree(const char *path)
{
    wchar_t *w = win_wide(path);
    if (!w)
        return -1;
    int rc = rmtree_w(w);
    free(w);
    return rc;
}

int plat_read_file(const char *path, size_t max, int tail, struct buf *out, struct oqs_err *err)
{
    wchar_t *w = win_path(path);
    if (!w)
        return oqs_errf(err, "%s: not a valid path", path);
    /* Share everything: the applications keep their logs open. */
    HANDLE h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
            return 1;
        return win_errf(err, path, e);
    }
    LARGE_INTEGER size;
    if (!GetFileSizeEx(h, &size)) {
        DWORD e = GetLastError();
        CloseHandle(h);
        return win_errf(err, path, e);
    }
    if ((unsigned long long)size.QuadPart > max) {
        if (!tail) {
            CloseHandle(h);
            return oqs_errf(err, "%s: larger than %llu bytes", path, (unsigned long long)max);
        }
        LARGE_INTEGER at;
        at.QuadPart = size.QuadPart - (LONGLONG)max;
        if (!SetFilePointerEx(h, at, NULL, FILE_BEGIN)) {
            DWORD e = GetLastError();
            CloseHandle(h);
            return win_errf(err, path, e);
        }
    }
    size_t left = max;
    char chunk[65536];
    while (left > 0) {
        DWORD got = 0;
        DWORD want = left < sizeof chunk ? (DWORD)left : (DWORD)sizeof chunk;
        if (!ReadFile(h, chunk, want, &got, NULL)) {
            DWORD e = GetLastError();
            CloseHandle(h);
            return win_errf(err, path, e);
        }
        if (got == 0)
            break;
        if (buf_append(out, chunk, got) < 0) {
            CloseHandle(h);
            return oqs_errf(err, "out of memory");
        }
        left -= got;
    }
    CloseHandle(h);
    return 0;
}

int plat_write_file(const char *path, const void *data, size_t n, struct oqs_err *err)
{
    wchar_t *w = win_path(path);
    if (!w)
        return oqs_errf(err, "%s: not a valid path", path);
    HANDLE h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return win_errf(err, path, GetLastError());
    const char *p = data;
    while (n > 0) {
        DWORD put = 0;
        DWORD want = n > 0x40000000 ? 0x40000000 : (DWORD)n;
        if (!WriteFile(h, p, want, &put, NULL) || put == 0) {
            DWORD e = GetLastError();
            CloseHandle(h);
            return win_errf(err, path, e);
        }
        p += put;
        n -= put;
    }
    if (!CloseHandle(h))
        return win_errf(err, path, GetLastError());
    return 0;
}

/* The errno of a Win32 error, for callers that print strerror (the
 * atomic output of core/atomic_file.c). */
static int win_errno(DWORD code)
{
    switch (code) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND: return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION: return EACCES;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL: return ENOSPC;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS: return EEXIST;
    default: return EIO;
    }
}

FILE *plat_temp_beside(const char *path, char **tmp)
{
    size_t n = strlen(path) + 24;
    char *t = malloc(n);
    if (!t) {
        errno = ENOMEM;
        return NULL;
    }
    for (unsigned i = 0; i < 100; i++) {
        snprintf(t, n, "%s.tmp-%lu-%u", path, (unsigned long)GetCurrentProcessId(),
                 (unsigned)(GetTickCount() + i * 7919u) % 1000000u);
        wchar_t *w = win_wide(t);
        if (!w)
            break;
        HANDLE h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
        free(w);
        if (h == INVALID_HANDLE_VALUE) {
            DWORD e = GetLastError();
            if (e == ERROR_FILE_EXISTS)
                continue;
            free(t);
            errno = win_errno(e);
            return NULL;
        }
        int fd = _open_osfhandle((intptr_t)h, 0);
        FILE *f = fd >= 0 ? _fdopen(fd, "wb") : NULL;
        if (!f) {
            if (fd >= 0)
                _close(fd);
            else
                CloseHandle(h);
            DeleteFileW(w = win_wide(t));
            free(w);
            free(t);
            errno = EIO;
            return NULL;
        }
        *tmp = t;
        return f;
    }
    free(t);
    errno = EEXIST;
    return NULL;
}

int plat_fsync(FILE *f)
{
    if (fflush(f) != 0)
        return -1;
    HANDLE h = (HANDLE)_get_osfhandle(_fileno(f));
    if (h == INVALID_HANDLE_VALUE || GetFileType(h) != FILE_TYPE_DISK)
        return 0;
    if (!FlushFileBuffers(h)) {
        errno = win_errno(GetLastError());
        return -1;
    }
    return 0;
}

int plat_rename_replace(const char *from, const char *to)
{
    wchar_t *wf = win_wide(from), *wt = win_wide(to);
    BOOL ok = wf && wt && MoveFileExW(wf, wt, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
    DWORD e = GetLastError();
    /* Windows refuses to replace a folder with "access denied". */
    DWORD attrs = !ok && e == ERROR_ACCESS_DENIED && wt ? GetFileAttributesW(wt) : INVALID_FILE_ATTRIBUTES;
    free(wf);
    free(wt);
    if (!ok) {
        errno = attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY) ? EISDIR
                                                                                       : win_errno(e);
        return -1;
    }
    return 0;
}

int plat_remove(const char *path)
{
    wchar_t *w = win_wide(path);
    BOOL ok = w && DeleteFileW(w);
    free(w);
    return ok ? 0 : -1;
}
