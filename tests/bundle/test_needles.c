/* The planted-needle suite (issue 21): more than 60 needles — credentials
 * in every form of credential_keys.def and every encoding Windows writes,
 * private keys and PFX under any name, appended or inside a log, patients'
 * data in request/result XML copied anywhere, a patient's name as a file
 * name, a link, an archive, a source manifest's entries, and (for
 * --redact) the host, its domain, users from icacls/cmdkey/paths/event
 * data/group lists, the institution code in ASCII, full width and inside a
 * file name, IPv4 and IPv6 — are planted in a snapshot built on the
 * healthy-ja fixture. `collect` and `collect --redact` must let none of
 * them through: the bundle's names and bytes are searched in UTF-8, CP932,
 * UTF-16LE and UTF-16BE, and each entry's decoded text; the gzip bytes too.
 * Every report format of `analyze`, of the folder and of the bundle, shows
 * none of the secrets either. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "bundle_util.h"
#include "core/encoding.h"
#include "core/platform.h"

enum kind { SECRET, KEY, PATIENT, IDENTITY };

struct needle {
    enum kind kind;
    char what[120];
    unsigned char *forms[5];  /* UTF-8, CP932, UTF-16LE, UTF-16BE, raw bytes */
    size_t formn[5];
};

static struct needle needles[96];
static size_t nneedles;

static void add_forms(struct needle *x, const char *utf8)
{
    static const unsigned cps[] = {932, 1200, 1201};
    x->formn[0] = strlen(utf8);
    x->forms[0] = (unsigned char *)strdup(utf8);
    for (int i = 0; i < 3; i++) {
        char *o;
        size_t on;
        assert_int_equal(plat_utf8_to_codepage(cps[i], utf8, strlen(utf8), &o, &on, NULL), 0);
        x->forms[i + 1] = (unsigned char *)o;
        x->formn[i + 1] = on;
    }
}

static const char *needle_text(enum kind k, const char *text, const char *what)
{
    assert_true(nneedles < sizeof needles / sizeof *needles);
    struct needle *x = &needles[nneedles++];
    memset(x, 0, sizeof *x);
    x->kind = k;
    snprintf(x->what, sizeof x->what, "%s (%s)", text, what);
    add_forms(x, text);
    return text;
}

static void needle_bytes(enum kind k, const void *b, size_t n, const char *what)
{
    assert_true(nneedles < sizeof needles / sizeof *needles);
    struct needle *x = &needles[nneedles++];
    memset(x, 0, sizeof *x);
    x->kind = k;
    snprintf(x->what, sizeof x->what, "%s", what);
    x->forms[4] = malloc(n);
    memcpy(x->forms[4], b, n);
    x->formn[4] = n;
}

static void free_needles(void)
{
    for (size_t i = 0; i < nneedles; i++)
        for (int f = 0; f < 5; f++)
            free(needles[i].forms[f]);
    nneedles = 0;
}

/* ---- planting ---- */

static char snap[4200];

static void put(const char *rel, const void *b, size_t n)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", snap, rel);
    char *cut = strrchr(path, '/');
    *cut = '\0';
    assert_int_equal(plat_mkdir_p(path, NULL), 0);
    *cut = '/';
    assert_int_equal(plat_write_file(path, b, n, NULL), 0);
}

static void append(const char *rel, const void *b, size_t n)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", snap, rel);
    struct buf old = {0};
    buf_read_file(&old, path, 1 << 24);
    buf_append(&old, b, n);
    put(rel, old.data, old.len);
    buf_free(&old);
}

/* utf8 in code page cp (65001 UTF-8, 65002 UTF-8 with BOM, 1200/1201 with
 * BOM, 1202 UTF-16LE without BOM), appended to rel. */
