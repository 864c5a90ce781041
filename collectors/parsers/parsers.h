#ifndef OQSDIAG_PARSERS_H
#define OQSDIAG_PARSERS_H

#include <stddef.h>
#include <string.h>

#include "text.h"

/* Parsers of the snapshot layout's files (shared/spec/snapshot-layout.md).
 * Each takes the raw bytes in any encoding the layout names (CP932,
 * UTF-16LE, UTF-8) and the Japanese or the English wording of the command.
 * Each returns 0, or -1 with d naming the line it could not read. Nothing is
 * trusted: no length field, no XML declaration. Each *_free releases what its
 * parser filled (safe on a zeroed or half-filled struct). */

/* ---- key : value lists: systeminfo, w32tm /query, Format-List (kvtext.c) ---- */
struct kv {
    char *key, *val;     /* NUL-terminated, inside the list's text */
    unsigned line;
};
struct kvlist {
    struct kv *v;
    size_t n, cap;
    char *error;         /* an error line the command printed, if any */
    unsigned error_line;
    char *text;          /* the decoded text the keys and values lie in */
};
/* At most this many "name: value" lines: what Windows prints has hundreds;
 * more is refused with the line, so memory stays near the file's bytes. */
#define KVTEXT_MAX_LINES 65536
int kvtext_parse(const unsigned char *raw, size_t n, struct kvlist *out, struct parse_diag *d);
void kvlist_free(struct kvlist *l);
/* The first entry whose key is one of names (NULL-terminated), or NULL. */
const struct kv *kv_find(const struct kvlist *l, const char *const *names);

/* ---- reg query (reg_query.c) ---- */
struct reg_value {
    char *key, *name, *type, *data;
    unsigned line;
};
struct reg_query {
    struct reg_value *v;
    size_t n, cap;
    int not_found;       /* "ERROR: ... unable to find" / 「見つかりませんでした」 */
    unsigned not_found_line;
};
int reg_query_parse(const unsigned char *raw, size_t n, struct reg_query *out,
                    struct parse_diag *d);
void reg_query_free(struct reg_query *q);
/* The first value named name (case-insensitive) under any key, or NULL. */
const struct reg_value *reg_find(const struct reg_query *q, const char *name);
/* The value named name under the same key as other. */
const struct reg_value *reg_find_sibling(const struct reg_query *q, const struct reg_value *other,
                                         const char *name);
/* REG_DWORD "0x60" or decimal: 0 and *v, else -1. */
int reg_dword(const struct reg_value *rv, long long *v);

/* ---- net user NAME (net_user.c) ---- */
struct net_user {
    int found;            /* 0: "The user name could not be found" */
    unsigned found_line;
    char name[128];       /* as Windows stores it: the case matters (manual 1) */
    unsigned name_line;
    int active;           /* 1 yes, 0 no, -1 not shown */
    unsigned active_line;
    struct strv groups;   /* local group memberships, without the '*' */
    unsigned groups_line; /* the "Local Group Memberships" line; 0: not shown.
                           * Shown with no group ("*None" or nothing): none */
    char password_expires[64]; /* "Never" / 無期限 / a date, as printed */
    unsigned password_expires_line;
};
int net_user_parse(const unsigned char *raw, size_t n, struct net_user *out,
                   struct parse_diag *d);
void net_user_free(struct net_user *u);

/* ---- net localgroup NAME / net share (net_list.c): the rows under the
 * dashed line, up to "The command completed successfully." ---- */
struct net_list {
    struct strv rows;     /* localgroup: member names; share: share names */
    struct strv paths;    /* share: the resource of each row ("" if none) */
    int no_such;          /* the group does not exist */
};
int net_localgroup_parse(const unsigned char *raw, size_t n, struct net_list *out,
                         struct parse_diag *d);
int net_share_parse(const unsigned char *raw, size_t n, struct net_list *out,
                    struct parse_diag *d);
void net_list_free(struct net_list *l);

/* ---- schtasks /query /fo csv /v (schtasks_csv.c) ---- */
struct sched_row {
    char *name;           /* "\OQS_exec_comappstart" as printed */
    char *status;         /* Ready / 準備完了 / Disabled / 無効 ... */
    char *last_run;
    char *last_result;    /* as printed: decimal, maybe negative */
    char *state;          /* Scheduled Task State: Enabled / 有効 / Disabled / 無効 */
    char *run_as;
    unsigned line;
};
struct schtasks {
    struct sched_row *rows;
    size_t n, cap;
    int by_position;      /* no header was recognised: columns by position */
};
int schtasks_csv_parse(const unsigned char *raw, size_t n, struct schtasks *out,
                       struct parse_diag *d);
