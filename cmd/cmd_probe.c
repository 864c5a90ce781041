/* oqsdiag probe NAME... — the network probes (dns, ntp, proxy, tls) on this
 * machine, run together under one deadline, as one report (source "live"). */
#include <string.h>

#include "../core/platform.h"
#include "../kb/kb.h"
#include "../probes/probes.h"
#include "cmd.h"

/* One live line on a terminal: "dns: resolving" overwritten in place. */
static void show_state(void *ud, const char *probe, const char *state, int done)
{
    FILE *f = ud;
    fprintf(f, "\r\033[K%s: %s%s", probe, state, done ? "\n" : "");
    fflush(f);
}

int cmd_probe(struct cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cmd_usage_error(cli, "probe: name a probe (%s)", "dns, ntp, proxy, tls");
    for (int i = 1; i < argc; i++) {
        size_t k = 0;
        while (k < probe_count && strcmp(argv[i], probe_names[k]) != 0)
            k++;
        if (k == probe_count)
            return cmd_usage_error(cli, "probe: unknown probe '%s' (dns, ntp, proxy, tls)", argv[i]);
        if (strcmp(argv[i], "proxy") == 0 || strcmp(argv[i], "tls") == 0)
            return cmd_not_built(cli, strcmp(argv[i], "tls") == 0 ? "probe tls" : "probe proxy");
    }
    struct oqs_err err = {{0}};
    struct kb *kb = kb_load(cli->kb_dir, &err);
    if (!kb) {
        fprintf(cli->err, "oqsdiag: %s\n", err.msg);
        return EXIT_TOOL;
    }
    struct report *r = cmd_live_report();
    if (!r) {
        kb_free(kb);
        fprintf(cli->err, "oqsdiag: out of memory\n");
        return EXIT_TOOL;
    }
    struct probe_progress pg = {show_state, cli->err};
    int live = !cli->quiet && cli->err == stderr && plat_isatty(stderr);
    int rc = probes_run(cli->cfg, (const char *const *)argv + 1, (size_t)argc - 1, r,
                        live ? &pg : NULL, &err);
    if (rc == 0)
        rc = kb_match(kb, r, NULL, &err);
    kb_free(kb);
    if (rc < 0) {
        report_free(r);
        fprintf(cli->err, "oqsdiag: probe: %s\n", err.msg);
        return EXIT_TOOL;
    }
    cmd_report_done(r);
    int status = cmd_emit_report(cli, r);
    report_free(r);
    return status;
}
