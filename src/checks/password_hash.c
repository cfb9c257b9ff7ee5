/* password.hash: every stored password hash uses a current method at a sufficient cost, and what
 * writes new hashes (pam_unix in the passwd stack, login.defs for shadow-utils) does too. Item 2-7.
 * Only method names and cost parameters ever reach a result: never a hash, a salt or a prefix of
 * either. */
#include "config.h"
#include "../core/accounts.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/pam_stack.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/xalloc.h"
#include "../parsers/crypt_hash.h"
#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What libcrypt (or, without crypt_checksalt, kensa's copy of its table) says of a setting. */
enum library_class { LIB_OK, LIB_LEGACY, LIB_DISABLED, LIB_TOO_CHEAP, LIB_INVALID };

enum verdict {
	V_OK,
	V_LEGACY,      /* a method libcrypt keeps only to verify old hashes */
	V_DISABLED,    /* a method this libcrypt refuses to compute */
	V_NOT_ALLOWED, /* strong by libcrypt, but not in [password] allowed_hash_methods */
	V_TOO_CHEAP,   /* below the profile's cost minimum for its kind */
	V_UNKNOWN,     /* not a format libcrypt knows, or unreadable cost parameters */
};

struct hash_policy {
	const struct profile_list *allowed;
	long long min_sha_rounds, min_memory_cost, min_bcrypt_cost;
};

struct judgement {
	enum verdict verdict;
	const char *method; /* crypt(5) name, or NULL when unknown */
	enum crypt_cost_kind kind;
	long long cost, min;
};

static enum library_class library_classify(const char *setting, int identified, bool table_strong)
{
#if HAVE_CRYPT_CHECKSALT
	(void)identified;
	(void)table_strong;
	switch (crypt_checksalt(setting)) {
	case CRYPT_SALT_OK:
		return LIB_OK;
	case CRYPT_SALT_METHOD_LEGACY:
		return LIB_LEGACY;
	case CRYPT_SALT_METHOD_DISABLED:
		return LIB_DISABLED;
	case CRYPT_SALT_TOO_CHEAP:
		return LIB_TOO_CHEAP;
	default:
		return LIB_INVALID;
	}
#else
	/* No crypt_checksalt (glibc's libcrypt, old libxcrypt): hashes.conf's STRONG flag decides. */
	(void)setting;
	if (identified != 0)
		return LIB_INVALID;
	return table_strong ? LIB_OK : LIB_LEGACY;
#endif
}

static long long cost_minimum(const struct hash_policy *pol, enum crypt_cost_kind kind)
{
	switch (kind) {
	case CRYPT_COST_ROUNDS:
		return pol->min_sha_rounds;
	case CRYPT_COST_LOG2:
		return pol->min_bcrypt_cost;
	case CRYPT_COST_MEMORY:
		return pol->min_memory_cost;
	default:
		return -1;
	}
}

/* The verdict for a method at a cost; library decides legacy/disabled, the profile the rest. */
static void judge_method(const struct hash_policy *pol, enum library_class lib, struct judgement *j)
{
	j->min = cost_minimum(pol, j->kind);
	if (lib == LIB_INVALID) {
		j->verdict = V_UNKNOWN;
	} else if (lib == LIB_LEGACY) {
		j->verdict = V_LEGACY;
	} else if (lib == LIB_DISABLED) {
		j->verdict = V_DISABLED;
	} else if (!j->method || !profile_list_contains(pol->allowed, j->method)) {
		j->verdict = V_NOT_ALLOWED;
	} else if (lib == LIB_TOO_CHEAP) {
		j->verdict = V_TOO_CHEAP;
	} else if (j->kind != CRYPT_COST_NONE && j->cost < 0) {
		j->verdict = V_UNKNOWN;
	} else if (j->kind != CRYPT_COST_NONE && j->cost < j->min) {
		j->verdict = V_TOO_CHEAP;
	} else {
		j->verdict = V_OK;
	}
}

static void judge_hash(const struct hash_policy *pol, const char *hash, struct judgement *j)
{
	struct crypt_hash_info info;
	int rc = crypt_hash_identify(hash, &info);
	memset(j, 0, sizeof *j);
	j->method = rc == 0 ? info.method : NULL;
	j->kind = rc == 0 ? info.cost_kind : CRYPT_COST_NONE;
	j->cost = info.cost;
	judge_method(pol, library_classify(hash, rc, info.strong), j);
}

