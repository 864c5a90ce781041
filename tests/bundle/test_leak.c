/* The leak test of issue 6: a fake machine state with planted secrets — a
 * PFX and its password, the OQS_CRYPT_PASS value, the master-account
 * password, patients' names and insurance numbers inside req/res files — is
 * collected (live through the platform test double, and --from a snapshot
 * folder, with and without --redact), and none of those byte strings may be
 * in the bundle in UTF-8, CP932 or UTF-16LE. The checker itself is shown to
 * find a secret that is let through. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bundle_util.h"
#include "core/config.h"
#include "core/platform.h"

#define PFX_PASS "PfxPass#2026"      /* the fixture client.pfx's password */
#define CRYPT_PASS "Crypt0Pass1"
#define MASTER_PASS "Mstr#Pw2026"
#define LOGIN_SECRET "Lk9-login-secret"
#define PATIENT_1 "山田花子"
#define PATIENT_2 "佐藤一郎"
#define INSURED_NO_1 "98761234"
#define INSURED_NO_2 "40123456"

static const char *const text_secrets[] = {PFX_PASS, CRYPT_PASS, MASTER_PASS, LOGIN_SECRET,
                                           PATIENT_1, PATIENT_2, INSURED_NO_1, INSURED_NO_2};
#define NTEXT (sizeof text_secrets / sizeof *text_secrets)

struct needle {
    char what[96];
    unsigned char *bytes;
    size_t n;
};

struct needles {
    struct needle v[64];
    size_t n;
};

static void add_needle(struct needles *ns, const char *what, const void *b, size_t n)
{
    assert_true(ns->n < 64 && n > 0);
    struct needle *x = &ns->v[ns->n++];
    snprintf(x->what, sizeof x->what, "%s", what);
    x->bytes = malloc(n);
    assert_non_null(x->bytes);
    memcpy(x->bytes, b, n);
    x->n = n;
}

/* Every text secret in UTF-8, CP932 and UTF-16LE, and a slice of the PFX. */
static void make_needles(struct needles *ns)
{
    memset(ns, 0, sizeof *ns);
    for (size_t i = 0; i < NTEXT; i++) {
        char what[96], *o;
        size_t on;
        struct oqs_err err;
        snprintf(what, sizeof what, "%s (UTF-8)", text_secrets[i]);
        add_needle(ns, what, text_secrets[i], strlen(text_secrets[i]));
        assert_int_equal(plat_utf8_to_codepage(932, text_secrets[i], strlen(text_secrets[i]), &o,
                                               &on, &err), 0);
        snprintf(what, sizeof what, "%s (CP932)", text_secrets[i]);
        if (on != strlen(text_secrets[i]) || memcmp(o, text_secrets[i], on) != 0)
            add_needle(ns, what, o, on);
        free(o);
        assert_int_equal(plat_utf8_to_codepage(1200, text_secrets[i], strlen(text_secrets[i]), &o,
                                               &on, &err), 0);
        snprintf(what, sizeof what, "%s (UTF-16LE)", text_secrets[i]);
        add_needle(ns, what, o, on);
        free(o);
    }
    struct buf pfx = {0};
    assert_int_equal(buf_read_file(&pfx, tu_fixture("bundle/snapshot/certs/user-my/client.pfx"), 1 << 20), 0);
    assert_true(pfx.len > 600);
    add_needle(ns, "the PFX's bytes", pfx.data + pfx.len / 2, 48);
    buf_free(&pfx);
}

static void free_needles(struct needles *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        free(ns->v[i].bytes);
}

static int holds(const unsigned char *hay, size_t n, const struct needle *x)
{
    for (size_t i = 0; i + x->n <= n; i++)
        if (memcmp(hay + i, x->bytes, x->n) == 0)
            return 1;
    return 0;
}

struct scan {
    const struct needles *ns;
    char found[1024];
    size_t nfound;
};

static int scan_cb(const char *name, const unsigned char *data, size_t n, void *ud)
{
    struct scan *s = ud;
    for (size_t i = 0; i < s->ns->n; i++) {
        const struct needle *x = &s->ns->v[i];
        if (holds((const unsigned char *)name, strlen(name), x) || holds(data, n, x)) {
            if (s->nfound++ == 0)
                snprintf(s->found, sizeof s->found, "%s in %s", x->what, name);
        }
    }
    return 0;
}

/* The checker: how many (needle, entry) pairs leak, the first described. */
static size_t leaks(const char *bundle, const struct needles *ns, char *first, size_t n)
{
    struct scan s = {.ns = ns};
    assert_int_equal(tu_tar_each(bundle, scan_cb, &s), 0);
    /* The compressed file too, for what gzip leaves readable. */
    struct buf raw = {0};
    assert_int_equal(buf_read_file(&raw, bundle, 1 << 30), 0);
    scan_cb("(the .tar.gz bytes)", (const unsigned char *)raw.data, raw.len, &s);
    buf_free(&raw);
    snprintf(first, n, "%s", s.found);
    return s.nfound;
}