void schtasks_free(struct schtasks *s);
/* The row of a task by its name (folder path ignored, case-insensitive). */
const struct sched_row *schtasks_find(const struct schtasks *s, const char *task);
/* 1 enabled, 0 disabled, -1 cannot tell. */
int sched_row_enabled(const struct sched_row *r);
/* The last result as a 32-bit code: 0 ok, -1 none (never run, N/A). */
int sched_result_code(const char *s, unsigned long *code);
/* The Windows meaning of a task result code, or NULL. */
const char *sched_result_meaning(unsigned long code);

/* ---- Task Scheduler XML (task_xml.c, expat) ---- */
struct task_xml {
    int enabled;          /* Settings/Enabled; absent means true */
    unsigned enabled_line;
    int ntriggers;        /* enabled triggers */
    int ntriggers_all;
    char user_id[256];    /* Principals/Principal/UserId: SID, name or HOST\name */
    unsigned user_line;
    char logon_type[64];
    char command[512];    /* Actions/Exec/Command */
};
int task_xml_parse(const unsigned char *raw, size_t n, struct task_xml *out,
                   struct parse_diag *d);

/* ---- netsh winhttp show proxy (netsh_proxy.c) ---- */
struct winhttp_proxy {
    int direct;           /* 直接アクセス / Direct access */
    char server[256];     /* "proxy.base.oqs-pdl.org:8080" (https= entry if per scheme) */
    unsigned server_line;
    char *bypass;         /* as printed, "" when none */
    unsigned bypass_line;
};
int netsh_proxy_parse(const unsigned char *raw, size_t n, struct winhttp_proxy *out,
                      struct parse_diag *d);
void winhttp_proxy_free(struct winhttp_proxy *p);
/* Splits a bypass list (';', ',' or white space) into lower-case entries. */
int bypass_split(const char *list, struct strv *out);

/* ---- Get-SmbShareAccess | Format-List (smb_access.c) ---- */
enum smb_type { SMB_ALLOW, SMB_DENY, SMB_TYPE_UNKNOWN };
/* In the order of MSFT_SmbShareAccessControlEntry.AccessRight (0..3). */
enum smb_right { SMB_FULL, SMB_CHANGE, SMB_READ, SMB_CUSTOM, SMB_RIGHT_UNKNOWN };
struct smb_ace {
    char share[128];
    char account[256];   /* as Windows printed it: BUILTIN\Administrators, Everyone */
    enum smb_type type;
    enum smb_right right;
    char right_text[32]; /* the value as printed, for the evidence */
    unsigned line;       /* of AccountName */
};
struct smb_access {
    struct smb_ace *v;
    size_t n, cap;
    size_t incomplete;       /* records without Name or AccountName, skipped */
    unsigned incomplete_line;
    char *error;             /* an error record PowerShell printed, if any */
    unsigned error_line;
};
/* 0 and no entry for an empty file (no share under the OQS folders). */
int smb_access_parse(const unsigned char *raw, size_t n, struct smb_access *out,
                     struct parse_diag *d);
void smb_access_free(struct smb_access *a);

/* ---- desktop shortcuts ---- */
/* 1 when a shortcut (its file name, its target; either may be NULL) opens
 * the delivery app's management tool: the manual (8-01 step 4) names it
 * 「オンライン資格確認配信アプリケーション管理ツール」; its program lives under
 * the OQSDistroApp install folder (research §7), its own file name is not
 * public. Inline: the collector and the check share it (and the Windows
 * build's source list). */
static inline int shortcut_is_distroapp_tool(const char *name, const char *target)
{
    return (name && t_ifind(name, strlen(name), "配信アプリケーション管理ツール")) ||
           (target && t_ifind(target, strlen(target), "\\OQSDistroApp\\"));
}

/* ---- cmdkey /list (cmdkey.c): targets and user names, never secrets ---- */
struct cred_entry {
    char target[256];     /* "OQS_LOGIN_KEY" (LegacyGeneric:target= removed) */
    char user[256];
    unsigned line;
};
struct cmdkey_list {
    struct cred_entry *v;
    size_t n, cap;
    int none;             /* "* NONE *" / 「* なし *」 */
};
int cmdkey_parse(const unsigned char *raw, size_t n, struct cmdkey_list *out,
                 struct parse_diag *d);
