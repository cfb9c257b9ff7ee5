/* Windows local accounts from PowerShell's Get-LocalUser (ConvertTo-Csv) or from `net user` and
 * `net user NAME` (localised labels and dates in the system locale: read by position). UTF-8. */
#ifndef KENSA_WIN_ACCOUNTS_H
#define KENSA_WIN_ACCOUNTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Dates: seconds since the epoch, WIN_NEVER (the field is empty or says "Never"), or
 * WIN_UNKNOWN (not given, or a word kensa does not know). */
#define WIN_NEVER   INT64_C(0)
#define WIN_UNKNOWN INT64_C(-1)

struct win_user {
	char name[128];
	int enabled;           /* 1, 0, -1 unknown */
	int password_required; /* 1, 0, -1 unknown */
	int64_t last_logon, password_last_set, password_expires;
	char last_logon_raw[64], password_last_set_raw[64], password_expires_raw[64];
	char sid[128];         /* empty when the source has none (net user) */
	unsigned line;         /* CSV line, or 0 */
	/* Why this account cannot be judged (its `net user NAME` capture is missing or malformed);
	 * "" when it was read. Only name is meaningful then. */
	char unread[1024];
};

/* Get-LocalUser | Select-Object Name,Enabled,LastLogon,PasswordLastSet,PasswordExpires,
 * PasswordRequired,SID | ConvertTo-Csv -NoTypeInformation. Columns are found by their header
 * (Name, Enabled and SID are required). Returns false with a reason when it is not such a CSV. */
bool localuser_csv_parse(const char *text, size_t len, struct win_user **users, size_t *n,
			 char *why, size_t whylen);

/* `net user`: the names between the line of dashes and the completion line, in columns. */
bool net_user_list_parse(const char *text, size_t len, char ***names, size_t *n, char *why,
			 size_t whylen);
void win_names_free(char **names, size_t n);

/* `net user NAME`: blank-line separated groups in a fixed order; the first line must end with
 * NAME. Fills enabled, password_required and the three dates. */
bool net_user_detail_parse(const char *text, size_t len, const char *name, struct win_user *u,
			   char *why, size_t whylen);

/* A date as Windows prints it: ISO 8601 ("2024-11-05T09:12:33.0000000+09:00", "...Z"),
 * ja-JP "2024/11/05 9:12:33", en-US "11/5/2024 9:12:33 AM", the invariant culture
 * "11/05/2024 09:12:33". A time without an offset is the PC's local time, taken as UTC (at most a
 * day off, which day-counted thresholds tolerate). Returns false when it is no such date. */
bool win_date_parse(const char *s, int64_t *epoch);
/* Words meaning "never"/"none" in the locales kensa knows (Never, Unlimited, None, なし, 無期限,
 * 無制限). */
bool win_never_word(const char *s);

#endif
