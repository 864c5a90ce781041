/* Error messages in both languages (issue 16, point 8): cmd/messages.def is
 * the one table; every error format of the source is in it with both
 * languages; each error path a user meets prints Japanese under --lang ja
 * and under LANG=ja_JP.UTF-8, and English under --lang en. */
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/buf.h"
#include "core/platform.h"

/* ---- the table ---- */

static const struct cmd_msg *entry(const char *en)
{
    for (size_t i = 0; i < ncmd_msgs; i++)
        if (strcmp(cmd_msgs[i].en, en) == 0)
            return &cmd_msgs[i];
    return NULL;
}

static int has_non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

static void test_every_entry_has_both_languages_once(void **state)
{
    (void)state;
    assert_true(ncmd_msgs > 150);
    for (size_t i = 0; i < ncmd_msgs; i++) {
        const struct cmd_msg *m = &cmd_msgs[i];
        if (!m->en[0] || !m->ja[0] || !has_non_ascii(m->ja) || has_non_ascii(m->en))
            fail_msg("messages.def: '%s' / '%s' is not English and Japanese", m->en, m->ja);
        for (size_t j = 0; j < i; j++)
            if (strcmp(cmd_msgs[j].en, m->en) == 0)
                fail_msg("messages.def: '%s' twice", m->en);
    }
}

/* The translation fills the Japanese format with what the English matched,
 * translating a message inside a message and keeping paths as they are. */
static void test_translation_matches_formats_and_chains(void **state)
{
    (void)state;
    char ja[600];
    assert_int_equal(cmd_msg_ja("cannot write /x/y.json: No space left on device", ja, sizeof ja), 1);
    assert_string_equal(ja, "/x/y.json に書き込めない: ディスクの空き容量がない");
    assert_int_equal(cmd_msg_ja("analyze: /a b/c: not a directory", ja, sizeof ja), 1);
    assert_string_equal(ja, "analyze: /a b/c: フォルダーではない");
    assert_int_equal(cmd_msg_ja("f.ini:7: expected key = value, got 'x: y'", ja, sizeof ja), 1);
    assert_string_equal(ja, "f.ini:7: key = value の形ではない: 'x: y'");
    assert_int_equal(cmd_msg_ja("fix: the current state could not be saved; nothing was changed", ja,
                                sizeof ja),
                     1);
    assert_string_equal(ja, "fix: 現在の状態を保存できなかった。何も変更していない");
    /* Unknown text is kept whole, and said so. */
    assert_int_equal(cmd_msg_ja("something new: gone wrong", ja, sizeof ja), 0);
    assert_string_equal(ja, "something new: gone wrong");
    /* A small buffer cuts, never overruns. */
    char small[8];
    cmd_msg_ja("cannot write /x/y.json: No space left on device", small, sizeof small);
    assert_true(strlen(small) < sizeof small);
}

/* The C library's reasons as this machine words them. */
static void test_strerror_reasons_are_in_the_table(void **state)
{
    (void)state;
    static const int errs[] = {ENOENT, EACCES, ENOSPC, EISDIR, ENOTDIR, EEXIST, EROFS,
                               ENAMETOOLONG, EIO, EMFILE, EPERM, EINVAL, EFBIG, EXDEV, ENOTEMPTY};
    for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        char ja[300];
        const char *en = strerror(errs[i]);
        if (!cmd_msg_ja(en, ja, sizeof ja))
            fail_msg("strerror(%d) '%s' is not in cmd/messages.def", errs[i], en);
    }
}

/* ---- every format of the source ---- */

struct scan {
    char missing[4096];
    size_t nmissing, nformats;
};

/* The C string literal(s) at p, concatenated and unescaped into out; the
 * end, or NULL when p is not a literal. */
static const char *literal(const char *p, char *out, size_t n)
{
    size_t k = 0;
    int any = 0;
    for (;;) {
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
            p++;
        if (*p != '"')
            return any ? p : NULL;
        any = 1;
        for (p++; *p && *p != '"'; p++) {
            char c = *p;
            if (c == '\\') {
                c = *++p;
                c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
            }
            if (k + 1 < n)
                out[k++] = c;
        }
        out[k] = '\0';
        if (*p)
            p++;
    }
}

