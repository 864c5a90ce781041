/* oqsdiag version: ours and the libraries', which a helpdesk asks for first. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <archive.h>
#include <ares.h>
#include <curl/curl.h>
#include <expat.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <pcre2.h>

#include "cmd.h"

/* libarchive 3.6 rebuilds its details string on every call and drops the
 * previous buffer (its "init" flag is never set), so a second call leaks
 * 128 bytes under LeakSanitizer and valgrind: ask once per process. */
static const char *libarchive_details(void)
{
    static const char *details;
    if (!details)
        details = archive_version_details();
    return details;
}

int cmd_version(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cmd_usage_error(cli, "version takes no arguments, got '%s'", argv[1]);
    char pcre[64] = "";
    pcre2_config(PCRE2_CONFIG_VERSION, pcre);
    json_t *libs = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "c-ares", ares_version(NULL),
                             "libcurl", curl_version_info(CURLVERSION_NOW)->version, "openssl",
                             OpenSSL_version(OPENSSL_VERSION), "pcre2", pcre, "expat",
                             XML_ExpatVersion(), "jansson", JANSSON_VERSION, "libarchive",
                             libarchive_details());
    if (cli->format == OUT_JSON) {
        json_t *doc = json_pack("{s:s, s:s, s:i, s:i, s:o}", "name", OQSDIAG_NAME, "version",
                                OQSDIAG_VERSION, "report_format", OQSDIAG_REPORT_FORMAT,
                                "snapshot_format", OQSDIAG_SNAPSHOT_FORMAT, "libraries", libs);
        json_dumpf(doc, cli->out, JSON_INDENT(2) | OQS_JSON_FLAGS);
        fputc('\n', cli->out);
        json_decref(doc);
        return 0;
    }
    fprintf(cli->out, "%s %s (report format %d, snapshot format %d)\n", OQSDIAG_NAME,
            OQSDIAG_VERSION, OQSDIAG_REPORT_FORMAT, OQSDIAG_SNAPSHOT_FORMAT);
    const char *k;
    json_t *v;
    json_object_foreach(libs, k, v) fprintf(cli->out, "  %-10s %s\n", k, json_string_value(v));
    json_decref(libs);
    return 0;
}
