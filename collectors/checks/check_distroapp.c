/* manual 8-03 3: the 配信実績 record shows the medical institution code and the
 * computer name ([Information] MedicalInstitutionCode=, TerminalID=); empty
 * means the certificate (4) or the task registration (8-02) went wrong. 8-01
 * 注意: the extended delivery-server path stays empty unless told otherwise. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "collectors/layout.h"

#define F_RECORD LAYOUT_PATH(RECORD)
#define F_SETTINGS LAYOUT_PATH(DISTRO_SETTINGS)

static int ten_digits(const char *s)
{
    size_t n = strlen(s);
    if (n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static void record(struct chk *c, const struct ini *f)
{
    const struct ini_entry *mic = ini_find(f, "Information", "MedicalInstitutionCode");
    if (!mic)
        mic = ini_find(f, NULL, "MedicalInstitutionCode");
    const struct ini_entry *tid = ini_find(f, "Information", "TerminalID");
    if (!tid)
        tid = ini_find(f, NULL, "TerminalID");
    const char *mv = mic ? mic->val : "";
    if (ten_digits(mv) || (c->mic_masked && mv[0]))
        report_add(c->r, "distroapp.record.institution_code", FST_OK, F_RECORD,
                   ev(F_RECORD, mic->line, mv, "10 digits"),
                   "The 配信実績 record has the medical institution code",
                   "配信実績に医療機関コードが出力されている");
    else
        report_add(c->r, "distroapp.record.institution_code", FST_FAIL, F_RECORD,
                   ev(F_RECORD, mic ? mic->line : 0, mic ? mv : "absent", "10 digits"),
                   mv[0] ? "The 配信実績 record's MedicalInstitutionCode \"%s\" is not 10 digits"
                         : "The 配信実績 record has no medical institution code%s (manual 8-03)",
                   mv[0] ? "配信実績の医療機関コード「%s」が10桁の数字ではない"
                         : "配信実績に医療機関コードが出力されていない%s (手順書 8-03)",
                   mv);
    const char *tv = tid ? tid->val : "";
    if (tv[0])
        report_add(c->r, "distroapp.record.terminal_id", FST_OK, F_RECORD,
                   ev(F_RECORD, tid->line, tv, "the computer name"),
                   "The 配信実績 record has TerminalID %s", "配信実績に端末ID %s が出力されている", tv);
    else
        report_add(c->r, "distroapp.record.terminal_id", FST_FAIL, F_RECORD,
                   ev(F_RECORD, tid ? tid->line : 0, tid ? "" : "absent", "the computer name"),
                   "The 配信実績 record has no TerminalID (manual 8-03)",
                   "配信実績に端末ID (コンピューター名) が出力されていない (手順書 8-03)");
}

static void settings(struct chk *c, const struct ini *f)
{
    for (size_t i = 0; i < f->n; i++) {
        const char *k = f->v[i].key;
        size_t kn = strlen(k);
        if (!(t_ifind(k, kn, "ExtendedPath") || t_ifind(k, kn, "ExtPath") || t_ifind(k, kn, "拡張パス")))
            continue;
        if (f->v[i].val[0])
            report_add(c->r, "distroapp.settings.extended_path", FST_WARN, F_SETTINGS,
                       ev(F_SETTINGS, f->v[i].line, f->v[i].val, ""),
                       "An extended delivery-server path is set (%s); the manual says leave it empty "
                       "unless told otherwise (8-01)",
                       "配信サーバー接続の拡張パス (%s) が設定されている。別途案内がない限り設定しない (手順書 8-01)",
                       f->v[i].val);
        else
            report_add(c->r, "distroapp.settings.extended_path", FST_OK, F_SETTINGS,
                       ev(F_SETTINGS, f->v[i].line, "", ""), "No extended delivery-server path%s",
                       "拡張パスは未設定%s", "");
        return;
    }
}

void check_distroapp(struct chk *c)
{
    struct input in;
    int rd = chk_read(c, "distroapp", F_RECORD, "distroapp.record.institution_code", &in);
    if (rd < 0) {
        input_free(&in);
        return;
    }
    struct parse_diag d = {0};
    struct ini f;
    if (rd > 0) {
        if (ini_parse((const unsigned char *)in.raw.data, in.raw.len, &f, &d) == 0) {
            record(c, &f);
        } else if (in.raw.len == 0) {
            /* an empty record is what 8-03 describes: nothing was delivered */
            memset(&f, 0, sizeof f);
            record(c, &f);
        } else {
            chk_unreadable(c, "distroapp", F_RECORD, &d);
        }
        ini_free(&f);
    }
    input_free(&in);
    if (chk_read(c, "distroapp", F_SETTINGS, "distroapp.settings.extended_path", &in) > 0) {
        if (ini_parse((const unsigned char *)in.raw.data, in.raw.len, &f, &d) == 0)
            settings(c, &f);
        else
            chk_unreadable(c, "distroapp", F_SETTINGS, &d);
        ini_free(&f);
    }
    input_free(&in);
}
