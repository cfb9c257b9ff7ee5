/* Check suite: crypt(5) hash identification (hashes made at test time with libxcrypt's own
 * crypt_gensalt_rn/crypt_rn), and the password.hash and password.defaults checks run on scratch
 * roots with known passwords. */
#include "testutil.h"
#include "core/accounts.h"
#include "core/check.h"
#include "core/context.h"
#include "core/filecache.h"
#include "core/profile.h"
#include "core/result.h"
#include "core/rootfs.h"
#include "parsers/crypt_hash.h"
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const struct check check_password_hash;
extern const struct check check_password_defaults;

#define AS_OF_DAY 20782 /* 2026-11-25 */

/* crypt_gensalt_rn + crypt_rn, as passwd(1) via pam_unix would store PASSWORD. */
static char *make_hash(const char *password, const char *prefix, unsigned long count)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	ck_assert_msg(crypt_gensalt_rn(prefix, count, NULL, 0, setting, sizeof setting) != NULL,
		      "gensalt %s %lu", prefix, count);
	struct crypt_data *cd = calloc(1, sizeof *cd);
	const char *h = crypt_rn(password, setting, cd, (int)sizeof *cd);
	ck_assert(h != NULL && h[0] != '*');
	char *copy = strdup(h);
	free(cd);
	return copy;
}

static void assert_identified(const char *hash, const char *method, enum crypt_cost_kind kind,
			      long long cost)
{
	struct crypt_hash_info info;
	ck_assert_msg(crypt_hash_identify(hash, &info) == 0, "not identified: %s", method);
	ck_assert_str_eq(info.method, method);
	ck_assert_int_eq(info.cost_kind, kind);
	ck_assert_msg(info.cost == cost, "%s: cost %lld, expected %lld", method, info.cost, cost);
}