/* A configured method (no hash yet): ask libcrypt about the method's bare prefix. */
static void judge_configured(const struct hash_policy *pol, const char *method,
			     enum crypt_cost_kind kind, long long cost, struct judgement *j)
{
	memset(j, 0, sizeof *j);
	j->method = method;
	j->kind = kind;
	j->cost = cost;
	const char *setting = crypt_method_setting(method);
	judge_method(pol, setting ? library_classify(setting, 0, crypt_method_strong(method))
				  : LIB_INVALID, j);
}

static void format_cost(enum crypt_cost_kind kind, long long cost, char *buf, size_t len)
{
	switch (kind) {
	case CRYPT_COST_ROUNDS:
		msg_snprintf(buf, len, _("%lld rounds"), cost);
		break;
	case CRYPT_COST_LOG2:
		msg_snprintf(buf, len, _("cost %lld"), cost);
		break;
	case CRYPT_COST_MEMORY:
		msg_snprintf(buf, len, _("cost factor %lld"), cost);
		break;
	default:
		snprintf(buf, len, "-");
		break;
	}
}

/* "sha512crypt, 1000 rounds" or "md5crypt": the whole of what kensa says about a hash. */
static void format_method(const struct judgement *j, char *buf, size_t len)
{
	const char *m = j->method ? j->method : _("unrecognised method");
	if (j->kind != CRYPT_COST_NONE && j->cost >= 0) {
		char cost[64];
		format_cost(j->kind, j->cost, cost, sizeof cost);
		msg_snprintf(buf, len, "%s, %s", m, cost);
	} else {
		msg_snprintf(buf, len, "%s", m);
	}
}

/* One sentence per verdict, for a stored hash or (configured) for what new passwords get. */
static struct finding *report(struct check_result *r, enum finding_severity sev,
			      const char *subject, bool configured, const struct judgement *j)
{
	const char *m = j->method ? j->method : "?";
	char cost[64], min[64];
	format_cost(j->kind, j->cost, cost, sizeof cost);
	format_cost(j->kind, j->min, min, sizeof min);
	switch (j->verdict) {
	case V_LEGACY:
		return configured
			? result_finding(r, sev, subject, _("new passwords are hashed with %s, a legacy method"), m)
			: result_finding(r, sev, subject, _("password hash uses %s, a legacy method"), m);
	case V_DISABLED:
		return configured
			? result_finding(r, sev, subject, _("new passwords would be hashed with %s, which this libcrypt disables"), m)
			: result_finding(r, sev, subject, _("password hash uses %s, which this libcrypt disables"), m);
	case V_NOT_ALLOWED:
		return configured
			? result_finding(r, sev, subject, _("new passwords are hashed with %s, not one of the profile's allowed methods"), m)
			: result_finding(r, sev, subject, _("password hash uses %s, not one of the profile's allowed methods"), m);
	case V_TOO_CHEAP:
		return configured
			? result_finding(r, sev, subject, _("new passwords are hashed with %s at %s, below the profile minimum of %s"), m, cost, min)
			: result_finding(r, sev, subject, _("password hash uses %s at %s, below the profile minimum of %s"), m, cost, min);
	default:
		return result_finding(r, sev, subject,
				      _("password field is not a hash format libcrypt recognises: it cannot be judged"));
	}
}

struct tally {
	size_t judged, weak, locked_weak, empty;
};

static void check_account(struct audit_context *ctx, const struct hash_policy *pol,
			  const struct account *a, struct check_result *r, struct tally *t)
{
	const char *src = a->has_shadow ? "/etc/shadow" : "/etc/passwd";
	unsigned line = a->has_shadow ? a->shadow_line : a->passwd_line;
	enum password_state st = account_password_state(a);
	if (st == PASSWORD_EMPTY) {
		t->empty++;
		bool can_login = !account_shell_is_nologin(ctx, a) && !account_expired(a, ctx->today) &&
				 !account_password_inactive(a, ctx->today);
		struct finding *f = can_login
			? result_finding(r, FINDING_FAIL, a->name,
					 _("has an empty password: a login needs no password wherever PAM allows nullok"))
			: result_finding(r, FINDING_WARN, a->name,
					 _("has an empty password; the account cannot log in now, but a new shell or expiry date would open it"));
		finding_evidence(f, src, _("line %u: empty password field"), line);
		return;
	}
	if (st != PASSWORD_USABLE && st != PASSWORD_LOCKED)
		return;
	const char *hash = a->password;
	if (st == PASSWORD_LOCKED) {
		while (*hash == '!')
			hash++;
		if (!*hash || *hash == '*')
			return; /* "!", "!!", "!*": nothing behind the lock */
	}
	struct judgement j;
	judge_hash(pol, hash, &j);
	if (st == PASSWORD_LOCKED && j.verdict == V_UNKNOWN)
		return; /* a lock marker, not a hash */
	t->judged++;
	char desc[128];
	format_method(&j, desc, sizeof desc);
	if (j.verdict != V_OK) {
		bool locked = st == PASSWORD_LOCKED;
		struct finding *f = report(r, locked || j.verdict == V_UNKNOWN ? FINDING_WARN : FINDING_FAIL,
					   a->name, false, &j);
		finding_evidence(f, src, _("line %u: %s"), line, desc);
		if (locked) {
			finding_evidence(f, src, _("password locked: the old hash is usable again once the "
						   "account is unlocked (usermod -U, passwd -u)"));
			t->locked_weak++;
		} else if (j.verdict != V_UNKNOWN) {
			t->weak++;
		}
	}
	if (st == PASSWORD_USABLE && !a->has_shadow) {
		struct finding *f = result_finding(r, FINDING_FAIL, a->name,
			_("password hash is stored in /etc/passwd, which every user can read"));
		finding_evidence(f, "/etc/passwd", _("line %u: %s"), a->passwd_line, desc);
	}
}

