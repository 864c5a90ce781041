/* Build tool for `make bench`: writes a large log in the style of the linkage
 * and delivery applications to stdout, so the KB log scan can be measured on
 * a 1 GiB file (flat memory, tools/bench/bench.sh).
 *
 *   gen_log SIZE [SEED]     SIZE in bytes (suffix K, M or G allowed)
 *
 * The applications' real log format is not public (shared/research/
 * oqs-public-facts.md §9): the lines are a plausible stand-in — a time
 * stamp, a level, a Japanese message. The text switches between CP932 and
 * UTF-8 in runs of lines, as a log does when the application is upgraded,
 * with .NET-style stack traces and, every ~64 MiB, one line longer than the
 * scanner's line cap. No line matches a KB trigger except the last one, a
 * known error (an access-denied line of result-file-inoperable), so a scan
 * that finds it has read the whole file. Deterministic for a given SEED. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const msg_utf8[] = {
    "要求データファイルを検出しました: OQSsiquc01req_%s.xml",
    "結果データファイルを作成しました: OQSsiquc01res_%s.xml",
    "資格確認を開始します (処理件数=1)",
    "資格確認が正常終了しました (SegmentOfResult=1)",
    "消し忘れファイルを確認しました (対象=0件)",
    "配信サーバーへの接続を確認します",
    "接続成功",
    "配信実績を更新しました",
    "タスクを開始しました: OQS_exec_comappstart",
    "待機中です",
    "設定ファイルを読み込みました: UserDefinition.property",
    "処理中のファイルはありません",
};

/* The same messages in CP932 (generated from the UTF-8 ones above). */
static const char *const msg_cp932[] = {
    "\x97\x76\x8b\x81\x83\x66\x81\x5b\x83\x5e\x83\x74\x83\x40\x83\x43\x83\x8b\x82\xf0\x8c\x9f\x8f\x6f\x82\xb5\x82\xdc\x82\xb5\x82\xbd\x3a\x20\x4f\x51\x53\x73\x69\x71\x75\x63\x30\x31\x72\x65\x71\x5f\x25\x73\x2e\x78\x6d\x6c",
    "\x8c\x8b\x89\xca\x83\x66\x81\x5b\x83\x5e\x83\x74\x83\x40\x83\x43\x83\x8b\x82\xf0\x8d\xec\x90\xac\x82\xb5\x82\xdc\x82\xb5\x82\xbd\x3a\x20\x4f\x51\x53\x73\x69\x71\x75\x63\x30\x31\x72\x65\x73\x5f\x25\x73\x2e\x78\x6d\x6c",
    "\x8e\x91\x8a\x69\x8a\x6d\x94\x46\x82\xf0\x8a\x4a\x8e\x6e\x82\xb5\x82\xdc\x82\xb7\x20\x28\x8f\x88\x97\x9d\x8c\x8f\x90\x94\x3d\x31\x29",
    "\x8e\x91\x8a\x69\x8a\x6d\x94\x46\x82\xaa\x90\xb3\x8f\xed\x8f\x49\x97\xb9\x82\xb5\x82\xdc\x82\xb5\x82\xbd\x20\x28\x53\x65\x67\x6d\x65\x6e\x74\x4f\x66\x52\x65\x73\x75\x6c\x74\x3d\x31\x29",
    "\x8f\xc1\x82\xb5\x96\x59\x82\xea\x83\x74\x83\x40\x83\x43\x83\x8b\x82\xf0\x8a\x6d\x94\x46\x82\xb5\x82\xdc\x82\xb5\x82\xbd\x20\x28\x91\xce\x8f\xdb\x3d\x30\x8c\x8f\x29",
    "\x94\x7a\x90\x4d\x83\x54\x81\x5b\x83\x6f\x81\x5b\x82\xd6\x82\xcc\x90\xda\x91\xb1\x82\xf0\x8a\x6d\x94\x46\x82\xb5\x82\xdc\x82\xb7",
    "\x90\xda\x91\xb1\x90\xac\x8c\xf7",
    "\x94\x7a\x90\x4d\x8e\xc0\x90\xd1\x82\xf0\x8d\x58\x90\x56\x82\xb5\x82\xdc\x82\xb5\x82\xbd",
    "\x83\x5e\x83\x58\x83\x4e\x82\xf0\x8a\x4a\x8e\x6e\x82\xb5\x82\xdc\x82\xb5\x82\xbd\x3a\x20\x4f\x51\x53\x5f\x65\x78\x65\x63\x5f\x63\x6f\x6d\x61\x70\x70\x73\x74\x61\x72\x74",
    "\x91\xd2\x8b\x40\x92\x86\x82\xc5\x82\xb7",
    "\x90\xdd\x92\xe8\x83\x74\x83\x40\x83\x43\x83\x8b\x82\xf0\x93\xc7\x82\xdd\x8d\x9e\x82\xdd\x82\xdc\x82\xb5\x82\xbd\x3a\x20\x55\x73\x65\x72\x44\x65\x66\x69\x6e\x69\x74\x69\x6f\x6e\x2e\x70\x72\x6f\x70\x65\x72\x74\x79",
    "\x8f\x88\x97\x9d\x92\x86\x82\xcc\x83\x74\x83\x40\x83\x43\x83\x8b\x82\xcd\x82\xa0\x82\xe8\x82\xdc\x82\xb9\x82\xf1",
};

