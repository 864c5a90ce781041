/* POSIX process calls for the bounds tests; test support for Linux CI only. */
#include "childproc.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int reap(pid_t pid, struct rusage *ru, int *exit_code)
{
    int st = 0;
    while (wait4(pid, &st, 0, ru) < 0)
        if (errno != EINTR)
            return -1;
    *exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 0;
}

int cp_run_measured(int (*fn)(void *ud), void *ud, long *maxrss_kib, int *exit_code)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        _exit(fn(ud));
    struct rusage ru;
    if (reap(pid, &ru, exit_code) < 0)
        return -1;
    *maxrss_kib = ru.ru_maxrss; /* Linux: kilobytes */
    return 0;
}

int cp_run_to_file(const char *const *argv, const char *path, int *exit_code)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd);
        return -1;
    }
    if (pid == 0) {
        dup2(fd, 1);
        close(fd);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fd);
    struct rusage ru;
    if (reap(pid, &ru, exit_code) < 0 || *exit_code == 127)
        return -1;
    return 0;
}
