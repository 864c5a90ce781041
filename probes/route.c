/* The bypass-list and proxy-list rules of WinHTTP, which the OQS
 * applications go through (netsh winhttp import proxy, manual 2 プロキシ). */
#include "route.h"

#include <stdio.h>
#include <string.h>

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int glob_match(const char *pat, const char *s)
{
    for (; *pat; pat++, s++) {
        if (*pat == '*') {
            while (*pat == '*')
                pat++;
            if (!*pat)
                return 1;
            for (; *s; s++)
                if (glob_match(pat, s))
                    return 1;
            return 0;
        }
        if (!*s || lower(*pat) != lower(*s))
            return 0;
    }
    return *s == '\0';
}

const char *route_bypass_match(const char *const *list, size_t n, const char *host)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i], "<local>") == 0 ? strchr(host, '.') == NULL : glob_match(list[i], host))
            return list[i];
    }
    return NULL;
}

void route_host_of(const char *hostport, char *host, size_t n, int *port, int def)
{
    if (config_split_hostport(hostport, host, n, port, def) < 0) {
        snprintf(host, n, "%s", hostport);
        *port = def;
    }
}

const char *route_scheme_entry(char *list, const char *scheme)
{
    char key[16];
    snprintf(key, sizeof key, "%s=", scheme);
    /* "https=" also ends in "s=": look for the key at an entry's start. */
    for (char *e = list; e && *e; e = strpbrk(e, "; ")) {
        while (*e == ';' || *e == ' ')
            e++;
        if (strncmp(e, key, strlen(key)) == 0) {
            e += strlen(key);
            e[strcspn(e, "; ")] = '\0';
            return e;
        }
    }
    return strchr(list, '=') ? NULL : list;
}

size_t route_split_bypass(char *text, const char **out, size_t max)
{
    /* By hand, not strtok: the probes run on threads. */
    static const char sep[] = "; \t\r\n";
    size_t n = 0;
    char *t = text;
    while (n < max) {
        t += strspn(t, sep);
        if (!*t)
            break;
        out[n++] = t;
        t += strcspn(t, sep);
        if (*t)
            *t++ = '\0';
    }
    return n;
}
