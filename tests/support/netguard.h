#ifndef OQSDIAG_NETGUARD_H
#define OQSDIAG_NETGUARD_H

/* tests/support/netguard.c: connect() to anything but loopback aborts the
 * test binary. netguard_soft set: refused with ENETUNREACH instead (the
 * guard's own test); netguard_refused counts the refusals. */
extern int netguard_soft;
extern int netguard_refused;

#endif
