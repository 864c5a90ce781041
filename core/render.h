#ifndef OQSDIAG_RENDER_H
#define OQSDIAG_RENDER_H

#include <stdio.h>
#include "report.h"

enum lang { LANG_EN, LANG_JA };

struct render_opts {
    enum lang lang;
    int color;    /* ANSI colour: only on a terminal and without NO_COLOR */
    int verbose;  /* text: show evidence */
};

/* Language from --lang, else LC_ALL, LC_MESSAGES, LANG starting with "ja". */
enum lang render_lang_from_env(void);

int render_json(FILE *out, const struct report *r);
int render_text(FILE *out, const struct report *r, const struct render_opts *o);
/* One monitoring-plugins status line: OQSDIAG CRITICAL - 2 fail, 1 warn: ids | perfdata */
int render_nagios(FILE *out, const struct report *r);

#endif
