/* Which configuration file a run reads: --config wins, then the file
 * OQSDIAG_CONFIG names, then the machine's default file if it exists. A
 * helpdesk can leave one file on the server and every command uses it. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../core/platform.h"

#define DEFAULT_POSIX "/etc/oqsdiag.ini"

static void default_path(char *out, size_t n)
{
    char pd[900];
    if (plat_is_windows() && plat_special_dir(PLAT_DIR_PROGRAM_DATA, pd, sizeof pd) == 0)
        snprintf(out, n, "%s\\oqsdiag\\oqsdiag.ini", pd);
    else
        snprintf(out, n, "%s", DEFAULT_POSIX);
}

int cmd_config_load(struct cli *cli, const char *option_file, struct oqs_err *err)
{
    const char *env = getenv("OQSDIAG_CONFIG");
    if (option_file) {
        cli->config_from = CONFIG_FROM_OPTION;
        snprintf(cli->config_path, sizeof cli->config_path, "%s", option_file);
    } else if (env && *env) {
        cli->config_from = CONFIG_FROM_ENV;
        snprintf(cli->config_path, sizeof cli->config_path, "%s", env);
    } else {
        default_path(cli->config_path, sizeof cli->config_path);
        struct plat_dirent e;
        if (plat_stat(cli->config_path, &e) != 0) {
            cli->config_from = CONFIG_DEFAULT_ABSENT;
            return 0;
        }
        cli->config_from = CONFIG_DEFAULT_READ;
    }
    if (config_load_file(cli->cfg, cli->config_path, err) < 0) {
        if (cli->config_from == CONFIG_FROM_ENV) {
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err->msg);
            oqs_errf(err, "OQSDIAG_CONFIG names %.480s", why);
        }
        return -1;
    }
    return 0;
}

void cmd_config_print_source(const struct cli *cli)
{
    int ja = cli->lang == LANG_JA;
    const char *p = cli->config_path;
    FILE *f = cli->out;
    switch (cli->config_from) {
    case CONFIG_FROM_OPTION:
        fprintf(f, ja ? "\n設定ファイル: %s (--config)\n" : "\nConfiguration file: %s (--config)\n", p);
        break;
    case CONFIG_FROM_ENV:
        fprintf(f, ja ? "\n設定ファイル: %s (環境変数 OQSDIAG_CONFIG)\n"
                      : "\nConfiguration file: %s (named by OQSDIAG_CONFIG)\n", p);
        break;
    case CONFIG_DEFAULT_READ:
        fprintf(f, ja ? "\n設定ファイル: %s (既定の場所、読み込み済み)\n"
                      : "\nConfiguration file: %s (the default place; read)\n", p);
        break;
    case CONFIG_DEFAULT_ABSENT:
        fprintf(f, ja ? "\n設定ファイル: なし (--config も OQSDIAG_CONFIG もなく、既定の %s もない)。既定値を使用\n"
                      : "\nConfiguration file: none (no --config, no OQSDIAG_CONFIG, and no %s); defaults apply\n", p);
        break;
    }
}
