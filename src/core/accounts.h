/* The local account database (passwd + shadow + login.defs), loaded once per audit and shared by
 * the account and password checks. Password fields are kept for classification only and must
 * never reach a result, a log line or a report. */
#ifndef KENSA_ACCOUNTS_H
#define KENSA_ACCOUNTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../parsers/login_defs.h"
#include "result.h"

struct audit_context;
struct check_result;

enum password_state {
	PASSWORD_USABLE,   /* a crypt hash a login can match */
	PASSWORD_EMPTY,    /* no password at all: login without one where PAM allows nullok */
	PASSWORD_LOCKED,   /* "!" prefix (passwd -l, usermod -L, RHEL "!!") */
	PASSWORD_DISABLED, /* "*", or anything no crypt method produces */
};

struct account {
	char *name;
	uint32_t uid, gid;
	char *gecos, *home, *shell;
	char *password;    /* shadow field if present, else the passwd field; never print */
	bool has_shadow;
	long long lastchg, min, max, warn, inactive, expire; /* -1 = unset */
	unsigned passwd_line, shadow_line;
};

struct malformed_line {
	char *file;
	unsigned line;
	char *why;
};

struct account_db {
	struct account *accounts;
	size_t n;
	struct login_defs defs;
	bool have_login_defs;
	int login_defs_err; /* negative errno / ROOTFS_* when login.defs exists but was not read */
	bool have_shadow;
	long uid_min, uid_max;
	struct malformed_line *malformed;
	size_t n_malformed, cap_malformed;
	size_t nis_entries; /* "+"/"-" compat lines, not local accounts */
	/* account_authorized_keys() per account, filled on first use so every check shares it:
	 * key count (-1: not looked yet) and the first file with keys (NULL: none). */
	int *keys_memo;
	char **keys_path_memo;
	/* The accounts' strings, packed in large blocks (accounts.c): five small allocations per
	 * account cost more in malloc's bookkeeping than the strings themselves. */
	struct string_block *strings;
};

/* Load (once) and return the database, or NULL after filling r with an error result. */
const struct account_db *accounts_get(struct audit_context *ctx, struct check_result *r);
void account_db_free(struct account_db *db);

enum password_state account_password_state(const struct account *a);
const char *password_state_name(enum password_state s);
/* The shell refuses interactive logins (profile [accounts] nologin_shells). */
bool account_shell_is_nologin(const struct audit_context *ctx, const struct account *a);
/* Expired by the shadow expire date, as pam_unix decides (expire != -1 and today >= expire). */
bool account_expired(const struct account *a, int64_t today);
/* Password expired longer than the inactive period: pam_unix refuses every login. */
bool account_password_inactive(const struct account *a, int64_t today);
/* Number of usable public keys in ~/.ssh/authorized_keys{,2}; path of the first file found. */
int account_authorized_keys(struct audit_context *ctx, const struct account *a, char *path_out,
			    size_t path_len);

/* Can the account log in? A real shell, not expired or inactive, and a password or SSH keys. */
struct account_login {
	bool shell, password, keys, expired, inactive;
	enum password_state pw;
	int n_keys;
	char keys_path[256];
};
void account_assess_login(struct audit_context *ctx, const struct account *a,
			  struct account_login *out);
bool account_login_capable(const struct account_login *l);
/* accounts.stale's rule for one account, shared with accounts.privileged (which names stale
 * administrators too): true when it can log in and is a system account, unused past
 * stale_days, or never used past grace_days (fail), or never used and of unknown age (warn).
 * last_login: lastlogin_collect's time, 0 = none. Exemptions ([accounts] exempt) are the
 * caller's. why gets the reason (translated), severity the finding's severity. */
bool account_stale_reason(const struct audit_context *ctx, const struct account_db *db,
			  const struct account *a, const struct account_login *c,
			  int64_t last_login, long long stale_days, long long grace_days,
			  enum finding_severity *severity, char *why, size_t whylen);

#endif
