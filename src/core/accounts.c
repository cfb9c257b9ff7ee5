/* Loading and classifying local accounts from /etc/passwd, /etc/shadow and /etc/login.defs. */
#include "accounts.h"
#include "msg.h"
#include "context.h"
#include "filecache.h"
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
#include <sys/stat.h>
#include <unistd.h>

/* 1 GiB: millions of accounts fit, a sparse or runaway file does not. The files are streamed in
 * STREAM_CHUNK pieces, so memory does not grow with the file, only with the accounts it holds. */
#define MAX_ACCOUNT_FILE (1ull << 30)
#define STREAM_CHUNK (64u << 10)
#define MAX_LINE 8192

/* Lines of an open file, read STREAM_CHUNK at a time, with line_iter_next()'s rules: a CRLF
 * end tolerated, a NUL byte ends the line's text, a line longer than the scratch buffer is cut
 * there (*truncated) and the rest of it skipped. */
struct line_stream {
	int fd;
	char *buf;
	size_t start, end;
	bool eof;
	int err; /* negative errno of a failed read */
	unsigned lineno;
};

static void line_stream_init(struct line_stream *ls, int fd)
{
	memset(ls, 0, sizeof *ls);
	ls->fd = fd;
	ls->buf = xmalloc(STREAM_CHUNK);
}

static void line_stream_free(struct line_stream *ls)
{
	explicit_bzero(ls->buf, STREAM_CHUNK); /* shadow's hashes pass through it */
	free(ls->buf);
}

