/* collect --redact of a snapshot whose event logs name a user and the host
 * (events-faults-ja: a task registered under tanaka.hanako, every event's
 * <Computer>): neither is left in any file of the bundle, the masks are the
 * same as elsewhere, and the bundle is judged as the folder is. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "bundle_util.h"
#include "core/encoding.h"

static void test_redact_masks_users_and_host_in_event_logs(void **state)
{
    (void)state;
    const char *dir = tu_scratch("redact-events");
    char out[4200];
    snprintf(out, sizeof out, "%s/b.tar.gz", dir);
    struct buf errb = {0};
    const char *argv[] = {"oqsdiag", "-q", "-o", out, "collect", "--redact", "--from",
                          tu_fixture("snapshots/events-faults-ja"), NULL};
    if (tu_run(argv, NULL, &errb) != 0)
        fail_msg("%s", errb.data);
    buf_free(&errb);
    struct tu_tar t;
    assert_int_equal(tu_tar_load(out, &t), 0);
    static const char *const logs[] = {"/events/system.xml", "/events/application.xml",
                                       "/events/taskscheduler.xml"};
    for (size_t i = 0; i < sizeof logs / sizeof *logs; i++) {
        int x = tu_tar_find(&t, logs[i]);
        if (x < 0)
            fail_msg("%s is not in the bundle", logs[i]);
        char *text;
        assert_int_equal(enc_to_utf8(t.data[x], t.len[x], ENC_AUTO, &text, NULL, NULL, NULL), 0);
        if (tu_contains(text, "tanaka") || tu_contains(text, "OQS-SV01"))
            fail_msg("%s keeps a name: %.400s", logs[i], text);
        assert_true(tu_contains(text, "<Computer>host001</Computer>"));
        if (i == 2)
            assert_true(tu_contains(text, "host001\\user0"));
        free(text);
    }
    tu_tar_free(&t);
    /* The masked bundle still gives the task failure. */
    const char *an[] = {"oqsdiag", "analyze", "--json", out, NULL};
    struct buf o = {0};
    tu_run(an, &o, NULL);
    assert_true(tu_contains(o.data, "\"events.tasks.failed\""));
    assert_true(tu_contains(o.data, "OQS_exec_distroappstop_periodic"));
    buf_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_redact_masks_users_and_host_in_event_logs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
