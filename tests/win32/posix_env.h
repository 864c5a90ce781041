/* setenv/unsetenv for the cmocka suite built for Windows (mk/windows.mk
 * force-includes this header there): MinGW's C library has _putenv_s. */
#ifndef OQSDIAG_POSIX_ENV_H
#define OQSDIAG_POSIX_ENV_H

int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);

#endif
