/* The Windows account policy (it lives in the SAM, not in the readable registry) from the two
 * places it can be read: `secedit /export /areas SECURITYPOLICY` (an INF file, section
 * [System Access]) and `net accounts` (localised labels: read by line position). Text in UTF-8. */
#ifndef KENSA_WIN_POLICY_H
#define KENSA_WIN_POLICY_H
#include <stdbool.h>
#include <stddef.h>

enum win_policy_source { WINPOL_SECEDIT, WINPOL_NET_ACCOUNTS };

struct win_policy_value {
	bool set;        /* present in the source */
	long long value; /* the number; for "never"/"none" words see never */
	bool never;      /* net accounts: a word instead of a number (Unlimited, None, なし) */
	unsigned line;   /* line in the source text */
	char raw[64];    /* the value as written */
};

struct win_account_policy {
	enum win_policy_source source;
	struct win_policy_value min_length, complexity, history, max_age, min_age, lockout_threshold;
	/* minutes: LockoutDuration (0 or "never" = until an administrator unlocks) and
	 * ResetLockoutCount (the observation window); net accounts' lines 7 and 8 */
	struct win_policy_value lockout_duration, lockout_window;
	/* secedit only */
	struct win_policy_value cleartext, enable_admin, enable_guest;
	char admin_name[128], guest_name[128]; /* NewAdministratorName / NewGuestName */
	struct win_policy_value relax_min_length; /* [Registry Values] ...SAM\RelaxMinimumPasswordLengthLimits */
	struct win_policy_value sc_force;         /* [Registry Values] ...Policies\System\ScForceOption */
	/* net accounts only */
	char computer_role[64];
	unsigned n_known_labels; /* lines whose label is the one en-US or ja-JP Windows prints */
};

/* secedit's INF (already decoded from UTF-16LE). False with a reason when it is not one (no
 * [System Access] section, or no MinimumPasswordLength in it). */
bool secedit_parse(const char *text, size_t len, struct win_account_policy *p, char *why,
		   size_t whylen);

/* `net accounts`: nine "label: value" lines in a fixed order (force logoff, minimum age, maximum
 * age, minimum length, history, lockout threshold, lockout duration, observation window, computer
 * role), then a localised completion line. Values are read by position; the en-US and ja-JP
 * labels are known, and one of them on another line than its own is an error (lines missing
 * or out of place). False with a reason when the layout differs. */
bool net_accounts_parse(const char *text, size_t len, struct win_account_policy *p, char *why,
			size_t whylen);

/* Maximum age in days as Windows applies it: false (never expires) for secedit's -1 or 0 and for
 * net accounts' "Unlimited"; *days set otherwise. */
bool win_policy_max_age(const struct win_account_policy *p, long long *days);

#endif
