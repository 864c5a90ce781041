/* Faithful to the manual for every clinic (issue 15): the three network
 * configurations (network.config base|carrier|clinic) over the fixture
 * snapshots config-carrier (②) and config-clinic (③, time setting
 * skipped) of tools/mksnapshots.py. */
#include "testutil.h"
#include "bundle_util.h"

#include <stdio.h>
#include <string.h>

#include "cmd/diagnose.h"
#include "core/config.h"
#include "core/platform.h"
#include "core/report.h"

#define CARRIER_BYPASS                                                                         \
    "proxy.bypass=*.onshikaku.org;*.lineauth.mnw;*.obn.managedpki.ne.jp;*.cybertrust.ne.jp;" \
    "*.secomtrust.net;*.rece"

/* sets: NULL-terminated --set arguments. Caller frees with report_free(). */
static struct report *analyze_with(const char *dir, const char *const *sets)
{
    char rel[256];
    snprintf(rel, sizeof rel, "snapshots/%s", dir);
    struct config *cfg = config_new();
    struct oqs_err err = {{0}};
    for (size_t i = 0; sets && sets[i]; i++)
        if (config_set_arg(cfg, sets[i], &err) != 0)
            fail_msg("--set %s: %s", sets[i], err.msg);
    struct report *r = NULL;
    if (analyze_dir(tu_fixture(rel), cfg, NULL, &r, &err) != 0)
        fail_msg("analyze_dir(%s): %s", dir, err.msg);
    config_free(cfg);
    return r;
}

static const struct finding *find(const struct report *r, const char *id)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].id, id) == 0)
            return &r->findings[i];
    return NULL;
}

static int has_kb(const struct report *r, const char *id)
{
    for (size_t i = 0; i < r->nkb; i++)
        if (strcmp(r->kb[i].id, id) == 0)
            return 1;
    return 0;
}

static void no_fail_warn_unknown(const struct report *r, const char *what)
{
    for (size_t i = 0; i < r->nfindings; i++)
        /* These fixtures were made before events/ joined the layout. */
        if ((r->findings[i].status == FST_FAIL || r->findings[i].status == FST_WARN ||
             r->findings[i].status == FST_UNKNOWN) &&
            strcmp(r->findings[i].id, "events.input.missing") != 0)
            fail_msg("%s: %s is %s: %s", what, r->findings[i].id,
                     fstatus_name(r->findings[i].status), r->findings[i].summary);
    assert_int_equal(r->nkb, 0);
}

static void status_is(const struct report *r, const char *id, enum fstatus st)
{
    const struct finding *f = find(r, id);
    if (!f)
        fail_msg("no %s finding", id);
    if (f->status != st)
        fail_msg("%s is %s, not %s: %s", id, fstatus_name(f->status), fstatus_name(st), f->summary);
}

/* ② with the carrier's proxy and time server given: healthy, and the
 * delivery app's cloud setting is what 8-01 asks for. */
static void test_carrier_site_with_its_values_is_healthy(void **state)
{
    (void)state;
    const char *sets[] = {"network.config=carrier", "proxy.server=proxy.example.jp:8080",
                          CARRIER_BYPASS, "ntp.server=ntp.example.jp", NULL};
    struct report *r = analyze_with("config-carrier", sets);
    no_fail_warn_unknown(r, "config-carrier as carrier");
    status_is(r, "distroapp.settings.target", FST_OK);
    status_is(r, "proxy.winhttp.server", FST_OK);
    status_is(r, "ntp.w32tm.source", FST_OK);
    report_free(r);
}

/* The same site judged as ① (the default) fails on the manual's proxy and
 * time server and warns that クラウド is set: the report points at the
 * configuration instead of a wrong procedure. */
static void test_carrier_site_judged_as_base_points_at_the_configuration(void **state)
{
    (void)state;
    struct report *r = analyze_with("config-carrier", NULL);
    status_is(r, "proxy.winhttp.server", FST_FAIL);
    status_is(r, "ntp.w32tm.source", FST_FAIL);
    status_is(r, "distroapp.settings.target", FST_WARN);
    assert_true(has_kb(r, "distroapp-cloud-setting"));
    report_free(r);
}

