/* 補16 / 9: recent result files end normally. oqs/results.tsv keeps, per
 * result file, only its status elements (name, mtime, SegmentOfResult,
 * ErrorCode, ErrorMessage, ProcessingResultStatus, ProcessingResultCode).
 * SegmentOfResult 1 正常終了, 2 処理中, 9 異常終了 (research §8; 3 is read as
 * 異常終了 too, as one source has it). An encrypted file says "encrypted". */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "collectors/parsers/parsers.h"
#include "collectors/layout.h"

#define F_RESULTS LAYOUT_PATH(RESULTS)

void check_results(struct chk *c)
{
    struct input in;
    if (chk_read(c, "comapp", F_RESULTS, "comapp.results", &in) <= 0) {
        input_free(&in);
        return;
    }
    struct tsv t;
    struct parse_diag d = {0};
    if (tsv_parse((const unsigned char *)in.raw.data, in.raw.len, 3, &t, &d) != 0) {
        chk_unreadable(c, "comapp", F_RESULTS, &d);
    } else {
        size_t normal = 0, failed = 0, other = 0;
        const struct tsv_row *last = NULL;
        for (size_t i = 0; i < t.n; i++) {
            const char *seg = t.rows[i].f[2];
            if (strcmp(seg, "1") == 0) {
                normal++;
            } else if (strcmp(seg, "9") == 0 || strcmp(seg, "3") == 0) {
                failed++;
                last = &t.rows[i];
            } else {
                other++; /* 2 処理中, encrypted, empty */
            }
        }
        char seen[96];
        snprintf(seen, sizeof seen, "%zu normal, %zu abnormal, %zu other", normal, failed, other);
        json_t *e = ev(F_RESULTS, last ? last->line : 0, seen, "SegmentOfResult 1");
        /* verify ticks 9 (資格確認できるか確認した) only on a normal end. */
        json_object_set_new(e, "normal", json_integer((json_int_t)normal));
        if (last) {
            json_object_set_new(e, "file_name", json_string(last->f[0]));
            if (last->nf > 3)
                json_object_set_new(e, "error_code", json_string(last->f[3]));
            if (last->nf > 4)
                json_object_set_new(e, "error_message", json_string(last->f[4]));
            report_add(c->r, "comapp.results", FST_WARN, F_RESULTS, e,
                       "%zu recent result file(s) ended abnormally (SegmentOfResult 9), last %s: %s %s",
                       "%zu 件の結果データファイルが異常終了 (SegmentOfResult 9)。最新 %s: %s %s",
                       failed, last->f[0], last->nf > 3 ? last->f[3] : "",
                       last->nf > 4 ? last->f[4] : "");
        } else if (normal == 0) {
            report_add(c->r, "comapp.results", FST_SKIP, F_RESULTS, e,
                       "No result file in the last %lld day(s) ended (%zu other): nothing to judge",
                       "直近 %lld 日に終了した結果データファイルがない (その他 %zu 件): 判定できるものがない",
                       (long long)config_int(c->cfg, "results.days"), other);
        } else {
            report_add(c->r, "comapp.results", FST_OK, F_RESULTS, e,
                       "No recent result file ended abnormally (%zu normal)",
                       "異常終了した結果データファイルはない (正常 %zu 件)", normal);
        }
    }
    tsv_free(&t);
    input_free(&in);
}
