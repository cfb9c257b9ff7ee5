/* Loading and classifying local accounts from /etc/passwd, /etc/shadow and /etc/login.defs. */
#include "accounts.h"
#include "context.h"
#include "i18n.h"
#include "profile.h"
#include "result.h"
#include "rootfs.h"
#include "xalloc.h"
#include "../parsers/passwd.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ACCOUNT_FILE (64u << 20) /* 64 MiB: far above any real passwd/shadow */
#define MAX_LINE 8192

static void add_malformed(struct account_db *db, const char *file, unsigned line, const char *why)
{
	db->malformed = xreallocarray(db->malformed, db->n_malformed + 1, sizeof *db->malformed);
	db->malformed[db->n_malformed].file = xstrdup(file);
	db->malformed[db->n_malformed].line = line;
	db->malformed[db->n_malformed].why = xstrdup(why);
	db->n_malformed++;
}

static int load_passwd(struct account_db *db, const struct file_buf *buf)
{
	struct line_iter it;
	char line[MAX_LINE];
	bool truncated;
	size_t cap = 0;
	line_iter_init(&it, buf);
	while (line_iter_next(&it, line, sizeof line, &truncated)) {
		if (passwd_line_is_blank(line))
			continue;
		if (truncated) {
			add_malformed(db, "/etc/passwd", it.lineno, "line too long");
			continue;
		}
		if (line[0] == '+' || line[0] == '-') {
			db->nis_entries++;
			continue;
		}
		struct passwd_entry pw;
		const char *why;
		if (passwd_parse_line(line, &pw, &why) != 0) {
			add_malformed(db, "/etc/passwd", it.lineno, why);
			continue;
		}
		XGROW(db->accounts, db->n, cap, db->n + 1);
		struct account *a = &db->accounts[db->n++];
		memset(a, 0, sizeof *a);
		a->name = xstrdup(pw.name);
		a->uid = pw.uid;
		a->gid = pw.gid;
		a->gecos = xstrdup(pw.gecos);
		a->home = xstrdup(pw.home);
		a->shell = xstrdup(pw.shell);
		a->password = xstrdup(pw.password);
		a->lastchg = a->min = a->max = a->warn = a->inactive = a->expire = -1;
		a->passwd_line = it.lineno;
	}
	return 0;
}

/* Account lookup by name is linear per shadow line; index by name for large files. */
struct name_slot {
	const char *name;
	size_t index;
};

static size_t hash_name(const char *s)
{
	size_t h = 1469598103934665603ULL & (size_t)-1;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
	return h;
}

static void load_shadow(struct account_db *db, const struct file_buf *buf)
{
	size_t nslots = 16;
	while (nslots < db->n * 2)
		nslots *= 2;
	struct name_slot *slots = xcalloc(nslots, sizeof *slots);
	for (size_t i = 0; i < db->n; i++) {
		size_t h = hash_name(db->accounts[i].name) & (nslots - 1);
		while (slots[h].name)
			h = (h + 1) & (nslots - 1);
		slots[h].name = db->accounts[i].name;
		slots[h].index = i;
	}
	struct line_iter it;
	char line[MAX_LINE];
	bool truncated;
	line_iter_init(&it, buf);
	while (line_iter_next(&it, line, sizeof line, &truncated)) {
		if (passwd_line_is_blank(line))
			continue;
		if (truncated) {
			add_malformed(db, "/etc/shadow", it.lineno, "line too long");
			continue;
		}
		if (line[0] == '+' || line[0] == '-')
			continue;
		struct shadow_entry sp;
		const char *why;
		if (shadow_parse_line(line, &sp, &why) != 0) {
			add_malformed(db, "/etc/shadow", it.lineno, why);
			continue;
		}
		struct account *a = NULL;
		size_t h = hash_name(sp.name) & (nslots - 1);
		while (slots[h].name) {
			if (strcmp(slots[h].name, sp.name) == 0) {
				a = &db->accounts[slots[h].index];
				break;
			}
			h = (h + 1) & (nslots - 1);
		}
		if (!a || a->has_shadow)
			continue; /* glibc takes the first entry for a name */
		free(a->password);
		a->password = xstrdup(sp.password);
		explicit_bzero(line, sizeof line);
		a->has_shadow = true;
		a->lastchg = sp.lastchg;
		a->min = sp.min;
		a->max = sp.max;
		a->warn = sp.warn;
		a->inactive = sp.inactive;
		a->expire = sp.expire;
		a->shadow_line = it.lineno;
	}
	free(slots);
}