/* ② without the carrier's values: what is set is reported as skip with the
 * key to set, never a false fail against the manual's ① values. */
static void test_carrier_site_without_its_values_skips_not_fails(void **state)
{
    (void)state;
    const char *sets[] = {"network.config=carrier", NULL};
    struct report *r = analyze_with("config-carrier", sets);
    status_is(r, "proxy.winhttp.server", FST_SKIP);
    status_is(r, "proxy.user.server", FST_SKIP);
    status_is(r, "proxy.winhttp.bypass", FST_SKIP);
    status_is(r, "ntp.w32tm.source", FST_SKIP);
    assert_true(tu_contains(find(r, "proxy.winhttp.server")->summary, "proxy.server"));
    assert_true(tu_contains(find(r, "ntp.w32tm.source")->summary, "ntp.server"));
    for (size_t i = 0; i < r->nfindings; i++)
        assert_int_not_equal(r->findings[i].status, FST_FAIL);
    report_free(r);
}

/* ③ without an alternative time server: ntp.server empty means the time
 * setting was skipped as the manual allows: skip, not fail. */
static void test_clinic_site_with_time_skipped_is_healthy(void **state)
{
    (void)state;
    const char *sets[] = {"network.config=clinic", "proxy.server=192.0.2.10:3128", CARRIER_BYPASS,
                          "ntp.server=", NULL};
    struct report *r = analyze_with("config-clinic", sets);
    no_fail_warn_unknown(r, "config-clinic as clinic");
    status_is(r, "ntp.w32tm.source", FST_SKIP);
    assert_true(tu_contains(find(r, "ntp.w32tm.source")->summary, "skipped"));
    status_is(r, "distroapp.settings.target", FST_OK);
    report_free(r);
}

/* A ① site set up as ② by mistake: 8-01's cloud setting is missing. */
static void test_base_site_judged_as_carrier_lacks_the_cloud_setting(void **state)
{
    (void)state;
    const char *sets[] = {"network.config=carrier", NULL};
    struct report *r = analyze_with("healthy-ja", sets);
    status_is(r, "distroapp.settings.target", FST_FAIL);
    assert_true(has_kb(r, "distroapp-cloud-setting"));
    report_free(r);
}

static void test_network_config_accepts_only_the_three_names(void **state)
{
    (void)state;
    struct config *cfg = config_new();
    struct oqs_err err = {{0}};
    assert_string_equal(config_str(cfg, "network.config"), "base");
    assert_int_equal(config_is_set(cfg, "network.config"), 0);
    assert_int_equal(config_set_arg(cfg, "network.config=clinic", &err), 0);
    assert_string_equal(config_str(cfg, "network.config"), "clinic");
    assert_int_equal(config_is_set(cfg, "network.config"), 1);
    assert_int_equal(config_set_arg(cfg, "network.config=isp", &err), -1);
    assert_true(tu_contains(err.msg, "not one of base|carrier|clinic"));
    assert_int_equal(config_set_arg(cfg, "network.config=", &err), -1);
    config_free(cfg);
}

/* The manual's table of carriers is printed by help config and kb show. */
static void test_carrier_table_is_shown(void **state)
{
    (void)state;
    struct buf out = {0};
    const char *help[] = {"oqsdiag", "--lang", "ja", "help", "config", NULL};
    assert_int_equal(tu_run(help, &out, NULL), 0);
    assert_true(tu_contains(out.data, "network.config"));
    assert_true(tu_contains(out.data, "株式会社NTTデータ中国: ② ネットワーク事業者起点"));
    buf_free(&out);
    const char *show[] = {"oqsdiag", "--lang", "ja", "kb", "show", "network-configuration", NULL};
    assert_int_equal(tu_run(show, &out, NULL), 0);
    assert_true(tu_contains(out.data, "三菱電機 インフォメーション ネットワーク 株式会社: ② ネットワーク事業者起点"));
    buf_free(&out);
}

