/* collect --redact and the always-on masking of credential values
 * (snapshot-layout.md, Redaction; docs/bundle.md). Patterns are PCRE2. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "bundle_redact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "core/buf.h"
#include "core/encoding.h"
#include "collectors/parsers/text.h"
#include "core/platform.h"
#include "bundle_credmask.h"
#include "bundle_textview.h"

#define RX_FLAGS (PCRE2_UTF | PCRE2_CASELESS | PCRE2_MULTILINE)

struct rentry {
    enum redact_kind kind;
    char *value;
    char *mask;
};

/* Where each kind of value appears in the layout's files (the command
 * outputs of snapshot-layout.md, Japanese and English wording). g1/g2: the
 * kind of capture group 1 and 2 (RK_COUNT: not used). */
static const struct {
    const char *rx;
    enum redact_kind g1, g2;
} learn_rx[] = {
    /* 配信実績 [Information] MedicalInstitutionCode=, or an XML element. */
    {"(?:MedicalInstitutionCode|医療機関コード)[^0-9０-９\\r\\n]{0,32}?(\\d{10}|[０-９]{10})(?![0-9０-９])", RK_CODE, RK_COUNT},
    /* systeminfo: Host Name / ホスト名, Domain / ドメイン */
    {"^[ \\t]*(?:Host Name|ホスト名)[ .\\t]*:[ \\t]*(\\S+)", RK_HOST, RK_COUNT},
    /* ipconfig /all: the DNS suffixes are the site's domain */
    {"(?:Primary Dns Suffix|Connection-specific DNS Suffix|DNS Suffix Search List|"
     "プライマリ DNS サフィックス|接続固有の DNS サフィックス|DNS サフィックス検索一覧)[ .\\t]*:[ \\t]*"
     "([A-Za-z0-9][A-Za-z0-9.-]*)", RK_HOST, RK_COUNT},
    {"^[ \\t]*(?:Domain|ドメイン)[ \\t]*:[ \\t]*(\\S+)", RK_HOST, RK_COUNT},
    /* \\HOST\share, systeminfo Logon Server */
    {"\\\\\\\\([A-Za-z0-9][A-Za-z0-9-]{0,62})(?=\\\\|\\s|$)", RK_HOST, RK_COUNT},
    /* task XML Principal/UserId: HOST\name or a bare name (SIDs are kept) */
    {"<UserId>([^<>\\\\\\r\\n]+)\\\\([^<>\\\\\\r\\n]+)</UserId>", RK_HOST, RK_USER},
    {"<UserId>([^<>\\\\\\r\\n]+)</UserId>", RK_USER, RK_COUNT},
    /* schtasks CSV run-as user "HOST\name" */
    {"\"([^\"\\\\:/\\r\\n]{1,64})\\\\([^\"\\\\:/\\r\\n]{1,64})\"", RK_HOST, RK_USER},
    /* cmdkey /list: User: / ユーザー: */
    {"^[ \\t]*(?:User|ユーザー)[ \\t]*:[ \\t]*(?:([^\\\\\\r\\n<>]+)\\\\)?([^\\\\\\r\\n<>]+?)[ \\t\\r]*$", RK_HOST, RK_USER},
    /* net user: User name / ユーザー名 */
    {"^[ \\t]*(?:User name|ユーザー名)[ \\t]+(\\S+)[ \\t\\r]*$", RK_USER, RK_COUNT},
    /* icacls: HOST\name:(OI)(CI)(M) */
    {"(?:^|[ \\t])(NT AUTHORITY|NT SERVICE|IIS APPPOOL|[^\\s\\\\:()]+)\\\\([^\\\\:\\r\\n()]+?):\\((?:[A-Z]{1,2})\\)",
     RK_HOST, RK_USER},
    /* event data: <Computer>HOST.domain</Computer>, the user and domain fields */
    {"<Computer>([^<.\\s]+)(?:\\.([^<\\s]+))?</Computer>", RK_HOST, RK_HOST},
    {"<Data Name=\"[A-Za-z]*UserName\">([^<\\r\\n]+)</Data>", RK_USER, RK_COUNT},
    {"<Data Name=\"[A-Za-z]*DomainName\">([^<\\r\\n]+)</Data>", RK_HOST, RK_COUNT},
    {"<Data(?: Name=\"[^\"]*\")?>([^<\\\\:\\s]+)\\\\([^<\\\\\\r\\n]+)</Data>", RK_HOST, RK_USER},
    /* a profile path C:\Users\name */
    {"[A-Za-z]:\\\\Users\\\\([^\\\\\\r\\n\"<>|:*?/]+)(?=[\\\\\"\\s]|$)", RK_USER, RK_COUNT},
};
#define NLEARN (sizeof learn_rx / sizeof learn_rx[0])

