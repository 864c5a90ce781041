/* The pipeline above collectors and kb: a snapshot's checks (checks_run), its
 * host, then the knowledge base over the findings and the snapshot's lines.
 * cmd/ is the one layer that may use both (README.md, "Layout"). */
#include "diagnose.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/memtree.h"
#include "core/platform.h"
#include "core/progress.h"
#include "kb/kb.h"
#include "probes/probes.h"
#include "collectors/checks/checks.h"
#include "core/source.h"
#include "collectors/parsers/system_info.h"

/* The host as the snapshot names it: manifest.json's, else systeminfo's. */
static void snapshot_host(struct report *r, struct source *src, const char *dir)
{
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (strcmp(f->id, "snapshot.manifest") == 0 && f->status == FST_OK) {
            const char *h = json_string_value(json_object_get(f->evidence, "host"));
            if (h && *h) {
                report_set_host(r, h);
                return;
            }
        }
    }
    char host[256];
    if (system_info_read(src, host, sizeof host, NULL, NULL, 0) & 1) {
        report_set_host(r, host);
        return;
    }
    const char *b = strrchr(dir, '/');
    report_set_host(r, b && b[1] ? b + 1 : dir);
}

/* The built-in KB is the same for every snapshot: loaded once per process
 * and shared read-only by every analysis and job thread (kb_match only
 * reads it; each scan has its own match data). Kept for the process's
 * life. A KB directory (kb_dir) is read per call, as the user may edit it. */
static struct kb *g_builtin;
static atomic_int g_builtin_state; /* 0 none, 1 loading, 2 loaded, 3 failed */

static struct kb *builtin_kb(void)
{
    int st = 0;
    if (atomic_compare_exchange_strong(&g_builtin_state, &st, 1)) {
        g_builtin = kb_load(NULL, NULL);
        atomic_store(&g_builtin_state, g_builtin ? 2 : 3);
    }
    while ((st = atomic_load(&g_builtin_state)) == 1)
        ;
    return st == 2 ? g_builtin : NULL;
}

/* Nothing of the layout was there to read: say so first, so the report
 * (and the exit status 3 it gets) opens with why nothing was judged. */
static int not_a_snapshot(struct report *r, const char *name, struct oqs_err *err)
{
    if (report_add(r, "snapshot.layout", FST_UNKNOWN, name,
                   json_pack("{s:s}", "path", name),
                   "%s holds none of the snapshot layout's files (or none could be read): not a snapshot",
                   "%s にはスナップショットのファイルが1つもありません (または読めません): スナップショットではありません",
                   name) < 0)
        return oqs_errf(err, "out of memory");
    struct finding f = r->findings[r->nfindings - 1];
    memmove(r->findings + 1, r->findings, (r->nfindings - 1) * sizeof *r->findings);
    r->findings[0] = f;
    return 0;
}

/* name: the snapshot's name when nothing in it names the host. Takes src. */
static int analyze_source(struct source *src, const char *name, const struct config *cfg,
                          const char *kb_dir, struct report **out, struct oqs_err *err)
{
    *out = NULL;
    long long t0 = plat_now_ms();
    struct kb *shared = kb_dir ? NULL : builtin_kb();
    /* Failing to load the built-in KB is reported per call, with why. */
    struct kb *kb = shared ? shared : kb_load(kb_dir, err);
    if (!kb) {
        source_free(src);
        return -1;
    }
    struct report *r = report_new("snapshot");
    if (!r) {
        if (kb != shared)
            kb_free(kb);
        source_free(src);
        return oqs_errf(err, "out of memory");
    }
    plat_utc_rfc3339(-1, r->started);
    int rc = checks_run(src, cfg, r, err);
    if (rc == 0 && source_found(src) == 0)
        rc = not_a_snapshot(r, name, err);
    if (rc == 0) {
        snapshot_host(r, src, name);
        rc = kb_match(kb, r, src, err);
    }
    if (kb != shared)
        kb_free(kb);
    source_free(src);
    if (rc != 0) {
        report_free(r);
        return -1;
    }
    r->elapsed_ms = plat_now_ms() - t0;
    *out = r;
    return 0;
}

int analyze_dir(const char *dir, const struct config *cfg, const char *kb_dir,
                struct report **out, struct oqs_err *err)
{
    *out = NULL;
    struct source *src = source_dir(dir, err);
    if (!src)
        return -1;
    return analyze_source(src, dir, cfg, kb_dir, out, err);
}

int analyze_memtree(const struct memtree *tree, const struct config *cfg, const char *kb_dir,
                    struct report **out, struct oqs_err *err)
{
    *out = NULL;
    struct source *src = source_memtree(tree, err);
    if (!src)
        return -1;
    return analyze_source(src, tree->name ? tree->name : "", cfg, kb_dir, out, err);
}

int diagnose_live(struct cli *cli, const struct kb *kb, struct report *r, struct oqs_err *err)
{
    struct progress *prog = NULL;
    struct probe_progress pg = {0};
    cmd_ask_pfx_password(cli);
    struct source *src = source_live(cli->cfg, err);
    if (!src)
        return -1;
    if (progress_wanted(cli->err, cli->quiet) && (prog = progress_new(cli->err)))
        progress_hook(prog, &pg);
    int rc = probes_run(cli->cfg, NULL, 0, r, prog ? &pg : NULL, err);
    progress_finish(prog);
    if (rc == 0)
        rc = checks_run(src, cli->cfg, r, err);
    if (rc == 0)
        rc = kb_match(kb, r, src, err);
    source_free(src);
    return rc == 0 ? 0 : -1;
}
