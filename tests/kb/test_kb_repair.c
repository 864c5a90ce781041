/* The repair files (the .fix files of kb/entries, docs/kb-format.md "Repairs"): the
 * shipped ones are clean and point at entries that exist; each kind of
 * broken repair is refused with file:line; the command line is shown the
 * way cmd.exe and PowerShell read it. */
#include "testutil.h"

#include <string.h>

#include "cmd/fix_plan.h"
#include "core/config.h"
#include "kb/kb.h"
#include "kb/kb_repair.h"

static void test_builtin_repairs_load_and_lint_clean(void **state)
{
    (void)state;
    struct kb_repairs rs;
    struct oqs_err err = {{0}};
    assert_int_equal(kb_repairs_load(&rs, NULL, &err), 0);
    assert_true(rs.n >= 6);
    struct kb *kb = kb_load(NULL, NULL);
    for (size_t i = 0; i < rs.n; i++) {
        assert_non_null(kb_find(kb, rs.v[i].entry));
        /* Every change can be undone from what was saved. */
        int save = 0, undo = 0;
        for (size_t j = 0; j < rs.v[i].nsteps; j++) {
            save += rs.v[i].steps[j].kind <= KBS_RECORD;
            undo += rs.v[i].steps[j].kind >= KBS_UNDO;
        }
        assert_true(save > 0 && undo > 0);
    }
    kb_free(kb);
    kb_repairs_free(&rs);
    struct kb_diag d = {0};
    size_t n = 0;
    assert_int_equal(kb_repairs_lint(OQS_SOURCE_DIR "/kb/entries", &n, &d, NULL), 0);
    assert_int_equal(d.nerrors, 0);
    assert_true(n >= 6);
    kb_diag_free(&d);
}

static const char good_head[] = "repair: r\nentry: display-scaling\ntitle.ja: t\ntitle.en: t\n"
                                "when: system.display warn\n";

static void expect_error(const char *tail, const char *needle)
{
    struct buf text = {0};
    struct kb_diag d = {0};
    struct kb_repairs rs = {0};
    buf_appendf(&text, "%s%s", good_head, tail);
    assert_int_equal(kb_repairs_parse(&rs, "x.fix", (const unsigned char *)text.data, text.len, &d),
                     -1);
    assert_int_equal(rs.n, 0);
    if (!tu_contains(d.text.data, needle))
        fprintf(stderr, "got: %s\n", d.text.data);
    assert_true(tu_contains(d.text.data, needle));
    assert_true(strncmp(d.text.data, "x.fix:", 6) == 0);
    kb_diag_free(&d);
    buf_free(&text);
}

static void test_broken_repairs_are_refused_with_file_and_line(void **state)
{
    (void)state;
    expect_error("run: reg add {no.such.key}\nbackup: x\nundo: y\n", "unknown placeholder");
    expect_error("run: reg add x\nundo: y\n", "no backup or record");
    expect_error("run: reg add x\nbackup: x\n", "no undo");
    expect_error("backup: x\nundo: y\n", "no run");
    expect_error("when: no.such.finding fail\nrun: a\nbackup: b\nundo: c\n",
                 "x.fix:6: when: 'no.such.finding' names no finding");
    expect_error("when: system.display ok\nrun: a\nbackup: b\nundo: c\n", "status 'ok'");
    expect_error("run: a \"b\nbackup: b\nundo: c\n", "unbalanced");
    expect_error("record: ..\\x cmd\nrun: a\nundo: c\n", "plain file name");
    expect_error("admin: maybe\nrun: a\nbackup: b\nundo: c\n", "admin: yes or no");
    expect_error("colour: red\nrun: a\nbackup: b\nundo: c\n", "unknown key 'colour'");
}

static void quoted(const char *const *argv, const char *want)
{
    struct buf b = {0};
    fix_quote_cmdline(&b, argv);
    assert_string_equal(b.data, want);
    buf_free(&b);
}

static void test_command_lines_read_the_same_in_cmd_and_powershell(void **state)
{
    (void)state;
    quoted((const char *const[]){"schtasks", "/change", "/tn", "\\OQS_exec_x", "/enable", NULL},
           "schtasks /change /tn \\OQS_exec_x /enable");
    quoted((const char *const[]){"netsh", "bypass-list=*.a;*.b", NULL},
           "netsh bypass-list=\"*.a;*.b\"");
    quoted((const char *const[]){"reg", "add", "HKCU\\Control Panel\\Desktop", NULL},
           "reg add \"HKCU\\Control Panel\\Desktop\"");
    quoted((const char *const[]){"w32tm", "/manualpeerlist:a,0x8", NULL},
           "w32tm \"/manualpeerlist:a,0x8\"");
    /* Windows' rule: backslashes before a closing quote are doubled. */
    quoted((const char *const[]){"x", "C:\\a b\\", "say \"hi\"", "", NULL},
           "x \"C:\\a b\\\\\" \"say \\\"hi\\\"\" \"\"");
}

static void test_values_come_from_the_configuration(void **state)
{
    (void)state;
    struct config *c = config_new();
    struct oqs_err err;
    char *s = fix_expand("bypass-list={proxy.bypass}", c, "B", NULL);
    assert_true(tu_contains(s, "*.onshikaku.org;*.flets-east.jp;"));
    assert_true(tu_contains(s, ";pweb.base.oqs-pdl.org"));
    free(s);
    assert_int_equal(config_set_arg(c, "ntp.server=ntp.example.jp", &err), 0);
    s = fix_expand("/manualpeerlist:{ntp.server},0x8 {backup}\\{task}", c, "B", "T");
    assert_string_equal(s, "/manualpeerlist:ntp.example.jp,0x8 B\\T");
    free(s);
    /* An empty setting (②/③ without a time server): no command at all. */
    assert_int_equal(config_set_arg(c, "ntp.server=", &err), 0);
    assert_null(fix_expand("/manualpeerlist:{ntp.server},0x8", c, "B", NULL));
    config_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_repairs_load_and_lint_clean),
        cmocka_unit_test(test_broken_repairs_are_refused_with_file_and_line),
        cmocka_unit_test(test_command_lines_read_the_same_in_cmd_and_powershell),
        cmocka_unit_test(test_values_come_from_the_configuration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