START_TEST(identify_generated_hashes)
{
	static const struct {
		const char *prefix;
		unsigned long count;
		const char *method;
		enum crypt_cost_kind kind;
		long long cost;
		bool strong;
	} cases[] = {
		{ "$y$", 0, "yescrypt", CRYPT_COST_MEMORY, 5, true },
		{ "$gy$", 0, "gost-yescrypt", CRYPT_COST_MEMORY, 5, true },
		{ "$7$", 0, "scrypt", CRYPT_COST_MEMORY, 7, true },
		{ "$2b$", 10, "bcrypt", CRYPT_COST_LOG2, 10, true },
		{ "$2y$", 5, "bcrypt-y", CRYPT_COST_LOG2, 5, true },
		{ "$2a$", 6, "bcrypt-a", CRYPT_COST_LOG2, 6, true },
		{ "$6$", 0, "sha512crypt", CRYPT_COST_ROUNDS, 5000, true },
		{ "$6$", 1000, "sha512crypt", CRYPT_COST_ROUNDS, 1000, true },
		{ "$6$", 20000, "sha512crypt", CRYPT_COST_ROUNDS, 20000, true },
		{ "$5$", 0, "sha256crypt", CRYPT_COST_ROUNDS, 5000, false },
		{ "$sha1", 0, "sha1crypt", CRYPT_COST_NONE, -1, false },
		{ "$md5", 0, "sunmd5", CRYPT_COST_NONE, -1, false },
		{ "$1$", 0, "md5crypt", CRYPT_COST_NONE, -1, false },
		{ "$3$", 0, "nt", CRYPT_COST_NONE, -1, false },
		{ "_", 0, "bsdicrypt", CRYPT_COST_NONE, -1, false },
		{ "", 0, "descrypt", CRYPT_COST_NONE, -1, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *h = make_hash("Correct horse 1", cases[i].prefix, cases[i].count);
		assert_identified(h, cases[i].method, cases[i].kind, cases[i].cost);
		struct crypt_hash_info info;
		crypt_hash_identify(h, &info);
		ck_assert_int_eq(info.strong, cases[i].strong);
		ck_assert_int_eq(crypt_method_strong(cases[i].method), cases[i].strong);
		ck_assert(crypt_method_name_known(cases[i].method));
		free(h);
	}
}
END_TEST

/* yescrypt's and scrypt's cost parameter decodes back to the count libxcrypt was given: the
 * YESCRYPT_COST_FACTOR scale (r=8 for 1-2, r=32 from 3). */
START_TEST(identify_memory_hard_cost_scale)
{
	/* settings only: hashing at cost 11 takes 1 GiB and seconds */
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	for (unsigned long c = 1; c <= 11; c++) {
		ck_assert(crypt_gensalt_rn("$y$", c, NULL, 0, setting, sizeof setting));
		assert_identified(setting, "yescrypt", CRYPT_COST_MEMORY, (long long)c);
	}
	for (unsigned long c = 6; c <= 11; c++) {
		ck_assert(crypt_gensalt_rn("$7$", c, NULL, 0, setting, sizeof setting));
		assert_identified(setting, "scrypt", CRYPT_COST_MEMORY, (long long)c);
	}
	char *h = make_hash("x", "$y$", 1);
	assert_identified(h, "yescrypt", CRYPT_COST_MEMORY, 1);
	free(h);
}
END_TEST

START_TEST(identify_parameters_and_malformed)
{
	/* libxcrypt clamps sha-crypt rounds to [1000, 999999999] and rejects a leading zero */
	assert_identified("$6$rounds=999$salt$x", "sha512crypt", CRYPT_COST_ROUNDS, 1000);
	assert_identified("$6$rounds=1000000000$salt$x", "sha512crypt", CRYPT_COST_ROUNDS, 999999999);
	assert_identified("$6$rounds=05000$salt$x", "sha512crypt", CRYPT_COST_ROUNDS, -1);
	assert_identified("$6$rounds=$salt$x", "sha512crypt", CRYPT_COST_ROUNDS, -1);
	assert_identified("$2b$32$abcdefabcdefabcdefabce", "bcrypt", CRYPT_COST_LOG2, -1);
	assert_identified("$2b$1$", "bcrypt", CRYPT_COST_LOG2, -1);
	assert_identified("$2x$05$abcdefabcdefabcdefabce", "bcrypt-x", CRYPT_COST_LOG2, 5);
	assert_identified("$y$", "yescrypt", CRYPT_COST_MEMORY, -1);
	assert_identified("$y$j9T", "yescrypt", CRYPT_COST_MEMORY, -1);
	assert_identified("$y$j9T$", "yescrypt", CRYPT_COST_MEMORY, 5);
	assert_identified("$y$j!T$", "yescrypt", CRYPT_COST_MEMORY, -1);
	assert_identified("$7$C", "scrypt", CRYPT_COST_MEMORY, -1);
	assert_identified("$md5,rounds=5000$GUBv0xjJ$", "sunmd5", CRYPT_COST_NONE, -1);
	assert_identified("abcdefghijklmnopqrstuvwx", "bigcrypt", CRYPT_COST_NONE, -1);
	struct crypt_hash_info info;
	const char *bad[] = { "", "*", "!", "x", "$", "$$", "$9$salt$hash", "abcdefghijkl",
			      "abcdefghijklmn", "abc:efghijklm", "_short", NULL };
	for (size_t i = 0; bad[i]; i++)
		ck_assert_msg(crypt_hash_identify(bad[i], &info) == -1, "identified '%s'", bad[i]);
	for (size_t i = 0; crypt_method_names[i]; i++)
		ck_assert_msg(crypt_method_setting(crypt_method_names[i]) != NULL, "%s",
			      crypt_method_names[i]);
	ck_assert(crypt_method_setting("sha3crypt") == NULL);
	ck_assert(!crypt_method_name_known("SHA512"));
}
END_TEST

/* --- running the checks on scratch roots ---------------------------------------------------- */

struct run {
	char *root;
	struct rootfs *fs;
	struct profile *profile;
	struct audit_context ctx;
	struct check_result r;
	char *hashes[32]; /* every hash planted, for the leak assertion */
	size_t n_hashes;
};

static const char *PASSWD =
	"root:x:0:0:root:/root:/bin/bash\n"
	"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
	"backup:x:34:34:backup:/var/backups:/usr/sbin/nologin\n"
	"alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
	"bob:x:1001:1001:Bob,,,:/home/bob:/bin/bash\n"
	"carol:x:1002:1002:Carol,,,:/home/carol:/bin/bash\n"
	"dave:x:1003:1003:Dave,,,:/home/dave:/bin/bash\n"
	"erin:x:1004:1004:Erin,,,:/home/erin:/bin/bash\n";

static char *plant(struct run *t, const char *password, const char *prefix, unsigned long count)
{
	char *h = make_hash(password, prefix, count);
	t->hashes[t->n_hashes++] = h;
	return h;
}

static void setup(struct run *t, const char *profile_extra)
{
	memset(t, 0, sizeof *t);
	t->root = tu_mkroot();
	tu_write(t->root, "etc/passwd", PASSWD);
	tu_write(t->root, "etc/hostname", "clinic-srv01\n");
	char prof[4096];
	snprintf(prof, sizeof prof, "%s/site.ini", t->root);
	char text[2048];
	snprintf(text, sizeof text, "include = server\n[password]\n%s", profile_extra ? profile_extra : "");
	tu_write(t->root, "site.ini", text);
	char err[512];
	ck_assert_msg(profile_load(prof, &t->profile, err, sizeof err) == 0, "%s", err);
}

static void run_check(struct run *t, const struct check *c)
{
	ck_assert_int_eq(rootfs_open(t->root, &t->fs), 0);
	t->ctx.root = t->fs;
	t->ctx.profile = t->profile;
	t->ctx.today = AS_OF_DAY;
	t->ctx.now = (time_t)AS_OF_DAY * 86400 + 86399;
	result_init(&t->r, c);
	c->run(&t->ctx, &t->r);
	result_finish(&t->r);
}

static bool leaks(const char *s, const struct run *t)
{
	if (!s)
		return false;
	for (size_t i = 0; i < t->n_hashes; i++)
		for (size_t k = 0; k + 8 <= strlen(t->hashes[i]); k++)
			if (memmem(s, strlen(s), t->hashes[i] + k, 8))
				return true;
	return false;
}

static void teardown(struct run *t)
{
	/* No string of the result may carry 8 characters of any planted hash. */
	ck_assert(!leaks(t->r.reason, t));
	for (size_t i = 0; i < t->r.n_findings; i++) {
		const struct finding *f = &t->r.findings[i];
		ck_assert(!leaks(f->subject, t) && !leaks(f->detail, t));
		for (size_t e = 0; e < f->n_evidence; e++)
			ck_assert(!leaks(f->evidence[e].value, t) && !leaks(f->evidence[e].source, t));
	}
	for (size_t e = 0; e < t->r.n_evidence; e++)
		ck_assert(!leaks(t->r.evidence[e].value, t));
	result_free(&t->r);
	account_db_free(t->ctx.accounts);
	filecache_free(t->ctx.files);
	rootfs_close(t->fs);
	profile_free(t->profile);
	for (size_t i = 0; i < t->n_hashes; i++)
		free(t->hashes[i]);
	tu_rmtree(t->root);
}

static const struct finding *finding_for(const struct check_result *r, const char *subject)
{
	for (size_t i = 0; i < r->n_findings; i++)
		if (strcmp(r->findings[i].subject, subject) == 0)
			return &r->findings[i];
	return NULL;
}

static bool evidence_has(const struct check_result *r, const char *needle)
{
	for (size_t e = 0; e < r->n_evidence; e++)
		if (strstr(r->evidence[e].value, needle))
			return true;
	return false;
}

static void write_shadow(struct run *t, const char *lines)
{
	tu_write(t->root, "etc/shadow", lines);
}

static const char *PAM_PASSWD = "#\n# The PAM configuration file for the Shadow `passwd' service\n#\n\n"
				"@include common-password\n\n";

START_TEST(hash_accounts_by_method_and_cost)
{
	struct run t;
	setup(&t, NULL);
	char shadow[8192];
	snprintf(shadow, sizeof shadow,
		 "root:%s:20000:0:99999:7:::\n"
		 "daemon:*:19800:0:99999:7:::\n"
		 "backup::19800:0:99999:7:::\n"
		 "alice:%s:20500:0:99999:7:::\n"
		 "bob:%s:20500:0:99999:7:::\n"
		 "carol:%s:20500:0:99999:7:::\n"
		 "dave:!%s:20500:0:99999:7:::\n"
		 "erin::20500:0:99999:7:::\n",
		 plant(&t, "r00t-Strong-pass", "$y$", 0), plant(&t, "alice-Strong-1", "$6$", 0),
		 plant(&t, "bob-Strong-1", "$1$", 0), plant(&t, "carol-Strong-1", "$6$", 1000),
		 plant(&t, "dave-Strong-1", "", 0));
	write_shadow(&t, shadow);
	tu_write(t.root, "etc/login.defs", "UID_MIN 1000\nENCRYPT_METHOD YESCRYPT\n");
	tu_write(t.root, "etc/pam.d/passwd", PAM_PASSWD);
	tu_write(t.root, "etc/pam.d/common-password",
		 "password\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt\n"
		 "password\trequisite\t\t\tpam_deny.so\npassword\trequired\t\t\tpam_permit.so\n");
	run_check(&t, &check_password_hash);
	ck_assert_int_eq(t.r.status, CHECK_FAIL);
	ck_assert(finding_for(&t.r, "root") == NULL);
	ck_assert(finding_for(&t.r, "alice") == NULL);
	const struct finding *f = finding_for(&t.r, "bob");
	ck_assert(f && f->severity == FINDING_FAIL && strstr(f->detail, "md5crypt") &&
		  strstr(f->detail, "legacy"));
	f = finding_for(&t.r, "carol");
	ck_assert(f && f->severity == FINDING_FAIL && strstr(f->detail, "1000 rounds") &&
		  strstr(f->detail, "5000 rounds"));
	f = finding_for(&t.r, "dave");
	ck_assert(f && f->severity == FINDING_WARN && strstr(f->detail, "descrypt"));
	f = finding_for(&t.r, "erin");
	ck_assert(f && f->severity == FINDING_FAIL && strstr(f->detail, "empty password"));
	f = finding_for(&t.r, "backup");
	ck_assert(f && f->severity == FINDING_WARN && strstr(f->detail, "empty password"));
	ck_assert(finding_for(&t.r, "daemon") == NULL);
	ck_assert(finding_for(&t.r, "/etc/login.defs") == NULL);
	ck_assert(finding_for(&t.r, "/etc/pam.d/common-password") == NULL);
	ck_assert(evidence_has(&t.r, "yescrypt, cost factor 5 (option yescrypt)"));
	teardown(&t);
}
END_TEST

START_TEST(hash_profile_allows_and_minimums)
{
	struct run t;
	setup(&t, "allowed_hash_methods = yescrypt\nmin_yescrypt_cost = 6\n");
	char shadow[4096];
	snprintf(shadow, sizeof shadow,
		 "root:%s:20000:0:99999:7:::\nalice:%s:20500:0:99999:7:::\n"
		 "bob:%s:20500:0:99999:7:::\n",
		 plant(&t, "a-Strong-1", "$y$", 5), plant(&t, "b-Strong-1", "$y$", 7),
		 plant(&t, "c-Strong-1", "$6$", 0));
	write_shadow(&t, shadow);
	run_check(&t, &check_password_hash);
	const struct finding *f = finding_for(&t.r, "root");
	ck_assert(f && strstr(f->detail, "cost factor 5") && strstr(f->detail, "cost factor 6"));
	ck_assert(finding_for(&t.r, "alice") == NULL);
	f = finding_for(&t.r, "bob");
	ck_assert(f && f->severity == FINDING_FAIL && strstr(f->detail, "allowed"));
	/* no login.defs: shadow-utils' DES fallback; no PAM: evidence only */
	f = finding_for(&t.r, "/etc/login.defs");
	ck_assert(f && strstr(f->detail, "descrypt"));
	ck_assert(evidence_has(&t.r, "no PAM configuration"));
	teardown(&t);

	setup(&t, "allowed_hash_methods = yescrypt, sha3crypt\n");
	write_shadow(&t, "root:*:20000:0:99999:7:::\n");
	run_check(&t, &check_password_hash);
	f = finding_for(&t.r, "[password] allowed_hash_methods");
	ck_assert(f && f->severity == FINDING_WARN && strstr(f->detail, "sha3crypt"));
	teardown(&t);
}
END_TEST

/* login.defs as shadow-utils' salt.c reads it: case-sensitive ENCRYPT_METHOD, DES for anything
 * unknown, MD5_CRYPT_ENAB only without ENCRYPT_METHOD, the cheapest SHA rounds it may pick. */
START_TEST(hash_login_defs_methods)
{
	static const struct {
		const char *defs;
		const char *needle; /* in the /etc/login.defs finding, or NULL for no finding */
	} cases[] = {
		{ "ENCRYPT_METHOD SHA512\n", NULL },
		{ "ENCRYPT_METHOD YESCRYPT\nYESCRYPT_COST_FACTOR 3\n", "cost factor 3" },
		{ "ENCRYPT_METHOD YESCRYPT\nYESCRYPT_COST_FACTOR 40\n", NULL },
		{ "ENCRYPT_METHOD SHA512\nSHA_CRYPT_MIN_ROUNDS 1000\nSHA_CRYPT_MAX_ROUNDS 9000\n", "1000 rounds" },
		{ "ENCRYPT_METHOD SHA512\nSHA_CRYPT_MAX_ROUNDS 500\n", "1000 rounds" },
		{ "ENCRYPT_METHOD SHA512\nSHA_CRYPT_MIN_ROUNDS 20000\nSHA_CRYPT_MAX_ROUNDS 9000\n", NULL },
		{ "ENCRYPT_METHOD sha512\n", "descrypt" },
		{ "ENCRYPT_METHOD MD5\n", "md5crypt" },
		{ "ENCRYPT_METHOD SHA256\n", "sha256crypt" },
		{ "ENCRYPT_METHOD BCRYPT\n", NULL },
		{ "ENCRYPT_METHOD BCRYPT\nBCRYPT_MIN_ROUNDS 8\n", "cost 8" },
		{ "MD5_CRYPT_ENAB yes\n", "md5crypt" },
		{ "MD5_CRYPT_ENAB no\n", "descrypt" },
		{ "MD5_CRYPT_ENAB yes\nENCRYPT_METHOD SHA512\n", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct run t;
		setup(&t, NULL);
		write_shadow(&t, "root:*:20000:0:99999:7:::\n");
		tu_write(t.root, "etc/login.defs", cases[i].defs);
		run_check(&t, &check_password_hash);
		const struct finding *f = finding_for(&t.r, "/etc/login.defs");
		if (cases[i].needle)
			ck_assert_msg(f && strstr(f->detail, cases[i].needle), "case %zu: %s", i,
				      f ? f->detail : "no finding");
		else
			ck_assert_msg(f == NULL, "case %zu: %s", i, f->detail);
		teardown(&t);
	}
}
END_TEST

/* pam_unix's _set_ctrl: the ENCRYPT_METHOD preset, the module's options (last wins), sane rounds,
 * and how the passwd stack reaches the module (@include, substack, "-password", continuations). */
START_TEST(hash_pam_unix_methods)
{
	static const struct {
		const char *defs, *stack_file, *stack, *needle;
		bool fail;
	} cases[] = {
		{ "", "common-password", "password required pam_unix.so obscure yescrypt\n", "yescrypt, cost factor 5", false },
		{ "", "common-password", "password required pam_unix.so md5\n", "md5crypt", true },
		{ "", "common-password", "password required pam_unix.so nullok\n", "descrypt", true },
		{ "ENCRYPT_METHOD SHA512\n", "common-password", "password required pam_unix.so\n", "sha512crypt, 5000 rounds", false },
		{ "ENCRYPT_METHOD BCRYPT\n", "common-password", "password required pam_unix.so\n", "descrypt", true },
		{ "ENCRYPT_METHOD yescrypt\n", "common-password", "password required pam_unix.so\n", "yescrypt", false },
		{ "ENCRYPT_METHOD SHA512\nSHA_CRYPT_MAX_ROUNDS 2000\n", "common-password", "password required pam_unix.so\n", "2000 rounds", true },
		{ "", "common-password", "password required pam_unix.so sha512 rounds=500\n", "sha512crypt, 5000 rounds", false },
		{ "", "common-password", "password required pam_unix.so yescrypt rounds=2\n", "cost factor 5", false },
		{ "", "common-password", "password required pam_unix.so yescrypt rounds=4\n", "cost factor 4", true },
		{ "", "common-password", "password required pam_unix.so blowfish\n", "bcrypt, cost 5", true },
		{ "", "common-password", "password required pam_unix.so yescrypt sha512\n", "sha512crypt", false },
		{ "", "common-password", "password [success=1 default=ignore] /lib/x86_64-linux-gnu/security/pam_unix.so \\\n  md5\n", "md5crypt", true },
		{ "", "common-password", "# password required pam_unix.so md5\n-password required pam_unix.so sha256 # old\n", "sha256crypt", true },
		{ "", "common-password", "password requisite pam_pwquality.so\n", NULL, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct run t;
		setup(&t, NULL);
		write_shadow(&t, "root:*:20000:0:99999:7:::\n");
		tu_write(t.root, "etc/login.defs", *cases[i].defs ? cases[i].defs : "UID_MIN 1000\n");
		tu_write(t.root, "etc/pam.d/passwd", PAM_PASSWD);
		char path[64];
		snprintf(path, sizeof path, "etc/pam.d/%s", cases[i].stack_file);
		tu_write(t.root, path, cases[i].stack);
		run_check(&t, &check_password_hash);
		const struct finding *f = finding_for(&t.r, "/etc/pam.d/common-password");
		ck_assert_msg((f != NULL) == cases[i].fail, "case %zu: %s", i, f ? f->detail : "no finding");
		if (cases[i].needle)
			ck_assert_msg(evidence_has(&t.r, cases[i].needle), "case %zu: no evidence '%s'", i,
				      cases[i].needle);
		else
			ck_assert(evidence_has(&t.r, "no pam_unix.so"));
		teardown(&t);
	}
}
END_TEST

START_TEST(hash_pam_rhel_substack)
{
	struct run t;
	setup(&t, NULL);
	write_shadow(&t, "root:*:20000:0:99999:7:::\n");
	tu_write(t.root, "etc/login.defs", "ENCRYPT_METHOD SHA512\n");
	tu_write(t.root, "etc/pam.d/passwd",
		 "#%PAM-1.0\n# This tool only uses the password stack.\n"
		 "password   substack     system-auth\n"
		 "-password   optional    pam_gnome_keyring.so use_authtok\n"
		 "password   substack     postlogin\n");
	tu_write(t.root, "etc/pam.d/system-auth",
		 "auth        sufficient                                   pam_unix.so nullok\n"
		 "password    requisite                                    pam_pwquality.so local_users_only\n"
		 "password    sufficient                                   pam_unix.so md5 shadow nullok use_authtok\n"
		 "password    required                                     pam_deny.so\n");
	run_check(&t, &check_password_hash);
	const struct finding *f = finding_for(&t.r, "/etc/pam.d/system-auth");
	ck_assert(f && strstr(f->detail, "md5crypt"));
	teardown(&t);
}
END_TEST

START_TEST(hash_locked_and_unshadowed)
{
	struct run t;
	setup(&t, NULL);
	/* alice: hash in /etc/passwd (no shadow entry); bob: RHEL's "!!"; carol "!*" */
	char passwd[4096];
	snprintf(passwd, sizeof passwd,
		 "root:x:0:0:root:/root:/bin/bash\nalice:%s:1000:1000::/home/alice:/bin/bash\n"
		 "bob:x:1001:1001::/home/bob:/bin/bash\ncarol:x:1002:1002::/home/carol:/bin/bash\n",
		 plant(&t, "alice-Strong-1", "$y$", 0));
	tu_write(t.root, "etc/passwd", passwd);
	write_shadow(&t, "root:*:20000::::::\nbob:!!:20000::::::\ncarol:!*:20000::::::\n");
	run_check(&t, &check_password_hash);
	const struct finding *f = finding_for(&t.r, "alice");
	ck_assert(f && f->severity == FINDING_FAIL && strstr(f->detail, "/etc/passwd"));
	ck_assert(finding_for(&t.r, "bob") == NULL);
	ck_assert(finding_for(&t.r, "carol") == NULL);
	teardown(&t);
}
END_TEST

/* --- password.defaults ------------------------------------------------------------------------ */

START_TEST(defaults_find_known_passwords)
{
	struct run t;
	/* a budget no slow machine (or valgrind) runs out of: every account is tested completely */
	setup(&t, "defaults_budget_seconds = 3600\n");
	char shadow[8192];
	snprintf(shadow, sizeof shadow,
		 "root:%s:20000:0:99999:7:::\n"   /* the host name */
		 "daemon:*:19800:0:99999:7:::\n"
		 "backup:%s:19800:0:99999:7:::\n" /* "admin", but a nologin shell */
		 "alice:%s:20500:0:99999:7:::\n"  /* changeme (list) */
		 "bob:%s:20500:0:99999:7:::\n"    /* own name */
		 "carol:%s:20500:0:99999:7:::\n"  /* strong */
		 "dave:!%s:20500:0:99999:7:::\n"  /* locked "admin" */
		 "erin:%s:20500:0:99999:7:::\n",  /* name reversed, DES */
		 plant(&t, "clinic-srv01", "$6$", 0), plant(&t, "admin", "$6$", 0),
		 plant(&t, "changeme", "$y$", 0), plant(&t, "bob", "$6$", 0),
		 plant(&t, "Vq7#tL9!pR2@xW4z", "$6$", 0), plant(&t, "admin", "$6$", 0),
		 plant(&t, "nire", "", 0));
	write_shadow(&t, shadow);
	run_check(&t, &check_password_defaults);
	ck_assert_int_eq(t.r.status, CHECK_FAIL);
	const struct finding *f = finding_for(&t.r, "alice");
	ck_assert(f && f->severity == FINDING_FAIL && strstr(f->detail, "well-known default"));
	f = finding_for(&t.r, "bob");
	ck_assert(f && f->severity == FINDING_FAIL && strstr(f->detail, "account name"));
	f = finding_for(&t.r, "erin");
	ck_assert(f && f->severity == FINDING_FAIL && strstr(f->detail, "account name"));
	f = finding_for(&t.r, "root");
	ck_assert(f && f->severity == FINDING_FAIL && strstr(f->detail, "host name"));
	ck_assert(finding_for(&t.r, "carol") == NULL);
	f = finding_for(&t.r, "dave");
	ck_assert(f && f->severity == FINDING_INFO && strstr(f->detail, "locked"));
	ck_assert(finding_for(&t.r, "backup") == NULL);
	ck_assert(evidence_has(&t.r, "1 accounts with a password hash not tested"));
	/* never the password nor the candidate */
	for (size_t i = 0; i < t.r.n_findings; i++) {
		ck_assert(!strstr(t.r.findings[i].detail, "changeme"));
		for (size_t e = 0; e < t.r.findings[i].n_evidence; e++)
			ck_assert(!strstr(t.r.findings[i].evidence[e].value, "changeme"));
	}
	teardown(&t);
}
END_TEST

START_TEST(defaults_site_list_and_budget)
{
	struct run t;
	/* a site list with its own vendor password, by path relative to the profile */
	setup(&t, "defaults_list = ./site-defaults.txt\ndefaults_threads = 1\n");
	tu_write(t.root, "site-defaults.txt", "# vendor\nMedic@l-2019\r\n\n#not a password\n");
	char shadow[2048];
	snprintf(shadow, sizeof shadow, "root:*:1::::::\nalice:%s:20500:0:99999:7:::\n"
		 "bob:%s:20500:0:99999:7:::\n",
		 plant(&t, "Medic@l-2019", "$6$", 0), plant(&t, "#not a password", "$6$", 0));
	write_shadow(&t, shadow);
	run_check(&t, &check_password_defaults);
	const struct finding *f = finding_for(&t.r, "alice");
	ck_assert(f && f->severity == FINDING_FAIL);
	ck_assert(finding_for(&t.r, "bob") == NULL); /* '#' lines are comments */
	ck_assert(evidence_has(&t.r, "1 well-known default passwords"));
	teardown(&t);

	/* a one-second budget cannot cover 40 yescrypt tries at cost 7 (~0.2 s each, one thread) */
	setup(&t, "defaults_budget_seconds = 1\ndefaults_threads = 1\n");
	snprintf(shadow, sizeof shadow, "root:*:1::::::\nalice:%s:20500:0:99999:7:::\n",
		 plant(&t, "Vq7#tL9!pR2@xW4z", "$y$", 7));
	write_shadow(&t, shadow);
	run_check(&t, &check_password_defaults);
	f = finding_for(&t.r, "alice");
	ck_assert(f && f->severity == FINDING_WARN && strstr(f->detail, "not fully tested"));
	ck_assert_int_eq(t.r.status, CHECK_WARN);
	teardown(&t);

	/* a list that does not exist is an error, not a pass */
	setup(&t, "defaults_list = no-such-list.txt\n");
	write_shadow(&t, "root:*:1::::::\n");
	run_check(&t, &check_password_defaults);
	ck_assert_int_eq(t.r.status, CHECK_ERROR);
	teardown(&t);
}
END_TEST

static long long tu_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(defaults_unrunnable_hashes)
{
	struct run t;
	setup(&t, NULL);
	/* bcrypt cost 31 would take days per try, and so would sha1crypt at 2^32-1 iterations and
	 * sunmd5 at 2^32-1 rounds; an unknown "$9$" method, argon2 (not in libxcrypt) and a
	 * sha1crypt count with a sign have no cost kensa can bound: none of them is ever started */
	write_shadow(&t, "root:$sha1$-1$saltsalt$hashhashhashhashhashhashhash:20500::::::\n"
			 "alice:$2b$31$abcdefghijklmnopqrstuu5XH1JYQmiXnqrm3RxRbVHCBlb3n9/Ia:20500::::::\n"
			 "bob:$9$salt$hashhashhash:20500::::::\n"
			 "carol:$sha1$4294967295$saltsalt$hashhashhashhashhashhashhash:20500::::::\n"
			 "dave:$md5,rounds=4294963199$saltsalt$$hashhashhashhashhashhash:20500::::::\n"
			 "erin:$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA:20500::::::\n");
	long long t0 = tu_mono_ms();
	run_check(&t, &check_password_defaults);
	ck_assert_msg(tu_mono_ms() - t0 < 5000, "took %lld ms", tu_mono_ms() - t0);
	const char *slow[] = { "alice", "carol", "dave" };
	for (size_t i = 0; i < 3; i++) {
		const struct finding *f = finding_for(&t.r, slow[i]);
		ck_assert_msg(f && f->severity == FINDING_WARN && strstr(f->detail, "outlast"), "%s",
			      slow[i]);
	}
	const char *unknown[] = { "bob", "erin", "root" };
	for (size_t i = 0; i < 3; i++) {
		const struct finding *f = finding_for(&t.r, unknown[i]);
		ck_assert_msg(f && f->severity == FINDING_WARN &&
				      strstr(f->detail, "cannot be estimated"), "%s", unknown[i]);
	}
	ck_assert(evidence_has(&t.r, "0 hashes"));
	teardown(&t);
}
END_TEST

/* The work of one try, in each method's own units, as libxcrypt runs it. */
START_TEST(identify_work_of_every_method)
{
	static const struct {
		const char *hash;
		double work;
	} cases[] = {
		{ "$6$salt$x", 5000 },
		{ "$6$rounds=999999999$salt$x", 999999999 },
		{ "$5$rounds=20000$salt$x", 20000 },
		{ "$2b$10$abcdefabcdefabcdefabce", 1024 },
		{ "$2y$31$abcdefabcdefabcdefabce", 2147483648.0 },
		/* yescrypt cost 5: N=2^12, r=32, read-write so SMix2 runs N/3: 32 * (4096 + 1365.33) */
		{ "$y$j9T$salt$x", 32 * (4096 + 4096 / 3.0) },
		/* scrypt N=2^14 r=8 p=1: SMix1 and SMix2 N blocks each */
		{ "$7$C6..../....SodiumChloride$x", 8 * 2 * 16384.0 },
		{ "$sha1$4294967295$salt$x", 4294967295.0 },
		{ "$sha1$$salt$x", 1 },
		{ "$sha1$99999999999999999999999$salt$x", 18446744073709551615.0 },
		{ "$md5$salt$$x", 4096 },
		{ "$md5,rounds=4294963199$salt$$x", 4294967295.0 },
		{ "$md5$rounds=10$salt$$x", 4106 },
		{ "$1$salt$x", 1 },
		{ "$3$$8846f7eaee8fb117ad06bdd830b7586c", 1 },
		{ "_J9..saltJW8FtKdEkNM", 725 },
		{ "_zzzzsaltJW8FtKdEkNM", 16777215 },
		{ "abJnggxhB/yWI", 1 },
		{ "abcdefghijklmnopqrstuvwx", 2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct crypt_hash_info info;
		ck_assert_msg(crypt_hash_identify(cases[i].hash, &info) == 0, "%s", cases[i].hash);
		double d = info.work - cases[i].work;
		ck_assert_msg(d < 1e-6 * cases[i].work && d > -1e-6 * cases[i].work,
			      "%s: work %g, expected %g", cases[i].hash, info.work, cases[i].work);
	}
	/* no bound can be known: unknown methods, malformed or signed counts, a hash upgrade */
	const char *unknown[] = { "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
				  "$sha1$-1$salt$x", "$sha1$ 5$salt$x", "$md5,rounds=0$salt$$x",
				  "$md5,rounds=4294967296$salt$$x", "$md5,rounds=5x$salt$$x",
				  "$2b$32$abcdefabcdefabcdefabce", "$6$rounds=05000$salt$x",
				  "$y$j9T", NULL };
	for (size_t i = 0; unknown[i]; i++) {
		struct crypt_hash_info info;
		ck_assert_msg(crypt_hash_identify(unknown[i], &info) == 0, "%s", unknown[i]);
		ck_assert_msg(info.work < 0, "%s: work %g", unknown[i], info.work);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("password-hash");
	TCase *tc = tcase_create("crypt_hash");
	tcase_add_test(tc, identify_generated_hashes);
	tcase_add_test(tc, identify_memory_hard_cost_scale);
	tcase_add_test(tc, identify_parameters_and_malformed);
	tcase_add_test(tc, identify_work_of_every_method);
	suite_add_tcase(s, tc);
	tc = tcase_create("password.hash");
	tcase_add_test(tc, hash_accounts_by_method_and_cost);
	tcase_add_test(tc, hash_profile_allows_and_minimums);
	tcase_add_test(tc, hash_login_defs_methods);
	tcase_add_test(tc, hash_pam_unix_methods);
	tcase_add_test(tc, hash_pam_rhel_substack);
	tcase_add_test(tc, hash_locked_and_unshadowed);
	suite_add_tcase(s, tc);
	tc = tcase_create("password.defaults");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, defaults_find_known_passwords);
	tcase_add_test(tc, defaults_site_list_and_budget);
	tcase_add_test(tc, defaults_unrunnable_hashes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
