/* Local date and time as Windows prints them: w32tm's "Last Successful Sync
 * Time" and schtasks' run times follow the user's short date format, so the
 * same text can be day-first or month-first; the system locale
 * (systeminfo) gives the likely order, and a date that stays ambiguous is
 * reported as such rather than guessed. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"

struct locale_order {
    const char *tag; /* "en-us", or a language alone ("de") for all its regions */
    enum date_order order;
};

/* Windows' default short date of common locales (Region settings). */
static const struct locale_order k_orders[] = {
    {"ja", DATE_YMD},    {"zh", DATE_YMD},    {"ko", DATE_YMD},    {"hu", DATE_YMD},
    {"lt", DATE_YMD},    {"sv", DATE_YMD},    {"en-ca", DATE_YMD}, {"en-za", DATE_YMD},
    {"en-us", DATE_MDY}, {"en-ph", DATE_MDY}, {"es-us", DATE_MDY}, {"en-gb", DATE_DMY},
    {"en-au", DATE_DMY}, {"en-nz", DATE_DMY}, {"en-ie", DATE_DMY}, {"en-in", DATE_DMY},
    {"en-sg", DATE_DMY}, {"de", DATE_DMY},    {"fr", DATE_DMY},    {"es", DATE_DMY},
    {"it", DATE_DMY},    {"pt", DATE_DMY},    {"nl", DATE_DMY},    {"ru", DATE_DMY},
    {"pl", DATE_DMY},    {"da", DATE_DMY},    {"nb", DATE_DMY},    {"fi", DATE_DMY},
    {"cs", DATE_DMY},    {"tr", DATE_DMY},    {"uk", DATE_DMY},    {"vi", DATE_DMY},
    {"th", DATE_DMY},    {"id", DATE_DMY},
};

const char *date_order_name(enum date_order o)
{
    switch (o) {
    case DATE_YMD:
        return "year/month/day";
    case DATE_MDY:
        return "month/day/year";
    case DATE_DMY:
        return "day/month/year";
    case DATE_ORDER_UNKNOWN:
        break;
    }
    return "unknown";
}

enum date_order date_order_for_locale(const char *locale)
{
    char tag[16];
    size_t n = 0;
    while (locale && locale[n] && locale[n] != ';' && n + 1 < sizeof tag) {
        tag[n] = (char)tolower((unsigned char)locale[n]);
        n++;
    }
    tag[n] = '\0';
    while (n > 0 && tag[n - 1] == ' ')
        tag[--n] = '\0';
    if (n == 0)
        return DATE_ORDER_UNKNOWN;
    size_t lang = strcspn(tag, "-_");
    enum date_order by_lang = DATE_ORDER_UNKNOWN;
    for (size_t i = 0; i < sizeof k_orders / sizeof *k_orders; i++) {
        if (strcmp(tag, k_orders[i].tag) == 0)
            return k_orders[i].order;
        if (strlen(k_orders[i].tag) == lang && strncmp(tag, k_orders[i].tag, lang) == 0)
            by_lang = k_orders[i].order;
    }
    return by_lang;
}

/* A run of 1-4 digits at *p: its value, else -1. */
static int number(const char **p)
{
    int v = 0, n = 0;
    while (isdigit((unsigned char)**p) && n < 5) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n == 0 || n > 4 ? -1 : v;
}

static void spaces(const char **p)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
}

/* AM/PM, 午前/午後, 오전/오후 at *p: 1 pm, 0 am, -1 none. */
static int meridiem(const char **p)
{
    static const struct {
        const char *s;
        int pm;
    } k[] = {{"AM", 0}, {"PM", 1}, {"am", 0}, {"pm", 1}, {"午前", 0}, {"午後", 1}, {"오전", 0}, {"오후", 1}};
    for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
        size_t n = strlen(k[i].s);
        if (strncmp(*p, k[i].s, n) == 0) {
            *p += n;
            return k[i].pm;
        }
    }
    return -1;
}

int parse_windows_date(const char *s, enum date_order hint, int tz_min, long long *t,
                       enum date_order *used)
{
    const char *p = s;
    spaces(&p);
    int a = number(&p);
    char sep = *p;
    if (a < 0 || (sep != '/' && sep != '.' && sep != '-'))
        return -1;
    p++;
    int b = number(&p);
    if (b < 0 || *p != sep)
        return -1;
    p++;
    int c = number(&p);
    if (c < 0)
        return -1;
    if (*p == '.')
        p++;
    spaces(&p);
    int mer = meridiem(&p);
    spaces(&p);
    int h = number(&p), mi = -1, sec = 0;
    if (h < 0 || *p != ':')
        return -1;
    p++;
    mi = number(&p);
    if (mi < 0)
        return -1;
    if (*p == ':') {
        p++;
        sec = number(&p);
        if (sec < 0)
            return -1;
    }
    spaces(&p);
    if (mer < 0)
        mer = meridiem(&p);
    spaces(&p);
    if (*p)
        return -1;
    if (mer >= 0) {
        if (h < 1 || h > 12)
            return -1;
        h = h % 12 + (mer ? 12 : 0);
    }
    int y, mo, d;
    enum date_order o;
    if (a >= 100) {
        o = DATE_YMD;
        y = a;
        mo = b;
        d = c;
    } else {
        y = c < 100 ? c + 2000 : c;
        int mdy = a >= 1 && a <= 12 && b >= 1 && b <= 31;
        int dmy = b >= 1 && b <= 12 && a >= 1 && a <= 31;
        if (mdy && dmy && a != b) {
            if (hint == DATE_MDY || hint == DATE_DMY)
                o = hint;
            else if (sep == '.') /* dotted dates are day first (de, ru, ...) */
                o = DATE_DMY;
            else
                return -2;
        } else if (mdy) {
            o = DATE_MDY;
        } else if (dmy) {
            o = DATE_DMY;
        } else {
            return -1;
        }
        mo = o == DATE_MDY ? a : b;
        d = o == DATE_MDY ? b : a;
    }
    long long v;
    if (civil_epoch(y, mo, d, h, mi, sec, &v) != 0)
        return -1;
    *t = v - tz_min * 60LL;
    if (used)
        *used = o;
    return 0;
}

int parse_windows_time(const char *s, int tz_min, long long *t)
{
    return parse_windows_date(s, DATE_MDY, tz_min, t, NULL) == 0 ? 0 : -1;
}

int parse_tz_offset(const char *s, int *minutes)
{
    const char *p = strstr(s, "UTC");
    if (!p)
        return -1;
    p += 3;
    if (*p == ')') {
        *minutes = 0;
        return 0;
    }
    int h, m;
    if ((*p != '+' && *p != '-') || !isdigit((unsigned char)p[1]) ||
        !isdigit((unsigned char)p[2]) || p[3] != ':' || !isdigit((unsigned char)p[4]) ||
        !isdigit((unsigned char)p[5]))
        return -1;
    h = (p[1] - '0') * 10 + (p[2] - '0');
    m = (p[4] - '0') * 10 + (p[5] - '0');
    if (h > 14 || m > 59)
        return -1;
    *minutes = (h * 60 + m) * (*p == '-' ? -1 : 1);
    return 0;
}