static void put(const char *root, const char *rel, const void *b, size_t n)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    char *cut = strrchr(path, '/');
    *cut = '\0';
    struct oqs_err err;
    assert_int_equal(plat_mkdir_p(path, &err), 0);
    *cut = '/';
    assert_int_equal(plat_write_file(path, b, n, &err), 0);
}

static void put_enc(const char *root, const char *rel, unsigned cp, const char *utf8)
{
    char *o;
    size_t on;
    struct oqs_err err;
    if (cp == 65001) {
        put(root, rel, utf8, strlen(utf8));
        return;
    }
    assert_int_equal(plat_utf8_to_codepage(cp, utf8, strlen(utf8), &o, &on, &err), 0);
    if (cp == 1200) {
        char *b = malloc(on + 2);
        memcpy(b, "\xff\xfe", 2);
        memcpy(b + 2, o, on);
        put(root, rel, b, on + 2);
        free(b);
    } else {
        put(root, rel, o, on);
    }
    free(o);
}

static void put_pfx(const char *root, const char *rel)
{
    struct buf pfx = {0};
    assert_int_equal(buf_read_file(&pfx, tu_fixture("bundle/snapshot/certs/user-my/client.pfx"), 1 << 20), 0);
    put(root, rel, pfx.data, pfx.len);
    buf_free(&pfx);
}

static const char req_xml[] =
    "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\r\n<XmlMsg><MessageBody>"
    "<Name>" PATIENT_1 "</Name><NameKana>ヤマダハナコ</NameKana>"
    "<InsuredIdentificationNumber>" INSURED_NO_1 "</InsuredIdentificationNumber>"
    "</MessageBody></XmlMsg>\r\n";
static const char res_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<XmlMsg><MessageHeader>"
    "<SegmentOfResult>1</SegmentOfResult><ErrorCode></ErrorCode></MessageHeader><MessageBody>"
    "<ResultList><ResultOfQualificationConfirmation><Name>" PATIENT_2 "</Name>"
    "<InsuredIdentificationNumber>" INSURED_NO_2 "</InsuredIdentificationNumber>"
    "</ResultOfQualificationConfirmation></ResultList>"
    "<ProcessingResultStatus>1</ProcessingResultStatus></MessageBody></XmlMsg>\r\n";

/* Secrets where a snapshot folder (or a careless copy of one) may hold them. */
static void plant_snapshot(const char *s)
{
    put_enc(s, "system/os.txt", 932, "ホスト名:        OQS-SV01\r\nシステム ロケール: ja;日本語\r\n");
    put_enc(s, "comapp/config/UserDefinition.property", 932,
            "ResponseFileStayTime=30\r\nMasterAccountPassword=" MASTER_PASS "\r\n"
            "OQS_CRYPT_PASS=" CRYPT_PASS "\r\n");
    put_enc(s, "comapp/config/encrypt.conf", 65001, "key=e\r\n<Password>" MASTER_PASS "</Password>\r\n");
    put_enc(s, "logs/comapp/OQSComApp_20261123.log", 1200,
            "2026-11-23 08:00:00 import client certificate, pfx password: " PFX_PASS "\r\n"
            "2026-11-23 08:00:01 OQS_LOGIN_KEY secret=" LOGIN_SECRET "\r\n");
    put_pfx(s, "certs/user-my/client.pfx");
    put_pfx(s, "certs/user-my/client-backup.cer");
    put_pfx(s, "logs/comapp/cert-export.log");
    put_enc(s, "certs/user-my/pfx-password.txt", 65001, PFX_PASS "\r\n");
    put_enc(s, "oqs/req/OQSsiquc01req_20261123080000.xml", 932, req_xml);
    put_enc(s, "oqs/res/OQSsiquc01res_20261123080000.xml", 1200, res_xml);
    put_enc(s, "req/OQSsiquc01req_20261123080500.xml", 65001, req_xml);
    put_enc(s, "C/OQS/res/OQSsiquc01res_20261123080500.xml", 65001, res_xml);
    put_enc(s, "oqs/results.tsv", 65001,
            "OQSsiquc01res_20261123080000.xml\t2026-11-23T08:00:00Z\t1\t\t\t1\t\r\n");
    put_enc(s, "patients.csv", 932, PATIENT_1 "," INSURED_NO_1 "\r\n");
}

