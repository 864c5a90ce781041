#ifndef OQSDIAG_LAYOUT_H
#define OQSDIAG_LAYOUT_H

#include <stddef.h>

/* The snapshot layout as data (collectors/layout.def): one row per file or
 * family of files. */

#define LAYOUT_CMD_MS 60000          /* a command's deadline */
#define LAYOUT_SLOW_MS 180000        /* systeminfo's */
#define LAYOUT_SMALL_FILE (1u << 20) /* task XML, settings, Version.info */
#define LAYOUT_MAX_ARGV 10

enum layout_id {
#define LAYOUT_CMD(id, ...) LF_##id,
#define LAYOUT_MADE(id, ...) LF_##id,
#define LAYOUT_COPY_CFG(id, ...) LF_##id,
#define LAYOUT_COPY_DIR(id, ...) LF_##id,
#define LAYOUT_SET(id, ...) LF_##id,
#include "collectors/layout.def"
#undef LAYOUT_CMD
#undef LAYOUT_MADE
#undef LAYOUT_COPY_CFG
#undef LAYOUT_COPY_DIR
#undef LAYOUT_SET
    LF_COUNT
};

enum layout_how { LAYOUT_BY_CMD, LAYOUT_BY_MADE, LAYOUT_BY_COPY_CFG, LAYOUT_BY_COPY_DIR,
                  LAYOUT_BY_SET };

struct layout_file {
    const char *path;   /* exact, or the family's pattern: "tasks/<TaskName>.xml" */
    enum layout_how how;
    int bundle;         /* may enter a support bundle */
    const char *parser; /* the file whose code reads it; "" none */
    const char *argv[LAYOUT_MAX_ARGV + 1]; /* LAYOUT_BY_CMD */
    int timeout_ms;                        /* LAYOUT_BY_CMD */
    size_t max_bytes;                      /* copies */
    const char *from;   /* config key (COPY_CFG), folder name (COPY_DIR) */
    const char *sub;    /* COPY_DIR: the path below that folder */
    const char *dir, *suffix; /* LAYOUT_BY_SET: dir/NAME<suffix> */
    int deep;                 /* LAYOUT_BY_SET: NAME may hold '/' */
    const char *rule;   /* MADE and SET: how, in words */
};

extern const struct layout_file layout_files[LF_COUNT];

/* The path a check reads, e.g. LAYOUT_PATH(CMDKEY) "system/cmdkey_list.txt". */
#define LAYOUT_PATH(id) (layout_files[LF_##id].path)

/* The row rel (a relative '/' path) belongs to, or NULL: an exact row, or a
 * family whose dir holds it with the family's suffix (ASCII case-insensitive). */
const struct layout_file *layout_find(const char *rel);

/* The first row whose top folder ("events" of "events/system.xml") is
 * rel's, or -1 when rel is outside the layout's folders: the same index for
 * every path of one folder, so a new folder in the table is known at once
 * (the bundle's manifest counts left-out files per folder). */
int layout_top_row(const char *rel);
/* The length of a row's top folder name (its path up to the first '/'). */
size_t layout_top_len(int row);

#endif