static void put_text(const char *rel, unsigned cp, const char *utf8)
{
    struct buf b = {0};
    if (cp == 65001 || cp == 65002) {
        if (cp == 65002)
            buf_appends(&b, "\xEF\xBB\xBF");
        buf_appends(&b, utf8);
    } else {
        char *o;
        size_t on;
        unsigned c = cp == 1202 ? 1200 : cp;
        assert_int_equal(plat_utf8_to_codepage(c, utf8, strlen(utf8), &o, &on, NULL), 0);
        if (cp == 1200)
            buf_append(&b, "\xFF\xFE", 2);
        if (cp == 1201)
            buf_append(&b, "\xFE\xFF", 2);
        buf_append(&b, o, on);
        free(o);
    }
    append(rel, b.data, b.len);
    buf_free(&b);
}

static int copy_cb(const struct plat_dirent *e, void *ud)
{
    const char *rel = ud;
    char sub[4200], src[4400];
    snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", e->name);
    snprintf(src, sizeof src, "%s/%s", tu_fixture("snapshots/healthy-ja"), sub);
    if (e->is_dir)
        return plat_list_dir(src, copy_cb, sub, NULL) < 0;
    if (strcmp(sub, "manifest.json") == 0)
        return 0;
    struct buf b = {0};
    assert_int_equal(buf_read_file(&b, src, 1 << 24), 0);
    /* The host of this machine: OQS-SV77, in every encoding. */
    static const char *const from[] = {"OQS-SV01", "O\0Q\0S\0-\0S\0V\0\x30\0\x31\0"};
    static const char *const to[] = {"OQS-SV77", "O\0Q\0S\0-\0S\0V\0\x37\0\x37\0"};
    for (int k = 0; k < 2; k++) {
        size_t fl = k ? 16 : 8;
        for (size_t i = 0; i + fl <= b.len; i++)
            if (memcmp(b.data + i, from[k], fl) == 0)
                memcpy(b.data + i, to[k], fl);
    }
    put(sub, b.data, b.len);
    buf_free(&b);
    return 0;
}

static struct buf fixture(const char *rel)
{
    struct buf b = {0};
    assert_int_equal(buf_read_file(&b, tu_fixture(rel), 1 << 20), 0);
    return b;
}

