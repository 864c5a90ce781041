/* `schtasks /query /fo csv /v`: a real CSV reader (quoted fields, "" inside
 * quotes, line breaks inside quotes), the header line repeated before each
 * task folder, headers and values localised. Columns are found by their
 * English or Japanese header; an unknown header falls back to the column
 * positions, which are the same in every locale (snapshot-layout.md). */
#include <stdlib.h>
#include <string.h>

#include "core/encoding.h"
#include "parsers.h"
#include "core/buf.h"

/* Positions of the verbose CSV columns (Windows Server 2019/2022). */
enum { COL_HOST, COL_NAME, COL_NEXT, COL_STATUS, COL_LOGON, COL_LASTRUN, COL_RESULT,
       COL_AUTHOR, COL_RUN, COL_STARTIN, COL_COMMENT, COL_STATE, COL_IDLE, COL_POWER,
       COL_RUNAS, NCOLS };

static const char *const h_name[] = {"TaskName", "タスク名", NULL};
static const char *const h_status[] = {"Status", "状態", NULL};
static const char *const h_lastrun[] = {"Last Run Time", "前回の実行時刻", NULL};
static const char *const h_result[] = {"Last Result", "前回の結果", NULL};
static const char *const h_state[] = {"Scheduled Task State", "スケジュールされたタスクの状態",
                                      NULL};
static const char *const h_runas[] = {"Run As User", "ユーザーとして実行", "実行するユーザー", NULL};

struct rec {
    struct strv f;
    unsigned line; /* where the record starts */
};

/* Reads one record at *pos; 0 at the end of the text. */
static int csv_record(const char *s, size_t n, size_t *pos, unsigned *lineno, struct rec *r,
                      int *bad)
{
    memset(r, 0, sizeof *r);
    if (*pos >= n)
        return 0;
    r->line = *lineno;
    struct buf_s {
        char *p;
        size_t n, cap;
    } fb = {0};
    size_t i = *pos;
    int quoted = 0, at_start = 1, end = 0;
    while (!end) {
        char c = i < n ? s[i] : '\n';
        int eof = i >= n;
        if (quoted) {
            if (eof) { /* unterminated quote: the rest is one field */
                *bad = 1;
                quoted = 0;
                continue;
            }
            if (c == '"') {
                if (i + 1 < n && s[i + 1] == '"') {
                    c = '"';
                    i++;
                } else {
                    quoted = 0;
                    i++;
                    continue;
                }
            } else if (c == '\n') {
                (*lineno)++;
            }
        } else if (c == '"' && at_start) {
            quoted = 1;
            at_start = 0;
            i++;
            continue;
        } else if (c == ',' || c == '\n') {
            size_t l = fb.n;
            if (l > 0 && fb.p[l - 1] == '\r')
                l--;
            if (strv_push(&r->f, fb.p ? fb.p : "", l, r->line) != 0) {
                free(fb.p);
                return -1;
            }
            fb.n = 0;
            at_start = 1;
            i++;
            if (c == '\n') {
                if (!eof)
                    (*lineno)++;
                end = 1;
            }
            continue;
        }
        at_start = 0;
        char *p = oqs_grow(fb.p, &fb.cap, fb.n + 2, 1);
        if (!p) {
            free(fb.p);
            return -1;
        }
        fb.p = p;
        fb.p[fb.n++] = c;
        i++;
    }
    free(fb.p);
    *pos = i > n ? n : i;
    return 1;
}

static int col_of(const struct rec *h, const char *const *names, int fallback)
{
    for (size_t i = 0; i < h->f.n; i++) {
        const char *v = h->f.v[i];
        size_t vn = strlen(v);
        t_trim(&v, &vn);
        if (t_key_in(v, vn, names))
            return (int)i;
    }
    return fallback;
}

static int is_header(const struct rec *r)
{
    return col_of(r, h_name, -1) >= 0;
}

static char *field(const struct rec *r, int col)
{
    if (col < 0 || (size_t)col >= r->f.n)
        return strdup("");
    const char *v = r->f.v[col];
    size_t vn = strlen(v);
    t_trim(&v, &vn);
    return t_dup(v, vn);
}

static int add_row(struct schtasks *s, const struct rec *r, const int *cols)
{
    struct sched_row *p = oqs_grow(s->rows, &s->cap, s->n + 1, sizeof *p);
    if (!p)
        return -1;
    s->rows = p;
    struct sched_row *row = &s->rows[s->n];
    row->name = field(r, cols[0]);
    row->status = field(r, cols[1]);
    row->last_run = field(r, cols[2]);
    row->last_result = field(r, cols[3]);
    row->state = field(r, cols[4]);
    row->run_as = field(r, cols[5]);
    row->line = r->line;
    s->n++;
    if (!row->name || !row->status || !row->last_run || !row->last_result || !row->state ||
        !row->run_as)
        return -1;
    return 0;
}

