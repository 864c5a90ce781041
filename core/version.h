#ifndef OQSDIAG_VERSION_H
#define OQSDIAG_VERSION_H

#define OQSDIAG_NAME "oqsdiag"
#define OQSDIAG_VERSION "0.1.0"
/* Report format of shared/spec/report.md and snapshot format of
 * shared/spec/snapshot-layout.md. */
#define OQSDIAG_REPORT_FORMAT 1
#define OQSDIAG_SNAPSHOT_FORMAT 1

#endif
