#include "testutil.h"

#include <string.h>

#include "core/checklist.h"
#include "report_sample.h"

static const struct cl_item *item(const struct checklist *cl, const char *id)
{
    for (size_t i = 0; i < CL_NITEMS; i++)
        if (strcmp(cl->items[i].def->id, id) == 0)
            return &cl->items[i];
    fail_msg("no checklist item %s", id);
    return NULL;
}

static int decided_by(const struct report *r, const struct cl_item *it, const char *id)
{
    for (size_t d = 0; d < it->ndecided; d++)
        if (strcmp(r->findings[it->decided[d]].id, id) == 0)
            return 1;
    return 0;
}

static void test_checklist_has_eight_items_and_four_windows_sub_items(void **state)
{
    (void)state;
    struct report *r = report_new("snapshot");
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    int top = 0, sub = 0;
    for (size_t i = 0; i < CL_NITEMS; i++) {
        if (cl.items[i].def->parent < 0)
            top++;
        else {
            sub++;
            assert_string_equal(cl.items[cl.items[i].def->parent].def->id, "windows");
        }
    }
    assert_int_equal(top, 8);
    assert_int_equal(sub, 4);
    /* No findings at all: nothing can be ticked. */
    assert_int_equal(item(&cl, "account")->state, CL_UNKNOWN);
    assert_int_equal(item(&cl, "oqs_account")->state, CL_MANUAL);
    assert_int_equal(item(&cl, "oqs_settings")->state, CL_MANUAL);
    checklist_free(&cl);
    report_free(r);
}

static void test_checklist_healthy_ticks_every_visible_item(void **state)
{
    (void)state;
    struct report *r = rs_healthy();
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    for (size_t i = 0; i < CL_NITEMS; i++) {
        const struct cl_item *it = &cl.items[i];
        if (it->state == CL_MANUAL)
            continue;
        if (it->state != CL_OK)
            fail_msg("item %s is %s", it->def->id, cl_state_name(it->state));
        assert_true(it->ndecided > 0);
    }
    checklist_free(&cl);
    report_free(r);
}

static void test_checklist_failing_crosses_proxy_and_time_only(void **state)
{
    (void)state;
    struct report *r = rs_failing();
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "windows.proxy")->state, CL_FAIL);
    assert_true(decided_by(r, item(&cl, "windows.proxy"), "proxy.tunnel.auth_required"));
    assert_false(decided_by(r, item(&cl, "windows.proxy"), "proxy.winhttp.server"));
    assert_int_equal(item(&cl, "windows.time")->state, CL_FAIL);
    assert_true(decided_by(r, item(&cl, "windows.time"), "ntp.rr.unreachable"));
    assert_int_equal(item(&cl, "windows")->state, CL_FAIL);
    assert_true(decided_by(r, item(&cl, "windows"), "ntp.rr.unreachable"));
    assert_int_equal(item(&cl, "windows.display")->state, CL_OK);
    assert_int_equal(item(&cl, "account")->state, CL_OK);
    assert_int_equal(item(&cl, "cert")->state, CL_OK);
    /* No result file ended normally in this report: 8 is an action to do by hand. */
    assert_int_equal(item(&cl, "qualification")->state, CL_MANUAL);
    /* The KB entry of each crossed item is the one its finding triggered. */
    assert_true(checklist_kb_applies(r, item(&cl, "windows.proxy"), &r->kb[0]));
    assert_false(checklist_kb_applies(r, item(&cl, "windows.proxy"), &r->kb[1]));
    assert_true(checklist_kb_applies(r, item(&cl, "windows.time"), &r->kb[1]));
    checklist_free(&cl);
    report_free(r);
}