const struct account_db *accounts_get(struct audit_context *ctx, struct check_result *r)
{
	if (ctx->accounts)
		return ctx->accounts;
	if (ctx->accounts_err) {
		result_error(r, "%s", ctx->accounts_errmsg);
		return NULL;
	}
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, "/etc/passwd", MAX_ACCOUNT_FILE, &buf);
	if (rc < 0) {
		ctx->accounts_err = rc;
		snprintf(ctx->accounts_errmsg, sizeof ctx->accounts_errmsg, _("cannot read %s: %s"),
			 "/etc/passwd", rootfs_strerror(rc));
		result_error(r, "%s", ctx->accounts_errmsg);
		return NULL;
	}
	struct account_db *db = xcalloc(1, sizeof *db);
	load_passwd(db, &buf);
	file_buf_free(&buf);

	rc = rootfs_read_file(ctx->root, "/etc/shadow", MAX_ACCOUNT_FILE, &buf);
	if (rc == 0) {
		db->have_shadow = true;
		load_shadow(db, &buf);
		explicit_bzero(buf.data, buf.len);
		file_buf_free(&buf);
	} else if (rc != -ENOENT) {
		/* Without shadow every verdict on passwords and expiry would be a guess. */
		ctx->accounts_err = rc;
		snprintf(ctx->accounts_errmsg, sizeof ctx->accounts_errmsg, _("cannot read %s: %s"),
			 "/etc/shadow", rootfs_strerror(rc));
		account_db_free(db);
		result_error(r, "%s", ctx->accounts_errmsg);
		return NULL;
	}

	rc = rootfs_read_file(ctx->root, "/etc/login.defs", 1u << 20, &buf);
	if (rc == 0) {
		login_defs_parse(buf.data, buf.len, &db->defs);
		db->have_login_defs = true;
		file_buf_free(&buf);
	} else if (rc != -ENOENT) {
		db->login_defs_err = rc; /* reported: defaults are then a guess, not the system's */
	}
	/* shadow-utils' compiled-in defaults when login.defs lacks them */
	login_defs_long(&db->defs, "UID_MIN", 1000, &db->uid_min);
	login_defs_long(&db->defs, "UID_MAX", 60000, &db->uid_max);
	ctx->accounts = db;
	return db;
}

void account_db_free(struct account_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n; i++) {
		struct account *a = &db->accounts[i];
		free(a->name);
		free(a->gecos);
		free(a->home);
		free(a->shell);
		if (a->password) {
			explicit_bzero(a->password, strlen(a->password));
			free(a->password);
		}
	}
	free(db->accounts);
	for (size_t i = 0; i < db->n_malformed; i++) {
		free(db->malformed[i].file);
		free(db->malformed[i].why);
	}
	free(db->malformed);
	login_defs_free(&db->defs);
	free(db);
}

static bool is_crypt_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '/';
}

enum password_state account_password_state(const struct account *a)
{
	const char *p = a->password;
	if (!a->has_shadow && strcmp(p, "x") == 0)
		return PASSWORD_DISABLED; /* shadowed, but no shadow entry: nothing to match */
	if (*p == '\0')
		return PASSWORD_EMPTY;
	if (*p == '!')
		return PASSWORD_LOCKED;
	if (*p == '$') {
		/* "$id$...$hash": at least an id and one more field */
		const char *second = strchr(p + 1, '$');
		return (second && second[1]) ? PASSWORD_USABLE : PASSWORD_DISABLED;
	}
	size_t n = strlen(p);
	if (n == 13 || (n == 20 && p[0] == '_')) {
		/* traditional DES, or BSDi extended DES */
		for (size_t i = (p[0] == '_'); i < n; i++)
			if (!is_crypt_char(p[i]))
				return PASSWORD_DISABLED;
		return PASSWORD_USABLE;
	}
	return PASSWORD_DISABLED;
}

const char *password_state_name(enum password_state s)
{
	switch (s) {
	case PASSWORD_USABLE:
		return _("password set");
	case PASSWORD_EMPTY:
		return _("empty password");
	case PASSWORD_LOCKED:
		return _("password locked");
	default:
		return _("no usable password");
	}
}