static void plant_credentials(void)
{
    /* One line per form and encoding; the needle is the value. */
    static const struct {
        const char *file;
        unsigned cp;
        const char *fmt;
        const char *value;
    } lines[] = {
        {"comapp/config/UserDefinition.property", 65001, "MasterAccountPassword=%s\r\n", "Ndl01kvUtf8"},
        {"comapp/config/UserDefinition.property", 65001, "[Password]\r\n%s\r\n", "Ndl02NextLine"},
        {"comapp/config/UserDefinition.property", 65001, "OQS_CRYPT_PASS = %s\r\n", "Ndl03Crypt"},
        {"comapp/config/UserDefinitionForFace.property", 932, "暗証番号=%s\r\n", "Ndl04Sjis"},
        {"comapp/config/UserDefinitionForFace.property", 932, "パスワード：%s\r\n", "Ndl05SjisFw"},
        {"comapp/config/UserDefinitionForFace.property", 932, "<Credential>%s</Credential>\r\n", "Ndl06Cred"},
        {"comapp/config/encrypt.conf", 65001, "<Password><![CDATA[%s]]></Password>\r\n", "Ndl07Cdata"},
        {"comapp/config/encrypt_face.conf", 65002, "<add key=\"ProxyPassword\" value=\"%s\"/>\r\n", "Ndl08Attr"},
        {"comapp/config/encrypt_face.conf", 65002, "<Password value=\"%s\"/>\r\n", "Ndl09Self"},
        {"comapp/config/encrypt_face.conf", 65002, "<Proxy user=\"u\" password=\"%s\"/>\r\n", "Ndl10AttrPw"},
        {"comapp/config/encrypt_face.conf", 65002, "<Password>\r\n  %s\r\n</Password>\r\n", "Ndl11Multi"},
        {"logs/comapp/OQSComApp_u16.log", 1200, "pfx password: %s\r\n", "Ndl12U16"},
        {"logs/comapp/OQSComApp_u16.log", 1200, "Proxy-Authorization: Basic %s\r\n", "Ndl13Basic"},
        {"logs/comapp/OQSComApp_nobom.log", 1202, "パスワード：%s\r\n", "Ndl14NoBom"},
        {"logs/comapp/OQSComApp_nobom.log", 1202, "Authorization: Bearer %s\r\n", "Ndl15Bearer"},
        {"logs/distroapp/OQSDistroApp_be.log", 1201, "token: %s\r\n", "Ndl16U16be"},
        {"logs/distroapp/OQSDistroApp_be.log", 1201, "秘密鍵=%s\r\n", "Ndl17BeJa"},
        {"logs/comapp/OQSComApp_cmd.log", 932, "net use Z: \\\\nas\\share %s /user:OQS\\taro\r\n", "Ndl18NetUse"},
        {"logs/comapp/OQSComApp_cmd.log", 932, "NET USE \\\\nas\\ipc$ /user:taro \"%s\"\r\n", "Ndl19 Quoted"},
        {"logs/comapp/OQSComApp_cmd.log", 932, "api_key=%s\r\n", "Ndl20Api"},
        {"logs/comapp/OQSComApp_cmd.log", 932, "AuthKey: %s\r\n", "Ndl21AuthKey"},
        {"logs/comapp/OQSComApp_cmd.log", 932, "パスフレーズ: %s\r\n", "Ndl22Phrase"},
        {"logs/comapp/OQSComApp_cmd.log", 932, "認証キー：%s\r\n", "Ndl23Ninsho"},
        {"logs/comapp/OQSComApp_json.log", 65001, "{\"client_secret\": \"%s\", \"n\": 1}\r\n", "Ndl24Json"},
        {"logs/comapp/OQSComApp_json.log", 65001, "ログインパスワード: %s\r\n", "Ndl25JaUtf8"},
        {"logs/comapp/OQSComApp_json.log", 65001, "Password = '%s'\r\n", "Ndl26Quote"},
        {"logs/comapp/OQSComApp_json.log", 65002, "<AdminPassword>%s</AdminPassword>\r\n", "Ndl27Elem"},
        {"logs/comapp/OQSComApp_json.log", 65001, "proxy http://taro:%s@10.20.30.40:8080\r\n", "Ndl28UrlPw"},
        {"logs/comapp/OQSComApp_json.log", 65001, "proxy %s:pw@proxy.local:8080\r\n", "Ndl29BareUser"},
        {"logs/comapp/OQSComApp_json.log", 65001, "<Data Name=\"Password\">%s</Data>\r\n", "Ndl30EvtData"},
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        char line[512], what[160];
        snprintf(line, sizeof line, lines[i].fmt, lines[i].value);
        snprintf(what, sizeof what, "%s, code page %u", lines[i].file, lines[i].cp);
        needle_text(SECRET, lines[i].value, what);
        put_text(lines[i].file, lines[i].cp, line);
    }
    /* A UTF-16LE tail appended to an ANSI (CP932) log at an odd offset, as
     * PowerShell 5 `>>` writes it. */
    put_text("logs/distroapp/OQSDistroApp.log", 932, "2026-11-27 10:00:00 起動X");
    needle_text(SECRET, "Ndl31Tail", "UTF-16LE tail of an ANSI log");
    put_text("logs/distroapp/OQSDistroApp.log", 1202, "secret=Ndl31Tail\r\n");
    /* The proxy settings: user and password in the URL. */
    needle_text(SECRET, "Ndl32ProxyUser", "user_proxy.txt userinfo");
    needle_text(SECRET, "Ndl33ProxyPw", "user_proxy.txt userinfo");
    put_text("system/user_proxy.txt", 65001,
             "\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\r\n"
             "    ProxyEnable    REG_DWORD    0x1\r\n"
             "    ProxyServer    REG_SZ    http://Ndl32ProxyUser:Ndl33ProxyPw@proxy.base.oqs-pdl.org:8080\r\n"
             "    ProxyOverride    REG_SZ    *.onshikaku.org\r\n");
    needle_text(SECRET, "Ndl34WhU", "winhttp userinfo");
    needle_text(SECRET, "Ndl35WhP", "winhttp userinfo");
    put_text("logs/comapp/OQSComApp_wh.log", 932,
             "    プロキシ サーバー:  Ndl34WhU:Ndl35WhP@proxy.base.oqs-pdl.org:8080\r\n");
    /* A link to a file with a secret (links are not followed). */
    put_text("secret.txt", 65001, "Ndl36Linked\r\n");
    needle_text(SECRET, "Ndl36Linked", "behind a link");
    char target[4400], link[4400];
    snprintf(target, sizeof target, "%s/secret.txt", snap);
    snprintf(link, sizeof link, "%s/logs/comapp/OQSComApp_link.log", snap);
    assert_int_equal(symlink(target, link), 0);
}