/* --- login.defs: what shadow-utils (chpasswd -c, newusers, chgpasswd) writes ------------------ */

static long defs_long(const struct login_defs *defs, const char *name, long dflt)
{
	long v;
	login_defs_long(defs, name, dflt, &v);
	return v;
}

/* shadow-utils' SHA_get_salt_rounds / BCRYPT_get_salt_rounds: the cheapest count it can choose. */
static long lowest_rounds(const struct login_defs *defs, const char *min_key, const char *max_key,
			  long dflt, long lo, long hi)
{
	long min = defs_long(defs, min_key, -1), max = defs_long(defs, max_key, -1), rounds;
	if (min == -1 && max == -1)
		rounds = dflt;
	else if (min == -1)
		rounds = max;
	else
		rounds = min; /* min > max makes max = min; otherwise min is the cheapest choice */
	return rounds < lo ? lo : rounds > hi ? hi : rounds;
}

static void check_login_defs(const struct account_db *db, const struct hash_policy *pol,
			     struct check_result *r)
{
	const struct login_defs *defs = &db->defs;
	if (db->login_defs_err) {
		/* unread is unknown, never shadow-utils' DES default: run() makes it the error */
		result_evidence(r, "/etc/login.defs", _("not read (%s): the method of new hashes is unknown"),
				rootfs_strerror(db->login_defs_err));
		return;
	}
	const struct login_def *em = login_defs_get(defs, "ENCRYPT_METHOD");
	const struct login_def *md5 = login_defs_get(defs, "MD5_CRYPT_ENAB");
	const char *method = "descrypt";
	enum crypt_cost_kind kind = CRYPT_COST_NONE;
	long cost = -1;
	char why[256];
	if (em) {
		msg_snprintf(why, sizeof why, _("line %u: ENCRYPT_METHOD %s"), em->line, em->value);
		/* getdef.c and salt.c compare case-sensitively; anything else means DES. */
		if (strcmp(em->value, "MD5") == 0) {
			method = "md5crypt";
		} else if (strcmp(em->value, "SHA256") == 0 || strcmp(em->value, "SHA512") == 0) {
			method = em->value[3] == '5' ? "sha512crypt" : "sha256crypt";
			kind = CRYPT_COST_ROUNDS;
			cost = lowest_rounds(defs, "SHA_CRYPT_MIN_ROUNDS", "SHA_CRYPT_MAX_ROUNDS", 5000, 1000,
					     999999999);
		} else if (strcmp(em->value, "BCRYPT") == 0) {
			method = "bcrypt";
			kind = CRYPT_COST_LOG2;
			cost = lowest_rounds(defs, "BCRYPT_MIN_ROUNDS", "BCRYPT_MAX_ROUNDS", 13, 4, 31);
		} else if (strcmp(em->value, "YESCRYPT") == 0) {
			method = "yescrypt";
			kind = CRYPT_COST_MEMORY;
			cost = defs_long(defs, "YESCRYPT_COST_FACTOR", 5);
			cost = cost < 1 ? 1 : cost > 11 ? 11 : cost;
		} else if (strcmp(em->value, "DES") != 0) {
			msg_snprintf(why, sizeof why,
				 _("line %u: ENCRYPT_METHOD %s is not a value shadow-utils knows: it falls back to DES"),
				 em->line, em->value);
		}
	} else if (md5 && strcasecmp(md5->value, "yes") == 0) {
		method = "md5crypt";
		msg_snprintf(why, sizeof why, _("line %u: MD5_CRYPT_ENAB yes, no ENCRYPT_METHOD"), md5->line);
	} else {
		msg_snprintf(why, sizeof why, db->have_login_defs
			 ? _("no ENCRYPT_METHOD: shadow-utils falls back to DES")
			 : _("file absent: shadow-utils falls back to DES"));
	}
	if (em && md5)
		result_evidence(r, "/etc/login.defs", _("line %u: MD5_CRYPT_ENAB is ignored: ENCRYPT_METHOD is set"),
				md5->line);
	struct judgement j;
	judge_configured(pol, method, kind, cost, &j);
	char desc[128];
	format_method(&j, desc, sizeof desc);
	result_evidence(r, "/etc/login.defs", _("new hashes from shadow-utils: %s"), desc);
	if (j.verdict == V_OK)
		return;
	struct finding *f = report(r, FINDING_FAIL, "/etc/login.defs", true, &j);
	finding_evidence(f, "/etc/login.defs", "%s", why);
}

