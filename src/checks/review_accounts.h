/* logs.review's comparison of /etc/passwd, /etc/shadow, /etc/group and /etc/gshadow with the
 * snapshot the previous audit kept in --report-dir (core/account_snapshot.h): accounts and
 * groups created, removed or changed by any means, a shadow tool or an editor. */
#ifndef KENSA_REVIEW_ACCOUNTS_H
#define KENSA_REVIEW_ACCOUNTS_H

struct audit_context;
struct check_result;

/* Findings and evidence on r; zone: the reports' UTC offset in seconds. Keeps this audit's
 * snapshot for the report directory when the account files were read. */
void review_account_files(struct audit_context *ctx, struct check_result *r, int zone);

#endif