/* A snapshot gathered by hand 60 days before the fixture was made, without
 * a manifest: judged as of the newest time inside it (the report says so,
 * and from which file), so it is still healthy whenever it is analysed. */
static void test_snapshot_without_manifest_keeps_its_own_time(void **state)
{
    (void)state;
    struct report *r = analyze_with("no-manifest-old", NULL);
    status_is(r, "snapshot.time", FST_OK);
    const struct finding *t = find(r, "snapshot.time");
    assert_true(json_is_true(json_object_get(t->evidence, "estimated")));
    assert_string_equal(json_string_value(json_object_get(t->evidence, "file")), "oqs/results.tsv");
    assert_true(tu_contains(t->summary, "newest time inside it"));
    status_is(r, "ntp.w32tm.last_sync", FST_OK);
    for (size_t i = 0; i < r->nfindings; i++)
        if (r->findings[i].status == FST_FAIL || r->findings[i].status == FST_WARN)
            fail_msg("%s is %s: %s", r->findings[i].id, fstatus_name(r->findings[i].status),
                     r->findings[i].summary);
    report_free(r);
    /* Packed with collect --from, the bundle's manifest gets no collection
     * time: the analysis of the bundle still estimates it. */
    char bundle[4200];
    snprintf(bundle, sizeof bundle, "%s/b.tar.gz", tu_scratch("no-manifest-old"));
    const char *pack[] = {"oqsdiag", "-q", "-o", bundle, "collect", "--from",
                          tu_fixture("snapshots/no-manifest-old"), NULL};
    assert_int_equal(tu_run(pack, NULL, NULL), 0);
    struct buf out = {0};
    const char *an[] = {"oqsdiag", "--json", "analyze", bundle, NULL};
    tu_run(an, &out, NULL);
    assert_true(tu_contains(out.data, "\"snapshot.time\""));
    assert_true(tu_contains(out.data, "newest time inside it"));
    assert_false(tu_contains(out.data, "\"status\": \"fail\""));
    buf_free(&out);
    /* With a manifest, its collection time decides and nothing is estimated. */
    r = analyze_with("healthy-ja", NULL);
    assert_null(find(r, "snapshot.time"));
    report_free(r);
}

/* Collected as Administrator: a warn that says the per-user findings are
 * Administrator's, and each of them says so in its evidence. */
static void test_snapshot_collected_as_another_user_says_so(void **state)
{
    (void)state;
    struct report *r = analyze_with("collected-admin", NULL);
    status_is(r, "snapshot.collected_by", FST_WARN);
    assert_true(tu_contains(find(r, "snapshot.collected_by")->summary, "Administrator"));
    static const char *const per_user[] = {"proxy.user.server", "cert.client.present",
                                           "system.edge", "system.display"};
    for (size_t i = 0; i < sizeof per_user / sizeof per_user[0]; i++) {
        const struct finding *f = find(r, per_user[i]);
        if (!f)
            fail_msg("no %s finding", per_user[i]);
        assert_string_equal(json_string_value(json_object_get(f->evidence, "collected_as")),
                            "Administrator");
    }
    /* A machine-wide finding is not marked. */
    assert_null(json_object_get(find(r, "tasks.exists")->evidence, "collected_as"));
    report_free(r);
    r = analyze_with("healthy-ja", NULL);
    status_is(r, "snapshot.collected_by", FST_OK);
    report_free(r);
}

/* A fixture snapshot copied to dst, to take files out of it. */
static void copy_fixture(const char *name, const char *dst)
{
    char rel[256];
    snprintf(rel, sizeof rel, "snapshots/%s", name);
    tu_copy_tree(tu_fixture(rel), dst);
}

/* verify --json of a snapshot folder, with sets. */
static json_t *verify_json(const char *dir, const char *const *sets)
{
    const char *argv[16] = {"oqsdiag", "--json"};
    size_t n = 2;
    for (size_t i = 0; sets && sets[i] && n < 12; i++) {
        argv[n++] = "--set";
        argv[n++] = sets[i];
    }
    argv[n++] = "verify";
    argv[n++] = dir;
    argv[n] = NULL;
    struct buf out = {0};
    tu_run(argv, &out, NULL);
    json_error_t je;
    json_t *doc = json_loadb(out.data ? out.data : "", out.len, 0, &je);
    if (!doc)
        fail_msg("verify %s: not JSON: %s", dir, je.text);
    buf_free(&out);
    return doc;
}

