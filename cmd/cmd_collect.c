/* oqsdiag collect [-o FILE] [--from DIR] [--redact] [--no-probes]: a support
 * bundle (issue 6, docs/bundle.md). Live: the layout gathered from this host
 * (collectors/sources/live.c) and the network probes (probes/network.json) into a
 * private temporary folder, then packed; --from: an existing snapshot folder
 * packed. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "collectors/bundle/bundle_pack.h"
#include "collectors/sources/live.h"
#include "../core/platform.h"
#include "../probes/probes.h"

#define STAGE_PREFIX "oqsdiag-collect-live"

struct notes {
    struct bundle_note *v;
    size_t n, cap;
    int oom;
};

/* live_snapshot_write's report of a file it could not produce. */
static void on_skipped(const char *relpath, const char *why, void *ud)
{
    struct notes *ns = ud;
    struct bundle_note *p = oqs_grow(ns->v, &ns->cap, ns->n + 1, sizeof *p);
    if (!p) {
        ns->oom = 1;
        return;
    }
    ns->v = p;
    char *a = strdup(relpath), *b = strdup(why);
    if (!a || !b) {
        free(a);
        free(b);
        ns->oom = 1;
        return;
    }
    ns->v[ns->n].path = a;
    ns->v[ns->n].why = b;
    ns->n++;
}

static void notes_free(struct notes *ns)
{
    for (size_t i = 0; i < ns->n; i++) {
        free((char *)ns->v[i].path);
        free((char *)ns->v[i].why);
    }
    free(ns->v);
}

/* The on-site network probes as probes/network.json (report format). A
 * probe run that cannot start is noted in the manifest, not fatal: the rest
 * of the bundle still helps. */
static void write_probes(struct cli *cli, const char *dir, struct notes *ns)
{
    struct oqs_err err = {{0}};
    struct report *r = cmd_live_report();
    char path[4200];
    snprintf(path, sizeof path, "%s/probes", dir);
    cmd_ask_pfx_password(cli);
    int ok = r && probes_run(cli->cfg, NULL, 0, r, NULL, &err) == 0 && plat_mkdir_p(path, &err) == 0;
    if (ok) {
        cmd_report_done(r);
        json_t *doc = report_to_json(r);
        char *s = doc ? json_dumps(doc, JSON_INDENT(2) | OQS_JSON_FLAGS) : NULL;
        json_decref(doc);
        snprintf(path, sizeof path, "%s/probes/network.json", dir);
        ok = s && plat_write_file(path, s, strlen(s), &err) == 0;
        free(s);
    }
    if (!ok)
        on_skipped("probes/network.json", err.msg[0] ? err.msg : "out of memory", ns);
    report_free(r);
}

static void print_result(struct cli *cli, const struct bundle_result *res)
{
    int ja = cli->lang == LANG_JA;
    if (cli->quiet)
        return;
    fprintf(cli->out, ja ? "バンドル: %s (ファイル %zu 件、除外 %zu 件)\n"
                         : "bundle: %s (%zu files, %zu left out)\n",
            res->path, res->manifest->nfiles, res->manifest->nskipped);
    if (res->mapping)
        fprintf(cli->out, ja ? "対応表: %s (この端末に保管し、送らないでください)\n"
                             : "mapping: %s (keep it here; do not send it)\n",
                res->mapping);
}

struct collect_opts {
    const char *from;
    int redact, probes;
};

static int on_option(struct cli *cli, void *ud, enum cmd_opt_id id, const char *v)
{
    struct collect_opts *o = ud;
    (void)cli;
    if (id == OPT_COLLECT_FROM)
        o->from = v;
    else if (id == OPT_COLLECT_REDACT)
        o->redact = 1;
    else if (id == OPT_COLLECT_NO_PROBES)
        o->probes = 0;
    return 0;
}

int cmd_collect(struct cli *cli, int argc, char **argv)
{
    struct collect_opts co = {.probes = 1};
    int bad = cmd_parse_options(cli, &argc, argv, on_option, &co);
    if (bad)
        return bad;
    if (argc > 1)
        return cmd_usage_error(cli, "collect: unknown argument '%s'", argv[1]);
    if (co.from && !*co.from)
        return cmd_usage_error(cli, "collect: %s needs a folder", "--from");
    const char *from = co.from;
    int redact = co.redact, probes = co.probes;
    struct bundle_opts o = {.cfg = cli->cfg, .redact = redact, .output = cli->output};
    struct bundle_result res;
    struct oqs_err err = {{0}};
    char host[256] = "";
    if (from) {
        if (bundle_collect(from, &o, &res, &err) < 0) {
            cmd_error(cli, "collect: %s", err.msg);
            return EXIT_TOOL;
        }
        print_result(cli, &res);
        bundle_result_free(&res);
        return 0;
    }
    if (!plat_is_windows())
        cmd_say(cli, "not a Windows host: only the network probes can be collected here");
    /* A run killed before it could clean up left its staged copy; the
     * folder names the process, so only dead ones' are removed. */
    plat_tmp_sweep(STAGE_PREFIX);
    char *tmp = plat_mkdtemp(STAGE_PREFIX, &err);
    if (!tmp) {
        cmd_error(cli, "collect: %s", err.msg);
        return EXIT_TOOL;
    }
    struct notes ns = {0};
    int rc = EXIT_TOOL;
    if (live_snapshot_write(tmp, cli->cfg, on_skipped, &ns, &err) < 0 || ns.oom) {
        cmd_error(cli, "collect: %s", ns.oom ? "out of memory" : err.msg);
        goto out;
    }
    if (probes)
        write_probes(cli, tmp, &ns);
    if (plat_hostname(host, sizeof host) == 0)
        o.host = host;
    o.live = 1;
    o.notes = ns.v;
    o.nnotes = ns.n;
    if (bundle_collect(tmp, &o, &res, &err) < 0) {
        cmd_error(cli, "collect: %s", err.msg);
        goto out;
    }
    print_result(cli, &res);
    bundle_result_free(&res);
    rc = 0;
out:
    plat_rmtree(tmp);
    free(tmp);
    notes_free(&ns);
    return rc;
}