static bool line_stream_fill(struct line_stream *ls)
{
	if (ls->eof)
		return false;
	if (ls->start > 0) {
		memmove(ls->buf, ls->buf + ls->start, ls->end - ls->start);
		ls->end -= ls->start;
		ls->start = 0;
	}
	for (;;) {
		ssize_t n = read(ls->fd, ls->buf + ls->end, STREAM_CHUNK - ls->end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ls->err = -errno;
		if (n <= 0) {
			ls->eof = true;
			return false;
		}
		ls->end += (size_t)n;
		return true;
	}
}

static const char *line_stream_next(struct line_stream *ls, char *scratch, size_t scratch_len,
				    bool *truncated)
{
	size_t len = 0;
	*truncated = false;
	bool any = false;
	for (;;) {
		if (ls->start == ls->end && !line_stream_fill(ls)) {
			if (!any)
				return NULL;
			break; /* the last line has no newline */
		}
		any = true;
		char *from = ls->buf + ls->start;
		char *nl = memchr(from, '\n', ls->end - ls->start);
		size_t take = (size_t)((nl ? nl : ls->buf + ls->end) - from);
		if (len < scratch_len - 1) {
			size_t room = scratch_len - 1 - len;
			memcpy(scratch + len, from, take < room ? take : room);
			if (take > room)
				*truncated = true;
			len += take < room ? take : room;
		} else if (take > 0) {
			*truncated = true;
		}
		ls->start += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	if (!*truncated && len > 0 && scratch[len - 1] == '\r')
		len--;
	scratch[len] = '\0';
	ls->lineno++;
	return scratch;
}

/* Accounts' strings live in blocks of STRING_BLOCK bytes (a longer string gets a block of its
 * own), freed together, and zeroed first since password hashes are among them. */
#define STRING_BLOCK (256u << 10)

struct string_block {
	struct string_block *next;
	size_t used, size;
	char data[];
};

static char *db_strdup(struct account_db *db, const char *s)
{
	size_t n = strlen(s) + 1;
	struct string_block *b = db->strings;
	if (!b || b->size - b->used < n) {
		size_t size = n > STRING_BLOCK ? n : STRING_BLOCK;
		b = xmalloc(sizeof *b + size);
		b->used = 0;
		b->size = size;
		if (n > STRING_BLOCK && db->strings) {
			/* an oversized string: keep filling the current block afterwards */
			b->next = db->strings->next;
			db->strings->next = b;
		} else {
			b->next = db->strings;
			db->strings = b;
		}
	}
	char *out = b->data + b->used;
	memcpy(out, s, n);
	b->used += n;
	return out;
}

static void strings_free(struct string_block *b)
{
	while (b) {
		struct string_block *next = b->next;
		explicit_bzero(b->data, b->used);
		free(b);
		b = next;
	}
}

static void add_malformed(struct account_db *db, const char *file, unsigned line, const char *why)
{
	XGROW(db->malformed, db->n_malformed, db->cap_malformed, db->n_malformed + 1);
	db->malformed[db->n_malformed].file = xstrdup(file);
	db->malformed[db->n_malformed].line = line;
	db->malformed[db->n_malformed].why = xstrdup(why);
	db->n_malformed++;
}

static int load_passwd(struct account_db *db, struct line_stream *it)
{
	char line[MAX_LINE];
	bool truncated;
	size_t cap = 0;
	while (line_stream_next(it, line, sizeof line, &truncated)) {
		if (passwd_line_is_blank(line))
			continue;
		if (truncated) {
			add_malformed(db, "/etc/passwd", it->lineno, "line too long");
			continue;
		}
		if (line[0] == '+' || line[0] == '-') {
			db->nis_entries++;
			continue;
		}
		struct passwd_entry pw;
		const char *why;
		if (passwd_parse_line(line, &pw, &why) != 0) {
			add_malformed(db, "/etc/passwd", it->lineno, why);
			continue;
		}
		XGROW(db->accounts, db->n, cap, db->n + 1);
		struct account *a = &db->accounts[db->n++];
		memset(a, 0, sizeof *a);
		a->name = db_strdup(db, pw.name);
		a->uid = pw.uid;
		a->gid = pw.gid;
		a->gecos = db_strdup(db, pw.gecos);
		a->home = db_strdup(db, pw.home);
		a->shell = db_strdup(db, pw.shell);
		a->password = db_strdup(db, pw.password);
		a->lastchg = a->min = a->max = a->warn = a->inactive = a->expire = -1;
		a->passwd_line = it->lineno;
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

static void load_shadow(struct account_db *db, struct line_stream *it)
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
	char line[MAX_LINE];
	bool truncated;
	while (line_stream_next(it, line, sizeof line, &truncated)) {
		if (passwd_line_is_blank(line))
			continue;
		if (truncated) {
			add_malformed(db, "/etc/shadow", it->lineno, "line too long");
			continue;
		}
		if (line[0] == '+' || line[0] == '-')
			continue;
		struct shadow_entry sp;
		const char *why;
		if (shadow_parse_line(line, &sp, &why) != 0) {
			add_malformed(db, "/etc/shadow", it->lineno, why);
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
		explicit_bzero(a->password, strlen(a->password)); /* passwd's field: left in its block */
		a->password = db_strdup(db, sp.password);
		explicit_bzero(line, sizeof line);
		a->has_shadow = true;
		a->lastchg = sp.lastchg;
		a->min = sp.min;
		a->max = sp.max;
		a->warn = sp.warn;
		a->inactive = sp.inactive;
		a->expire = sp.expire;
		a->shadow_line = it->lineno;
	}
	free(slots);
}

static int load_shadow_file(struct account_db *db, struct line_stream *it)
{
	load_shadow(db, it);
	return 0;
}

/* Open PATH through the root layer, refuse it by size before reading (as rootfs_read_file
 * does), and stream its lines into LOAD. A read error is the file's error. */
static int load_file(struct account_db *db, struct audit_context *ctx, const char *path,
		     int (*load)(struct account_db *, struct line_stream *))
{
	int fd;
	struct stat st;
	int rc = rootfs_open_file(ctx->root, path, &fd, &st);
	if (rc < 0)
		return rc;
	if (st.st_size > 0 && (unsigned long long)st.st_size > MAX_ACCOUNT_FILE) {
		close(fd);
		return -ROOTFS_ETOOLARGE;
	}
	struct line_stream ls;
	line_stream_init(&ls, fd);
	load(db, &ls);
	rc = ls.err;
	line_stream_free(&ls);
	close(fd);
	return rc;
}

/* The load error, with the identity it was formatted with: every check that asks after the
 * first gets the same message, rendered again in either language (core/msg.h) — the string's
 * address alone is not a lasting key to it. */
static void load_error(struct audit_context *ctx, struct check_result *r)
{
	result_error(r, "%s", ctx->accounts_errmsg);
	if (ctx->accounts_errmsg_msg) {
		msg_free(r->reason_msg);
		r->reason_msg = msg_copy(ctx->accounts_errmsg_msg);
	}
}

const struct account_db *accounts_get(struct audit_context *ctx, struct check_result *r)
{
	if (ctx->accounts)
		return ctx->accounts;
	if (ctx->accounts_err) {
		rootfs_note_denied(ctx->root, ctx->accounts_err); /* this check is refused too */
		load_error(ctx, r);
		return NULL;
	}
	struct account_db *db = xcalloc(1, sizeof *db);
	int rc = load_file(db, ctx, "/etc/passwd", load_passwd);
	if (rc < 0) {
		ctx->accounts_err = rc;
		msg_snprintf(ctx->accounts_errmsg, sizeof ctx->accounts_errmsg, _("cannot read %s: %s"),
			 "/etc/passwd", rootfs_strerror(rc));
		ctx->accounts_errmsg_msg = msg_of_string(ctx->accounts_errmsg);
		account_db_free(db);
		load_error(ctx, r);
		return NULL;
	}
	rc = load_file(db, ctx, "/etc/shadow", load_shadow_file);
	if (rc == 0) {
		db->have_shadow = true;
	} else if (rc != -ENOENT) {
		/* Without shadow every verdict on passwords and expiry would be a guess. */
		ctx->accounts_err = rc;
		msg_snprintf(ctx->accounts_errmsg, sizeof ctx->accounts_errmsg, _("cannot read %s: %s"),
			 "/etc/shadow", rootfs_strerror(rc));
		ctx->accounts_errmsg_msg = msg_of_string(ctx->accounts_errmsg);
		account_db_free(db);
		load_error(ctx, r);
		return NULL;
	}

	struct file_buf buf;
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
	free(db->accounts); /* the accounts' strings are in db->strings */
	strings_free(db->strings);
	if (db->keys_path_memo)
		for (size_t i = 0; i < db->n; i++)
			free(db->keys_path_memo[i]);
	free(db->keys_path_memo);
	free(db->keys_memo);
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

/* Keys in one authorized_keys file, counted once per audit: accounts that share a home (or a
 * link to one file) and every check asking again are served from the file cache's memo. */
static int keys_in_file(struct audit_context *ctx, const char *path)
{
	static const char tag[] = "authorized_keys";
	struct cached_file f;
	if (filecache_read(ctx, path, 4u << 20, NULL, &f) != 0)
		return 0;
	long long *memo = filecache_memo(ctx, &f.st, tag);
	int n;
	if (memo && *memo >= 0) {
		n = (int)*memo;
	} else {
		struct file_buf buf = { (char *)f.data, f.len };
		n = count_keys(&buf);
		if (memo)
			*memo = n;
	}
	filecache_release(&f);
	return n;
}

static int keys_of_home(struct audit_context *ctx, const struct account *a, char *path_out,
			size_t path_len)
{
	static const char *const names[] = { "authorized_keys", "authorized_keys2" };
	int total = 0;
	if (a->home[0] != '/')
		return 0;
	const char *sep = a->home[strlen(a->home) - 1] == '/' ? "" : "/";
	/* most homes of a large system have no ~/.ssh (or do not exist in an image): one look */
	char *dir = xasprintf("%s%s.ssh", a->home, sep);
	struct stat st;
	bool have_dir = rootfs_stat(ctx->root, dir, &st) == 0 && S_ISDIR(st.st_mode);
	free(dir);
	if (!have_dir)
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *path = xasprintf("%s%s.ssh/%s", a->home, sep, names[i]);
		int n = keys_in_file(ctx, path);
		if (n > 0 && path_len && !path_out[0])
			msg_snprintf(path_out, path_len, "%s", path);
		total += n;
		free(path);
	}
	return total;
}

int account_authorized_keys(struct audit_context *ctx, const struct account *a, char *path_out,
			    size_t path_len)
{
	if (path_len)
		path_out[0] = '\0';
	/* an account of the shared database: look once per audit, whichever check asks */
	struct account_db *db = ctx->accounts;
	if (!db || a < db->accounts || a >= db->accounts + db->n)
		return keys_of_home(ctx, a, path_out, path_len);
	size_t i = (size_t)(a - db->accounts);
	if (!db->keys_memo) {
		db->keys_memo = xmalloc(db->n * sizeof *db->keys_memo);
		for (size_t k = 0; k < db->n; k++)
			db->keys_memo[k] = -1;
		db->keys_path_memo = xcalloc(db->n, sizeof *db->keys_path_memo);
	}
	if (db->keys_memo[i] < 0) {
		char path[4096] = "";
		db->keys_memo[i] = keys_of_home(ctx, a, path, sizeof path);
		if (path[0])
			db->keys_path_memo[i] = xstrdup(path);
	}
	if (path_len && db->keys_path_memo[i])
		msg_snprintf(path_out, path_len, "%s", db->keys_path_memo[i]);
	return db->keys_memo[i];
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
		msg_snprintf(why, whylen, _("system account (uid %u, below UID_MIN %ld) can log in"), a->uid,
			 db->uid_min);
		return true;
	}
	if (last_login > 0) {
		int64_t idle = (ctx->now - last_login) / 86400;
		if (idle <= stale_days)
			return false;
		msg_snprintf(why, whylen, _("no login for %lld days (limit %lld)"), (long long)idle,
			 stale_days);
		return true;
	}
	if (a->lastchg > 0) {
		int64_t age = ctx->today - a->lastchg;
		if (age <= grace_days)
			return false;
		if (c->password)
			msg_snprintf(why, whylen,
				 _("never logged in, password set %lld days ago (grace %lld)"),
				 (long long)age, grace_days);
		else
			msg_snprintf(why, whylen,
				 _("never logged in with its SSH key(s); account last changed %lld days "
				   "ago (grace %lld)"), (long long)age, grace_days);
		return true;
	}
	*severity = FINDING_WARN;
	msg_snprintf(why, whylen, _("never logged in; the account's age is unknown (no last-change date)"));
	return true;
}
