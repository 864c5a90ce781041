/* collect --from: the bundle of a snapshot folder (issue 6): manifest.json
 * first with every file's size and SHA-256, forbidden files never in it,
 * credential values masked, logs newest first within the cap. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "bundle_util.h"
#include "collectors/bundle/bundle_manifest.h"
#include "core/platform.h"

static const char *snapshot(void)
{
    return tu_fixture("bundle/snapshot");
}

/* Runs collect --from the fixture into dir/out.tar.gz with extra args. */
static int collect(const char *dir, const char *extra1, const char *extra2, char *out, size_t n,
                   struct buf *errb)
{
    snprintf(out, n, "%s/out.tar.gz", dir);
    const char *argv[10] = {"oqsdiag", "-q", "-o", out, "collect", "--from", snapshot()};
    int k = 7;
    if (extra1)
        argv[k++] = extra1;
    if (extra2)
        argv[k++] = extra2;
    argv[k] = NULL;
    return tu_run(argv, NULL, errb);
}

static struct manifest *manifest_of(const struct tu_tar *t)
{
    int i = tu_tar_find(t, "/manifest.json");
    assert_true(i >= 0);
    struct oqs_err err = {{0}};
    struct manifest *m = manifest_parse((const char *)t->data[i], t->len[i], "manifest.json", &err);
    if (!m)
        fail_msg("%s", err.msg);
    return m;
}

static int skipped(const struct manifest *m, const char *path, const char *why_part)
{
    for (size_t i = 0; i < m->nskipped; i++)
        if (strcmp(m->skipped[i].path, path) == 0 && tu_contains(m->skipped[i].why, why_part))
            return 1;
    return 0;
}

static void test_collect_from_writes_manifest_first_with_size_and_sha256(void **state)
{
    (void)state;
    char out[4200];
    struct buf errb = {0};
    assert_int_equal(collect(tu_scratch("collect-manifest"), NULL, NULL, out, sizeof out, &errb), 0);
    struct tu_tar t;
    assert_int_equal(tu_tar_load(out, &t), 0);
    assert_true(t.n > 5);
    /* One top-level folder oqsdiag-<host>-<UTC time>, manifest.json first. */
    assert_true(strncmp(t.names[0], "oqsdiag-OQS-SV01-", 17) == 0);
    const char *slash = strchr(t.names[0], '/');
    assert_string_equal(slash, "/manifest.json");
    size_t top = (size_t)(slash - t.names[0]) + 1;
    struct manifest *m = manifest_of(&t);
    assert_string_equal(m->tool_name, "oqsdiag");
    assert_int_equal(m->format, 1);
    assert_string_equal(m->host, "OQS-SV01");
    assert_string_equal(m->locale, "ja;日本語");
    /* A folder without a manifest has no collection time: analyze takes the
     * newest time inside, not the time it was packed (snapshot-layout.md). */
    assert_string_equal(m->collected, "");
    assert_int_equal(m->nfiles, t.n - 1);
    for (size_t i = 1; i < t.n; i++) {
        assert_true(strncmp(t.names[i], t.names[0], top) == 0);
        const struct manifest_file *f = manifest_find(m, t.names[i] + top);
        if (!f)
            fail_msg("%s is not in the manifest", t.names[i]);
        char hex[65];
        assert_int_equal(manifest_sha256(t.data[i], t.len[i], hex, NULL), 0);
        assert_string_equal(hex, f->sha256);
        assert_int_equal(f->size, (long long)t.len[i]);
    }
    manifest_free(m);
    tu_tar_free(&t);
    buf_free(&errb);
}