/* --- pam_unix in the passwd service's password stack (resolved by core/pam_stack) ------------- */

/* pam_unix's hash options, in the order _set_ctrl matches them (a prefix match, like strncmp
 * with the token's length); the last one on the line wins because each clears the others. */
static const struct {
	const char *token, *method;
} pam_algos[] = {
	{ "md5", "md5crypt" },         { "bigcrypt", "bigcrypt" },
	{ "sha256", "sha256crypt" },   { "sha512", "sha512crypt" },
	{ "blowfish", "bcrypt" },      { "des", "descrypt" },
	{ "gost_yescrypt", "gost-yescrypt" }, { "yescrypt", "yescrypt" },
};
#define N_PAM_ALGOS (sizeof pam_algos / sizeof pam_algos[0])

static int pam_algo_match(const char *word, bool ignore_case)
{
	for (size_t i = 0; i < N_PAM_ALGOS; i++) {
		size_t n = strlen(pam_algos[i].token);
		if (ignore_case ? strncasecmp(word, pam_algos[i].token, n) == 0
				: strncmp(word, pam_algos[i].token, n) == 0)
			return (int)i;
	}
	return -1;
}

static void check_pam(struct audit_context *ctx, const struct account_db *db,
		      const struct hash_policy *pol, struct check_result *r)
{
	struct pam_stack s;
	if (pam_stack_load(ctx->root, "passwd", PAM_TYPE_PASSWORD, &s) != 0) {
		result_evidence(r, "/etc/pam.d", _("no PAM configuration: how passwd hashes new passwords is not judged"));
		return;
	}
	const struct pam_handler *unix_h = NULL;
	for (size_t i = 0; i < s.n && !unix_h; i++)
		if (s.h[i].module && !s.h[i].must_fail && !s.h[i].substack &&
		    strcmp(s.h[i].module, "pam_unix.so") == 0)
			unix_h = &s.h[i];
	if (!unix_h) {
		result_evidence(r, s.service_file ? s.service_file : s.config,
				_("no pam_unix.so in the passwd password stack: another module sets passwords"));
		pam_stack_free(&s);
		return;
	}
	/* _set_ctrl: ENCRYPT_METHOD from login.defs presets the method (case-insensitive prefix),
	 * with SHA_CRYPT_MAX_ROUNDS for the sha methods; the module's own options override it. */
	int algo = -1;
	long rounds = -1;
	char origin[160];
	msg_snprintf(origin, sizeof origin, _("no hash option: DES, pam_unix's built-in default"));
	const struct login_def *em = login_defs_get(&db->defs, "ENCRYPT_METHOD");
	if (em && (algo = pam_algo_match(em->value, true)) >= 0) {
		msg_snprintf(origin, sizeof origin, _("from login.defs ENCRYPT_METHOD %s"), em->value);
		const struct login_def *max = login_defs_get(&db->defs, "SHA_CRYPT_MAX_ROUNDS");
		if (max && strncmp(pam_algos[algo].token, "sha", 3) == 0)
			rounds = strtol(max->value, NULL, 10);
	} else if (em) {
		msg_snprintf(origin, sizeof origin,
			 _("login.defs ENCRYPT_METHOD %s is unknown to pam_unix: DES, its built-in default"),
			 em->value);
	}
	bool option = false; /* a hash option on the line decides without login.defs */
	for (size_t i = 0; i < unix_h->argc; i++) {
		int a = pam_algo_match(unix_h->argv[i], false);
		if (a >= 0) {
			option = true;
			algo = a;
			msg_snprintf(origin, sizeof origin, _("option %s"), pam_algos[a].token);
		} else if (strncmp(unix_h->argv[i], "rounds=", 7) == 0) {
			rounds = strtol(unix_h->argv[i] + 7, NULL, 10);
		}
	}
	if (!option && db->login_defs_err) {
		result_evidence(r, unix_h->file,
				_("line %u: pam_unix.so takes its hash method from /etc/login.defs, which was not read"),
				unix_h->line);
		pam_stack_free(&s);
		return;
	}
	const char *method = algo >= 0 ? pam_algos[algo].method : "descrypt";
	enum crypt_cost_kind kind = CRYPT_COST_NONE;
	long cost = -1;
	/* _set_ctrl's "Enforce sane rounds values" */
	if (!strcmp(method, "yescrypt") || !strcmp(method, "gost-yescrypt")) {
		kind = CRYPT_COST_MEMORY;
		cost = rounds < 3 || rounds > 11 ? 5 : rounds;
	} else if (!strcmp(method, "bcrypt")) {
		kind = CRYPT_COST_LOG2;
		cost = rounds < 4 || rounds > 31 ? 5 : rounds;
	} else if (!strcmp(method, "sha512crypt") || !strcmp(method, "sha256crypt")) {
		kind = CRYPT_COST_ROUNDS;
		cost = rounds < 1000 ? 5000 : rounds >= 10000000 ? 9999999 : rounds;
	}
	struct judgement j;
	judge_configured(pol, method, kind, cost, &j);
	char desc[128];
	format_method(&j, desc, sizeof desc);
	result_evidence(r, unix_h->file, _("line %u: pam_unix.so sets new passwords with %s (%s)"),
			unix_h->line, desc, origin);
	if (j.verdict != V_OK) {
		struct finding *f = report(r, FINDING_FAIL, unix_h->file, true, &j);
		finding_evidence(f, unix_h->file, _("line %u: pam_unix.so, %s"), unix_h->line, origin);
	}
	pam_stack_free(&s);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	const struct account_db *db = accounts_get(ctx, r);
	if (!db)
		return;
	struct hash_policy pol = {
		.allowed = profile_list(ctx->profile, "password", "allowed_hash_methods"),
		.min_sha_rounds = profile_int(ctx->profile, "password", "min_sha_crypt_rounds"),
		.min_memory_cost = profile_int(ctx->profile, "password", "min_yescrypt_cost"),
		.min_bcrypt_cost = profile_int(ctx->profile, "password", "min_bcrypt_cost"),
	};
	for (size_t i = 0; i < pol.allowed->n; i++)
		if (!crypt_method_name_known(pol.allowed->items[i]))
			result_finding(r, FINDING_WARN, "[password] allowed_hash_methods",
				       _("'%s' is not a crypt(5) method name and matches no hash"),
				       pol.allowed->items[i]);
#if HAVE_CRYPT_CHECKSALT
	result_evidence(r, NULL, _("legacy and disabled methods as this system's libxcrypt classifies them (crypt_checksalt)"));
#else
	result_evidence(r, NULL, _("legacy methods from kensa's copy of libxcrypt's method table (no crypt_checksalt)"));
#endif
	if (!db->have_shadow)
		result_evidence(r, "/etc/shadow", _("absent: password fields read from /etc/passwd"));
	struct tally t = { 0 };
	for (size_t i = 0; i < db->n; i++)
		check_account(ctx, &pol, &db->accounts[i], r, &t);
	check_login_defs(db, &pol, r);
	check_pam(ctx, db, &pol, r);
	result_reason(r, _("%zu password hashes judged: %zu weak, %zu weak behind a lock; %zu empty passwords"),
		      t.judged, t.weak, t.locked_weak, t.empty);
	if (db->login_defs_err)
		result_error(r, _("cannot read %s: %s; the hash method of new passwords is unknown"),
			     "/etc/login.defs", rootfs_strerror(db->login_defs_err));
}

const struct check check_password_hash = {
	.id = "password.hash",
	.title = N_("Stored password hashes use a current method and cost"),
	.remediation = N_("Hash new passwords with yescrypt (pam_unix.so yescrypt in the passwd stack, "
			  "ENCRYPT_METHOD YESCRYPT in /etc/login.defs), then have each flagged account "
			  "set a new password (passwd -e NAME forces it at the next login); give "
			  "accounts with an empty password a password or lock them (passwd -l NAME)."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
