/* The PFX password prompt that `help config` promises: asked only when the
 * configured client certificate is a PFX that needs a password the
 * environment does not give, only on a terminal (standard input and error),
 * without echo; the answer lives in core/secret.h for this run alone and
 * never reaches a report. */
#include <string.h>

#include "../core/platform.h"
#include "../core/secret.h"
#include "../probes/probes.h"
#include "cmd.h"

void cmd_ask_pfx_password(struct cli *cli)
{
    if (!tls_client_needs_password(cli->cfg))
        return;
    /* A pipe, a file or a service: nobody to ask; the probe then says the
     * password is not set and names the variable. */
    if (!plat_isatty(stdin) || !plat_isatty(cli->err))
        return;
    const char *path = config_str(cli->cfg, "tls.client_cert");
    char prompt[4200];
    snprintf(prompt, sizeof prompt,
             cli->lang == LANG_JA ? "%s のパスワード (表示されません): " : "Password for %s (not shown): ",
             path);
    char pw[512];
    struct oqs_err e;
    int ok = plat_read_secret(prompt, cli->err, pw, sizeof pw, &e) == 0;
    fputc('\n', cli->err);
    if (ok && secret_set("tls.client_cert", pw) != 0)
        cmd_say(cli, "out of memory");
    else if (!ok)
        cmd_say(cli, e.msg);
    volatile char *v = pw;
    for (size_t i = 0; i < sizeof pw; i++)
        v[i] = 0;
}