#define NMSG (sizeof msg_utf8 / sizeof msg_utf8[0])

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned long long rng(void)
{
    /* xorshift64: fast, good enough for picking lines. */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static unsigned long long parse_size(const char *s)
{
    char *end;
    unsigned long long n = strtoull(s, &end, 10);
    switch (*end) {
    case 'k': case 'K': n <<= 10; end++; break;
    case 'm': case 'M': n <<= 20; end++; break;
    case 'g': case 'G': n <<= 30; end++; break;
    default: break;
    }
    return *end || end == s ? 0 : n;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3 || parse_size(argv[1]) == 0) {
        fprintf(stderr, "usage: gen_log SIZE[K|M|G] [SEED]\n");
        return 2;
    }
    unsigned long long size = parse_size(argv[1]);
    if (argc == 3)
        rng_state ^= strtoull(argv[2], NULL, 10) * 0x9E3779B97F4A7C15ULL;
    static char out[1 << 16];
    setvbuf(stdout, out, _IOFBF, sizeof out);
    static const char tail[] = "2026/11/30 23:59:59.999 [ERROR] System.UnauthorizedAccessException: "
                               "Access to the path 'C:\\OQS\\res\\OQSsiquc01res_end.xml' is denied.\r\n";
    unsigned long long written = 0, next_long = 64ULL << 20;
    int cp932 = 1;
    long run = 0;
    unsigned sec = 0;
    char line[512];
    while (written + sizeof tail - 1 < size) {
        if (run-- <= 0) {
            cp932 = !cp932;
            run = 50 + (long)(rng() % 2000);
        }
        unsigned long long r = rng();
        sec += (unsigned)(r % 3);
        unsigned ms = (unsigned)(r >> 8) % 1000;
        const char *lvl = (r >> 20) % 50 == 0 ? "WARN " : "INFO ";
        const char *m = cp932 ? msg_cp932[(r >> 32) % NMSG] : msg_utf8[(r >> 32) % NMSG];
        char stamp[32];
        snprintf(stamp, sizeof stamp, "%014llu%03u", 20261120000000ULL + sec % 86400, ms);
        int n = snprintf(line, sizeof line, "2026/11/%02u %02u:%02u:%02u.%03u [%s] [%s] ",
                         20 + (sec / 86400) % 10, (sec / 3600) % 24, (sec / 60) % 60, sec % 60,
                         ms, lvl, (r >> 40) % 3 ? "OqsComApp" : "OQSDistroApp");
        n += snprintf(line + n, sizeof line - (size_t)n, m, stamp);
        memcpy(line + n, "\r\n", 2);
        n += 2;
        if (written + (unsigned long long)n + sizeof tail - 1 > size)
            break;
        fwrite(line, 1, (size_t)n, stdout);
        written += (unsigned long long)n;
        /* Now and then a warning carries a stack trace. */
        if (lvl[0] == 'W' && written + 200 + sizeof tail < size) {
            static const char trace[] = "   場所 OQS.ComApp.Worker.Process(String path)\r\n"
                                        "   場所 OQS.ComApp.Worker.Run()\r\n";
            fwrite(trace, 1, sizeof trace - 1, stdout);
            written += sizeof trace - 1;
        }
        if (written >= next_long && written + 100000 + sizeof tail < size) {
            for (int i = 0; i < 100000 - 2; i++)
                putchar('A' + i % 26);
            fputs("\r\n", stdout);
            written += 100000;
            next_long += 64ULL << 20;
        }
    }
    while (written + sizeof tail - 1 < size) {
        putchar(' ');
        written++;
    }
    fwrite(tail, 1, sizeof tail - 1, stdout);
    return fflush(stdout) == 0 ? 0 : 1;
}