static void test_checklist_tasks_go_to_their_application(void **state)
{
    (void)state;
    struct report *r = rs_healthy();
    report_add(r, "tasks.enabled", FST_FAIL, "tasks/schtasks.csv",
               json_pack("{s:s}", "task", "OQS_exec_distroappstop_periodic"),
               "OQS_exec_distroappstop_periodic is disabled", "無効");
    report_add(r, "tasks.runas", FST_WARN, "tasks/OQS_exec_comappdelfile_running.xml", NULL,
               "OQS_exec_comappdelfile_running runs as SYSTEM", "実行ユーザーが違う");
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "distroapp")->state, CL_FAIL);
    assert_int_equal(item(&cl, "qualification")->state, CL_WARN);
    assert_true(decided_by(r, item(&cl, "qualification"), "tasks.runas"));
    assert_false(decided_by(r, item(&cl, "windows.distroapp_prep"), "tasks.runas"));
    checklist_free(&cl);

    /* A task finding naming no application counts for both. */
    report_add(r, "tasks.input.missing", FST_UNKNOWN, "tasks", NULL, "tasks/ is missing", "ない");
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "distroapp")->state, CL_FAIL);
    assert_int_equal(item(&cl, "qualification")->state, CL_UNKNOWN);
    checklist_free(&cl);
    report_free(r);
}

static void test_checklist_unknown_beats_warn_and_skip_only_is_unknown(void **state)
{
    (void)state;
    struct report *r = report_new("live");
    report_add(r, "system.display", FST_SKIP, "system/display.txt", NULL, "not Windows", "省略");
    report_add(r, "account.exists", FST_OK, "account/net_user.txt", NULL, "exists", "ある");
    report_add(r, "account.admin", FST_WARN, "account/net_user.txt", NULL, "?", "?");
    report_add(r, "cert.client.present", FST_OK, "certs", NULL, "ok", "ok");
    report_add(r, "cert.input.unreadable", FST_UNKNOWN, "certs", NULL, "bad", "bad");
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "windows.display")->state, CL_UNKNOWN);
    assert_int_equal(item(&cl, "windows.display")->nseen, 1);
    assert_int_equal(item(&cl, "account")->state, CL_WARN);
    assert_int_equal(item(&cl, "cert")->state, CL_UNKNOWN);
    assert_true(decided_by(r, item(&cl, "cert"), "cert.input.unreadable"));
    assert_false(decided_by(r, item(&cl, "cert"), "cert.client.present"));
    checklist_free(&cl);
    report_free(r);
}

static void test_checklist_json_lists_items_with_deciding_ids_and_kb(void **state)
{
    (void)state;
    struct report *r = rs_failing();
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    json_t *a = checklist_to_json(r, &cl);
    assert_int_equal(json_array_size(a), CL_NITEMS);
    json_t *proxy = NULL;
    for (size_t i = 0; i < json_array_size(a); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(a, i), "id")), "windows.proxy") == 0)
            proxy = json_array_get(a, i);
    assert_non_null(proxy);
    assert_string_equal(json_string_value(json_object_get(proxy, "state")), "fail");
    assert_string_equal(json_string_value(json_object_get(proxy, "no")), "2-2");
    assert_string_equal(json_string_value(json_object_get(proxy, "parent")), "windows");
    assert_string_equal(json_string_value(json_array_get(json_object_get(proxy, "decided_by"), 0)),
                        "proxy.tunnel.auth_required");
    assert_string_equal(json_string_value(json_array_get(json_object_get(proxy, "kb"), 0)),
                        "proxy-requirements");
    json_decref(a);
    checklist_free(&cl);
    report_free(r);
}

/* 8 「資格確認できるか確認した」 is an action: ticked only when a result file
 * ended normally, else checked by hand with the manual's steps. */
static void test_checklist_qualification_needs_a_normal_result(void **state)
{
    (void)state;
    struct report *r = rs_healthy();
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "qualification")->state, CL_OK);
    checklist_free(&cl);
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].id, "comapp.results") == 0)
            json_object_set_new(r->findings[i].evidence, "normal", json_integer(0));
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "qualification")->state, CL_MANUAL);
    assert_non_null(item(&cl, "qualification")->def->steps_ja);
    assert_non_null(strstr(item(&cl, "qualification")->def->steps_ja, "9 02"));
    json_t *a = checklist_to_json(r, &cl);
    json_t *q = json_array_get(a, CL_NITEMS - 1);
    assert_string_equal(json_string_value(json_object_get(q, "state")), "manual");
    assert_non_null(json_string_value(json_object_get(q, "steps")));
    json_decref(a);
    checklist_free(&cl);
    /* A failure still crosses it: its fix is worth more than the hand check. */
    report_add(r, "creds.login_key", FST_FAIL, "system/cmdkey_list.txt", NULL, "missing", "ない");
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "qualification")->state, CL_FAIL);
    checklist_free(&cl);
    report_free(r);
}