/* Whether a format says something beyond its conversions (a letter) and
 * beyond the name of the command it comes from ("collect: %s"). */
static int has_words(const char *f)
{
    size_t n = strlen(f);
    if (n > 4 && strcmp(f + n - 4, ": %s") == 0 && !memchr(f, '%', n - 4)) {
        char first[32];
        snprintf(first, sizeof first, "%.*s", (int)strcspn(f, " :"), f);
        if (cmd_find(first))
            return 0;
    }
    for (const char *p = f; *p; p++) {
        if (*p == '%') {
            p++;
            while (*p && strchr("-+ #0123456789.*lhzjt", *p))
                p++;
            if (!*p)
                break;
            continue;
        }
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            return 1;
    }
    return 0;
}

static void scan_text(struct scan *sc, const char *path, const char *text)
{
    /* The functions whose format is an error message; the argument before
     * the format is skipped (err, cli, or cli and the suggestion). */
    static const struct {
        const char *call;
        int skip;
    } calls[] = {{"oqs_errf(", 1}, {"cmd_error(", 1}, {"cmd_usage_error(", 1},
                 {"cmd_usage_hint(", 2}, {"cmd_say(", 1}};
    for (size_t c = 0; c < sizeof calls / sizeof calls[0]; c++) {
        for (const char *p = strstr(text, calls[c].call); p; p = strstr(p + 1, calls[c].call)) {
            if (p > text && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))
                continue;
            const char *q = p + strlen(calls[c].call);
            for (int s = 0; s < calls[c].skip && q; s++) {
                /* Past one argument: to the comma outside parentheses. */
                int depth = 0;
                for (; *q && !(depth == 0 && (*q == ',' || *q == ')')); q++)
                    depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
                q = *q == ',' ? q + 1 : NULL;
            }
            char fmt[800];
            if (!q || !literal(q, fmt, sizeof fmt))
                continue;
            sc->nformats++;
            if (!has_words(fmt) || entry(fmt))
                continue;
            sc->nmissing++;
            size_t len = strlen(sc->missing);
            snprintf(sc->missing + len, sizeof sc->missing - len, "\n  %s: \"%s\"", path, fmt);
        }
    }
}

struct walk {
    struct scan *sc;
    char dir[1400];
};

static int walk_cb(const struct plat_dirent *e, void *ud)
{
    struct walk *w = ud;
    char path[1400];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", w->dir, e->name) >= sizeof path)
        fail_msg("%s: path too long", w->dir);
    if (e->is_dir) {
        struct walk sub = {.sc = w->sc};
        snprintf(sub.dir, sizeof sub.dir, "%s", path);
        return plat_list_dir(path, walk_cb, &sub, NULL);
    }
    size_t n = strlen(e->name);
    if (n < 3 || strcmp(e->name + n - 2, ".c") != 0 || strncmp(e->name, "platform_fake", 13) == 0)
        return 0;
    char *text = tu_read_text(path);
    assert_non_null(text);
    scan_text(w->sc, path + strlen(OQS_SOURCE_DIR) + 1, text);
    free(text);
    return 0;
}

static void test_every_error_format_of_the_source_is_in_the_table(void **state)
{
    (void)state;
    static const char *const dirs[] = {"core", "collectors", "probes", "kb", "cmd"};
    struct scan sc = {{0}, 0, 0};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        struct walk w = {.sc = &sc};
        snprintf(w.dir, sizeof w.dir, "%s/%s", OQS_SOURCE_DIR, dirs[i]);
        assert_int_equal(plat_list_dir(w.dir, walk_cb, &w, NULL), 0);
    }
    /* The scan itself works: the source makes hundreds of errors. */
    assert_true(sc.nformats > 300);
    if (sc.nmissing)
        fail_msg("%zu error formats are not in cmd/messages.def:%s", sc.nmissing, sc.missing);
}

/* ---- the error paths, run ---- */

static char tmp[1024];

/* English prose left in s: two words of letters in a row, after the
 * values the run was given (paths, names) and the names of commands and
 * options are taken out. */