static unsigned char *der_of(EVP_PKEY *k, int pkcs8, int *n)
{
    unsigned char *der = NULL;
    if (pkcs8) {
        PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(k);
        *n = i2d_PKCS8_PRIV_KEY_INFO(p8, &der);
        PKCS8_PRIV_KEY_INFO_free(p8);
    } else {
        *n = i2d_PrivateKey(k, &der);
    }
    assert_true(*n > 0);
    return der;
}

static void plant_keys(void)
{
    EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
    assert_true(ec && rsa);
    /* PEM in a UTF-8 log and, as UTF-16LE, in another. */
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, rsa, NULL, NULL, 0, NULL, NULL);
    char *pem;
    long pn = BIO_get_mem_data(bio, &pem);
    struct buf p = {0};
    buf_append(&p, pem, (size_t)pn);
    BIO_free(bio);
    char body[41];
    memcpy(body, p.data + 40, 40);
    body[40] = '\0';
    needle_text(KEY, body, "PEM key body in a log, UTF-8 and UTF-16LE");
    put_text("logs/comapp/OQSComApp_pem.log", 65001, "exported:\r\n");
    append("logs/comapp/OQSComApp_pem.log", p.data, p.len);
    put_text("logs/comapp/OQSComApp_pem16.log", 1200, p.data);
    buf_free(&p);
    /* DER PKCS#8 under a name with no key suffix, DER RSA in a log at an
     * odd offset. */
    int n8, nr;
    unsigned char *d8 = der_of(ec, 1, &n8), *dr = der_of(rsa, 0, &nr);
    needle_bytes(KEY, d8 + n8 - 32, 32, "DER PKCS#8 EC key as comapp/config/keystore.property");
    put("comapp/config/keystore.property", d8, (size_t)n8);
    needle_bytes(KEY, dr + nr / 2, 32, "DER RSA key inside a log");
    put_text("logs/distroapp/OQSDistroApp_dump.log", 65001, "dump: X");
    append("logs/distroapp/OQSDistroApp_dump.log", dr, (size_t)nr);
    OPENSSL_free(d8);
    OPENSSL_free(dr);
    EVP_PKEY_free(ec);
    EVP_PKEY_free(rsa);
    /* A PFX appended to a certificate; a PFX under a .cer name. */
    struct buf pfx = fixture("bundle/snapshot/certs/user-my/client.pfx");
    needle_bytes(KEY, pfx.data + pfx.len / 2, 48, "PFX appended to a certificate, PFX as .cer");
    append("certs/root/OnlineBillingNWCommonRootCA.cer", pfx.data, pfx.len);
    put("certs/user-my/backup.cer", pfx.data, pfx.len);
    put("logs/comapp/OQSComApp_pfx.log", pfx.data, pfx.len);
    buf_free(&pfx);
}

