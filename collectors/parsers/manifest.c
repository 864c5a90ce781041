/* manifest.json of a snapshot: tool, format (1), host, collection time,
 * locale, every file with size and SHA-256, redactions (snapshot-layout.md).
 * Read leniently (jansson): what is there is checked, what is not is said. */
#include "manifest.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "collectors/bundle/bundle_manifest.h"
#include "parsers.h"
#include "collectors/layout.h"

#define F_MANIFEST LAYOUT_PATH(MANIFEST)
#define SNAPSHOT_FORMAT 1

static const char *str_of(const json_t *o, const char *const *keys)
{
    for (size_t i = 0; keys[i]; i++) {
        const json_t *v = json_object_get(o, keys[i]);
        if (json_is_string(v))
            return json_string_value(v);
    }
    return NULL;
}

static void check_file(struct chk *c, const char *path, const json_t *ent, size_t *bad,
                       size_t *missing)
{
    const char *want = str_of(ent, (const char *const[]){"sha256", "sha-256", "hash", NULL});
    struct buf raw = {0};
    struct oqs_err err;
    enum source_status st = source_read(c->src, path, &raw, &err);
    if (st == SRC_MISSING) {
        (*missing)++;
        report_add(c->r, "snapshot.manifest.file_missing", FST_WARN, F_MANIFEST,
                   ev(F_MANIFEST, 0, "absent", path),
                   "%s is listed in manifest.json but missing", "manifest.json 記載の %s がない", path);
    } else if (st == SRC_OK && want) {
        char hex[65];
        if (manifest_sha256(raw.data, raw.len, hex, NULL) == 0 && !t_ieq(hex, want)) {
            (*bad)++;
            json_t *e = ev(path, 0, hex, want);
            report_add(c->r, "snapshot.manifest.hash", FST_WARN, path, e,
                       "%s does not match its SHA-256 in manifest.json: changed after collection",
                       "%s の SHA-256 が manifest.json と一致しない (収集後に変更された)", path);
        }
    } else if (st == SRC_ERROR) {
        (*bad)++;
        json_t *e = ev(path, 0, NULL, NULL);
        json_object_set_new(e, "error", json_string(err.msg));
        report_add(c->r, "snapshot.manifest.hash", FST_WARN, path, e, "%s cannot be read: %s",
                   "%s を読めない: %s", path, err.msg);
    }
    buf_free(&raw);
}

void check_manifest(struct chk *c, struct snap_meta *meta)
{
    struct snap_meta dummy;
    if (!meta)
        meta = &dummy;
    memset(meta, 0, sizeof *meta);
    meta->collected = -1;
    struct buf raw = {0};
    struct oqs_err err;
    enum source_status st = source_read(c->src, F_MANIFEST, &raw, &err);
    meta->elevated = -1;
    if (st == SRC_UNSUPPORTED) {
        buf_free(&raw);
        return; /* a live run has no manifest */
    }
    meta->snapshot = 1;
    if (st != SRC_OK) {
        json_t *e = ev(F_MANIFEST, 0, st == SRC_MISSING ? "absent" : err.msg, "format 1");
        report_add(c->r, "snapshot.manifest", FST_UNKNOWN, F_MANIFEST, e,
                   "manifest.json is %s: file hashes cannot be checked",
                   "manifest.json が%s。ファイルのハッシュを確認できない",
                   st == SRC_MISSING ? "missing" : "unreadable");
        buf_free(&raw);
        return;
    }
    json_error_t je;
    json_t *doc = json_loadb(raw.data, raw.len, JSON_REJECT_DUPLICATES, &je);
    buf_free(&raw);
    if (!json_is_object(doc)) {
        json_t *e = ev(F_MANIFEST, doc ? 1 : (unsigned)(je.line > 0 ? je.line : 0), NULL, NULL);
        json_object_set_new(e, "error", json_string(doc ? "not a JSON object" : je.text));
        report_add(c->r, "snapshot.manifest", FST_UNKNOWN, F_MANIFEST, e,
                   "manifest.json line %d: %s", "manifest.json %d 行目を解釈できない: %s",
                   doc ? 1 : je.line, doc ? "not a JSON object" : je.text);
        json_decref(doc);
        return;
    }
    meta->present = 1;
    const json_t *fmt = json_object_get(doc, "format");
    if (!fmt)
        fmt = json_object_get(doc, "snapshot_format");
    if (json_is_integer(fmt) && json_integer_value(fmt) != SNAPSHOT_FORMAT) {
        char seen[32];
        snprintf(seen, sizeof seen, "%lld", (long long)json_integer_value(fmt));
        report_add(c->r, "snapshot.manifest", FST_UNKNOWN, F_MANIFEST,
                   ev(F_MANIFEST, 0, seen, "1"),
                   "Snapshot format %s is not supported (this tool reads format 1)",
                   "スナップショット形式 %s には対応していない (形式 1 のみ)", seen);
        json_decref(doc);
        return;
    }
    const char *host = str_of(doc, (const char *const[]){"host", "hostname", NULL});
    if (host)
        t_copy(meta->host, sizeof meta->host, host, strlen(host));
    const json_t *by = json_object_get(doc, "collected_by");
    const char *user = json_string_value(json_object_get(by, "user"));
    if (user)
        t_copy(meta->user, sizeof meta->user, user, strlen(user));
    const json_t *elev = json_object_get(by, "elevated");
    if (json_is_boolean(elev))
        meta->elevated = json_is_true(elev);
    const char *when = str_of(doc, (const char *const[]){"collected", "collected_at", "time", NULL});
    long long t;
    if (when && parse_time_utc(when, &t) == 0)
        meta->collected = t;
    const json_t *red = json_object_get(doc, "redactions");
    size_t i;
    const json_t *r;
    json_array_foreach(red, i, r) {
        const char *what = str_of(r, (const char *const[]){"what", NULL});
        if (what && strstr(what, "institution"))
            meta->mic_masked = 1;
    }

    size_t nfiles = 0, bad = 0, missing = 0;
    const json_t *files = json_object_get(doc, "files");
    if (json_is_array(files)) {
        const json_t *f;
        json_array_foreach(files, i, f) {
            const char *path = str_of(f, (const char *const[]){"path", "name", NULL});
            if (!path || strcmp(path, F_MANIFEST) == 0)
                continue;
            nfiles++;
            check_file(c, path, f, &bad, &missing);
        }
    } else if (json_is_object(files)) {
        const char *path;
        const json_t *f;
        json_object_foreach((json_t *)files, path, f) {
            if (strcmp(path, F_MANIFEST) == 0)
                continue;
            nfiles++;
            check_file(c, path, f, &bad, &missing);
        }
    }
    char seen[64];
    snprintf(seen, sizeof seen, "format 1, %zu file(s)", nfiles);
    json_t *e = ev(F_MANIFEST, 0, seen, "format 1");
    if (host)
        json_object_set_new(e, "host", json_string(host));
    if (when)
        json_object_set_new(e, "collected", json_string(when));
    report_add(c->r, "snapshot.manifest", FST_OK, F_MANIFEST, e,
               "manifest.json lists %zu file(s); %zu changed, %zu missing",
               "manifest.json に %zu 件のファイル。変更 %zu 件、欠落 %zu 件", nfiles, bad, missing);
    json_decref(doc);
}
