/* Check suite: pam_faillock's settings (faillock.conf and arguments, as faillock_config.c reads
 * them, malformed input too), Debian version order, the multi-handler PAM walks and the lockout
 * verdict per interactive service on scratch roots. */
#include "testutil.h"
#include "core/context.h"
#include "core/lockout.h"
#include "core/pam_stack.h"
#include "core/result.h"
#include "core/rootfs.h"
#include "core/twofactor.h"
#include "parsers/faillock_conf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void conf(struct faillock_opts *o, const char *text)
{
	faillock_opts_default(o);
	faillock_conf_parse(text, strlen(text), "/etc/security/faillock.conf", o);
}

START_TEST(faillock_defaults_file_and_arguments)
{
	struct faillock_opts o;
	conf(&o, "");
	ck_assert_uint_eq(o.deny.value, 3);
	ck_assert_uint_eq(o.unlock_time.value, 600);
	ck_assert_uint_eq(o.fail_interval.value, 900);
	ck_assert_str_eq(o.deny.origin, "default");
	conf(&o, "# site\n  deny = 5 # trailing comment\nunlock_time=never\nfail_interval 1800\n"
		 "even_deny_root\nlocal_users_only\n");
	ck_assert_uint_eq(o.deny.value, 5);
	ck_assert_str_eq(o.deny.origin, "/etc/security/faillock.conf:2");
	ck_assert_uint_eq(o.unlock_time.value, 0);
	ck_assert_uint_eq(o.fail_interval.value, 1800);
	ck_assert_str_eq(o.fail_interval.origin, "/etc/security/faillock.conf:4");
	ck_assert(o.even_deny_root.set && o.local_users_only.set);
	/* an argument is applied after the file: it wins */
	ck_assert(faillock_arg_apply(&o, "deny=7", "/etc/pam.d/common-auth:3 (argument)"));
	ck_assert_uint_eq(o.deny.value, 7);
	ck_assert_str_eq(o.deny.origin, "/etc/pam.d/common-auth:3 (argument)");
	ck_assert(!faillock_arg_apply(&o, "authfail", "x"));
	ck_assert(!faillock_arg_apply(&o, "conf=/etc/x", "x"));
	ck_assert_uint_eq(o.n_problems, 0);
}
END_TEST

START_TEST(faillock_bad_values_keep_the_previous_one)
{
	struct faillock_opts o;
	/* sscanf("%hu") reads "12abc" as 12; "abc" is refused; 8 days is over MAX_TIME_INTERVAL */
	conf(&o, "deny = 12abc\ndeny = abc\nunlock_time = 691200\nfail_interval = -\nbogus = 1\n"
		 "unlock_time = 0\n");
	ck_assert_uint_eq(o.deny.value, 12);
	ck_assert_uint_eq(o.unlock_time.value, 0);
	ck_assert_str_eq(o.unlock_time.origin, "/etc/security/faillock.conf:6");
	ck_assert_uint_eq(o.fail_interval.value, 900);
	ck_assert_uint_eq(o.n_problems, 4);
	ck_assert(o.problems[3].unknown);
	ck_assert_str_eq(o.problems[3].name, "bogus");
	ck_assert_str_eq(o.problems[3].origin, "/etc/security/faillock.conf:5");
	ck_assert(!o.problems[0].unknown);
	ck_assert_str_eq(o.problems[0].name, "deny");
	/* %hu wraps: 65539 is 3 */
	conf(&o, "deny=65539\n");
	ck_assert_uint_eq(o.deny.value, 3);
	/* a line longer than the fgets buffer of 1.4-1.6 */
	char *longline = malloc(1200);
	memset(longline, ' ', 1100);
	strcpy(longline + 1100, "deny = 4\n");
	faillock_opts_default(&o);
	ck_assert(!faillock_conf_parse(longline, strlen(longline), "f", &o));
	free(longline);
	/* no newline at the end, NUL-free garbage */
	conf(&o, "deny = 9");
	ck_assert_uint_eq(o.deny.value, 9);
	conf(&o, "=\n==\n\t\n#\n= 5\n");
	ck_assert_uint_eq(o.deny.value, 3);
}
END_TEST