static const char *item_state(json_t *doc, const char *id)
{
    json_t *cl = json_object_get(doc, "checklist");
    for (size_t i = 0; i < json_array_size(cl); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(cl, i), "id")), id) == 0)
            return json_string_value(json_object_get(json_array_get(cl, i), "state"));
    fail_msg("no checklist item %s", id);
    return NULL;
}

/* A default collect has no 配信実績 and no settings file (their place is
 * not public): item 7 is decided by what was collected, and the findings
 * say which key to set. */
static void test_default_collect_decides_item_seven(void **state)
{
    (void)state;
    const char *dir = tu_scratch("default-collect");
    char snap[4200], f[4300];
    snprintf(snap, sizeof snap, "%s/s", dir);
    copy_fixture("healthy-ja", snap);
    snprintf(f, sizeof f, "%s/distroapp/delivery-record.txt", snap);
    assert_int_equal(remove(f), 0);
    snprintf(f, sizeof f, "%s/distroapp/settings.txt", snap);
    assert_int_equal(remove(f), 0);
    json_t *doc = verify_json(snap, NULL);
    assert_string_equal(item_state(doc, "distroapp"), "ok");
    json_t *fs = json_object_get(doc, "findings");
    int said = 0;
    for (size_t i = 0; i < json_array_size(fs); i++) {
        json_t *x = json_array_get(fs, i);
        const char *id = json_string_value(json_object_get(x, "id"));
        if (strncmp(id, "distroapp.input", 15) == 0)
            fail_msg("%s on a default collect", id);
        if (strcmp(id, "distroapp.record.institution_code") == 0) {
            assert_string_equal(json_string_value(json_object_get(x, "status")), "skip");
            assert_true(tu_contains(json_string_value(json_object_get(x, "summary")),
                                    "set distroapp.record_file"));
            said++;
        }
    }
    assert_int_equal(said, 1);
    json_decref(doc);
    /* The key set and the file still missing: that cannot be told. */
    const char *set[] = {"distroapp.record_file=C:\\x\\record.txt", NULL};
    doc = verify_json(snap, set);
    assert_string_equal(item_state(doc, "distroapp"), "unknown");
    json_decref(doc);
}

/* comapp.used=no (manual 3: インストールが必要な医療機関等のみ): what the
 * linkage application lacks is skipped, item 3 is not needed, and item 8
 * is checked by hand in the browser (9 02). */
static void test_site_without_linkage_app_does_not_need_item_three(void **state)
{
    (void)state;
    const char *no[] = {"comapp.used=no", NULL};
    struct report *r = analyze_with("creds-missing", no);
    const struct finding *f = find(r, "creds.login_key");
    assert_non_null(f);
    assert_int_equal(f->status, FST_SKIP);
    assert_string_equal(json_string_value(json_object_get(f->evidence, "status_before")), "fail");
    assert_non_null(json_object_get(f->evidence, "not_needed"));
    report_free(r);
    r = analyze_with("creds-missing", NULL);
    status_is(r, "creds.login_key", FST_FAIL);
    report_free(r);

    const char *dir = tu_scratch("no-comapp");
    char snap[4200], f2[4300];
    snprintf(snap, sizeof snap, "%s/s", dir);
    copy_fixture("healthy-ja", snap);
    snprintf(f2, sizeof f2, "%s/apps/version/OQSComApp.info", snap);
    assert_int_equal(remove(f2), 0);
    tu_write_file(snap, "oqs/results.tsv", "", 0);
    /* The fixture's `reg query` listing (tools/mksnapshots.py) without the
     * OQSComApp entry. */
    const char *installed = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion"
                            "\\Uninstall\\{D1}\r\n    DisplayName    REG_SZ    OQSDistroApp\r\n"
                            "    DisplayVersion    REG_SZ    2.3.0\r\n";
    tu_write_file(snap, "apps/installed.txt", installed, strlen(installed));
    json_t *doc = verify_json(snap, no);
    assert_string_equal(item_state(doc, "comapp"), "not_needed");
    assert_string_equal(item_state(doc, "qualification"), "manual");
    json_decref(doc);
    doc = verify_json(snap, NULL);
    assert_string_equal(item_state(doc, "comapp"), "fail");
    json_decref(doc);
}

