/* collect --redact (issue 6): the medical institution code, host names, user
 * names and IPv4 addresses get the same mask in every file and encoding; the
 * mapping stays next to the bundle; what the checks need is kept. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "bundle_util.h"
#include "collectors/bundle/bundle_manifest.h"
#include "collectors/bundle/bundle_redact.h"
#include "core/encoding.h"
#include "core/platform.h"

struct redacted {
    struct tu_tar t;
    char out[4200], map[4200];
};

static void collect_redacted(struct redacted *r, const char *scratch)
{
    const char *dir = tu_scratch(scratch);
    snprintf(r->out, sizeof r->out, "%s/b.tar.gz", dir);
    snprintf(r->map, sizeof r->map, "%s/b.mapping.tsv", dir);
    struct buf errb = {0};
    const char *argv[] = {"oqsdiag", "-q", "-o", r->out, "collect", "--redact", "--from",
                          tu_fixture("bundle/snapshot"), NULL};
    if (tu_run(argv, NULL, &errb) != 0)
        fail_msg("%s", errb.data);
    buf_free(&errb);
    assert_int_equal(tu_tar_load(r->out, &r->t), 0);
}

/* The entry's text as UTF-8, and the encoding it was in. */
static char *text_of(const struct redacted *r, const char *suffix, enum enc *e)
{
    int i = tu_tar_find(&r->t, suffix);
    if (i < 0)
        fail_msg("%s is not in the bundle", suffix);
    char *out;
    assert_int_equal(enc_to_utf8(r->t.data[i], r->t.len[i], ENC_AUTO, &out, NULL, e, NULL), 0);
    return out;
}

