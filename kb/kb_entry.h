#ifndef OQSDIAG_KB_ENTRY_H
#define OQSDIAG_KB_ENTRY_H

#include <stddef.h>
#include "../core/buf.h"
#include "../core/strv.h"

/* One knowledge-base entry, parsed from a kb/entries/ID.kb file
 * (docs/kb-format.md). */

enum kb_trig_kind { KBT_FINDING, KBT_LOG, KBT_OUTPUT };

/* Which log folders a `log` trigger reads. */
enum kb_log_src { KBL_ANY, KBL_COMAPP, KBL_DISTROAPP };

struct kb_trigger {
    enum kb_trig_kind kind;
    unsigned line;         /* line of the entry file, for messages */
    char *glob;            /* finding: id glob; output: snapshot path glob */
    int is_glob;           /* finding: the id has * or ? */
    unsigned status_mask;  /* finding: 1u << enum fstatus */
    /* finding, optional "[!]key~a|b": the evidence's string `key` contains
     * one of the |-separated values (negate: contains none, or is absent).
     * NULL key: no condition. */
    char *ev_key;
    char *ev_values;
    int ev_negate;
    enum kb_log_src logsrc;/* log */
    char *pattern;         /* log, output: PCRE2 source */
    void *re;              /* log, output: pcre2_code_8, compiled with JIT where possible */
};

/* A repeatable text key is a core/strv.h list: src[i] is NULL for a line
 * taken from the manual, else what the `source:` line below it said
 * ("field" or "field <where from>"): knowledge that goes beyond the manual
 * (docs/kb-format.md). */

struct kb_entry {
    char *file;            /* where it came from (built-in path or DIR/x.kb) */
    unsigned id_line;
    char *id;
    struct strv refs;
    char *section;
    char *title_ja, *title_en;
    struct strv symptom, symptom_en, cause, cause_en, fix;
    char *fix_en;
    char *fix_en_src;      /* like a text key's src (core/strv.h), for fix.en */
    struct strv heading;/* the manual's こんなときは！/注意 box titles */
    char *keywords;
    int match_all;
    struct kb_trigger *trig;
    size_t ntrig;
};

/* Problems found while reading entries: one "file:line: message" line each. */
struct kb_diag {
    struct buf text;
    size_t nerrors;
};
void kb_diag_add(struct kb_diag *d, const char *file, unsigned line, const char *fmt, ...)
    OQS_PRINTF(4, 5);
void kb_diag_free(struct kb_diag *d);

/* Parses and checks one entry (every field, every pattern compiled, every
 * finding id in the catalog). NULL when the entry has errors; each error is
 * added to d. Caller frees with kb_entry_free(). */
struct kb_entry *kb_entry_parse(const char *file, const unsigned char *data, size_t len,
                                struct kb_diag *d);
void kb_entry_free(struct kb_entry *e);

/* Whether any text line of e is marked field knowledge. */
int kb_entry_has_field_knowledge(const struct kb_entry *e);

/* The marker printed before a line of field knowledge, by language
 * (0 Japanese, 1 English): "［現場の知見］" / "[field knowledge]". */
const char *kb_field_mark(int english);

/* Glob of docs/kb-format.md: `*` any run of characters, `?` one byte. */
int kb_glob_match(const char *glob, const char *s);

/* JIT-compiles a compiled pattern (pcre2_code_8 *) unless the environment
 * variable OQSDIAG_PCRE2_NO_JIT is set (valgrind runs). */
void kb_jit(void *re);

#endif