static const char *english_left(const char *s, const char *const *argv)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s", s);
    static const char *const names[] = {"oqsdiag kb list", "oqsdiag help config", "oqsdiag kb lint",
                                        "kb scan", "kb search", "fix --undo", "oqsdiag"};
    const char *cut[32];
    size_t ncut = 0;
    for (size_t i = 0; argv[i] && ncut < 24; i++)
        cut[ncut++] = argv[i];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        cut[ncut++] = names[i];
    for (size_t i = 0; i < ncut; i++) {
        size_t k = strlen(cut[i]);
        if (k < 3)
            continue;
        for (char *p = strstr(buf, cut[i]); p; p = strstr(p, cut[i]))
            memset(p, '_', k);
    }
    for (const char *p = buf; *p; p++) {
        size_t a = 0, b = 0;
        while ((p[a] >= 'a' && p[a] <= 'z') || (p[a] >= 'A' && p[a] <= 'Z'))
            a++;
        if (a >= 2 && p[a] == ' ') {
            const char *q = p + a + 1;
            while ((q[b] >= 'a' && q[b] <= 'z') || (q[b] >= 'A' && q[b] <= 'Z'))
                b++;
            if (b >= 2 && (p == buf || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z'))))
                return p;
        }
    }
    return NULL;
}

/* The usage lines after a usage error are the synopsis, not a message. */
static void messages_only(struct buf *b)
{
    char *u = b->data ? strstr(b->data, "usage: ") : NULL;
    if (u) {
        *u = '\0';
        b->len = (size_t)(u - b->data);
    }
}

struct path_case {
    const char *what;
    const char *argv[10];
    const char *en, *ja;
};

static void run_case(const struct path_case *c)
{
    const char *argv[16];
    for (int lang = 0; lang < 3; lang++) {
        /* --lang en, --lang ja, and LANG=ja_JP.UTF-8 without --lang */
        size_t n = 0;
        argv[n++] = "oqsdiag";
        if (lang < 2) {
            argv[n++] = "--lang";
            argv[n++] = lang ? "ja" : "en";
        }
        for (size_t i = 0; c->argv[i]; i++)
            argv[n++] = c->argv[i];
        argv[n] = NULL;
        if (lang == 2) {
            setenv("LANG", "ja_JP.UTF-8", 1);
            unsetenv("LC_ALL");
            unsetenv("LC_MESSAGES");
        }
        struct buf err = {0};
        int rc = tu_run(argv, NULL, &err);
        if (lang == 2)
            setenv("LANG", "C", 1);
        messages_only(&err);
        const char *text = err.data ? err.data : "";
        if (rc != 3)
            fail_msg("%s: exit %d, not 3:\n%s", c->what, rc, text);
        const char *want = lang ? c->ja : c->en;
        if (!tu_contains(text, want))
            fail_msg("%s (%s): '%s' not in:\n%s", c->what, lang ? "ja" : "en", want, text);
        const char *left = lang ? english_left(text, c->argv) : NULL;
        if (left)
            fail_msg("%s: English under ja at '%.40s' in:\n%s", c->what, left, text);
        buf_free(&err);
    }
}

static const char *at(const char *rel)
{
    static char paths[32][1200];
    static int k;
    assert_true(k < 32);
    char *p = paths[k++];
    snprintf(p, sizeof paths[0], "%s/%s", tmp, rel);
    return p;
}

static void test_error_paths_speak_the_users_language(void **state)
{
    (void)state;
    struct oqs_err e;
    char *dir = plat_mkdtemp("oqs-msg", &e);
    assert_non_null(dir);
    snprintf(tmp, sizeof tmp, "%s", dir);
    tu_write_file(tmp, "empty/.keep", "", 0);
    tu_write_file(tmp, "garbage.tar.gz", "not a bundle\n", 13);
    tu_write_file(tmp, "unknown-key.ini", "[ntp]\nfoo = 1\n", 14);
    tu_write_file(tmp, "bad-value.ini", "timeout_ms = soon\n", 18);
    tu_write_file(tmp, "bad-line.ini", "timeout_ms\n", 11);
    tu_write_file(tmp, "bad-section.ini", "[ntp\n", 5);
    tu_write_file(tmp, "file.txt", "x\n", 2);
    const struct path_case cases[] = {
        {"file not found", {"analyze", at("missing"), NULL},
         "No such file or directory", "そのようなファイルやフォルダーはない"},
        {"not a snapshot", {"analyze", at("empty"), NULL}, "not a snapshot", "スナップショットではありません"},
        {"bad bundle", {"analyze", at("garbage.tar.gz"), NULL},
         "cannot open as a .tar.gz bundle", "バンドルとして開けない"},
        {"cannot write", {"-o", at("no/such/dir/out.json"), "version", NULL},
         "cannot write", "に書き込めない"},
        {"unknown config key", {"--config", at("unknown-key.ini"), "version", NULL},
         "unknown key 'ntp.foo'", "不明なキー 'ntp.foo'"},
        {"bad config value", {"--config", at("bad-value.ini"), "version", NULL},
         "is not a whole number", "までの整数ではない"},
        {"bad config line", {"--config", at("bad-line.ini"), "version", NULL},
         "expected key = value", "key = value の形ではない"},
        {"bad section", {"--config", at("bad-section.ini"), "version", NULL},
         "bad section header", "セクションの見出し"},
        {"config file missing", {"--config", at("none.ini"), "version", NULL},
         "No such file", "そのようなファイル"},
        {"--set without =", {"--set", "timeout_ms", "version", NULL}, "expected key=value", "key=value の形"},
        {"--set bad value", {"--set", "timeout_ms=soon", "version", NULL},
         "is not a whole number", "までの整数ではない"},
        {"--set unknown key", {"--set", "ntp.sever=x", "version", NULL}, "did you mean", "もしかして"},
        {"verify of nothing", {"verify", at("missing"), NULL}, "no such file", "そのようなファイル"},
        {"no KB entry", {"kb", "show", "no-such-entry", NULL}, "no KB entry", "KB の項目"},
        {"kb scan of nothing", {"kb", "scan", at("empty"), NULL}, "nothing to scan", "調べるものがない"},
        {"kb search without letters", {"kb", "search", "...", NULL}, "has no letters", "文字がない"},
        {"--kb missing", {"--kb", at("missing"), "kb", "list", NULL}, "No such file", "そのようなファイル"},
        {"collect from nothing", {"collect", "--from", at("missing"), "-o", at("b.tar.gz"), NULL},
         "not a snapshot folder", "スナップショットのフォルダーではない"},
        {"collect to standard output", {"-o", "-", "collect", NULL}, "-o needs a file name", "ファイル名を指定する"},
        {"format not printed", {"--format", "nagios", "kb", "list", NULL},
         "does not print --format", "で出力できない"},
        {"bad threshold", {"--format", "nagios", "probe", "-w", "ntp=x", "ntp", NULL},
         "is not a threshold", "しきい値ではない"},
        {"one range, several probes", {"--format", "nagios", "probe", "-w", "5", "ntp", "dns", NULL},
         "judge seconds and days alike", "秒と日数"},
        {"unknown command", {"doctr", NULL}, "did you mean 'doctor'", "もしかして 'doctor'"},
        {"unknown option", {"--bogus", NULL}, "unknown option", "不明なオプション"},
        {"no command", {NULL}, "no command given", "コマンドが指定されていない"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
    /* A repair refused off Windows (on Windows it would run). */
    if (!plat_is_windows()) {
        const struct path_case fix = {"fix on a non-Windows host",
                                      {"fix", "--apply", "--yes", "ntp-sync-failed", NULL},
                                      "Windows server only", "Windows のサーバー上でのみ"};
        run_case(&fix);
    }
    plat_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_entry_has_both_languages_once),
        cmocka_unit_test(test_translation_matches_formats_and_chains),
        cmocka_unit_test(test_strerror_reasons_are_in_the_table),
        cmocka_unit_test(test_every_error_format_of_the_source_is_in_the_table),
        cmocka_unit_test(test_error_paths_speak_the_users_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
