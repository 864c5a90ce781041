/* Windows: UTF-8 back to a code page (WideCharToMultiByte) and threads
 * (_beginthreadex), see core/platform.h. */
#include "platform.h"

#include <windows.h>
#include <process.h>
#include <stdlib.h>
#include <string.h>

int plat_utf8_to_codepage(unsigned cp, const char *in, size_t n, char **out, size_t *outn,
                          struct oqs_err *err)
{
    if (cp != 932 && cp != 1252 && cp != 437 && cp != 1200 && cp != 1201)
        return oqs_errf(err, "code page %u is not supported", cp);
    if (n > 0x3fffffff)
        return oqs_errf(err, "text too large to convert");
    int wn = n ? MultiByteToWideChar(CP_UTF8, 0, in, (int)n, NULL, 0) : 0;
    wchar_t *w = malloc(((size_t)wn + 1) * sizeof *w);
    if (!w)
        return oqs_errf(err, "out of memory");
    if (wn)
        MultiByteToWideChar(CP_UTF8, 0, in, (int)n, w, wn);
    char *o;
    size_t on;
    if (cp == 1200 || cp == 1201) {
        on = (size_t)wn * 2;
        o = malloc(on + 1);
        if (!o) {
            free(w);
            return oqs_errf(err, "out of memory");
        }
        for (int i = 0; i < wn; i++) {
            unsigned v = (unsigned)w[i];
            o[2 * i + (cp == 1200 ? 0 : 1)] = (char)(v & 0xff);
            o[2 * i + (cp == 1200 ? 1 : 0)] = (char)(v >> 8);
        }
    } else {
        int mn = wn ? WideCharToMultiByte(cp, 0, w, wn, NULL, 0, "?", NULL) : 0;
        o = malloc((size_t)mn + 1);
        if (!o) {
            free(w);
            return oqs_errf(err, "out of memory");
        }
        if (mn)
            WideCharToMultiByte(cp, 0, w, wn, o, mn, "?", NULL);
        on = (size_t)mn;
    }
    free(w);
    o[on] = '\0';
    *out = o;
    *outn = on;
    return 0;
}

struct plat_thread {
    HANDLE h;
    void (*fn)(void *);
    void *arg;
};

static unsigned __stdcall trampoline(void *p)
{
    struct plat_thread *t = p;
    t->fn(t->arg);
    return 0;
}

struct plat_thread *plat_thread_start(void (*fn)(void *arg), void *arg)
{
    struct plat_thread *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    t->fn = fn;
    t->arg = arg;
    uintptr_t h = _beginthreadex(NULL, 0, trampoline, t, 0, NULL);
    if (!h) {
        free(t);
        return NULL;
    }
    t->h = (HANDLE)h;
    return t;
}

void plat_thread_join(struct plat_thread *t)
{
    if (!t)
        return;
    WaitForSingleObject(t->h, INFINITE);
    CloseHandle(t->h);
    free(t);
}
