/* snapshot-layout.md: the time of a snapshot is its manifest's collection
 * time; without one (a snapshot gathered by hand) it is the newest time
 * inside the snapshot, never the clock of the machine that analyses it, so
 * a healthy snapshot analysed a month later is still healthy. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "core/platform.h"

struct newest {
    long long t;
    char from[64];
};

static void consider(struct newest *n, long long t, const char *file)
{
    if (t > n->t) {
        n->t = t;
        snprintf(n->from, sizeof n->from, "%s", file);
    }
}

static int read_file(struct chk *c, const char *file, struct buf *raw)
{
    struct oqs_err err;
    return source_read(c->src, file, raw, &err) == SRC_OK;
}

/* The collector's own listings: UTC times in a column. */
static void tsv_times(struct chk *c, const char *file, size_t col, struct newest *n)
{
    struct buf raw = {0};
    struct tsv t;
    struct parse_diag d = {0};
    memset(&t, 0, sizeof t);
    if (read_file(c, file, &raw) &&
        tsv_parse((const unsigned char *)raw.data, raw.len, col + 1, &t, &d) == 0) {
        for (size_t i = 0; i < t.n; i++) {
            long long v;
            if (t.rows[i].nf > col && parse_time_utc(t.rows[i].f[col], &v) == 0)
                consider(n, v, file);
        }
    }
    tsv_free(&t);
    buf_free(&raw);
}

/* Windows' local times: the tasks' last runs and the last time sync. */
static void local_times(struct chk *c, struct newest *n)
{
    struct buf raw = {0};
    struct parse_diag d = {0};
    struct schtasks s;
    memset(&s, 0, sizeof s);
    if (read_file(c, "tasks/schtasks.csv", &raw) &&
        schtasks_csv_parse((const unsigned char *)raw.data, raw.len, &s, &d) == 0) {
        for (size_t i = 0; i < s.n; i++) {
            long long v;
            if (s.rows[i].last_run && parse_windows_time(s.rows[i].last_run, c->tz_min, &v) == 0)
                consider(n, v, "tasks/schtasks.csv");
        }
    }
    schtasks_free(&s);
    buf_free(&raw);
    static const char *const k_sync[] = {"Last Successful Sync Time", "最終正常同期時刻",
                                         "最後に成功した同期時刻", NULL};
    struct kvlist l;
    memset(&l, 0, sizeof l);
    if (read_file(c, "system/w32tm_status.txt", &raw) &&
        kvtext_parse((const unsigned char *)raw.data, raw.len, &l, &d) == 0) {
        const struct kv *kv = kv_find(&l, k_sync);
        long long v;
        if (kv && parse_windows_time(kv->val, c->tz_min, &v) == 0)
            consider(n, v, "system/w32tm_status.txt");
    }
    kvlist_free(&l);
    buf_free(&raw);
}

void check_snapshot_time(struct chk *c, long long collected)
{
    if (collected >= 0) {
        c->now = collected;
        return;
    }
    struct newest n = {-1, ""};
    tsv_times(c, "oqs/results.tsv", 1, &n);
    tsv_times(c, "oqs/folders.tsv", 3, &n);
    local_times(c, &n);
    if (n.t < 0) {
        report_add(c->r, "snapshot.time", FST_UNKNOWN, "manifest.json",
                   json_pack("{s:s, s:b}", "file", "manifest.json", "estimated", 0),
                   "The snapshot has no collection time and no time inside it: times are judged "
                   "against this machine's clock",
                   "スナップショットに収集時刻も中の時刻もない: この端末の時計で判定する");
        return;
    }
    c->now = n.t;
    char when[32];
    plat_utc_rfc3339(n.t, when);
    report_add(c->r, "snapshot.time", FST_OK, n.from,
               json_pack("{s:s, s:s, s:b}", "file", n.from, "time", when, "estimated", 1),
               "No collection time in a manifest: the snapshot is judged as of %s, the newest "
               "time inside it (%s)",
               "manifest に収集時刻がない: スナップショット内の最も新しい時刻 %s (%s) の時点として判定する",
               when, n.from);
}
