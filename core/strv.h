#ifndef OQSDIAG_STRV_H
#define OQSDIAG_STRV_H

#include <stddef.h>

/* The one growable list of strings: a parser's values with the line of the
 * input each came from, a KB entry's repeatable keys with where each came
 * from beyond the manual (docs/kb-format.md, `source:`). The three arrays
 * grow together; line[i] is 0 and src[i] NULL unless the caller sets them.
 * Zero-initialise; the list owns its strings; free with strv_free(). */
struct strv {
    char **v;
    unsigned *line;  /* 1-based line of the input (0: not known) */
    char **src;      /* where the string came from, or NULL (owned) */
    size_t n, cap;
};

/* Appends a copy of the n bytes at p (NUL or not), from line. 0, or -1
 * when memory runs out. */
int strv_push(struct strv *s, const char *p, size_t n, unsigned line);
/* Appends str itself: the list takes it, and frees it on failure too. */
int strv_push_take(struct strv *s, char *str, unsigned line);
/* Sorts the list by strcmp of its strings, line and src moving with them
 * (a folder's names listed alike on every host). -1 out of memory, the
 * list then unsorted. */
int strv_sort(struct strv *s);
void strv_free(struct strv *s);

/* Plain arrays of n strings, as a report holds a KB hit's refs and
 * because: a copy (NULL when memory runs out; the caller frees it with
 * strv_free_array), and its release. */
char **strv_dup_array(const char *const *v, size_t n);
void strv_free_array(char **v, size_t n);

#endif
