#ifndef OQSDIAG_REPORT_SHAPE_H
#define OQSDIAG_REPORT_SHAPE_H

#include <jansson.h>
#include <stddef.h>

/* Checks a document against shared/spec/report.md: every field, its type and
 * allowed values. 0 when it fits; else -1 and why names the field. */
int report_shape_check(const json_t *doc, char *why, size_t whyn);

#endif