START_TEST(debian_versions)
{
	ck_assert_int_lt(lockout_debversion_cmp("1.5.2-6+deb12u2", "1.7.0"), 0);
	ck_assert_int_ge(lockout_debversion_cmp("1.7.0-5", "1.7.0"), 0);
	ck_assert_int_lt(lockout_debversion_cmp("1.4.0~rc1-1", "1.4.0"), 0);
	ck_assert_int_gt(lockout_debversion_cmp("1:1.3.1-5", "1.7.0"), 0);
	ck_assert_int_eq(lockout_debversion_cmp("1.5.0", "1.5.0"), 0);
	ck_assert_int_gt(lockout_debversion_cmp("1.10.0", "1.9.9"), 0);
}
END_TEST

static struct pam_stack load_auth(const char *root, const char *service)
{
	struct rootfs *fs;
	ck_assert_int_eq(rootfs_open(root, &fs), 0);
	struct pam_stack s;
	ck_assert_int_eq(pam_stack_load(fs, service, PAM_TYPE_AUTH, &s), 0);
	rootfs_close(fs);
	return s;
}

static const int auth_err[] = { PAMR_AUTH_ERR };

START_TEST(stack_reach_and_multi_override)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/sshd", "@include common-auth\n");
	tu_write(root, "etc/pam.d/common-auth",
		 "auth [success=1 default=ignore] pam_unix.so nullok\n"
		 "auth requisite pam_deny.so\n"
		 "auth required pam_permit.so\n"
		 "auth [default=die] pam_faillock.so authfail\n");
	struct pam_stack s = load_auth(root, "sshd");
	ck_assert_uint_eq(s.n, 4);
	/* a wrong password dies at pam_deny: authfail is never reached after it */
	ck_assert(!pam_stack_can_reach(&s, 0, auth_err, 1, 3));
	int ok[] = { PAMR_SUCCESS };
	ck_assert(pam_stack_can_reach(&s, 0, ok, 1, 3));
	ck_assert(!pam_stack_can_reach(&s, 3, ok, 1, 0)); /* backwards: never */
	pam_stack_free(&s);
	tu_write(root, "etc/pam.d/common-auth",
		 "auth required pam_faillock.so preauth\n"
		 "auth sufficient pam_unix.so\n"
		 "auth [default=die] pam_faillock.so authfail\n"
		 "auth required pam_deny.so\n");
	s = load_auth(root, "sshd");
	ck_assert(pam_stack_can_reach(&s, 1, auth_err, 1, 2));
	struct pam_override ov[2] = { { 0, auth_err, 1 }, { 2, auth_err, 1 } };
	ck_assert(!pam_stack_can_succeed_with(&s, ov, 2));
	ck_assert(pam_stack_can_succeed_with(&s, ov + 1, 1)); /* preauth passing: success */
	ck_assert(pam_stack_can_succeed_with(&s, NULL, 0));
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

struct verdict {
	enum lockout_state state;
	char why[768];
	unsigned long deny, unlock;
	bool resets;
};

static struct verdict assess(const char *root, const char *service)
{
	struct rootfs *fs;
	ck_assert_int_eq(rootfs_open(root, &fs), 0);
	struct audit_context ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.root = fs;
	struct check_result r;
	result_init(&r, NULL);
	struct lockout_facts lf;
	ck_assert_int_eq(lockout_assess(&ctx, &lf, &r), 0);
	struct verdict v;
	memset(&v, 0, sizeof v);
	bool found = false;
	for (size_t i = 0; i < lf.n; i++)
		if (strcmp(lf.entries[i].service, service) == 0) {
			found = true;
			v.state = lf.entries[i].state;
			snprintf(v.why, sizeof v.why, "%s", lf.entries[i].why);
			v.deny = lf.entries[i].deny;
			v.unlock = lf.entries[i].unlock_time;
			v.resets = lf.entries[i].resets;
		}
	ck_assert_msg(found, "service %s not assessed", service);
	lockout_facts_free(&lf);
	result_free(&r);
	rootfs_close(fs);
	return v;
}

static char *faillock_root(const char *common_auth)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/login", "@include common-auth\n@include common-account\n");
	tu_write(root, "etc/pam.d/su", "auth sufficient pam_rootok.so\n@include common-auth\n");
	tu_write(root, "etc/pam.d/common-auth", common_auth);
	tu_write(root, "etc/pam.d/common-account", "account required pam_unix.so\n");
	tu_write(root, "usr/lib/x86_64-linux-gnu/security/pam_faillock.so", "");
	tu_write(root, "var/lib/dpkg/status",
		 "Package: libpam-modules\nStatus: install ok installed\nArchitecture: amd64\n"
		 "Version: 1.5.2-6+deb12u1\n\n");
	return root;
}

