/* POSIX implementation of core/platform.h (Linux: the helpdesk's machine
 * and the test host). The Windows stores do not exist here. */
#include "platform.h"
#include "platform_fake.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <pwd.h>
#include <unistd.h>

const struct plat_fake *plat_fake;

/* Under the test double a Windows path "C:\\a\\b" names <root>/C/a/b, so
 * code written for Windows paths runs against a folder tree (platform.h). */
static const char *map_path(const char *path, char *tmp, size_t n)
{
    if (!plat_fake || !plat_fake->root || !path[0] || path[1] != ':')
        return path;
    if (snprintf(tmp, n, "%s/%c%s", plat_fake->root, path[0], path + 2) >= (int)n)
        return path;
    for (char *p = tmp + strlen(plat_fake->root); *p; p++)
        if (*p == '\\')
            *p = '/';
    return tmp;
}

int plat_is_windows(void)
{
    return plat_fake ? plat_fake->is_windows : 0;
}

char **plat_utf8_argv(int argc, char **argv)
{
    (void)argc;
    return argv;
}

int plat_hostname(char *buf, size_t n)
{
    if (plat_fake && plat_fake->hostname) {
        snprintf(buf, n, "%s", plat_fake->hostname);
        return 0;
    }
    if (gethostname(buf, n) < 0)
        return -1;
    buf[n - 1] = '\0';
    return 0;
}

int plat_current_user(char *buf, size_t n, int *elevated)
{
    if (plat_fake && plat_fake->user) {
        snprintf(buf, n, "%s", plat_fake->user);
        *elevated = plat_fake->user_elevated;
        return 0;
    }
    const struct passwd *pw = getpwuid(geteuid());
    *elevated = geteuid() == 0;
    if (!pw || !pw->pw_name)
        return -1;
    snprintf(buf, n, "%s", pw->pw_name);
    return 0;
}

long long plat_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long plat_time_now(void)
{
    return (long long)time(NULL);
}

