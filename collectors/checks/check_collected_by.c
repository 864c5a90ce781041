/* The right user (issue 15): the proxy (HKCU), the certificate store
 * (CurrentUser\My), Credential Manager, Edge's version and the display
 * scaling belong to the user who ran the tool. The manual's user is
 * OqsComApp (1); collected as another user, those findings describe that
 * user, and each says so in its evidence. */
#include <string.h>

#include "check.h"
#include "collectors/parsers/text.h"
#include "core/platform.h"

/* The layout files read from the collecting user's profile
 * (snapshot-layout.md). */
static const char *const per_user[] = {
    "system/user_proxy.txt", "system/edge_version.txt", "system/display.txt",
    "system/cmdkey_list.txt", "certs/", "probes/local.json",
};

static int is_per_user(const char *source)
{
    for (size_t i = 0; source && i < sizeof per_user / sizeof per_user[0]; i++)
        if (strncmp(source, per_user[i], strlen(per_user[i])) == 0)
            return 1;
    return 0;
}

void check_collected_by(struct chk *c, const char *user, int elevated, size_t first)
{
    char live_user[256];
    int live_elev = -1;
    if (!user) {
        if (plat_current_user(live_user, sizeof live_user, &live_elev) != 0)
            return;
        user = live_user;
        elevated = live_elev;
    }
    if (!*user) {
        report_add(c->r, "snapshot.collected_by", FST_UNKNOWN, "manifest.json",
                   ev("manifest.json", 0, "not recorded", "OqsComApp"),
                   "Who collected is not recorded: the per-user findings (proxy, certificates, "
                   "credentials) may describe another user than OqsComApp",
                   "収集したユーザーが記録されていない: ユーザーごとの結果 (プロキシ、証明書、資格情報) "
                   "は OqsComApp 以外のものかもしれない");
        return;
    }
    int right = t_ieq(user, "OqsComApp");
    json_t *e = ev("manifest.json", 0, user, "OqsComApp");
    json_object_set_new(e, "elevated", elevated < 0 ? json_null() : json_boolean(elevated));
    if (right)
        report_add(c->r, "snapshot.collected_by", FST_OK, "manifest.json", e,
                   "Collected as OqsComApp%s", "OqsComApp で収集した%s",
                   elevated > 0 ? " (elevated)" : "");
    else
        report_add(c->r, "snapshot.collected_by", FST_WARN, "manifest.json", e,
                   "Collected as %s, not OqsComApp: the proxy (HKCU), certificate (CurrentUser\\My) "
                   "and Credential Manager findings describe %s, not the user the manual sets up (1)",
                   "%s で収集した (OqsComApp ではない): プロキシ (HKCU)、証明書 (CurrentUser\\My)、"
                   "資格情報マネージャーの結果は %s のもので、手順書のユーザーのものではない (1)",
                   user, user);
    for (size_t i = first; i < c->r->nfindings; i++) {
        struct finding *f = &c->r->findings[i];
        if (!is_per_user(f->source))
            continue;
        json_object_set_new(f->evidence, "collected_as", json_string(user));
        if (!right)
            json_object_set_new(f->evidence, "note",
                                json_string("per-user: describes the collecting user, not OqsComApp"));
    }
}