/* 2-1 配信アプリ準備 is the proxy, time and display changes (manual 2), not
 * the OS, Edge or .NET Framework of 事前準備. */
static void test_checklist_distroapp_prep_sums_up_two_two_to_two_four(void **state)
{
    (void)state;
    struct report *r = rs_healthy();
    report_add(r, "system.edge", FST_FAIL, "system/edge_version.txt", NULL, "no Edge", "ない");
    report_add(r, "system.os", FST_FAIL, "system/os.txt", NULL, "Windows 10", "Windows 10");
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "windows.distroapp_prep")->state, CL_OK);
    assert_int_equal(item(&cl, "windows")->state, CL_OK);
    assert_string_equal(item(&cl, "windows.distroapp_prep")->def->covers, "2-2, 2-3, 2-4");
    checklist_free(&cl);
    report_add(r, "system.display", FST_WARN, "system/display.txt", NULL, "125%%", "125%%");
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "windows.distroapp_prep")->state, CL_WARN);
    assert_true(decided_by(r, item(&cl, "windows.distroapp_prep"), "system.display"));
    assert_false(decided_by(r, item(&cl, "windows.distroapp_prep"), "system.edge"));
    checklist_free(&cl);
    report_free(r);
}

/* 3 and 2-3 are conditional in the manual: "not needed" when every finding
 * was skipped and one says why; a bare skip stays "cannot tell". */
static void test_checklist_conditional_items_can_be_not_needed(void **state)
{
    (void)state;
    struct report *r = report_new("snapshot");
    report_add(r, "comapp.version", FST_SKIP, "apps/installed.txt",
               json_pack("{s:s}", "not_needed", "comapp.used=no"), "not needed", "不要");
    report_add(r, "ntp.w32tm.source", FST_SKIP, "system/w32tm_status.txt", NULL, "not set", "未設定");
    report_add(r, "system.power", FST_SKIP, "system/power.txt",
               json_pack("{s:s}", "not_needed", "x"), "skip", "省略");
    struct checklist cl;
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "comapp")->state, CL_NOT_NEEDED);
    assert_string_equal(item(&cl, "comapp")->why, "comapp.used=no");
    assert_int_equal(item(&cl, "windows.time")->state, CL_UNKNOWN);
    /* 8 is not conditional: a reason does not make it unnecessary. */
    assert_int_equal(item(&cl, "qualification")->state, CL_MANUAL);
    checklist_free(&cl);
    report_add(r, "ntp.resolve", FST_SKIP, "probe:ntp",
               json_pack("{s:s}", "not_needed", "ntp.server empty"), "skip", "省略");
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "windows.time")->state, CL_NOT_NEEDED);
    assert_string_equal(cl_state_name(CL_NOT_NEEDED), "not_needed");
    checklist_free(&cl);
    /* Something to fix is never "not needed". */
    report_add(r, "comapp.version", FST_FAIL, "apps/installed.txt", NULL, "old", "古い");
    assert_int_equal(checklist_eval(r, &cl), 0);
    assert_int_equal(item(&cl, "comapp")->state, CL_FAIL);
    assert_null(item(&cl, "comapp")->why);
    checklist_free(&cl);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checklist_has_eight_items_and_four_windows_sub_items),
        cmocka_unit_test(test_checklist_healthy_ticks_every_visible_item),
        cmocka_unit_test(test_checklist_failing_crosses_proxy_and_time_only),
        cmocka_unit_test(test_checklist_tasks_go_to_their_application),
        cmocka_unit_test(test_checklist_unknown_beats_warn_and_skip_only_is_unknown),
        cmocka_unit_test(test_checklist_json_lists_items_with_deciding_ids_and_kb),
        cmocka_unit_test(test_checklist_qualification_needs_a_normal_result),
        cmocka_unit_test(test_checklist_distroapp_prep_sums_up_two_two_to_two_four),
        cmocka_unit_test(test_checklist_conditional_items_can_be_not_needed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
