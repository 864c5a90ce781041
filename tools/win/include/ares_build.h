/* For `make windows-check` only: c-ares' build header as a Windows build of
 * c-ares has it. Debian's /usr/include/ares_build.h describes Linux (it
 * pulls <sys/socket.h>), so it is replaced here; every other dependency
 * header is Debian's own (docs/windows.md). */
#ifndef __CARES_BUILD_H
#define __CARES_BUILD_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#define CARES_TYPEOF_ARES_SOCKLEN_T int
typedef CARES_TYPEOF_ARES_SOCKLEN_T ares_socklen_t;
#define CARES_TYPEOF_ARES_SSIZE_T __int64
typedef CARES_TYPEOF_ARES_SSIZE_T ares_ssize_t;

#endif
