/* What check_folders.c and check_share_access.c share: the account the
 * receipt computer uses, whether a share covers a folder. Internal to
 * collectors/checks/. */
#ifndef OQSDIAG_CHECKS_FOLDERS_H
#define OQSDIAG_CHECKS_FOLDERS_H

#include <stddef.h>

#include "check.h"
#include "collectors/parsers/parsers.h"

/* Whether share i of net share's listing l, not an administrative one (C$,
 * ADMIN$), has folder under its path. */
int folders_share_covers(const struct net_list *l, size_t i, const char *folder);

/* The account the receipt computer uses: folders.share_account, else the
 * user of OQS_NAS_LOGIN_KEY (9-03); "" when neither says. */
void folders_share_account(struct chk *c, char *out, size_t cap);

/* Everyone and the groups every local account is in. */
int folders_everyone(const char *account_base);

/* 3-02 読み取り/書き込み at the share level (system/smb_share_access.txt)
 * for dirs[0..1], given net share's listing l (NULL: not read). */
void check_share_access(struct chk *c, const char *const *dirs, const struct net_list *l,
                        const char *who);

#endif
