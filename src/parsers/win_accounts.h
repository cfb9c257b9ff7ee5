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
	/* A `net user NAME` date that is a date but cannot be placed in time (its day/month order
	 * or the PC's time zone is unknown): the field is WIN_UNKNOWN and this says why. */
	char date_error[256];
};

/* How the PC that printed `net user` writes dates and keeps time (winsource.c reads them from
 * the captured registry). */
enum win_date_order { WIN_ORDER_UNKNOWN, WIN_ORDER_MDY, WIN_ORDER_DMY, WIN_ORDER_YMD };

/* A SYSTEMTIME transition rule of TIME_ZONE_INFORMATION: the day-th (1-5, 5 = last) weekday
 * dow (0 = Sunday) of month, at hour:minute local time; year 0 means every year. */
struct win_tz_rule {
	int year, month, dow, day, hour, minute;
};

struct win_timezone {
	bool known;
	int32_t bias;                  /* minutes: UTC = local time + bias */
	int32_t standard_bias, daylight_bias;
	bool has_dst;                  /* both rules have a month */
	struct win_tz_rule standard_start, daylight_start;
};

struct win_locale {
	enum win_date_order order;
	struct win_timezone tz;
};

/* The order of day, month and year in a .NET/Win32 short date pattern (sShortDate: "M/d/yyyy",
 * "dd/MM/yyyy", "yyyy/MM/dd", "dd.MM.yyyy"; quoted literals skipped). WIN_ORDER_UNKNOWN when the
 * pattern lacks one of them. */
enum win_date_order win_short_date_order(const char *pattern);

/* Local time (seconds since the epoch as if the wall clock were UTC) to UTC under tz. */
int64_t win_local_to_utc(const struct win_timezone *tz, int64_t local);

/* A date as `net user` prints it on the PC described by loc ("11/01/2022 09:03:12",
 * "11/1/2022 9:03:12 AM", "2022/11/01 9:03:12"): 1 and the UTC time; 0 when it is no date; -1
 * when it is a date that cannot be placed (order unknown and both first fields at most 12, or
 * time zone unknown), with the reason in why. */
int win_local_date_parse(const char *s, const struct win_locale *loc, int64_t *epoch, char *why,
			 size_t whylen);

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
 * NAME. Fills enabled, password_required and the three dates, read in loc's date order and
 * time zone (a date that cannot be placed sets date_error). */
bool net_user_detail_parse(const char *text, size_t len, const char *name,
			   const struct win_locale *loc, struct win_user *u, char *why,
			   size_t whylen);

/* A date as Windows prints it: ISO 8601 ("2024-11-05T09:12:33.0000000+09:00", "...Z"),
 * ja-JP "2024/11/05 9:12:33", en-US "11/5/2024 9:12:33 AM", the invariant culture
 * "11/05/2024 09:12:33" (month first). Get-LocalUser's CSV is kensa's own script, which writes
 * ISO 8601 in UTC; a time without an offset is taken as UTC. Returns false when it is no such
 * date. `net user` dates are local: see win_local_date_parse. */
bool win_date_parse(const char *s, int64_t *epoch);
/* Words meaning "never"/"none" in the locales kensa knows (Never, Unlimited, None, なし, 無期限,
 * 無制限). */
bool win_never_word(const char *s);

#endif
