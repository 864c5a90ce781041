/* The KB log scanner (kb/kb_logscan.c): the applications' logs and the
 * Windows command outputs of a snapshot, any encoding, any line length. The
 * input is written to a file (the scanner reads files) and scanned with a
 * log rule and an output rule; what the scanner reports must lie within the
 * input (a hit's line number at most the lines there are). The same input
 * after 64 KiB of filler lines is scanned again: past one read the scanner
 * takes its other path (the combined pattern and the literal prefilter),
 * which must find the same lines, 32768 further down. */
#include <string.h>

#include "core/platform.h"
#include "fuzz.h"
#include "kb/kb_entry.h"
#include "kb/kb_logscan.h"

static const char entry_text[] =
    "id: fuzz-logscan\n"
    "refs: 補24\n"
    "section: fuzz\n"
    "title.ja: ファズ\n"
    "title.en: fuzz\n"
    "symptom: 「エラー」\n"
    "cause: fuzz\n"
    "fix: fuzz\n"
    "fix.en: fuzz\n"
    "trigger: log any (?:エラー|error|ERR-\\d+|資格確認.*失敗)\n"
    "trigger: output system/w32tm_status.txt (?:ピアは解決されていません|peer.*not.*resolved)\n";

static struct kb_entry *entry;
static char *dir;
static char path[4096], padded[4096];

#define FILLER_LINES 32768 /* "-\n" each: exactly one read (KB_SCAN_CHUNK) */

static void cleanup(void)
{
    plat_rmtree(dir);
    free(dir);
    kb_entry_free(entry);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    struct kb_diag d = {{0}, 0};
    entry = kb_entry_parse("fuzz-logscan.kb", (const unsigned char *)entry_text,
                           sizeof entry_text - 1, &d);
    if (!entry) {
        fprintf(stderr, "fuzz_kb_logscan: entry: %s\n", d.text.data ? d.text.data : "?");
        abort();
    }
    kb_diag_free(&d);
    struct oqs_err err;
    dir = plat_mkdtemp("oqsfuzz", &err);
    FUZZ_CHECK(dir != NULL);
    snprintf(path, sizeof path, "%s/w32tm_status.txt", dir);
    snprintf(padded, sizeof padded, "%s/padded.txt", dir);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!entry)
        LLVMFuzzerInitialize(NULL, NULL);
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fwrite(data, 1, size, f) == size);
    fclose(f);

    struct kb_scan_rule rules[4];
    size_t n = 0;
    for (size_t i = 0; i < entry->ntrig && n < 4; i++) {
        memset(&rules[n], 0, sizeof rules[n]);
        rules[n++].t = &entry->trig[i];
    }
    struct kb_scan_stats st = {0};
    struct oqs_err err = {{0}};
    int rc = kb_logscan_file(path, "system/w32tm_status.txt", rules, n, &st, &err);
    FUZZ_CHECK(rc == 0);
    FUZZ_CHECK(st.bytes == size);
    size_t newlines = 0;
    for (size_t i = 0; i < size; i++)
        newlines += data[i] == '\n';
    for (size_t i = 0; i < n; i++)
        if (rules[i].hit) {
            FUZZ_CHECK(rules[i].line >= 1);
            /* UTF-16 counts its own newlines (two bytes); bytes bound both. */
            FUZZ_CHECK(rules[i].line <= newlines + 1 || rules[i].line <= size);
            FUZZ_CHECK(memchr(rules[i].file, '\0', sizeof rules[i].file) != NULL);
        }

    /* A byte-order mark only counts at a file's start: no comparison then. */
    if ((size >= 2 && data[0] == 0xFF && data[1] == 0xFE) ||
        (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF))
        return 0;
    FUZZ_CHECK((f = fopen(padded, "wb")) != NULL);
    for (int i = 0; i < FILLER_LINES; i++)
        fputs("-\n", f);
    FUZZ_CHECK(fwrite(data, 1, size, f) == size);
    fclose(f);
    struct kb_scan_rule big[4];
    for (size_t i = 0; i < n; i++) {
        memset(&big[i], 0, sizeof big[i]);
        big[i].t = rules[i].t;
    }
    struct kb_scan_stats st2 = {0};
    FUZZ_CHECK(kb_logscan_file(padded, "system/w32tm_status.txt", big, n, &st2, &err) == 0);
    FUZZ_CHECK(st2.bytes == size + 2 * FILLER_LINES);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(big[i].hit == rules[i].hit);
        if (rules[i].hit)
            FUZZ_CHECK(big[i].line == rules[i].line + FILLER_LINES);
    }
    return 0;
}