static void plant_patients(void)
{
    static const struct {
        const char *name, *number, *file;
        unsigned cp;
    } copies[] = {
        {"山田花子", "98760001", "tasks/OQS_exec_copy.xml", 1200},
        {"佐藤一郎", "98760002", "system/result.txt", 932},
        {"鈴木次郎", "98760003", "comapp/config/result.property", 65001},
        {"田中三郎", "98760004", "logs/comapp/backup/OQSComApp_res.log", 65001},
        {"伊藤五郎", "98760005", "distroapp/settings.txt", 1201},
        {"加藤七海", "98760006", "oqs/res/OQSsiquc01res_20261127.xml", 65001},
        {"吉田八重", "98760007", "C/OQS/req/OQSsiquc01req_20261127.xml", 932},
    };
    for (size_t i = 0; i < sizeof copies / sizeof *copies; i++) {
        char xml[1024];
        snprintf(xml, sizeof xml,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<XmlMsg><MessageHeader>"
                 "<SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ResultList>"
                 "<ResultOfQualificationConfirmation><Name>%s</Name>"
                 "<InsuredIdentificationNumber>%s</InsuredIdentificationNumber>"
                 "</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>\r\n",
                 copies[i].name, copies[i].number);
        needle_text(PATIENT, copies[i].name, copies[i].file);
        needle_text(PATIENT, copies[i].number, copies[i].file);
        put_text(copies[i].file, copies[i].cp, xml);
    }
    /* A patient's name as a file name; a zipped result (stored). */
    needle_text(PATIENT, "高橋四郎", "a file name");
    put_text("patients/高橋四郎.csv", 65001, "x\r\n");
    put_text("oqs/res/OQSsiquc01res_高橋四郎.xml", 65001, "x\r\n");
    needle_text(PATIENT, "渡辺六子", "inside a zip in a log folder");
    put_text("logs/comapp/OQSComApp_res.log", 65001, "PK\x03\x04 stored: <Name>渡辺六子</Name>\r\n");
    /* The source's own manifest names a left-out file. */
    needle_text(PATIENT, "木村九郎", "a source manifest's skipped entry");
    put_text("manifest.json", 65001,
             "{\"tool\": {\"name\": \"oqsdiag\", \"version\": \"0.1.0\"}, \"format\": 1, "
             "\"host\": \"OQS-SV77\", \"collected\": \"2026-11-27T10:00:00Z\", \"locale\": \"ja\", "
             "\"collected_by\": {\"user\": \"OQS-SV77\\\\yamada77\", \"elevated\": true}, "
             "\"files\": [], \"skipped\": [{\"path\": \"logs/comapp/木村九郎.log\", "
             "\"why\": \"a link (links are not followed)\"}], \"redactions\": []}\n");
}

static void plant_identities(void)
{
    needle_text(IDENTITY, "OQS-SV77", "host, every file");
    needle_text(IDENTITY, "clinic77.local", "domain: systeminfo, event Computer");
    put_text("system/os.txt", 932, "ドメイン:                   clinic77.local\r\n");
    put_text("logs/comapp/OQSComApp_id.log", 65001, "connect OQS-SV77.clinic77.local ok\r\n");
    /* Who collected: only in the manifest's collected_by (and the
     * snapshot.collected_by finding of every report). */
    needle_text(IDENTITY, "yamada77", "user: manifest collected_by");
    needle_text(IDENTITY, "receiptcom", "user: icacls");
    needle_text(IDENTITY, "suzuki77", "user: cmdkey");
    put_text("system/cmdkey_list.txt", 932, "    ユーザー: OQS-SV77\\suzuki77\r\n");
    needle_text(IDENTITY, "tanaka77", "user: profile path");
    put_text("logs/comapp/OQSComApp_id.log", 65001, "config C:\\Users\\tanaka77\\AppData\\x\r\n");
    needle_text(IDENTITY, "ito77", "user: net localgroup");
    char path[4400];
    snprintf(path, sizeof path, "%s/system/net_localgroup_administrators.txt", snap);
    remove(path);
    put_text("system/net_localgroup_administrators.txt", 932,
             "\r\nエイリアス名     Administrators\r\n\r\nメンバー\r\n\r\n"
             "-------------------------------------------------------------------------------\r\n"
             "Administrator\r\nOQS-SV77\\ito77\r\nコマンドは正常に終了しました。\r\n");
    needle_text(IDENTITY, "1319876543", "institution code");
    needle_text(IDENTITY, "１３１９８７６５４３", "institution code, full width");
    put_text("distroapp/delivery-record.txt", 932, "[Information]\r\nMedicalInstitutionCode=1319876543\r\n");
    put_text("logs/comapp/OQSComApp_id.log", 65001, "医療機関 １３１９８７６５４３\r\n");
    put_text("logs/comapp/OQSComApp_1319876543_OQS-SV77.log", 65001, "x\r\n");
    needle_text(IDENTITY, "192.168.77.21", "IPv4");
    needle_text(IDENTITY, "fe80::77a1:b2c3:d4e5:f607", "IPv6");
    put_text("logs/comapp/OQSComApp_id.log", 1202,
             "addr 192.168.77.21 fe80::77a1:b2c3:d4e5:f607%12\r\n");
}