static void expect_no_leak(const char *bundle, const char *mapping)
{
    struct needles ns;
    make_needles(&ns);
    char first[1024];
    size_t n = leaks(bundle, &ns, first, sizeof first);
    if (n)
        fail_msg("%zu leak(s) in %s, first: %s", n, bundle, first);
    if (mapping) {
        /* The mapping stays with the customer, but holds no secret either. */
        struct buf m = {0};
        assert_int_equal(buf_read_file(&m, mapping, 1 << 20), 0);
        for (size_t i = 0; i < ns.n; i++)
            if (holds((const unsigned char *)m.data, m.len, &ns.v[i]))
                fail_msg("%s in the mapping", ns.v[i].what);
        buf_free(&m);
    }
    free_needles(&ns);
}

static void test_leak_collect_from_snapshot_holds_no_secret(void **state)
{
    (void)state;
    const char *base = tu_scratch("leak-from");
    char snap[4200], out[4200];
    snprintf(snap, sizeof snap, "%s/snapshot", base);
    snprintf(out, sizeof out, "%s/out.tar.gz", base);
    plant_snapshot(snap);
    struct buf errb = {0};
    const char *argv[] = {"oqsdiag", "-q", "-o", out, "collect", "--from", snap, NULL};
    if (tu_run(argv, NULL, &errb) != 0)
        fail_msg("%s", errb.data);
    expect_no_leak(out, NULL);
    /* The bundle is not empty: the planted files that may go in are there. */
    struct tu_tar t;
    assert_int_equal(tu_tar_load(out, &t), 0);
    assert_true(tu_tar_find(&t, "/comapp/config/UserDefinition.property") > 0);
    assert_true(tu_tar_find(&t, "/logs/comapp/OQSComApp_20261123.log") > 0);
    assert_true(tu_tar_find(&t, "/oqs/results.tsv") > 0);
    tu_tar_free(&t);
    buf_free(&errb);
}

static void test_leak_collect_from_snapshot_redacted_holds_no_secret(void **state)
{
    (void)state;
    const char *base = tu_scratch("leak-from-redact");
    char snap[4200], out[4200], map[4200];
    snprintf(snap, sizeof snap, "%s/snapshot", base);
    snprintf(out, sizeof out, "%s/out.tar.gz", base);
    snprintf(map, sizeof map, "%s/out.mapping.tsv", base);
    plant_snapshot(snap);
    const char *argv[] = {"oqsdiag", "-q", "-o", out, "collect", "--redact", "--from", snap, NULL};
    assert_int_equal(tu_run(argv, NULL, NULL), 0);
    expect_no_leak(out, map);
}

/* ---- the live collector on a fake Windows host ---- */

static const struct plat_fake_cred creds[] = {
    {"OQS_LOGIN_KEY", "R1234567", LOGIN_SECRET},
    {"OQS_MEDICAL_INSTITUTION_CODE", "OQS_Admin", "1312345678"},
    {"OQS_CRYPT_PASS", "OQS_Admin", CRYPT_PASS},
    {"OQS_NAS_LOGIN_KEY", "ONSRenkei", MASTER_PASS},
};

static int fake_run(const char *const *argv, struct buf *out, int *exit_code)
{
    if (strcmp(argv[0], "systeminfo") == 0) {
        buf_appends(out, "Host Name:                 OQS-SV01\r\nSystem Locale:             ja;Japanese\r\n");
        *exit_code = 0;
        return 0;
    }
    if (strcmp(argv[0], "cmdkey") == 0) {
        buf_appends(out, "    Target: LegacyGeneric:target=OQS_CRYPT_PASS\r\n    User: OQS_Admin\r\n");
        *exit_code = 0;
        return 0;
    }
    buf_appends(out, "ERROR: not available on this fake host.\r\n");
    *exit_code = 1;
    return 0;
}