static void test_collect_leaves_out_pfx_keys_req_res_and_foreign_files(void **state)
{
    (void)state;
    char out[4200];
    assert_int_equal(collect(tu_scratch("collect-forbidden"), NULL, NULL, out, sizeof out, NULL), 0);
    struct tu_tar t;
    assert_int_equal(tu_tar_load(out, &t), 0);
    struct manifest *m = manifest_of(&t);
    /* Left out: counted per layout folder and reason; no name of a
     * left-out file is in the manifest (issue 21). */
    assert_true(skipped(m, "certs/", "1 file(s): a private key or PFX"));
    assert_true(skipped(m, "certs/", "1 file(s): holds a private key or PKCS#12"));
    assert_true(skipped(m, "oqs/", "2 file(s): a request/result data file"));
    assert_true(skipped(m, "(outside the layout's folders)", "1 file(s): not a file of the snapshot layout"));
    int mi = tu_tar_find(&t, "/manifest.json");
    static const char *const names[] = {"client.pfx", "disguised", "OQSsiquc01", "notes.txt"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (tu_contains((const char *)t.data[mi], names[i]))
            fail_msg("the manifest names the left-out %s", names[i]);
    for (size_t i = 0; i < t.n; i++) {
        assert_false(tu_contains(t.names[i], "/req/") || tu_contains(t.names[i], "/res/"));
        assert_false(tu_contains(t.names[i], ".pfx") || tu_contains(t.names[i], "disguised"));
        assert_false(tu_contains((const char *)t.data[i], "山田"));
        assert_false(tu_contains((const char *)t.data[i], "OQSsiquc01req"));
    }
    /* The public certificates are in. */
    assert_true(tu_tar_find(&t, "/certs/user-my/clinic.cer") >= 0);
    assert_true(tu_tar_find(&t, "/certs/root/root.cer") >= 0);
    manifest_free(m);
    tu_tar_free(&t);
}

static void test_collect_masks_credential_values_and_keeps_other_bytes(void **state)
{
    (void)state;
    char out[4200];
    assert_int_equal(collect(tu_scratch("collect-creds"), NULL, NULL, out, sizeof out, NULL), 0);
    struct tu_tar t;
    assert_int_equal(tu_tar_load(out, &t), 0);
    int i = tu_tar_find(&t, "/comapp/config/UserDefinition.property");
    assert_true(i >= 0);
    assert_true(tu_contains((const char *)t.data[i], "ProxyPassword=********\r\n"));
    assert_true(tu_contains((const char *)t.data[i], "ResponseFileStayTime=30\r\n"));
    assert_false(tu_contains((const char *)t.data[i], "Prx!Secret9"));
    struct manifest *m = manifest_of(&t);
    int listed = 0;
    for (size_t r = 0; r < m->nredactions; r++)
        listed |= strcmp(m->redactions[r].what, "credential_value") == 0 && m->redactions[r].count == 1;
    assert_true(listed);
    /* Raw first: a file with nothing to mask is byte for byte the original. */
    int o = tu_tar_find(&t, "/system/os.txt");
    struct buf orig = {0};
    char p[4200];
    snprintf(p, sizeof p, "%s/system/os.txt", snapshot());
    assert_int_equal(buf_read_file(&orig, p, 1 << 20), 0);
    assert_int_equal(t.len[o], orig.len);
    assert_memory_equal(t.data[o], orig.data, orig.len);
    buf_free(&orig);
    manifest_free(m);
    tu_tar_free(&t);
}

static void test_collect_keeps_newest_logs_first_within_cap(void **state)
{
    (void)state;
    char out[4200];
    /* Each fixture log is 177 bytes: two fit in 400. */
    assert_int_equal(collect(tu_scratch("collect-logs"), "--set", "logs.max_bytes=400", out,
                             sizeof out, NULL),
                     0);
    struct tu_tar t;
    assert_int_equal(tu_tar_load(out, &t), 0);
    int a = tu_tar_find(&t, "/logs/comapp/OQSComApp_20261123.log");
    int b = tu_tar_find(&t, "/logs/comapp/OQSComApp_20261122.log");
    assert_true(a > 0 && b == a + 1);
    assert_int_equal(tu_tar_find(&t, "/logs/comapp/OQSComApp_20261121.log"), -1);
    struct manifest *m = manifest_of(&t);
    assert_true(skipped(m, "logs/", "1 file(s): over the log cap (logs.max_bytes)"));
    manifest_free(m);
    tu_tar_free(&t);
}

static void test_collect_into_folder_uses_host_and_utc_time_name(void **state)
{
    (void)state;
    const char *dir = tu_scratch("collect-name");
    struct buf outb = {0};
    const char *argv[] = {"oqsdiag", "-o", dir, "collect", "--from", snapshot(), NULL};
    assert_int_equal(tu_run(argv, &outb, NULL), 0);
    const char *p = strstr(outb.data, "/oqsdiag-OQS-SV01-");
    assert_non_null(p);
    /* oqsdiag-OQS-SV01-20261125T101500Z.tar.gz */
    const char *t = p + strlen("/oqsdiag-OQS-SV01-");
    for (int i = 0; i < 8; i++)
        assert_true(t[i] >= '0' && t[i] <= '9');
    assert_int_equal(t[8], 'T');
    assert_true(strncmp(t + 15, "Z.tar.gz", 8) == 0);
    buf_free(&outb);
}

static void test_collect_bad_arguments_and_missing_folder_exit_3(void **state)
{
    (void)state;
    struct buf errb = {0};
    const char *a1[] = {"oqsdiag", "collect", "--frob", NULL};
    assert_int_equal(tu_run(a1, NULL, &errb), 3);
    assert_true(tu_contains(errb.data, "--frob"));
    buf_reset(&errb);
    const char *a2[] = {"oqsdiag", "collect", "--from", "/nonexistent/snapshot", NULL};
    assert_int_equal(tu_run(a2, NULL, &errb), 3);
    assert_true(tu_contains(errb.data, "/nonexistent/snapshot"));
    buf_free(&errb);
}

static void test_manifest_parse_rejects_bad_documents_naming_field(void **state)
{
    (void)state;
    static const struct {
        const char *doc, *expect;
    } cases[] = {
        {"{\"format\": 2}", "format 2"},
        {"{}", "\"format\""},
        {"{\"format\":1,\"files\":[{\"path\":\"../x\",\"size\":1,\"sha256\":\"" 
         "0000000000000000000000000000000000000000000000000000000000000000\"}]}", "files[0].path"},
        {"{\"format\":1,\"files\":[{\"path\":\"a\",\"size\":-1,\"sha256\":\"x\"}]}", "files[0].size"},
        {"{\"format\":1,\"files\":[{\"path\":\"a\",\"size\":1,\"sha256\":\"ABC\"}]}", "files[0].sha256"},
        {"{\"format\":1,\"format\":1}", "manifest.json:1"},
        {"[1]", "not a JSON object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct oqs_err err = {{0}};
        struct manifest *m = manifest_parse(cases[i].doc, strlen(cases[i].doc), "manifest.json", &err);
        if (m || !tu_contains(err.msg, cases[i].expect))
            fail_msg("case %zu: \"%s\" should mention %s", i, err.msg, cases[i].expect);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collect_from_writes_manifest_first_with_size_and_sha256),
        cmocka_unit_test(test_collect_leaves_out_pfx_keys_req_res_and_foreign_files),
        cmocka_unit_test(test_collect_masks_credential_values_and_keeps_other_bytes),
        cmocka_unit_test(test_collect_keeps_newest_logs_first_within_cap),
        cmocka_unit_test(test_collect_into_folder_uses_host_and_utc_time_name),
        cmocka_unit_test(test_collect_bad_arguments_and_missing_folder_exit_3),
        cmocka_unit_test(test_manifest_parse_rejects_bad_documents_naming_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
