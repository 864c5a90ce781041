/* oqsdiag doctor: every network probe and every local check on this
 * machine, matched against the knowledge base, as one report. */
#include "cmd.h"

#include "../core/progress.h"
#include "collectors/checks/checks.h"
#include "core/source.h"
#include "../kb/kb.h"
#include "../probes/probes.h"

int cmd_doctor(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cmd_usage_error(cli, "doctor takes no arguments: '%s'", argv[1]);

    struct oqs_err err = {0};
    struct report *r = cmd_live_report();
    struct source *src = NULL;
    struct kb *kb = NULL;
    struct progress *prog = NULL;
    struct probe_progress pg = {0};
    int rc = EXIT_TOOL;
    if (!r) {
        cmd_say(cli, "out of memory");
        return EXIT_TOOL;
    }
    /* The knowledge base first: a broken --kb directory is the user's
     * mistake and should stop the run before the network is touched. */
    kb = kb_load(cli->kb_dir, &err);
    if (!kb)
        goto fail;
    cmd_ask_pfx_password(cli);
    /* The local commands start now and run while the probes do. */
    src = source_live(cli->cfg, &err);
    if (!src)
        goto fail;
    /* A live line per probe, only on a terminal and without --quiet. */
    if (progress_wanted(cli->err, cli->quiet) && (prog = progress_new(cli->err)))
        progress_hook(prog, &pg);
    rc = probes_run(cli->cfg, NULL, 0, r, prog ? &pg : NULL, &err);
    progress_finish(prog);
    prog = NULL;
    if (rc != 0) {
        rc = EXIT_TOOL;
        goto fail;
    }
    rc = EXIT_TOOL;
    if (checks_run(src, cli->cfg, r, &err) != 0)
        goto fail;
    if (kb_match(kb, r, NULL, &err) != 0)
        goto fail;
    cmd_report_done(r);
    rc = cmd_emit_report(cli, r);
    goto out;
fail:
    cmd_error(cli, "doctor: %s", err.msg);
out:
    source_free(src);
    kb_free(kb);
    report_free(r);
    return rc;
}