/* Names the checks need and that identify nobody: Windows' own accounts and
 * groups, the account the manual creates (3 01: OqsComApp) and the user name
 * it gives two credentials (資格情報の設定: OQS_Admin). */
static const char *const well_known[] = {
    "OqsComApp", "SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE", "LocalSystem", "LocalService",
    "NetworkService", "Administrator", "Administrators", "Users", "Guest", "Guests",
    "OQS_Admin", "Everyone", "INTERACTIVE", "Authenticated Users", "NT AUTHORITY", "BUILTIN", "NT SERVICE",
    "WORKGROUP", "Public", "Default", "All Users", "Default User", "DefaultAccount",
    "WDAGUtilityAccount", "localhost", "N/A", "CREATOR OWNER", "SERVICE", "BATCH", "INFO",
    "なし", "該当なし", "Window Manager", "Font Driver Host", "IIS APPPOOL",
};

struct redactor {
    struct rentry *e;
    size_t n, cap;
    size_t counts[RK_COUNT];
    pcre2_code *learn[NLEARN];
    pcre2_code *names;     /* the learnt values | IPv4, rebuilt when values change */
    size_t names_built;    /* how many name values names was built from */
    size_t nnames;
};

static int eq_fold(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

static pcre2_code *compile(const char *rx, struct oqs_err *err)
{
    int ec;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)rx, PCRE2_ZERO_TERMINATED, RX_FLAGS, &ec, &off, NULL);
    if (!c) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        oqs_errf(err, "pattern at %zu: %s", (size_t)off, (const char *)msg);
    }
    return c;
}