bool account_shell_is_nologin(const struct audit_context *ctx, const struct account *a)
{
	const struct profile_list *l = profile_list(ctx->profile, "accounts", "nologin_shells");
	/* An empty shell field means /bin/sh to login(1) and sshd. */
	return *a->shell && profile_list_contains(l, a->shell);
}

bool account_expired(const struct account *a, int64_t today)
{
	return a->expire != -1 && today >= a->expire;
}

bool account_password_inactive(const struct account *a, int64_t today)
{
	return a->max != -1 && a->inactive != -1 && a->lastchg > 0 &&
	       today - a->lastchg > a->max + a->inactive;
}

static int count_keys(const struct file_buf *buf)
{
	struct line_iter it;
	char line[16384];
	bool truncated;
	int keys = 0;
	line_iter_init(&it, buf);
	while (line_iter_next(&it, line, sizeof line, &truncated)) {
		const char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s && *s != '#')
			keys++;
	}
	return keys;
}

int account_authorized_keys(struct audit_context *ctx, const struct account *a, char *path_out,
			    size_t path_len)
{
	static const char *const names[] = { ".ssh/authorized_keys", ".ssh/authorized_keys2" };
	int total = 0;
	if (path_len)
		path_out[0] = '\0';
	if (a->home[0] != '/')
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *path = xasprintf("%s%s%s", a->home,
				       a->home[strlen(a->home) - 1] == '/' ? "" : "/", names[i]);
		struct file_buf buf;
		if (rootfs_read_file(ctx->root, path, 4u << 20, &buf) == 0) {
			int n = count_keys(&buf);
			if (n > 0 && path_len && !path_out[0])
				snprintf(path_out, path_len, "%s", path);
			total += n;
			file_buf_free(&buf);
		}
		free(path);
	}
	return total;
}

void account_assess_login(struct audit_context *ctx, const struct account *a,
			  struct account_login *c)
{
	memset(c, 0, sizeof *c);
	c->shell = !account_shell_is_nologin(ctx, a);
	c->pw = account_password_state(a);
	c->password = c->pw == PASSWORD_USABLE || c->pw == PASSWORD_EMPTY;
	c->expired = account_expired(a, ctx->today);
	c->inactive = account_password_inactive(a, ctx->today);
	c->n_keys = c->shell ? account_authorized_keys(ctx, a, c->keys_path, sizeof c->keys_path) : 0;
	c->keys = c->n_keys > 0;
}

bool account_login_capable(const struct account_login *c)
{
	return c->shell && !c->expired && !c->inactive && (c->password || c->keys);
}

bool account_stale_reason(const struct audit_context *ctx, const struct account_db *db,
			  const struct account *a, const struct account_login *c,
			  int64_t last_login, long long stale_days, long long grace_days,
			  enum finding_severity *severity, char *why, size_t whylen)
{
	*severity = FINDING_FAIL;
	if (!account_login_capable(c))
		return false;
	if (a->uid != 0 && (a->uid < (unsigned long)db->uid_min || a->uid > (unsigned long)db->uid_max)) {
		snprintf(why, whylen, _("system account (uid %u, below UID_MIN %ld) can log in"), a->uid,
			 db->uid_min);
		return true;
	}
	if (last_login > 0) {
		int64_t idle = (ctx->now - last_login) / 86400;
		if (idle <= stale_days)
			return false;
		snprintf(why, whylen, _("no login for %lld days (limit %lld)"), (long long)idle,
			 stale_days);
		return true;
	}
	if (a->lastchg > 0) {
		int64_t age = ctx->today - a->lastchg;
		if (age <= grace_days)
			return false;
		if (c->password)
			snprintf(why, whylen,
				 _("never logged in, password set %lld days ago (grace %lld)"),
				 (long long)age, grace_days);
		else
			snprintf(why, whylen,
				 _("never logged in with its SSH key(s); account last changed %lld days "
				   "ago (grace %lld)"), (long long)age, grace_days);
		return true;
	}
	*severity = FINDING_WARN;
	snprintf(why, whylen, _("never logged in; the account's age is unknown (no last-change date)"));
	return true;
}