/* 9 「複数の端末にて共通のクライアント証明書」 only where the store shows
 * another terminal's certificate; two of one subject (a renewal) are ok. */
static void test_renewed_certificate_is_ok_another_terminals_warns(void **state)
{
    (void)state;
    struct report *r = analyze_with("cert-multiple", NULL);
    status_is(r, "cert.client.multiple", FST_WARN);
    assert_non_null(json_object_get(find(r, "cert.client.multiple")->evidence, "other_subject"));
    report_free(r);
    const char *dir = tu_scratch("cert-renewed");
    char snap[4200], from[4300], to[4300];
    snprintf(snap, sizeof snap, "%s/s", dir);
    copy_fixture("cert-multiple", snap);
    snprintf(from, sizeof from, "%s/certs/user-my/client.cer", snap);
    snprintf(to, sizeof to, "%s/certs/user-my/client2.cer", snap);
    struct buf der = {0};
    struct oqs_err err = {{0}};
    assert_int_equal(plat_read_file(from, 1 << 20, 0, &der, &err), 0);
    assert_int_equal(plat_write_file(to, der.data, der.len, &err), 0);
    buf_free(&der);
    struct config *cfg = config_new();
    assert_int_equal(analyze_dir(snap, cfg, NULL, &r, &err), 0);
    config_free(cfg);
    status_is(r, "cert.client.multiple", FST_OK);
    assert_true(tu_contains(find(r, "cert.client.multiple")->summary, "stays valid"));
    assert_false(has_kb(r, "cert-shared-or-code-change"));
    report_free(r);
}

/* Without this computer's name (no manifest, no systeminfo: what Wine's
 * live collection gives) a TerminalID that is there is judged once, ok,
 * and never also "no TerminalID"; the name comparison is left out. */
static void test_terminal_id_without_computer_name(void **state)
{
    (void)state;
    const char *dir = tu_scratch("terminal-no-host");
    char snap[4200], f[4300];
    snprintf(snap, sizeof snap, "%s/s", dir);
    copy_fixture("healthy-ja", snap);
    snprintf(f, sizeof f, "%s/manifest.json", snap);
    assert_int_equal(remove(f), 0);
    snprintf(f, sizeof f, "%s/system/os.txt", snap);
    assert_int_equal(remove(f), 0);
    struct report *r = NULL;
    struct oqs_err err = {{0}};
    struct config *cfg = config_new();
    assert_int_equal(analyze_dir(snap, cfg, NULL, &r, &err), 0);
    config_free(cfg);
    size_t n = 0;
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].id, "distroapp.record.terminal_id") == 0) {
            assert_int_equal(r->findings[i].status, FST_OK);
            n++;
        }
    assert_int_equal(n, 1);
    assert_null(find(r, "distroapp.record.terminal_name"));
    report_free(r);
}

/* network.line reaches the evidence of the name findings the KB routes by. */
static void test_line_type_is_in_the_dns_evidence(void **state)
{
    (void)state;
    const char *ipsec[] = {"network.line=ipsec", NULL};
    struct report *r = analyze_with("healthy-ja", ipsec);
    size_t n = 0;
    for (size_t i = 0; i < r->nfindings; i++)
        if (strncmp(r->findings[i].id, "dns.", 4) == 0) {
            assert_string_equal(json_string_value(json_object_get(r->findings[i].evidence, "line")),
                                "ipsec");
            n++;
        }
    assert_true(n > 0);
    report_free(r);
}

static json_t *item_of(json_t *doc, const char *id)
{
    json_t *cl = json_object_get(doc, "checklist");
    for (size_t i = 0; i < json_array_size(cl); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(cl, i), "id")), id) == 0)
            return json_array_get(cl, i);
    fail_msg("no checklist item %s", id);
    return NULL;
}