struct redactor *redactor_new(struct oqs_err *err)
{
    struct redactor *rd = calloc(1, sizeof *rd);
    if (!rd) {
        oqs_errf(err, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < NLEARN; i++)
        if (!(rd->learn[i] = compile(learn_rx[i].rx, err))) {
            redactor_free(rd);
            return NULL;
        }
    return rd;
}

void redactor_free(struct redactor *rd)
{
    if (!rd)
        return;
    for (size_t i = 0; i < rd->n; i++) {
        free(rd->e[i].value);
        free(rd->e[i].mask);
    }
    free(rd->e);
    for (size_t i = 0; i < NLEARN; i++)
        pcre2_code_free(rd->learn[i]);
    pcre2_code_free(rd->names);
    free(rd);
}

const char *redact_kind_name(enum redact_kind kind)
{
    switch (kind) {
    case RK_CODE: return "medical_institution_code";
    case RK_HOST: return "host";
    case RK_USER: return "user";
    case RK_IPV4: return "ipv4";
    case RK_IPV6: return "ipv6";
    default: return "?";
    }
}

size_t redactor_count(const struct redactor *rd, enum redact_kind kind)
{
    return kind < RK_COUNT ? rd->counts[kind] : 0;
}

static struct rentry *find(const struct redactor *rd, const char *value)
{
    for (size_t i = 0; i < rd->n; i++)
        if (eq_fold(rd->e[i].value, value))
            return &rd->e[i];
    return NULL;
}

const char *redactor_mask_of(const struct redactor *rd, const char *value)
{
    const struct rentry *e = find(rd, value);
    return e ? e->mask : NULL;
}

static int keep_value(enum redact_kind kind, const char *v)
{
    size_t n = strlen(v);
    if (n < 2 && kind != RK_IPV4)
        return 1;
    if (kind == RK_IPV6)
        return strcmp(v, "::1") == 0 || strcmp(v, "::") == 0;
    if (kind == RK_CODE || kind == RK_IPV4)
        return 0;
    if (strncmp(v, "S-1-", 4) == 0 || strncmp(v, "s-1-", 4) == 0)
        return 1;
    for (size_t i = 0; i < sizeof well_known / sizeof well_known[0]; i++)
        if (eq_fold(v, well_known[i]))
            return 1;
    /* Punctuation that no account or host name holds: a false capture. */
    return strpbrk(v, "<>\"|*?=") != NULL;
}

/* The mask for the i-th (1-based) value of a kind. IPv4 masks come from
 * the documentation ranges of RFC 5737, which no clinic uses. */
static void make_mask(enum redact_kind kind, const char *value, size_t i, char *out, size_t n)
{
    size_t vl = strlen(value);
    /* The OQS_LOGIN_KEY account id starts with R0 or R1 (資格情報の設定) and a
     * check looks at that: the mask keeps the prefix and the length. */
    int login_id = kind == RK_USER && vl >= 4 && vl < 24 && (value[0] == 'R' || value[0] == 'r') &&
                   (value[1] == '0' || value[1] == '1');
    for (size_t k = 2; login_id && k < vl; k++)
        login_id = (value[k] >= '0' && value[k] <= '9') || (value[k] >= 'A' && value[k] <= 'Z') ||
                   (value[k] >= 'a' && value[k] <= 'z');
    switch (kind) {
    case RK_CODE: snprintf(out, n, "%010zu", i); break;
    case RK_IPV6: snprintf(out, n, "2001:db8::%zx", i); break;
    case RK_HOST: snprintf(out, n, "host%03zu", i); break;
    case RK_USER:
        if (login_id)
            snprintf(out, n, "%c%c%0*zu", value[0], value[1], (int)(vl - 2), i);
        else
            snprintf(out, n, "user%03zu", i);
        break;
    default:
        if (i <= 254)
            snprintf(out, n, "192.0.2.%zu", i);
        else if (i <= 508)
            snprintf(out, n, "198.51.100.%zu", i - 254);
        else if (i <= 762)
            snprintf(out, n, "203.0.113.%zu", i - 508);
        else
            snprintf(out, n, "ipv4-%zu", i);
        break;
    }
}

/* Full-width digits (U+FF10..FF19, the institution code as a form shows
 * it) to ASCII, in place. */
static void ascii_digits(char *v)
{
    char *o = v;
    for (const char *p = v; *p;) {
        if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBC &&
            (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99) {
            *o++ = (char)('0' + ((unsigned char)p[2] - 0x90));
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
}

/* Adds a value (trimmed); *out (may be NULL) is its entry, or NULL when the
 * value is kept as it is. 0, or -1 out of memory. */
static int add(struct redactor *rd, enum redact_kind kind, const char *value, size_t len,
               struct rentry **out)
{
    if (out)
        *out = NULL;
    char *v = malloc(len + 1);
    if (!v)
        return -1;
    memcpy(v, value, len);
    v[len] = '\0';
    /* Trim: command outputs pad with spaces. */
    size_t s = 0, e = len;
    while (s < e && (v[s] == ' ' || v[s] == '\t'))
        s++;
    while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
        e--;
    memmove(v, v + s, e - s);
    v[e - s] = '\0';
    if (kind == RK_CODE)
        ascii_digits(v);
    struct rentry *old = find(rd, v);
    if (old || keep_value(kind, v)) {
        free(v);
        if (out)
            *out = old;
        return 0;
    }
    struct rentry *p = oqs_grow(rd->e, &rd->cap, rd->n + 1, sizeof *p);
    if (!p) {
        free(v);
        return -1;
    }
    rd->e = p;
    char m[32];
    make_mask(kind, v, ++rd->counts[kind], m, sizeof m);
    struct rentry *ne = &rd->e[rd->n];
    ne->kind = kind;
    ne->value = v;
    ne->mask = strdup(m);
    if (!ne->mask) {
        free(v);
        rd->counts[kind]--;
        return -1;
    }
    rd->n++;
    if (kind != RK_IPV4 && kind != RK_IPV6)
        rd->nnames++;
    if (out)
        *out = ne;
    return 0;
}

int redactor_add(struct redactor *rd, enum redact_kind kind, const char *value)
{
    return value ? add(rd, kind, value, strlen(value), NULL) : 0;
}

static int has(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

/* net localgroup: the member lines between the dashes and the closing line. */
static int learn_members(struct redactor *rd, const char *text, size_t n)
{
    struct lines l;
    const char *line;
    size_t len;
    int in = 0;
    lines_init(&l, text, n);
    while (lines_next(&l, &line, &len)) {
        if (len >= 3 && strncmp(line, "---", 3) == 0) {
            in = 1;
            continue;
        }
        if (!in || len == 0)
            continue;
        if (has(line, len, "completed") || has(line, len, "正常に終了"))
            break;
        const char *bs = memchr(line, '\\', len);
        if (bs) {
            if (add(rd, RK_HOST, line, (size_t)(bs - line), NULL) < 0 ||
                add(rd, RK_USER, bs + 1, len - (size_t)(bs - line) - 1, NULL) < 0)
                return -1;
        } else if (add(rd, RK_USER, line, len, NULL) < 0) {
            return -1;
        }
    }
    return 0;
}

int redactor_learn(struct redactor *rd, const char *relpath, const char *text, size_t n,
                   struct oqs_err *err)
{
    if (strncmp(relpath, "system/net_localgroup", 21) == 0 && learn_members(rd, text, n) < 0)
        return oqs_errf(err, "out of memory");
    for (size_t i = 0; i < NLEARN; i++) {
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(rd->learn[i], NULL);
        if (!md)
            return oqs_errf(err, "out of memory");
        PCRE2_SIZE off = 0;
        int rc;
        while (off <= n && (rc = pcre2_match(rd->learn[i], (PCRE2_SPTR)text, n, off, 0, md,
                                             NULL)) > 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            enum redact_kind kinds[2] = {learn_rx[i].g1, learn_rx[i].g2};
            for (int g = 1; g <= 2 && g < rc; g++) {
                if (kinds[g - 1] == RK_COUNT || ov[2 * g] == PCRE2_UNSET)
                    continue;
                if (add(rd, kinds[g - 1], text + ov[2 * g], ov[2 * g + 1] - ov[2 * g], NULL) < 0) {
                    pcre2_match_data_free(md);
                    return oqs_errf(err, "out of memory");
                }
            }
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
        pcre2_match_data_free(md);
    }
    return 0;
}

/* value with every character that means something in a pattern escaped. */
static int append_literal(struct buf *b, const char *v)
{
    for (; *v; v++) {
        unsigned char c = (unsigned char)*v;
        if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9')))
            if (buf_append(b, "\\", 1) < 0)
                return -1;
        if (buf_append(b, v, 1) < 0)
            return -1;
    }
    return 0;
}

static int cmp_len_desc(const void *a, const void *b)
{
    size_t x = strlen(*(char *const *)a), y = strlen(*(char *const *)b);
    return x < y ? 1 : x > y ? -1 : 0;
}

/* IPv6 in full or with "::", a zone after "%" (ipconfig's fe80::…%12);
 * group 7. A time (10:00:00) has neither eight groups nor "::". */
#define H4 "[0-9A-Fa-f]{1,4}"
#define IPV6_RX "(?<![\\w:.%])((?:" H4 ":){7}" H4 "|(?:" H4 ":){1,7}:(?:" H4 "(?::" H4 "){0,6})?" \
                "|::" H4 "(?::" H4 "){0,6})(?:%[0-9A-Za-z]+)?(?![\\w:])"

static int is_code(const struct redactor *rd, const char *v)
{
    const struct rentry *e = find(rd, v);
    return e && e->kind == RK_CODE;
}

/* The ASCII digits of v as full-width digits (U+FF10..FF19). */
static int append_fullwidth(struct buf *b, const char *v)
{
    for (; *v; v++) {
        char fw[3] = {(char)0xEF, (char)0xBC, (char)(0x90 + (*v - '0'))};
        if (*v < '0' || *v > '9' ? buf_append(b, v, 1) < 0 : buf_append(b, fw, 3) < 0)
            return -1;
    }
    return 0;
}

/* (names)|IPv4|IPv6: longest names first, so "OQS-SV01" wins over "OQS". */
static int build_names(struct redactor *rd, struct oqs_err *err)
{
    if (rd->names && rd->names_built == rd->nnames)
        return 0;
    struct buf b = {0};
    const char **v = calloc(rd->nnames + 1, sizeof *v);
    if (!v)
        return oqs_errf(err, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < rd->n; i++)
        if (rd->e[i].kind != RK_IPV4 && rd->e[i].kind != RK_IPV6)
            v[k++] = rd->e[i].value;
    qsort(v, k, sizeof *v, cmp_len_desc);
    /* "_" is no part of a name: values joined by "_" in a file name are
     * masked one by one. Group 2: the domain after a host name. */
    int bad = buf_appends(&b, "(?<![\\p{L}\\p{N}.-])(");
    for (size_t i = 0; i < k && !bad; i++) {
        bad = (i && buf_append(&b, "|", 1) < 0) || append_literal(&b, v[i]) < 0;
        if (!bad && is_code(rd, v[i]))
            bad = buf_append(&b, "|", 1) < 0 || append_fullwidth(&b, v[i]) < 0;
    }
    if (k == 0)
        bad = bad || buf_appends(&b, "(*FAIL)") < 0;
    bad = bad || buf_appends(&b, ")(?:\\.([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*))?(?![\\p{L}\\p{N}-])"
                                 "|(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\."
                                 "(\\d{1,3})\\.(\\d{1,3})(?!\\.?\\d)|" IPV6_RX) < 0;
    free(v);
    if (bad) {
        buf_free(&b);
        return oqs_errf(err, "out of memory");
    }
    pcre2_code *c = compile(b.data, err);
    buf_free(&b);
    if (!c)
        return -1;
    pcre2_code_free(rd->names);
    rd->names = c;
    rd->names_built = rd->nnames;
    return 0;
}

/* Labels after a host name that name its domain, not a file's extension
 * ("OQS-SV01.clinic.local", not "OQS-SV01.log"): the last label is letters
 * and not an extension the snapshot's files use. */
static int is_domain(const char *d, size_t n)
{
    static const char *const ext[] = {"log", "txt", "xml", "csv", "json", "tsv", "cer", "crt",
                                      "pfx", "ini", "conf", "property", "exe", "dll", "info",
                                      "lnk", "url", "bak", "tmp", "old", "zip", "gz", "mapping"};
    const char *last = d + n;
    while (last > d && last[-1] != '.')
        last--;
    size_t k = (size_t)(d + n - last);
    if (k < 2)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (!((last[i] >= 'a' && last[i] <= 'z') || (last[i] >= 'A' && last[i] <= 'Z')))
            return 0;
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (t_ieqn(last, k, ext[i]))
            return 0;
    return 1;
}

static long octet(const char *s, PCRE2_SIZE a, PCRE2_SIZE b)
{
    long v = 0;
    for (PCRE2_SIZE i = a; i < b; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Calls add(ud, start, end, mask) for each learnt value and IPv4 address
 * in UTF-8 text. */
static int redactor_spans(struct redactor *rd, const char *text, size_t n,
                          int (*addspan)(void *, size_t, size_t, const char *), void *ud,
                          struct oqs_err *err)
{
    if (build_names(rd, err) < 0)
        return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(rd->names, NULL);
    if (!md)
        return oqs_errf(err, "out of memory");
    PCRE2_SIZE off = 0;
    int rc, bad = 0;
    while (!bad && off <= n &&
           (rc = pcre2_match(rd->names, (PCRE2_SPTR)text, n, off, 0, md, NULL)) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (rc > 1 && ov[2] != PCRE2_UNSET) {
            char *v = t_dup(text + ov[2], ov[3] - ov[2]);
            struct rentry *e = NULL;
            if (v) {
                ascii_digits(v);
                e = find(rd, v);
                free(v);
            }
            if (e && addspan(ud, ov[2], ov[3], e->mask) < 0)
                bad = 1;
            /* host.domain: the domain is the site's too. */
            if (!bad && e && e->kind == RK_HOST && rc > 2 && ov[4] != PCRE2_UNSET &&
                is_domain(text + ov[4], ov[5] - ov[4])) {
                struct rentry *d;
                if (add(rd, RK_HOST, text + ov[4], ov[5] - ov[4], &d) < 0 ||
                    (d && addspan(ud, ov[4], ov[5], d->mask) < 0))
                    bad = 1;
            }
        } else if (rc > 6 && ov[6] != PCRE2_UNSET) {
            long o1 = octet(text, ov[6], ov[7]), o2 = octet(text, ov[8], ov[9]),
                 o3 = octet(text, ov[10], ov[11]), o4 = octet(text, ov[12], ov[13]);
            /* First number below 10: a version ("4.1.0.0"); 127, 255: loopback,
             * masks; none of them identifies a site. */
            if (o1 >= 10 && o1 != 127 && o1 < 255 && o2 <= 255 && o3 <= 255 && o4 <= 255) {
                struct rentry *e;
                if (add(rd, RK_IPV4, text + ov[0], ov[1] - ov[0], &e) < 0 ||
                    (e && addspan(ud, ov[0], ov[1], e->mask) < 0))
                    bad = 1;
            }
        } else if (rc > 7 && ov[14] != PCRE2_UNSET) {
            struct rentry *e;
            if (add(rd, RK_IPV6, text + ov[0], ov[1] - ov[0], &e) < 0 ||
                (e && addspan(ud, ov[0], ov[1], e->mask) < 0))
                bad = 1;
        }
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    pcre2_match_data_free(md);
    return bad ? oqs_errf(err, "out of memory") : 0;
}

struct apply_ctx {
    struct tv_spans spans;
    const struct tv_line *line;
    const struct credmask *cm;
    struct redactor *rd;
    struct oqs_err *err;
    int pending, view, failed;
};

static int span_redact(void *ud, size_t s, size_t e, const char *mask)
{
    struct apply_ctx *c = ud;
    return tv_spans_add(&c->spans, c->line, s, e, mask, 0);
}

static int span_cred(void *ud, size_t s, size_t e)
{
    struct apply_ctx *c = ud;
    return tv_spans_add(&c->spans, c->line, s, e, "********", 1);
}

static int apply_line(const struct tv_line *l, void *ud)
{
    struct apply_ctx *c = ud;
    if (l->view != c->view) {
        c->view = l->view;
        c->pending = 0;
    }
    c->line = l;
    if (c->cm && credmask_line(c->cm, l->text, l->n, &c->pending, span_cred, c) < 0)
        return oqs_errf(c->err, "out of memory");
    if (c->rd && redactor_spans(c->rd, l->text, l->n, span_redact, c, c->err) < 0)
        return -1;
    return 0;
}

/* The one masking pass: every reading of the bytes, spans replaced in
 * place (bundle_textview.h). */
static int mask_bytes(struct redactor *rd, const struct credmask *cm, const unsigned char *in,
                      size_t n, unsigned char **out, size_t *outn, size_t *ncreds,
                      struct oqs_err *err)
{
    struct apply_ctx c = {.cm = cm, .rd = rd, .err = err};
    *ncreds = 0;
    int rc = tv_each_line(in, n, apply_line, &c, err);
    if (rc == 0)
        rc = tv_spans_apply(&c.spans, in, n, out, outn, ncreds, err);
    tv_spans_free(&c.spans);
    return rc < 0 ? -1 : 0;
}

int redactor_apply(struct redactor *rd, const char *text, size_t n, char **out, size_t *outn,
                   int *changed, struct oqs_err *err)
{
    size_t nc;
    unsigned char *o;
    if (mask_bytes(rd, NULL, (const unsigned char *)text, n, &o, outn, &nc, err) < 0)
        return -1;
    *changed = *outn != n || memcmp(o, text, n) != 0;
    *out = (char *)o;
    return 0;
}

int redactor_write_mapping(const struct redactor *rd, const char *path, struct oqs_err *err)
{
    /* Private and new: it holds the real names the bundle masks. */
    FILE *f = plat_create_excl(path, 1, err);
    if (!f)
        return -1;
    fputs("# oqsdiag collect --redact: original values and their masks. Keep this file;\n"
          "# do not send it with the bundle.\nkind\toriginal\tmask\n", f);
    for (size_t i = 0; i < rd->n; i++)
        fprintf(f, "%s\t%s\t%s\n", redact_kind_name(rd->e[i].kind), rd->e[i].value, rd->e[i].mask);
    if (fclose(f) != 0)
        return oqs_errf(err, "%s: cannot write the redaction mapping", path);
    return 0;
}

int redact_credentials(const char *text, size_t n, char **out, size_t *outn, size_t *count,
                       struct oqs_err *err)
{
    struct credmask *cm = credmask_new(err);
    if (!cm)
        return -1;
    int rc = credmask_text(cm, text, n, out, outn, count, err);
    credmask_free(cm);
    return rc;
}

int redact_learn_bytes(struct redactor *rd, const char *relpath, const unsigned char *in,
                       size_t n, struct oqs_err *err)
{
    char *text;
    size_t tn;
    if (enc_to_utf8(in, n, ENC_AUTO, &text, &tn, NULL, err) < 0)
        return -1;
    int rc = redactor_learn(rd, relpath, text, tn, err);
    free(text);
    return rc;
}

int redact_bytes(struct redactor *rd, const struct credmask *cm, const char *relpath,
                 const unsigned char *in, size_t n, unsigned char **out, size_t *outn,
                 size_t *ncreds, struct oqs_err *err)
{
    /* probes/ JSON is the tool's own report: verdicts only ("secret_set":
     * true), no value to mask, and masking would break its JSON. */
    if (strncmp(relpath, "probes/", 7) == 0)
        cm = NULL;
    return mask_bytes(rd, cm, in, n, out, outn, ncreds, err);
}

/* Case-insensitive (ASCII) search of v in bytes; utf16be: as UTF-16BE. */
static int bytes_hold(const unsigned char *b, size_t n, const char *v, int utf16be)
{
    size_t k = strlen(v), step = utf16be ? 2 : 1;
    if (k == 0 || k * step > n)
        return 0;
    for (size_t i = 0; i + k * step <= n; i++) {
        size_t j = 0;
        for (; j < k; j++) {
            unsigned char c = b[i + j * step + (step - 1)];
            unsigned char w = (unsigned char)v[j];
            if (utf16be && b[i + j * step] != 0)
                break;
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            if (w >= 'A' && w <= 'Z')
                w = (unsigned char)(w - 'A' + 'a');
            if (c != w)
                break;
        }
        if (j == k)
            return 1;
    }
    return 0;
}

int redactor_bytes_hold(const struct redactor *rd, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < rd->n; i++)
        if (rd->e[i].kind != RK_IPV4 && rd->e[i].kind != RK_IPV6 &&
            (bytes_hold(b, n, rd->e[i].value, 0) || bytes_hold(b, n, rd->e[i].value, 1)))
            return 1;
    return 0;
}
