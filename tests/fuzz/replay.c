/* Replays, under gcc and cmocka (so without clang), every input a fuzz target
 * keeps: its regression inputs (tests/fuzz/regressions/<target>/, each one a
 * crash libFuzzer found once) and its seed corpus (fuzz/corpora.txt). Linked
 * once per target as build/tests/fuzz/test_replay_<target>; the target name
 * comes from the binary's name. Under `make check` this runs with ASan+UBSan. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/platform.h"
#include "fuzz.h"

/* Inputs above this are not seeds; libFuzzer would cut them to -max_len. */
#define REPLAY_MAX_INPUT (4u << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static char target[128];

struct walk {
    int count;
    int failed;
};

static int replay_file(const char *path, struct walk *w)
{
    struct buf b = {0};
    if (buf_read_file(&b, path, REPLAY_MAX_INPUT) < 0) {
        buf_free(&b);
        return 0; /* unreadable or over the cap: not an input */
    }
    /* A crash ends the test with cmocka's signal report; REPLAY_VERBOSE=1
     * names each input first, to tell which one (docs/hardening.md). */
    if (getenv("REPLAY_VERBOSE"))
        fprintf(stderr, "replay %s: %s\n", target, path);
    /* A private copy of exactly len bytes, so ASan sees reads past the end. */
    uint8_t *copy = malloc(b.len ? b.len : 1);
    if (b.len)
        memcpy(copy, b.data, b.len);
    int rc = LLVMFuzzerTestOneInput(copy, b.len);
    free(copy);
    buf_free(&b);
    if (rc != 0) {
        fprintf(stderr, "replay %s: %s returned %d\n", target, path, rc);
        w->failed++;
    }
    w->count++;
    return 0;
}

struct dirwalk {
    const char *dir;
    struct walk *w;
};
static void replay_dir(const char *dir, struct walk *w);

static int on_entry(const struct plat_dirent *e, void *ud)
{
    struct dirwalk *d = ud;
    if (e->name[0] == '.')
        return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", d->dir, e->name);
    if (e->is_dir)
        replay_dir(path, d->w);
    else if (!e->is_link)
        replay_file(path, d->w);
    return 0;
}

static void replay_dir(const char *dir, struct walk *w)
{
    struct dirwalk d = {dir, w};
    struct oqs_err err;
    (void)plat_list_dir(dir, on_entry, &d, &err); /* absent: nothing to replay */
}

/* The seed directories of fuzz/corpora.txt for this target; a target not in
 * the table uses fuzz/seeds/<target> and tests/fixtures/<target>. */
static void replay_seeds(struct walk *w)
{
    char path[4096];
    int listed = 0;
    FILE *f = fopen(OQS_SOURCE_DIR "/fuzz/corpora.txt", "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f)) {
        char *save = NULL, *tok = strtok_r(line, " \t\r\n", &save);
        if (!tok || tok[0] == '#' || strcmp(tok, target) != 0)
            continue;
        listed = 1;
        while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
            snprintf(path, sizeof path, "%s/%s", OQS_SOURCE_DIR, tok);
            replay_dir(path, w);
        }
    }
    if (f)
        fclose(f);
    if (!listed) {
        snprintf(path, sizeof path, "%s/fuzz/seeds/%s", OQS_SOURCE_DIR, target);
        replay_dir(path, w);
        snprintf(path, sizeof path, "%s/tests/fixtures/%s", OQS_SOURCE_DIR, target);
        replay_dir(path, w);
    }
}

static void test_replay_every_regression_and_seed_input_runs_clean(void **state)
{
    (void)state;
    struct walk w = {0, 0};
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fuzz/regressions/%s", OQS_SOURCE_DIR, target);
    replay_dir(path, &w);
    replay_seeds(&w);
    /* The empty input always runs: the smallest case every parser must take. */
    struct walk empty = {0, 0};
    if (LLVMFuzzerTestOneInput((const uint8_t *)"", 0) != 0)
        empty.failed++;
    print_message("replay %s: %d inputs\n", target, w.count);
    assert_true(w.count > 0); /* a target with no seed is a gap in fuzz/corpora.txt */
    assert_int_equal(w.failed + empty.failed, 0);
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    const char *prefix = "test_replay_";
    if (strncmp(base, prefix, strlen(prefix)) != 0) {
        fprintf(stderr, "replay: cannot tell the target from the name '%s'\n", base);
        return 2;
    }
    snprintf(target, sizeof target, "%s", base + strlen(prefix));
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_every_regression_and_seed_input_runs_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