/* Point 6: the manual asks for the latest applications and Edge, which only
 * the portal knows; ✔ reads "minimum met", and the floors are settings. */
static void test_version_tick_reads_minimum_met_and_floors_are_settings(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", tu_fixture("snapshots/healthy-ja"));
    json_t *doc = verify_json(dir, NULL);
    for (const char *const *id = (const char *const[]){"comapp", "distroapp", NULL}; *id; id++) {
        json_t *it = item_of(doc, *id);
        assert_string_equal(json_string_value(json_object_get(it, "state")), "ok");
        const char *en = json_string_value(json_object_get(json_object_get(it, "ok_note"), "en"));
        assert_non_null(en);
        assert_true(strstr(en, "minimum version met") != NULL);
        assert_true(strstr(en, *id) != NULL); /* names its key */
    }
    assert_null(json_object_get(item_of(doc, "account"), "ok_note"));
    json_decref(doc);

    const char *argv[] = {"oqsdiag", "--lang", "en", "verify", dir, NULL};
    struct buf out = {0};
    tu_run(argv, &out, NULL);
    buf_append(&out, "", 1);
    assert_true(tu_contains(out.data, "minimum version met (comapp.min_version)"));
    buf_free(&out);

    const char *sets[] = {"comapp.min_version=4.2", "distroapp.min_version=2.2",
                          "edge.min_version=200", NULL};
    struct report *r = analyze_with("healthy-ja", sets);
    status_is(r, "comapp.version", FST_FAIL);
    status_is(r, "distroapp.version", FST_FAIL);
    status_is(r, "system.edge", FST_FAIL);
    report_free(r);
    r = analyze_with("healthy-ja", NULL);
    assert_true(strstr(find(r, "comapp.version")->summary, "minimum 4.1.0 met") != NULL);
    assert_true(strstr(find(r, "system.edge")->summary, "edge.min_version") != NULL);
    report_free(r);
}

/* Point 7: tasks.runas cites 9-03 for the linkage application's tasks and
 * 8-02 for the delivery application's (it cited 8-02 for all). */
static void test_runas_cites_the_section_that_registers_the_task(void **state)
{
    (void)state;
    struct report *r = analyze_with("task-runas", NULL);
    int seen = 0;
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *f = &r->findings[i];
        if (strcmp(f->id, "tasks.runas") != 0 || f->status != FST_FAIL)
            continue;
        seen = 1;
        assert_non_null(strstr(f->summary, "OQS_exec_comappstart"));
        assert_non_null(strstr(f->summary, "9-03"));
        assert_null(strstr(f->summary, "8-02"));
    }
    assert_true(seen);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_carrier_site_with_its_values_is_healthy),
        cmocka_unit_test(test_carrier_site_judged_as_base_points_at_the_configuration),
        cmocka_unit_test(test_carrier_site_without_its_values_skips_not_fails),
        cmocka_unit_test(test_clinic_site_with_time_skipped_is_healthy),
        cmocka_unit_test(test_base_site_judged_as_carrier_lacks_the_cloud_setting),
        cmocka_unit_test(test_network_config_accepts_only_the_three_names),
        cmocka_unit_test(test_carrier_table_is_shown),
        cmocka_unit_test(test_snapshot_without_manifest_keeps_its_own_time),
        cmocka_unit_test(test_snapshot_collected_as_another_user_says_so),
        cmocka_unit_test(test_default_collect_decides_item_seven),
        cmocka_unit_test(test_site_without_linkage_app_does_not_need_item_three),
        cmocka_unit_test(test_renewed_certificate_is_ok_another_terminals_warns),
        cmocka_unit_test(test_line_type_is_in_the_dns_evidence),
        cmocka_unit_test(test_terminal_id_without_computer_name),
        cmocka_unit_test(test_version_tick_reads_minimum_met_and_floors_are_settings),
        cmocka_unit_test(test_runas_cites_the_section_that_registers_the_task),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