void plat_utc_rfc3339(long long t, char out[32])
{
    time_t tt = t < 0 ? time(NULL) : (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(out, 32, "1970-01-01T00:00:00Z");
        return;
    }
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int plat_isatty(FILE *f)
{
    return isatty(fileno(f));
}

void plat_console_init(void)
{
}

int plat_read_secret(const char *prompt, FILE *show, char *buf, size_t n, struct oqs_err *err)
{
    int fd = fileno(stdin);
    struct termios old, quiet;
    buf[0] = '\0';
    if (!isatty(fd) || tcgetattr(fd, &old) != 0)
        return oqs_errf(err, "standard input is not a terminal");
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    quiet.c_lflag |= ICANON;
    tcsetattr(fd, TCSADRAIN, &quiet);
    fputs(prompt, show);
    fflush(show);
    char *got = fgets(buf, n > 1 << 30 ? 1 << 30 : (int)n, stdin);
    tcsetattr(fd, TCSADRAIN, &old);
    if (!got) {
        buf[0] = '\0';
        return oqs_errf(err, "no password was typed");
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

int plat_winhttp_proxy(char *server, size_t servern, char *bypass, size_t bypassn,
                       struct oqs_err *err)
{
    if (plat_fake)
        return fake_winhttp_proxy(server, servern, bypass, bypassn, err);
    return oqs_errf(err, "no WinHTTP on this host (Windows only)");
}

int plat_cert_pfx(const char *thumb, const char *password, struct buf *out, struct oqs_err *err)
{
    (void)password;
    (void)out;
    if (plat_fake) {
        oqs_errf(err, "%s: the test double's keys stay in its store", thumb);
        return 1;
    }
    return oqs_errf(err, "%s: this host has no certificate store (Windows only)", thumb);
}

int plat_tls_offer_cert(const char *thumb, const char *addr, int port, const char *sni, int timeout_ms,
                        struct oqs_err *err)
{
    (void)timeout_ms;
    if (plat_fake && plat_fake->tls_offer)
        return plat_fake->tls_offer(thumb, addr, port, sni, err);
    return oqs_errf(err, "%s: no Schannel on this host (Windows only)", thumb);
}

int plat_ui_lang_ja(void)
{
    return 0;
}

int plat_is_elevated(void)
{
    if (plat_fake)
        return !plat_fake->not_elevated;
    return geteuid() == 0;
}

int plat_run(const char *const *argv, int timeout_ms, struct buf *out, int *exit_code,
             struct oqs_err *err)
{
    if (plat_fake) {
        if (!plat_fake->run)
            return oqs_errf(err, "%s: cannot run commands here", argv[0]);
        static pthread_mutex_t one = PTHREAD_MUTEX_INITIALIZER;
        int serial = !plat_fake->run_concurrent;
        if (serial)
            pthread_mutex_lock(&one);
        int rc = plat_fake->run(argv, out, exit_code);
        if (serial)
            pthread_mutex_unlock(&one);
        if (rc < 0)
            return oqs_errf(err, "%s: cannot run", argv[0]);
        return 0;
    }
    int fds[2];
    if (pipe(fds) < 0)
        return oqs_errf(err, "pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return oqs_errf(err, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    long long deadline = plat_now_ms() + timeout_ms;
    int timed_out = 0;
    for (;;) {
        long long left = deadline - plat_now_ms();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        int pr = poll(&p, 1, (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0) {
            timed_out = pr == 0;
            break;
        }
        char chunk[8192];
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buf_append(out, chunk, (size_t)n);
    }
    close(fds[0]);
    if (timed_out)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (timed_out)
        return oqs_errf(err, "%s: no result within %d ms", argv[0], timeout_ms);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return oqs_errf(err, "%s: cannot run", argv[0]);
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return 0;
}

int plat_cred_check(const char *target, int (*check)(const char *secret, size_t len),
                    struct cred_verdict *v, struct oqs_err *err)
{
    memset(v, 0, sizeof *v);
    if (!plat_fake) {
        v->state = CRED_UNSUPPORTED;
        return 0;
    }
    (void)err;
    return fake_cred_check(target, check, v);
}

int plat_cert_enum(const char *store, int (*cb)(const struct plat_cert *c, void *ud), void *ud,
                   struct oqs_err *err)
{
    if (!plat_fake)
        return oqs_errf(err, "certificate store %s: not a Windows host", store);
    return fake_cert_enum(store, cb, ud);
}

static void fill_dirent(const struct stat *st, struct plat_dirent *e)
{
    e->is_dir = S_ISDIR(st->st_mode);
    e->is_link = S_ISLNK(st->st_mode);
    e->size = (long long)st->st_size;
    e->mtime = (long long)st->st_mtime;
}

int plat_stat(const char *path, struct plat_dirent *e)
{
    char tmp[4096];
    path = map_path(path, tmp, sizeof tmp);
    struct stat st;
    if (lstat(path, &st) < 0)
        return -1;
    memset(e, 0, sizeof *e);
    fill_dirent(&st, e);
    return 0;
}

int plat_list_dir(const char *path, int (*cb)(const struct plat_dirent *e, void *ud), void *ud,
                  struct oqs_err *err)
{
    char tmp[4096];
    const char *given = path;
    path = map_path(path, tmp, sizeof tmp);
    DIR *d = opendir(path);
    if (!d)
        return oqs_errf(err, "%s: %s", given, strerror(errno));
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        struct plat_dirent e = {0};
        struct stat st;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            fill_dirent(&st, &e);
        e.name = de->d_name;
        if (cb(&e, ud) != 0)
            break;
    }
    closedir(d);
    return rc;
}

int plat_mkdir_p(const char *path, struct oqs_err *err)
{
    char tmp[4096], mapped[4096];
    path = map_path(path, mapped, sizeof mapped);
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
        return oqs_errf(err, "%s: path too long", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
            return oqs_errf(err, "%s: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
        return oqs_errf(err, "%s: %s", tmp, strerror(errno));
    return 0;
}

static const char *tmp_base(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

char *plat_mkdtemp(const char *prefix, struct oqs_err *err)
{
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/%s-%lx-XXXXXX", tmp_base(), prefix, (unsigned long)getpid());
    if (!mkdtemp(tmpl)) {
        oqs_errf(err, "%s: %s", tmpl, strerror(errno));
        return NULL;
    }
    char *s = strdup(tmpl);
    if (!s)
        oqs_errf(err, "out of memory");
    return s;
}

/* The process id in "PREFIX-<hex pid>-...", 0 when name is not of that form. */
static unsigned long tmp_owner(const char *name, const char *prefix)
{
    size_t pn = strlen(prefix);
    if (strncmp(name, prefix, pn) != 0 || name[pn] != '-')
        return 0;
    unsigned long pid = 0;
    const char *p = name + pn + 1;
    for (; *p && *p != '-'; p++) {
        int v = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
        if (v < 0 || pid > 0x7FFFFFFul)
            return 0;
        pid = pid * 16 + (unsigned long)v;
    }
    return *p == '-' ? pid : 0;
}

int plat_tmp_sweep(const char *prefix)
{
    DIR *d = opendir(tmp_base());
    if (!d)
        return 0;
    int removed = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        unsigned long pid = tmp_owner(de->d_name, prefix);
        if (!pid || pid == (unsigned long)getpid())
            continue;
        /* EPERM: another user's process, which runs. */
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char path[4096];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/%s", tmp_base(), de->d_name) >= (int)sizeof path ||
            lstat(path, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid())
            continue;
        removed += plat_rmtree(path) == 0;
    }
    closedir(d);
    return removed;
}

int plat_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        size_t n = strlen(path) + strlen(de->d_name) + 2;
        char *child = malloc(n);
        if (!child) {
            rc = -1;
            break;
        }
        snprintf(child, n, "%s/%s", path, de->d_name);
        if (plat_rmtree(child) < 0)
            rc = -1;
        free(child);
    }
    closedir(d);
    if (rmdir(path) < 0)
        rc = -1;
    return rc;
}

int plat_read_file(const char *path, size_t max, int tail, struct buf *out, struct oqs_err *err)
{
    char tmp[4096];
    const char *given = path;
    path = map_path(path, tmp, sizeof tmp);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 1;
        return oqs_errf(err, "%s: %s", given, strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return oqs_errf(err, "%s: not a regular file", given);
    }
    if ((unsigned long long)st.st_size > max) {
        if (!tail) {
            close(fd);
            return oqs_errf(err, "%s: larger than %zu bytes", given, max);
        }
        if (lseek(fd, st.st_size - (off_t)max, SEEK_SET) < 0) {
            close(fd);
            return oqs_errf(err, "%s: %s", given, strerror(errno));
        }
    }
    size_t left = max;
    char chunk[8192];
    while (left > 0) {
        ssize_t n = read(fd, chunk, left < sizeof chunk ? left : sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            close(fd);
            return oqs_errf(err, "%s: %s", given, strerror(errno));
        }
        if (n == 0)
            break;
        if (buf_append(out, chunk, (size_t)n) < 0) {
            close(fd);
            return oqs_errf(err, "out of memory");
        }
        left -= (size_t)n;
    }
    close(fd);
    return 0;
}

int plat_write_file(const char *path, const void *data, size_t n, struct oqs_err *err)
{
    char mapped[4096];
    path = map_path(path, mapped, sizeof mapped);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return oqs_errf(err, "%s: %s", path, strerror(errno));
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            int e = errno;
            close(fd);
            return oqs_errf(err, "%s: %s", path, strerror(e));
        }
        p += w;
        n -= (size_t)w;
    }
    if (close(fd) < 0)
        return oqs_errf(err, "%s: %s", path, strerror(errno));
    return 0;
}

/* Only the test double has Windows folders here; its drive C: holds the
 * usual names (platform.h). */
int plat_special_dir(enum plat_dir which, char *out, size_t n)
{
    return plat_fake ? fake_special_dir(which, out, n) : -1;
}

int plat_shortcut_target(const char *lnk_path, char *out, size_t n, struct oqs_err *err)
{
    if (!plat_fake)
        return oqs_errf(err, "%s: shortcuts are read only on Windows", lnk_path);
    return fake_shortcut(lnk_path, out, n, err);
}

FILE *plat_temp_beside(const char *path, char **tmp)
{
    size_t n = strlen(path) + 16;
    char *t = malloc(n);
    if (!t)
        return NULL;
    snprintf(t, n, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(t);
    if (fd < 0) {
        int e = errno;
        free(t);
        errno = e;
        return NULL;
    }
    /* mkstemp makes 0600; a textfile collector runs as another user. */
    mode_t um = umask(0);
    umask(um);
    FILE *f = fchmod(fd, 0666 & ~um) == 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        int e = errno;
        close(fd);
        unlink(t);
        free(t);
        errno = e;
        return NULL;
    }
    *tmp = t;
    return f;
}

int plat_fsync(FILE *f)
{
    if (fflush(f) != 0)
        return -1;
    /* Pipes, terminals and character devices have nothing to sync. */
    if (fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
        return -1;
    return 0;
}

int plat_rename_replace(const char *from, const char *to)
{
    return rename(from, to);
}

int plat_remove(const char *path)
{
    return unlink(path);
}