START_TEST(lockout_placements)
{
	/* pam_faillock(8)'s authfail/authsucc example: locks; arguments override the file */
	char *root = faillock_root("auth [success=1 default=bad] pam_unix.so\n"
				   "auth [default=die] pam_faillock.so authfail\n"
				   "auth sufficient pam_faillock.so authsucc unlock_time=1200\n"
				   "auth required pam_deny.so\n");
	tu_write(root, "etc/security/faillock.conf", "deny = 4\nunlock_time = 300\n");
	struct verdict v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_LOCKS);
	ck_assert_uint_eq(v.deny, 4);
	ck_assert_uint_eq(v.unlock, 300); /* authfail's line keeps 300: the lenient one */
	ck_assert(v.resets);
	/* su's pam_rootok is root's own su, not a way past the lock */
	ck_assert_int_eq(assess(root, "su").state, LOCKOUT_LOCKS);
	/* the module file missing: libpam cannot load it */
	char *so = malloc(strlen(root) + 64);
	sprintf(so, "%s/usr/lib/x86_64-linux-gnu/security/pam_faillock.so", root);
	unlink(so);
	free(so);
	v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_INEFFECTIVE);
	ck_assert(strstr(v.why, "not installed") != NULL);
	tu_rmtree(root);

	/* pam-auth-update's layout: success=3 jumps over authsucc, so a success never resets */
	root = faillock_root("auth requisite pam_faillock.so preauth\n"
			     "auth [success=3 default=ignore] pam_unix.so nullok try_first_pass\n"
			     "auth [default=die] pam_faillock.so authfail\n"
			     "auth sufficient pam_faillock.so authsucc\n"
			     "auth requisite pam_deny.so\n"
			     "auth required pam_permit.so\n");
	v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_LOCKS);
	ck_assert(!v.resets);
	tu_write(root, "etc/pam.d/common-account", "account required pam_faillock.so\n");
	ck_assert(assess(root, "login").resets);
	tu_rmtree(root);

	/* deny = 0 never locks */
	root = faillock_root("auth requisite pam_faillock.so preauth\n"
			     "auth sufficient pam_unix.so\n"
			     "auth [default=die] pam_faillock.so authfail\n");
	tu_write(root, "etc/security/faillock.conf", "deny = 0\n");
	v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_INEFFECTIVE);
	ck_assert(strstr(v.why, "deny = 0") != NULL);
	ck_assert(!v.resets);
	/* conf= naming a missing file fails every call */
	tu_write(root, "etc/pam.d/common-auth",
		 "auth requisite pam_faillock.so preauth conf=/etc/nope.conf\n"
		 "auth sufficient pam_unix.so\n"
		 "auth [default=die] pam_faillock.so authfail\n");
	v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_INEFFECTIVE);
	ck_assert(strstr(v.why, "/etc/nope.conf") != NULL);
	/* optional preauth: its refusal is ignored, a locked account gets in */
	tu_write(root, "etc/security/faillock.conf", "");
	tu_write(root, "etc/pam.d/common-auth",
		 "auth optional pam_faillock.so preauth\n"
		 "auth sufficient pam_unix.so\n"
		 "auth [default=die] pam_faillock.so authfail\n");
	v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_INEFFECTIVE);
	ck_assert(strstr(v.why, "still logs in") != NULL);
	/* only preauth, nothing records */
	tu_write(root, "etc/pam.d/common-auth",
		 "auth requisite pam_faillock.so preauth\nauth required pam_unix.so\n");
	v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_INEFFECTIVE);
	ck_assert(strstr(v.why, "authfail") != NULL);
	/* only in the account stack */
	tu_write(root, "etc/pam.d/common-auth", "auth required pam_unix.so\n");
	tu_write(root, "etc/pam.d/common-account", "account required pam_faillock.so\n");
	v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_NO_MODULE);
	ck_assert(strstr(v.why, "account stack") != NULL);
	tu_rmtree(root);
}
END_TEST

START_TEST(lockout_legacy_tally2)
{
	char *root = faillock_root("auth required pam_tally2.so deny=5 unlock_time=900\n"
				   "auth required pam_unix.so\n");
	/* Linux-PAM 1.5.2 no longer has it */
	struct verdict v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_INEFFECTIVE);
	ck_assert(strstr(v.why, "removed in Linux-PAM 1.5.0") != NULL);
	/* an old image that still ships it */
	tu_write(root, "lib/x86_64-linux-gnu/security/pam_tally2.so", "");
	v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_LOCKS);
	ck_assert_uint_eq(v.deny, 5);
	ck_assert_uint_eq(v.unlock, 900);
	/* without deny= it never locks */
	tu_write(root, "etc/pam.d/common-auth", "auth required pam_tally2.so\nauth required pam_unix.so\n");
	v = assess(root, "login");
	ck_assert_int_eq(v.state, LOCKOUT_INEFFECTIVE);
	tu_rmtree(root);
}
END_TEST