int schtasks_csv_parse(const unsigned char *raw, size_t n, struct schtasks *out,
                       struct parse_diag *d)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    if (text_decode(raw, n, &text, &len, d) != 0)
        return -1;
    size_t pos = 0;
    unsigned lineno = 1;
    int cols[6] = {COL_NAME, COL_STATUS, COL_LASTRUN, COL_RESULT, COL_STATE, COL_RUNAS};
    int have_header = 0, rc = 0, bad = 0, info_only = 0;
    char *first_header = NULL;
    struct rec r;
    int got;
    while (rc == 0 && (got = csv_record(text, len, &pos, &lineno, &r, &bad)) != 0) {
        if (got < 0) {
            strv_free(&r.f);
            rc = diag_set(d, lineno, "out of memory");
            break;
        }
        if (r.f.n == 1 && r.f.v[0][0] == '\0') { /* blank line between folders */
            strv_free(&r.f);
            continue;
        }
        const char *f0 = r.f.v[0];
        /* INFO: There are no scheduled tasks presently available... / 情報: */
        if (r.f.n == 1 && (t_istarts(f0, strlen(f0), "INFO:") || t_istarts(f0, strlen(f0), "情報:"))) {
            info_only = 1;
            strv_free(&r.f);
            continue;
        }
        if (is_header(&r)) {
            if (!have_header) {
                cols[0] = col_of(&r, h_name, COL_NAME);
                cols[1] = col_of(&r, h_status, COL_STATUS);
                cols[2] = col_of(&r, h_lastrun, COL_LASTRUN);
                cols[3] = col_of(&r, h_result, COL_RESULT);
                cols[4] = col_of(&r, h_state, COL_STATE);
                cols[5] = col_of(&r, h_runas, COL_RUNAS);
                have_header = 1;
            }
            strv_free(&r.f);
            continue;
        }
        const char *nm = r.f.n > (size_t)cols[0] ? r.f.v[cols[0]] : "";
        if (!have_header && nm[0] != '\\') {
            /* A header in a language we do not know: remember it, so that
             * its repetitions before each folder are skipped too. */
            if (!first_header) {
                first_header = t_dup(nm, strlen(nm));
                out->by_position = 1;
            } else if (strcmp(first_header, nm) != 0) {
                rc = diag_set(d, r.line, "a row whose task name does not start with \\");
            }
            strv_free(&r.f);
            continue;
        }
        if (r.f.n < 2) {
            rc = diag_set(d, r.line, "a row with %zu field(s)", r.f.n);
        } else if (add_row(out, &r, cols) != 0) {
            rc = diag_set(d, r.line, "out of memory");
        }
        strv_free(&r.f);
    }
    free(first_header);
    free(text);
    if (rc == 0 && bad)
        rc = diag_set(d, lineno, "a quoted field is not closed");
    if (rc == 0 && out->n == 0 && !have_header && !info_only)
        rc = diag_set(d, 1, "no task row and no TaskName (タスク名) header");
    if (!have_header && out->n > 0)
        out->by_position = 1;
    return rc;
}

void schtasks_free(struct schtasks *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct sched_row *r = &s->rows[i];
        free(r->name);
        free(r->status);
        free(r->last_run);
        free(r->last_result);
        free(r->state);
        free(r->run_as);
    }
    free(s->rows);
    memset(s, 0, sizeof *s);
}

const struct sched_row *schtasks_find(const struct schtasks *s, const char *task)
{
    for (size_t i = 0; i < s->n; i++) {
        const char *nm = s->rows[i].name;
        const char *b = strrchr(nm, '\\');
        if (t_ieq(b ? b + 1 : nm, task))
            return &s->rows[i];
    }
    return NULL;
}

int sched_row_enabled(const struct sched_row *r)
{
    const char *st = r->state;
    size_t n = strlen(st);
    if (t_ieqn(st, n, "Enabled") || t_ieqn(st, n, "有効"))
        return 1;
    if (t_ieqn(st, n, "Disabled") || t_ieqn(st, n, "無効"))
        return 0;
    n = strlen(r->status);
    if (t_ieqn(r->status, n, "Disabled") || t_ieqn(r->status, n, "無効"))
        return 0;
    return -1;
}

int sched_result_code(const char *s, unsigned long *code)
{
    long long v;
    if (t_parse_ll(s, strlen(s), &v) != 0)
        return -1;
    *code = (unsigned long)((unsigned long long)v & 0xFFFFFFFFull);
    return 0;
}

/* Task Scheduler and Win32 codes a task on this server meets. */
const char *sched_result_meaning(unsigned long code)
{
    static const struct {
        unsigned long code;
        const char *text;
    } t[] = {
        {0x0, "The operation completed successfully."},
        {0x1, "Incorrect function called or unknown function called."},
        {0x2, "File not found."},
        {0xA, "The environment is incorrect."},
        {0x41300, "Task is ready to run at its next scheduled time."},
        {0x41301, "Task is currently running."},
        {0x41302, "Task is disabled."},
        {0x41303, "Task has not yet run."},
        {0x41304, "There are no more runs scheduled for this task."},
        {0x41306, "Task is terminated."},
        {0x8004131F, "An instance of this task is already running."},
        {0x80070002, "The system cannot find the file specified."},
        {0x80070005, "Access is denied."},
        {0x8007052E, "Logon failure: unknown user name or bad password."},
        {0x800704DD, "The service is not available (is \"Run only when user is logged on\" set?)."},
        {0x800710E0, "The operator or administrator has refused the request."},
        {0xC000013A, "The application terminated as a result of a CTRL+C."},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].code == code)
            return t[i].text;
    return NULL;
}
