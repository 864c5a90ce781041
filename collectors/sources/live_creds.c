/* The credential checks of the manual's table (4 資格情報の設定). Each check
 * sees the secret inside plat_cred_check and answers yes or no; nothing of
 * the secret is copied or kept. */
#include <stddef.h>

#include "live_parts.h"

static int not_empty(const char *s, size_t n)
{
    (void)s;
    return n > 0;
}

/* 数字10桁の医療機関コード */
static int ten_digits(const char *s, size_t n)
{
    if (n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* 半角英数字、12桁以内: a symbol makes the linkage application fail. */
static int crypt_pass(const char *s, size_t n)
{
    if (n < 1 || n > 12)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return 0;
    }
    return 1;
}

const struct live_cred_info live_creds[LIVE_CRED_COUNT] = {
    [LIVE_CRED_LOGIN_KEY] = {"OQS_LOGIN_KEY", not_empty},
    [LIVE_CRED_INSTITUTION_CODE] = {"OQS_MEDICAL_INSTITUTION_CODE", ten_digits},
    [LIVE_CRED_CRYPT_PASS] = {"OQS_CRYPT_PASS", crypt_pass},
    [LIVE_CRED_NAS_LOGIN_KEY] = {"OQS_NAS_LOGIN_KEY", not_empty},
};