void cmdkey_free(struct cmdkey_list *l);
const struct cred_entry *cmdkey_find(const struct cmdkey_list *l, const char *target);

/* ---- INI-like key=value files: 配信実績, *.property, encrypt.conf (ini.c) ---- */
struct ini_entry {
    char *section, *key, *val;
    unsigned line;
};
struct ini {
    struct ini_entry *v;
    size_t n, cap;
};
int ini_parse(const unsigned char *raw, size_t n, struct ini *out, struct parse_diag *d);
void ini_free(struct ini *f);
/* section NULL: any section. */
const struct ini_entry *ini_find(const struct ini *f, const char *section, const char *key);

/* ---- TAB-separated files the collector writes (tsv.c) ---- */
struct tsv_row {
    char **f;
    size_t nf;
    unsigned line;
};
struct tsv {
    struct tsv_row *rows;
    size_t n, cap;
};
/* Rows with fewer than min_fields fields fail with d naming the line. */
int tsv_parse(const unsigned char *raw, size_t n, size_t min_fields, struct tsv *out,
              struct parse_diag *d);
void tsv_free(struct tsv *t);
/* RFC 3339 ("2026-11-20T09:00:00Z", "+09:00" offsets) or epoch seconds. */
int parse_time_utc(const char *s, long long *t);

/* ---- icacls (icacls.c) ---- */
struct ace {
    char *path, *principal, *perms;
    unsigned line;
};
struct acl_list {
    struct ace *v;
    size_t n, cap;
};
/* folders: the paths icacls was asked about (NULL-terminated, or NULL); a
 * line that starts with one of them is that folder's. */
int icacls_parse(const unsigned char *raw, size_t n, const char *const *folders,
                 struct acl_list *out, struct parse_diag *d);
void acl_list_free(struct acl_list *a);

/* ---- Version.info (versions.c) ---- */
/* The first dotted version number of the file ("4.1.2"), preferring a line
 * that names the version. */
int version_info_parse(const unsigned char *raw, size_t n, char *ver, size_t cap,
                       unsigned *line, struct parse_diag *d);
/* Compares dotted versions numerically: <0, 0, >0. */
int version_cmp(const char *a, const char *b);
/* Finds "4.1.2"-like text in s; 0 and ver, else -1. */
int version_find(const char *s, size_t n, char *ver, size_t cap);

/* y-m-d h:mi:s (UTC) as seconds since the epoch: 0 and *t, -1 when not a
 * valid date of 1970-9999 (tsv.c). */
int civil_epoch(int y, int mo, int d, int h, int mi, int s, long long *t);

/* ---- local time as Windows prints it (local_time.c) ---- */
/* The order of a short date's fields. Windows prints dates in the user's
 * short date format (30/05/2023, 30.05.2023, 2023-05-30, 5/30/2023,
 * 2023/05/30), not one tied to the display language. */
enum date_order { DATE_ORDER_UNKNOWN, DATE_YMD, DATE_MDY, DATE_DMY };
/* "day/month/year" and so on, for evidence. */
const char *date_order_name(enum date_order o);
/* The usual short date order of a locale tag as systeminfo prints it
 * ("ja;日本語", "en-gb;English (United Kingdom)"), or DATE_ORDER_UNKNOWN. */
enum date_order date_order_for_locale(const char *locale);
/* "30/05/2023 20:21:27", "5/30/2023 8:21:27 PM", "2023-05-30 20:21:27",
 * "30.05.2023 20:21", 午前/午後 before or after the time. A year-first date,
 * a field above 12 or dots (day first) decide the order; otherwise hint
 * does. tz_min is the host's UTC offset in minutes. 0 with *t (UTC) and
 * *used; -1 unreadable; -2 day and month cannot be told apart. */
int parse_windows_date(const char *s, enum date_order hint, int tz_min, long long *t,
                       enum date_order *used);
/* parse_windows_date with month-first as the hint (schtasks' en-US and
 * ja-JP output): 0 and *t, else -1. */
int parse_windows_time(const char *s, int tz_min, long long *t);
/* "(UTC+09:00) Osaka, Sapporo, Tokyo": the offset in minutes, else -1. */
int parse_tz_offset(const char *s, int *minutes);

#endif
