#ifndef OQSDIAG_JSON_PATH_H
#define OQSDIAG_JSON_PATH_H

#include <jansson.h>

/* A file path (bytes from the command line or a folder listing, maybe not
 * UTF-8) into a JSON object, so that every line still names its input:
 * key holds the path with each byte that is not UTF-8 shown as U+FFFD, and
 * only then key + "_hex" holds the raw bytes in hex, to tell two such paths
 * apart (docs/reports.md). 0, or -1 when memory runs out. */
int json_set_path(json_t *obj, const char *key, const char *path);

#endif