START_TEST(lockout_sshd_without_pam)
{
	char *root = faillock_root("auth requisite pam_faillock.so preauth\n"
				   "auth sufficient pam_unix.so\n"
				   "auth [default=die] pam_faillock.so authfail\n");
	tu_write(root, "etc/pam.d/sshd", "@include common-auth\n");
	tu_write(root, "etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nUsePAM yes\n");
	ck_assert_int_eq(assess(root, "sshd").state, LOCKOUT_LOCKS);
	/* the first value wins, from the Include'd drop-in: sshd leaves PAM out */
	tu_write(root, "etc/ssh/sshd_config.d/10-nopam.conf", "UsePAM no\n");
	struct verdict v = assess(root, "sshd");
	ck_assert_int_eq(v.state, LOCKOUT_INEFFECTIVE);
	ck_assert(strstr(v.why, "10-nopam.conf:1: UsePAM no") != NULL);
	ck_assert_int_eq(assess(root, "login").state, LOCKOUT_LOCKS);
	tu_rmtree(root);
}
END_TEST

static void entries(const char *root, struct twofactor_entries *te)
{
	struct rootfs *fs;
	ck_assert_int_eq(rootfs_open(root, &fs), 0);
	struct audit_context ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.root = fs;
	twofactor_entries_detect(&ctx, te, NULL);
	rootfs_close(fs);
}

static const struct twofactor_entry *entry(const struct twofactor_entries *te, const char *name)
{
	for (size_t i = 0; i < te->n; i++)
		if (strcmp(te->e[i].name, name) == 0)
			return &te->e[i];
	ck_abort_msg("entry %s missing", name);
	return NULL;
}

START_TEST(two_factor_entries)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/login", "auth required pam_unix.so\n");
	tu_write(root, "etc/pam.d/lightdm", "auth required pam_unix.so\n");
	tu_write(root, "etc/ssh/sshd_config", "UsePAM yes\nAuthenticationMethods publickey,password\n");
	struct twofactor_entries te;
	entries(root, &te);
	ck_assert_uint_eq(te.n, 3);
	ck_assert(entry(&te, "sshd")->required);
	ck_assert(!entry(&te, "login")->required);
	ck_assert(!entry(&te, "lightdm")->required);
	ck_assert(!te.all_required);
	/* smart cards: pam_pkcs11, and pam_sss only when it insists on the card */
	tu_write(root, "etc/pam.d/login", "auth required pam_pkcs11.so\n");
	tu_write(root, "etc/pam.d/lightdm", "auth required pam_sss.so\n");
	entries(root, &te);
	ck_assert(entry(&te, "login")->required);
	ck_assert(!entry(&te, "lightdm")->required);
	tu_write(root, "etc/pam.d/lightdm", "auth required pam_sss.so require_cert_auth\n");
	entries(root, &te);
	ck_assert(entry(&te, "lightdm")->required);
	ck_assert(te.all_required);
	/* a Match block may lower AuthenticationMethods for some clients: not every SSH login */
	tu_write(root, "etc/ssh/sshd_config", "UsePAM yes\nAuthenticationMethods publickey,password\n"
		 "Match Address 10.0.0.0/8\n\tAuthenticationMethods any\n");
	entries(root, &te);
	ck_assert(!entry(&te, "sshd")->required);
	ck_assert(!te.all_required);
	tu_rmtree(root);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("auth");
	TCase *t = tcase_create("faillock_conf");
	tcase_add_test(t, faillock_defaults_file_and_arguments);
	tcase_add_test(t, faillock_bad_values_keep_the_previous_one);
	tcase_add_test(t, debian_versions);
	suite_add_tcase(s, t);
	t = tcase_create("lockout");
	tcase_add_test(t, stack_reach_and_multi_override);
	tcase_add_test(t, lockout_placements);
	tcase_add_test(t, lockout_legacy_tally2);
	tcase_add_test(t, lockout_sshd_without_pam);
	tcase_add_test(t, two_factor_entries);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
