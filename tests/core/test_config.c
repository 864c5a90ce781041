#include "testutil.h"

#include <string.h>

#include "core/config.h"

static void test_config_defaults_are_the_manuals_values(void **state)
{
    (void)state;
    struct config *c = config_new();
    assert_string_equal(config_str(c, "ntp.server"), "ntp.base.oqs-pdl.org");
    assert_int_equal(config_int(c, "ntp.port"), 123);
    assert_string_equal(config_str(c, "proxy.server"), "proxy.base.oqs-pdl.org:8080");
    assert_string_equal(config_str(c, "proxy.target"), "d2vhvuj0j7c8bh.cloudfront.net:443");
    assert_string_equal(config_str(c, "tls.target"), "hweb.oqs.onshikaku.org:443");
    assert_int_equal(config_int(c, "timeout_ms"), 5000);
    size_t n;
    const char *const *bp = config_list(c, "proxy.bypass", &n);
    static const char *const manual[] = {"*.onshikaku.org", "*.flets-east.jp", "*.flets-west.jp",
                                         "*.lineauth.mnw", "*.obn.managedpki.ne.jp",
                                         "*.cybertrust.ne.jp", "*.secomtrust.net", "*.rece",
                                         "pweb.base.oqs-pdl.org"};
    assert_int_equal(n, 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(bp[i], manual[i]);
    const char *const *names = config_list(c, "names", &n);
    assert_int_equal(n, 5);
    assert_string_equal(names[0], "hweb.oqs.onshikaku.org");
    assert_string_equal(names[4], "cert.obn.managedpki.ne.jp");
    config_list(c, "dns.servers", &n);
    assert_int_equal(n, 0);
    config_free(c);
}

static void test_config_set_overrides_and_validates(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct oqs_err err;
    assert_int_equal(config_set_arg(c, "ntp.server=127.0.53.1", &err), 0);
    assert_string_equal(config_str(c, "ntp.server"), "127.0.53.1");
    assert_int_equal(config_set_arg(c, "dns.servers=127.0.53.1:5353, [::1]:5353", &err), 0);
    size_t n;
    const char *const *s = config_list(c, "dns.servers", &n);
    assert_int_equal(n, 2);
    assert_string_equal(s[1], "[::1]:5353");
    assert_int_equal(config_set_arg(c, "folders.shared=yes", &err), 0);
    assert_true(config_bool(c, "folders.shared"));
    config_free(c);
}

static void test_config_unknown_key_is_named(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct oqs_err err;
    assert_int_equal(config_set_arg(c, "ntp.sever=x", &err), -1);
    assert_true(tu_contains(err.msg, "unknown key 'ntp.sever'"));
    assert_true(tu_contains(err.msg, "--set"));
    assert_int_equal(config_set_arg(c, "novalue", &err), -1);
    assert_true(tu_contains(err.msg, "key=value"));
    config_free(c);
}

static void test_config_bad_values_name_the_key(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct oqs_err err;
    assert_int_equal(config_set_arg(c, "timeout_ms=10", &err), -1);
    assert_true(tu_contains(err.msg, "timeout_ms"));
    assert_int_equal(config_set_arg(c, "ntp.port=70000", &err), -1);
    assert_true(tu_contains(err.msg, "ntp.port"));
    assert_int_equal(config_set_arg(c, "proxy.server=nohostport", &err), -1);
    assert_true(tu_contains(err.msg, "proxy.server"));
    assert_int_equal(config_set_arg(c, "dns.servers=1.2.3.4:99999", &err), -1);
    assert_true(tu_contains(err.msg, "dns.servers"));
    assert_int_equal(config_set_arg(c, "folders.shared=perhaps", &err), -1);
    /* A failed set leaves the old value. */
    assert_int_equal(config_int(c, "timeout_ms"), 5000);
    config_free(c);
}

static void test_config_ini_sections_prefix_keys(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct oqs_err err = {{0}};
    assert_int_equal(config_load_file(c, tu_fixture("config/good.ini"), &err), 0);
    assert_string_equal(config_str(c, "ntp.server"), "ntp.example.test");
    assert_int_equal(config_int(c, "ntp.port"), 1123);
    assert_int_equal(config_int(c, "timeout_ms"), 2500);
    assert_string_equal(config_str(c, "proxy.server"), "127.0.0.1:3128");
    config_free(c);
}

static void test_config_ini_errors_name_file_and_line(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct oqs_err err;
    assert_int_equal(config_load_file(c, tu_fixture("config/unknown-key.ini"), &err), -1);
    assert_true(tu_contains(err.msg, "unknown-key.ini:4"));
    assert_true(tu_contains(err.msg, "ntp.bogus"));
    assert_int_equal(config_load_file(c, tu_fixture("config/bad-value.ini"), &err), -1);
    assert_true(tu_contains(err.msg, "bad-value.ini:2"));
    assert_true(tu_contains(err.msg, "ntp.offset_warn_ms"));
    assert_int_equal(config_load_file(c, tu_fixture("config/absent.ini"), &err), -1);
    assert_true(tu_contains(err.msg, "absent.ini"));
    config_free(c);
}

static void test_config_ini_in_utf16_is_read(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct oqs_err err = {{0}};
    assert_int_equal(config_load_file(c, tu_fixture("config/utf16.ini"), &err), 0);
    assert_int_equal(config_int(c, "timeout_ms"), 3000);
    config_free(c);
}

static void test_config_hostport_forms(void **state)
{
    (void)state;
    char host[64];
    int port;
    assert_int_equal(config_split_hostport("proxy.base.oqs-pdl.org:8080", host, sizeof host, &port, 0), 0);
    assert_string_equal(host, "proxy.base.oqs-pdl.org");
    assert_int_equal(port, 8080);
    assert_int_equal(config_split_hostport("[::1]:53", host, sizeof host, &port, 0), 0);
    assert_string_equal(host, "::1");
    assert_int_equal(port, 53);
    assert_int_equal(config_split_hostport("::1", host, sizeof host, &port, 53), 0);
    assert_string_equal(host, "::1");
    assert_int_equal(port, 53);
    assert_int_equal(config_split_hostport("127.0.0.1", host, sizeof host, &port, 53), 0);
    assert_int_equal(port, 53);
    assert_int_equal(config_split_hostport("h:0", host, sizeof host, &port, 53), -1);
    assert_int_equal(config_split_hostport(":80", host, sizeof host, &port, 53), -1);
    assert_int_equal(config_split_hostport("[::1", host, sizeof host, &port, 53), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_defaults_are_the_manuals_values),
        cmocka_unit_test(test_config_set_overrides_and_validates),
        cmocka_unit_test(test_config_unknown_key_is_named),
        cmocka_unit_test(test_config_bad_values_name_the_key),
        cmocka_unit_test(test_config_ini_sections_prefix_keys),
        cmocka_unit_test(test_config_ini_errors_name_file_and_line),
        cmocka_unit_test(test_config_ini_in_utf16_is_read),
        cmocka_unit_test(test_config_hostport_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