static void test_leak_live_collect_on_fake_host_holds_no_secret(void **state)
{
    (void)state;
    const char *base = tu_scratch("leak-live");
    char root[4200], out[4200];
    snprintf(root, sizeof root, "%s/root", base);
    snprintf(out, sizeof out, "%s/live.tar.gz", base);
    put_enc(root, "C/OQS/req/OQSsiquc01req_20261123080000.xml", 932, req_xml);
    put_enc(root, "C/OQS/res/OQSsiquc01res_20261123080000.xml", 65001, res_xml);
    put_enc(root, "C/ProgramData/OQS/OQSComApp/config/UserDefinition.property", 932,
            "ResponseFileStayTime=30\r\nMasterAccountPassword=" MASTER_PASS "\r\n");
    put_enc(root, "C/ProgramData/OQS/OQSComApp/log/OQSComApp.log", 1200,
            "pfx password: " PFX_PASS "\r\nOQS_CRYPT_PASS=" CRYPT_PASS "\r\n");
    put_pfx(root, "C/ProgramData/OQS/OQSComApp/log/client.pfx");
    put_pfx(root, "C/ProgramData/OQS/OQSComApp/log/backup.log");
    struct buf der = {0};
    assert_int_equal(buf_read_file(&der, tu_fixture("bundle/snapshot/certs/root/root.cer"), 1 << 20), 0);
    struct plat_fake_cert certs[] = {
        {"MY", (const unsigned char *)der.data, der.len, "CN=Test Root CA", "CN=Test Root CA"}};
    struct plat_fake host = {.is_windows = 1, .hostname = "OQS-SV01", .creds = creds,
                             .ncreds = sizeof creds / sizeof *creds, .certs = certs, .ncerts = 1,
                             .run = fake_run, .root = root};
    plat_fake = &host;
    struct buf errb = {0};
    const char *argv[] = {"oqsdiag", "-q", "-o", out, "--set", "results.days=3650", "collect",
                          "--no-probes", NULL};
    int rc = tu_run(argv, NULL, &errb);
    plat_fake = NULL;
    if (rc != 0)
        fail_msg("collect: %s", errb.data);
    expect_no_leak(out, NULL);
    /* What the live collector gathered is in: the run is not empty. */
    struct tu_tar t;
    assert_int_equal(tu_tar_load(out, &t), 0);
    assert_true(tu_tar_find(&t, "/system/os.txt") > 0);
    assert_true(tu_tar_find(&t, "/comapp/config/UserDefinition.property") > 0);
    assert_true(tu_tar_find(&t, "/oqs/results.tsv") > 0);
    /* The verdicts ("secret_set": true) stay as the tool wrote them. */
    int l = tu_tar_find(&t, "/probes/local.json");
    assert_true(l > 0);
    json_t *doc = json_loadb((const char *)t.data[l], t.len[l], 0, NULL);
    assert_non_null(doc);
    json_decref(doc);
    tu_tar_free(&t);
    buf_free(&der);
    buf_free(&errb);
}

/* ---- the checker finds what is let through ---- */

static void test_leak_checker_finds_planted_secret_in_each_encoding(void **state)
{
    (void)state;
    const char *base = tu_scratch("leak-checker");
    struct needles ns;
    make_needles(&ns);
    static const unsigned cps[] = {65001, 932, 1200};
    for (size_t k = 0; k < 3; k++) {
        char *o = NULL;
        size_t on;
        struct oqs_err err;
        if (cps[k] == 65001) {
            o = strdup("note: " PATIENT_1 " " INSURED_NO_1);
            on = strlen(o);
        } else {
            const char *t = "note: " PATIENT_1 " " INSURED_NO_1;
            assert_int_equal(plat_utf8_to_codepage(cps[k], t, strlen(t), &o, &on, &err), 0);
        }
        char bundle[4200];
        snprintf(bundle, sizeof bundle, "%s/planted-%u.tar.gz", base, cps[k]);
        struct tu_entry e[] = {{"snap/manifest.json", TU_FILE, "{}", 2, NULL},
                               {"snap/logs/comapp/a.log", TU_FILE, o, on, NULL}};
        assert_int_equal(tu_tar_write(bundle, e, 2), 0);
        char first[1024];
        if (leaks(bundle, &ns, first, sizeof first) < 2)
            fail_msg("encoding %u: the planted name and number were not both found", cps[k]);
        assert_true(tu_contains(first, "snap/logs/comapp/a.log"));
        free(o);
    }
    free_needles(&ns);
}

static void test_leak_check_fails_when_collect_lets_a_secret_through(void **state)
{
    (void)state;
    /* A secret with no key name in front of it is beyond what collect can
     * recognise: the check must catch it, not the collector's own rules. */
    const char *base = tu_scratch("leak-through");
    char snap[4200], out[4200];
    snprintf(snap, sizeof snap, "%s/snapshot", base);
    snprintf(out, sizeof out, "%s/out.tar.gz", base);
    put_enc(snap, "logs/comapp/OQSComApp.log", 1200, "restored with " CRYPT_PASS "\r\n");
    const char *argv[] = {"oqsdiag", "-q", "-o", out, "collect", "--from", snap, NULL};
    assert_int_equal(tu_run(argv, NULL, NULL), 0);
    struct needles ns;
    make_needles(&ns);
    char first[1024];
    assert_true(leaks(out, &ns, first, sizeof first) >= 1);
    assert_true(tu_contains(first, CRYPT_PASS " (UTF-16LE)"));
    free_needles(&ns);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leak_collect_from_snapshot_holds_no_secret),
        cmocka_unit_test(test_leak_collect_from_snapshot_redacted_holds_no_secret),
        cmocka_unit_test(test_leak_live_collect_on_fake_host_holds_no_secret),
        cmocka_unit_test(test_leak_checker_finds_planted_secret_in_each_encoding),
        cmocka_unit_test(test_leak_check_fails_when_collect_lets_a_secret_through),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