static void plant(const char *base)
{
    free_needles(); /* a failed test before left its needles */
    snprintf(snap, sizeof snap, "%s/snapshot", base);
    assert_int_equal(plat_mkdir_p(snap, NULL), 0);
    assert_int_equal(plat_list_dir(tu_fixture("snapshots/healthy-ja"), copy_cb, "", NULL), 0);
    plant_credentials();
    plant_keys();
    plant_patients();
    plant_identities();
}

/* ---- searching ---- */

static int holds(const unsigned char *h, size_t n, const unsigned char *x, size_t k)
{
    if (!x || !k)
        return 0;
    for (size_t i = 0; i + k <= n; i++)
        if (h[i] == x[0] && memcmp(h + i, x, k) == 0)
            return 1;
    return 0;
}

struct hunt {
    int with_identity;
    size_t hits;
    char first[600];
};

static void hit(struct hunt *h, const struct needle *x, const char *where, const char *form)
{
    if (h->hits++ == 0)
        snprintf(h->first, sizeof h->first, "%s as %s in %s", x->what, form, where);
}

static void search(struct hunt *h, const char *where, const unsigned char *b, size_t n)
{
    static const char *const formname[] = {"UTF-8", "CP932", "UTF-16LE", "UTF-16BE", "bytes"};
    char *dec = NULL;
    size_t dn = 0;
    enc_to_utf8(b, n, ENC_AUTO, &dec, &dn, NULL, NULL);
    for (size_t i = 0; i < nneedles; i++) {
        const struct needle *x = &needles[i];
        if (x->kind == IDENTITY && !h->with_identity)
            continue;
        for (int f = 0; f < 5; f++)
            if (holds(b, n, x->forms[f], x->formn[f])) {
                hit(h, x, where, formname[f]);
                break;
            }
        if (dec && holds((unsigned char *)dec, dn, x->forms[0], x->formn[0]))
            hit(h, x, where, "decoded text");
    }
    free(dec);
}

static int entry_cb(const char *name, const unsigned char *data, size_t n, void *ud)
{
    struct hunt *h = ud;
    search(h, "an entry name", (const unsigned char *)name, strlen(name));
    search(h, name, data, n);
    return 0;
}

static void hunt_bundle(const char *bundle, int with_identity)
{
    struct hunt h = {.with_identity = with_identity};
    assert_int_equal(tu_tar_each(bundle, entry_cb, &h), 0);
    struct buf raw = {0};
    assert_int_equal(buf_read_file(&raw, bundle, 1 << 30), 0);
    search(&h, "the .tar.gz bytes", (unsigned char *)raw.data, raw.len);
    buf_free(&raw);
    if (h.hits)
        fail_msg("%zu needle hit(s) in %s; first: %s", h.hits, bundle, h.first);
}

/* Every report format of analyze PATH: no secret, key or patient needle
 * (and no identity when the input is a redacted bundle). */