static void test_redact_masks_host_the_same_in_cp932_utf16_and_utf8(void **state)
{
    (void)state;
    struct redacted r;
    collect_redacted(&r, "redact-enc");
    static const struct {
        const char *file;
        enum enc enc;
        const char *expect;
    } cases[] = {
        {"/system/os.txt", ENC_CP932, "ホスト名:                   host001\r\n"},
        {"/tasks/OQS_exec_comappstart.xml", ENC_UTF16LE, "<UserId>host001\\OqsComApp</UserId>"},
        {"/logs/comapp/OQSComApp_20261123.log", ENC_UTF8, "start on host001 (192.0.2.1)"},
        {"/tasks/schtasks.csv", ENC_CP932, "\"host001\",\"\\OQS_exec_comappstart\""},
        {"/comapp/config/UserDefinition.property", ENC_UTF8, "OutputFolder=\\\\host001\\res"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        enum enc e;
        char *t = text_of(&r, cases[i].file, &e);
        if (e != cases[i].enc || !tu_contains(t, cases[i].expect) || tu_contains(t, "OQS-SV01") ||
            tu_contains(t, "192.168.10.20"))
            fail_msg("%s (%s): %s", cases[i].file, enc_name(e), t);
        free(t);
    }
    /* UTF-16LE keeps its BOM. */
    int x = tu_tar_find(&r.t, "/tasks/OQS_exec_comappstart.xml");
    assert_memory_equal(r.t.data[x], "\xff\xfe<\0", 4);
    /* The archive's folder and the manifest use the masked host. */
    assert_true(strncmp(r.t.names[0], "oqsdiag-host001-", 16) == 0);
    tu_tar_free(&r.t);
}

static void test_redact_masks_users_code_and_addresses_consistently(void **state)
{
    (void)state;
    struct redacted r;
    collect_redacted(&r, "redact-values");
    enum enc e;
    char *rec = text_of(&r, "/distroapp/delivery-record.txt", &e);
    assert_true(tu_contains(rec, "MedicalInstitutionCode=0000000001\r\n"));
    /* A version is not an address. */
    assert_true(tu_contains(rec, "OQSComApp=4.1.0.0"));
    free(rec);
    char *members = text_of(&r, "/system/net_localgroup_administrators.txt", &e);
    char *log = text_of(&r, "/logs/comapp/OQSComApp_20261121.log", &e);
    /* yamada: user002 in the group list, the log line and the profile path. */
    assert_true(tu_contains(members, "host001\\user002\r\n"));
    assert_true(tu_contains(members, "Administrator\r\n"));
    assert_true(tu_contains(log, "user user002 profile C:\\Users\\user002\\AppData"));
    assert_true(tu_contains(log, "via 192.0.2.2:8080"));
    assert_false(tu_contains(log, "yamada") || tu_contains(members, "yamada"));
    free(members);
    free(log);
    for (size_t i = 0; i < r.t.n; i++)
        if (tu_contains((const char *)r.t.data[i], "1312345678"))
            fail_msg("the institution code is in %s", r.t.names[i]);
    tu_tar_free(&r.t);
}

static void test_redact_mapping_is_next_to_bundle_not_inside(void **state)
{
    (void)state;
    struct redacted r;
    collect_redacted(&r, "redact-map");
    struct buf m = {0};
    assert_int_equal(buf_read_file(&m, r.map, 1 << 20), 0);
    assert_true(tu_contains(m.data, "host\tOQS-SV01\thost001\n"));
    assert_true(tu_contains(m.data, "user\tyamada\tuser002\n"));
    /* The login key's account id keeps its R1 prefix and its length. */
    assert_true(tu_contains(m.data, "user\tR1234567\tR1000001\n"));
    assert_true(tu_contains(m.data, "medical_institution_code\t1312345678\t0000000001\n"));
    assert_true(tu_contains(m.data, "ipv4\t192.168.10.20\t192.0.2.1\n"));
    for (size_t i = 0; i < r.t.n; i++)
        assert_false(tu_contains(r.t.names[i], "mapping"));
    int mi = tu_tar_find(&r.t, "/manifest.json");
    struct manifest *man = manifest_parse((const char *)r.t.data[mi], r.t.len[mi], "m", NULL);
    assert_non_null(man);
    assert_string_equal(man->mapping, "b.mapping.tsv");
    assert_string_equal(man->host, "host001");
    int kinds = 0;
    for (size_t i = 0; i < man->nredactions; i++) {
        const struct manifest_redaction *x = &man->redactions[i];
        kinds += (strcmp(x->what, "host") == 0 && x->count == 1) ||
                 (strcmp(x->what, "user") == 0 && x->count == 2) ||
                 (strcmp(x->what, "medical_institution_code") == 0 && x->count == 1) ||
                 (strcmp(x->what, "ipv4") == 0 && x->count == 2);
    }
    assert_int_equal(kinds, 4);
    manifest_free(man);
    buf_free(&m);
    tu_tar_free(&r.t);
}

static void test_redact_drops_certificate_holding_masked_value(void **state)
{
    (void)state;
    struct redacted r;
    collect_redacted(&r, "redact-cert");
    /* clinic.cer's subject holds OQS-SV01 and the code; root.cer does not. */
    assert_int_equal(tu_tar_find(&r.t, "/certs/user-my/clinic.cer"), -1);
    assert_true(tu_tar_find(&r.t, "/certs/root/root.cer") > 0);
    tu_tar_free(&r.t);
}

static void test_redactor_keeps_well_known_names_and_special_addresses(void **state)
{
    (void)state;
    struct redactor *rd = redactor_new(NULL);
    assert_non_null(rd);
    const char *learn = "<UserId>SV9\\OqsComApp</UserId>\n<UserId>S-1-5-18</UserId>\n"
                        "<UserId>NT AUTHORITY\\SYSTEM</UserId>\n"
                        "C:\\OQS\\req BUILTIN\\Administrators:(I)(OI)(CI)(F)\n"
                        "           SV9\\receiptcom:(OI)(CI)(M)\n"
                        "MedicalInstitutionCode=１３１２３４５６７８\n";
    assert_int_equal(redactor_learn(rd, "tasks/a.xml", learn, strlen(learn), NULL), 0);
    const char *in = "SV9\\OqsComApp S-1-5-18 NT AUTHORITY\\SYSTEM 127.0.0.1 255.255.255.0 "
                     "4.1.0.0 10.1.2.3 and 10.1.2.3 again; SV9.clinic.local; SV90; SV9.log; "
                     "receiptcom; BUILTIN\\Administrators; SV9_1312345678_receiptcom.txt; "
                     "１３１２３４５６７８; fe80::1c2b:3d4e:5f60:7182%12 ::1 10:00:00 "
                     "2001:0db8:0000:0000:0000:ff00:0042:8329";
    char *out;
    size_t n;
    int changed;
    assert_int_equal(redactor_apply(rd, in, strlen(in), &out, &n, &changed, NULL), 0);
    assert_true(changed);
    assert_string_equal(out, "host001\\OqsComApp S-1-5-18 NT AUTHORITY\\SYSTEM 127.0.0.1 "
                             "255.255.255.0 4.1.0.0 192.0.2.1 and 192.0.2.1 again; "
                             "host001.host002; SV90; host001.log; user001; BUILTIN\\Administrators; "
                             "host001_0000000001_user001.txt; 0000000001; 2001:db8::1 ::1 10:00:00 "
                             "2001:db8::2");
    free(out);
    redactor_free(rd);
}

static void test_redact_credentials_masks_values_not_lookalikes(void **state)
{
    (void)state;
    const char *in = "ProxyPassword=abc\r\nproxy.bypass=*.onshikaku.org\r\n"
                     "Password last set            2026/11/20 10:00:00\r\n"
                     "login pwd: x y z\r\n<AdminPassword>p@ss</AdminPassword>\r\n"
                     "<LogonType>Password</LogonType>\r\n";
    char *out;
    size_t n, count;
    assert_int_equal(redact_credentials(in, strlen(in), &out, &n, &count, NULL), 0);
    assert_int_equal(count, 3);
    assert_string_equal(out, "ProxyPassword=********\r\nproxy.bypass=*.onshikaku.org\r\n"
                             "Password last set            2026/11/20 10:00:00\r\n"
                             "login pwd: ********\r\n<AdminPassword>********</AdminPassword>\r\n"
                             "<LogonType>Password</LogonType>\r\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_redact_masks_host_the_same_in_cp932_utf16_and_utf8),
        cmocka_unit_test(test_redact_masks_users_code_and_addresses_consistently),
        cmocka_unit_test(test_redact_mapping_is_next_to_bundle_not_inside),
        cmocka_unit_test(test_redact_drops_certificate_holding_masked_value),
        cmocka_unit_test(test_redactor_keeps_well_known_names_and_special_addresses),
        cmocka_unit_test(test_redact_credentials_masks_values_not_lookalikes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
