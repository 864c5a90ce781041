/* oqsdiag doctor: every network probe and every local check on this
 * machine, matched against the knowledge base, as one report. */
#include "cmd.h"

#include "cmd/diagnose.h"
#include "../kb/kb.h"

int cmd_doctor(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cmd_usage_error(cli, "doctor takes no arguments: '%s'", argv[1]);

    struct oqs_err err = {0};
    struct report *r = cmd_live_report();
    struct kb *kb = NULL;
    int rc = EXIT_TOOL;
    if (!r) {
        cmd_say(cli, "out of memory");
        return EXIT_TOOL;
    }
    /* The knowledge base first: a broken --kb directory is the user's
     * mistake and should stop the run before the network is touched. */
    kb = kb_load(cli->kb_dir, &err);
    if (!kb || diagnose_live(cli, kb, r, &err) != 0) {
        cmd_error(cli, "doctor: %s", err.msg);
    } else {
        cmd_report_done(r);
        rc = cmd_emit_report(cli, r);
    }
    kb_free(kb);
    report_free(r);
    return rc;
}