static void hunt_reports(const char *path, int with_identity)
{
    static const char *const formats[][4] = {
        {"--lang", "ja", "--format", "text"}, {"--lang", "en", "--format", "text"},
        {"--lang", "ja", "--format", "json"}, {"--lang", "en", "--format", "nagios"},
        {"--lang", "ja", "--format", "prometheus"}, {"--lang", "ja", "--format", "html"},
    };
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        struct buf out = {0}, err = {0};
        const char *argv[] = {"oqsdiag", formats[i][0], formats[i][1], formats[i][2],
                              formats[i][3], "analyze", path, NULL};
        int st = tu_run(argv, &out, &err);
        if (st == 3 && out.len == 0)
            fail_msg("analyze %s --format %s: %s", path, formats[i][3], err.data);
        struct hunt h = {.with_identity = with_identity};
        char where[200];
        snprintf(where, sizeof where, "the %s report", formats[i][3]);
        search(&h, where, (unsigned char *)out.data, out.len);
        search(&h, where, (unsigned char *)err.data, err.len);
        if (h.hits)
            fail_msg("%zu needle hit(s) in the %s report of %s; first: %s", h.hits,
                     formats[i][3], path, h.first);
        buf_free(&out);
        buf_free(&err);
    }
}

static void test_needles_collect_lets_no_secret_key_or_patient_through(void **state)
{
    (void)state;
    const char *base = tu_scratch("needles");
    plant(base);
    assert_true(nneedles >= 60);
    char out[4200];
    snprintf(out, sizeof out, "%s/plain.tar.gz", base);
    struct buf err = {0};
    const char *argv[] = {"oqsdiag", "-q", "-o", out, "collect", "--from", snap, NULL};
    if (tu_run(argv, NULL, &err) != 0)
        fail_msg("collect: %s", err.data);
    buf_free(&err);
    hunt_bundle(out, 0);
    /* Not empty: what may go in is in, masked. */
    struct tu_tar t;
    assert_int_equal(tu_tar_load(out, &t), 0);
    int i = tu_tar_find(&t, "/comapp/config/UserDefinition.property");
    assert_true(i > 0);
    assert_true(tu_contains((const char *)t.data[i], "MasterAccountPassword=********"));
    assert_true(tu_tar_find(&t, "/logs/comapp/OQSComApp.log") > 0);
    assert_true(tu_tar_find(&t, "/system/os.txt") > 0);
    tu_tar_free(&t);
    hunt_reports(snap, 0);
    hunt_reports(out, 0);
    free_needles();
}

static void test_needles_collect_redact_lets_no_identity_through(void **state)
{
    (void)state;
    const char *base = tu_scratch("needles-redact");
    plant(base);
    char out[4200], map[4200];
    snprintf(out, sizeof out, "%s/red.tar.gz", base);
    snprintf(map, sizeof map, "%s/red.mapping.tsv", base);
    struct buf err = {0};
    const char *argv[] = {"oqsdiag", "-q", "-o", out, "collect", "--redact", "--from", snap, NULL};
    if (tu_run(argv, NULL, &err) != 0)
        fail_msg("collect --redact: %s", err.data);
    buf_free(&err);
    hunt_bundle(out, 1);
    hunt_reports(out, 1);
    /* The mapping holds the identities (it stays with the customer) and
     * nothing else of the needles. */
    struct buf m = {0};
    assert_int_equal(buf_read_file(&m, map, 1 << 20), 0);
    assert_true(tu_contains(m.data, "OQS-SV77") && tu_contains(m.data, "receiptcom"));
    for (size_t i = 0; i < nneedles; i++)
        if (needles[i].kind != IDENTITY &&
            holds((unsigned char *)m.data, m.len, needles[i].forms[0], needles[i].formn[0]))
            fail_msg("%s in the mapping", needles[i].what);
    buf_free(&m);
    free_needles();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_needles_collect_lets_no_secret_key_or_patient_through),
        cmocka_unit_test(test_needles_collect_redact_lets_no_identity_through),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
