/* Check suite: PAM configuration parsing, stack resolution and reachability, libpwquality
 * settings, the password-rule arithmetic (credits, minclass, passwdqc) and sshd_config lines —
 * with malformed input. */
#include "testutil.h"
#include "core/context.h"
#include "core/pam_modver.h"
#include "core/pam_stack.h"
#include "core/pwpolicy.h"
#include "core/rootfs.h"
#include "parsers/pam.h"
#include "parsers/pwquality_conf.h"
#include "parsers/sshd_config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void parse(const char *text, struct pam_file *f)
{
	pam_parse(text, strlen(text), false, f);
}

/* ---- PAM parser ---- */

START_TEST(pam_debian_common_password)
{
	struct pam_file f;
	parse("# comment\n"
	      "password\trequisite\t\t\tpam_pwquality.so retry=3\n"
	      "password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok "
	      "try_first_pass yescrypt\n"
	      "password\trequisite\t\t\tpam_deny.so\n", &f);
	ck_assert_uint_eq(f.n, 3);
	ck_assert_int_eq(f.lines[0].type, PAM_TYPE_PASSWORD);
	ck_assert_str_eq(f.lines[0].target, "pam_pwquality.so");
	ck_assert_uint_eq(f.lines[0].lineno, 2);
	ck_assert_int_eq(f.lines[0].actions[PAMR_SUCCESS], PAMA_OK);
	ck_assert_int_eq(f.lines[0].actions[PAMR_AUTHTOK_ERR], PAMA_DIE);
	ck_assert_int_eq(f.lines[0].actions[PAMR_IGNORE], PAMA_IGNORE);
	ck_assert_str_eq(f.lines[1].control, "success=1 default=ignore");
	ck_assert_int_eq(f.lines[1].actions[PAMR_SUCCESS], 1);
	ck_assert_int_eq(f.lines[1].actions[PAMR_AUTHTOK_ERR], PAMA_IGNORE);
	ck_assert_uint_eq(f.lines[1].argc, 4);
	ck_assert_str_eq(f.lines[1].argv[3], "yescrypt");
	ck_assert(!f.lines[1].control_error);
	pam_file_free(&f);
}
END_TEST

START_TEST(pam_continuation_comment_and_optional_type)
{
	struct pam_file f;
	parse("-password   optional\tpam_gnome_keyring.so use_authtok\n"
	      "password requisite pam_pwquality.so minlen=12 \\\n"
	      "    dcredit=-1   \\\n"
	      "    ocredit=-1 # trailing comment\n"
	      "auth required /lib/x86_64-linux-gnu/security/pam_unix.so nullok\n"
	      "password required pam_x.so a \\ # comment ends the continuation\n"
	      "password required pam_y.so\n", &f);
	ck_assert_uint_eq(f.n, 5);
	ck_assert(f.lines[0].silent);
	ck_assert_int_eq(f.lines[0].type, PAM_TYPE_PASSWORD);
	ck_assert_uint_eq(f.lines[1].lineno, 2);
	ck_assert_uint_eq(f.lines[1].argc, 3);
	ck_assert_str_eq(f.lines[1].argv[2], "ocredit=-1");
	ck_assert_str_eq(pam_module_name(f.lines[2].target), "pam_unix.so");
	ck_assert_str_eq(f.lines[4].target, "pam_y.so");
	ck_assert(!f.incomplete);
	pam_file_free(&f);
}
END_TEST

START_TEST(pam_include_forms_and_bracket_args)
{
	struct pam_file f;
	parse("@include common-password\n"
	      "password substack system-auth\n"
	      "auth include\n"
	      "session required pam_exec.so [arg with spaces] [a\\]b]\n", &f);
	ck_assert_uint_eq(f.n, 4);
	ck_assert_int_eq(f.lines[0].kind, PAM_LINE_AT_INCLUDE);
	ck_assert_str_eq(f.lines[0].target, "common-password");
	ck_assert_int_eq(f.lines[1].kind, PAM_LINE_SUBSTACK);
	ck_assert_str_eq(f.lines[1].target, "system-auth");
	ck_assert_ptr_nonnull(f.lines[2].error); /* include without a file */
	ck_assert_uint_eq(f.lines[3].argc, 2);
	ck_assert_str_eq(f.lines[3].argv[0], "arg with spaces");
	ck_assert_str_eq(f.lines[3].argv[1], "a]b");
	pam_file_free(&f);
}
END_TEST

START_TEST(pam_malformed_lines)
{
	struct pam_file f;
	parse("pasword required pam_unix.so\n"
	      "password\n"
	      "password required\n"
	      "password [success=1 bogus=ok] pam_unix.so\n"
	      "password [success=done default=2x] pam_unix.so\n"
	      "password required pam_unix.so \\", &f);
	ck_assert_uint_eq(f.n, 5);
	ck_assert_int_eq(f.lines[0].type, PAM_TYPE_INVALID);
	ck_assert_ptr_nonnull(f.lines[0].error);
	ck_assert_ptr_nonnull(f.lines[1].error);
	ck_assert_ptr_nonnull(f.lines[2].error);
	ck_assert(f.lines[3].control_error);
	for (int i = 0; i < PAM_RETVAL_COUNT; i++)
		ck_assert_int_eq(f.lines[3].actions[i], PAMA_BAD);
	ck_assert(f.lines[4].control_error);
	ck_assert(f.incomplete);
	ck_assert_uint_eq(f.incomplete_line, 6);
	pam_file_free(&f);
	/* binary junk and an empty buffer do not crash */
	const char junk[] = "\0\xff[[[\n]]]\n\\\n";
	pam_parse(junk, sizeof junk - 1, false, &f);
	pam_file_free(&f);
	pam_parse("", 0, true, &f);
	ck_assert_uint_eq(f.n, 0);
	pam_file_free(&f);
}
END_TEST

START_TEST(pam_conf_service_field)
{
	struct pam_file f;
	const char *text = "passwd password required pam_pwquality.so minlen=10\n"
			   "other password required pam_deny.so\n";
	pam_parse(text, strlen(text), true, &f);
	ck_assert_uint_eq(f.n, 2);
	ck_assert_str_eq(f.lines[0].service, "passwd");
	ck_assert_str_eq(f.lines[1].service, "other");
	pam_file_free(&f);
}
END_TEST

START_TEST(pam_control_parsing)
{
	int a[PAM_RETVAL_COUNT];
	for (int i = 0; i < PAM_RETVAL_COUNT; i++)
		a[i] = PAMA_UNDEF;
	ck_assert(pam_parse_control("default=ignore success=2 new_authtok_reqd=done "
				    "authtok_err=die maxtries=reset", a));
	ck_assert_int_eq(a[PAMR_SUCCESS], 2);
	ck_assert_int_eq(a[PAMR_NEW_AUTHTOK_REQD], PAMA_DONE);
	ck_assert_int_eq(a[PAMR_AUTHTOK_ERR], PAMA_DIE);
	ck_assert_int_eq(a[PAMR_MAXTRIES], PAMA_RESET);
	ck_assert_int_eq(a[PAMR_PERM_DENIED], PAMA_IGNORE);
}
END_TEST

/* ---- stack resolution and reachability ---- */

static size_t find_module(const struct pam_stack *s, const char *m)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->h[i].module && strcmp(s->h[i].module, m) == 0)
			return i;
	ck_abort_msg("module %s not in stack", m);
	return 0;
}

static const int reject[] = { PAMR_AUTHTOK_ERR, PAMR_MAXTRIES };

static struct pam_stack load(const char *root)
{
	struct rootfs *fs;
	ck_assert_int_eq(rootfs_open(root, &fs), 0);
	struct pam_stack s;
	ck_assert_int_eq(pam_stack_load(fs, "passwd", PAM_TYPE_PASSWORD, &s), 0);
	rootfs_close(fs);
	return s;
}

START_TEST(stack_debian_quality_module_enforced)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/passwd", "@include common-password\n");
	tu_write(root, "etc/pam.d/common-password",
		 "password requisite pam_pwquality.so retry=3\n"
		 "password [success=1 default=ignore] pam_unix.so obscure use_authtok yescrypt\n"
		 "password requisite pam_deny.so\n"
		 "password required pam_permit.so\n");
	struct pam_stack s = load(root);
	ck_assert_uint_eq(s.n, 4);
	ck_assert(!s.unusable);
	size_t q = find_module(&s, "pam_pwquality.so"), u = find_module(&s, "pam_unix.so");
	ck_assert(!pam_stack_can_succeed(&s, q, reject, 2));
	ck_assert(!pam_stack_can_succeed(&s, q, NULL, 0));
	/* pam_unix's refusal is "ignore", but pam_deny follows: still enforced */
	ck_assert(!pam_stack_can_succeed(&s, u, reject, 2));
	int ok[] = { PAMR_SUCCESS };
	ck_assert(pam_stack_can_succeed(&s, q, ok, 1));
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(stack_jump_before_quality_module_bypasses_it)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/passwd",
		 "password [success=1 default=ignore] pam_unix.so obscure yescrypt\n"
		 "password requisite pam_pwquality.so retry=3\n"
		 "password required pam_permit.so\n");
	struct pam_stack s = load(root);
	size_t q = find_module(&s, "pam_pwquality.so");
	ck_assert(pam_stack_can_succeed(&s, q, NULL, 0));
	size_t sk[4];
	ck_assert_uint_eq(pam_stack_skippers(&s, q, sk, 4), 1);
	ck_assert_uint_eq(sk[0], find_module(&s, "pam_unix.so"));
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(stack_optional_quality_module_not_enforced)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/passwd",
		 "password optional pam_pwquality.so\n"
		 "password required pam_unix.so\n");
	struct pam_stack s = load(root);
	ck_assert(pam_stack_can_succeed(&s, find_module(&s, "pam_pwquality.so"), reject, 2));
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(stack_rhel_substack)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/passwd",
		 "#%PAM-1.0\n"
		 "password   substack\tsystem-auth\n"
		 "-password   optional\tpam_gnome_keyring.so use_authtok\n"
		 "password   substack\tpostlogin\n");
	tu_write(root, "etc/authselect/system-auth",
		 "password    requisite     pam_pwquality.so local_users_only\n"
		 "password    sufficient    pam_unix.so yescrypt shadow use_authtok\n"
		 "password    required      pam_deny.so\n");
	tu_symlink(root, "etc/pam.d/system-auth", "/etc/authselect/system-auth");
	tu_write(root, "etc/pam.d/postlogin", "session optional pam_umask.so silent\n");
	struct pam_stack s = load(root);
	ck_assert(!s.unusable);
	size_t q = find_module(&s, "pam_pwquality.so");
	ck_assert_int_eq(s.h[q].level, 1);
	ck_assert(!pam_stack_can_succeed(&s, q, reject, 2));
	/* "sufficient" pam_unix ends the substack only: the outer optional module still runs */
	ck_assert(!pam_stack_can_succeed(&s, q, NULL, 0));
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(stack_usr_lib_fallback_and_other)
{
	char *root = tu_mkroot();
	tu_write(root, "usr/lib/pam.d/passwd", "password include common-password\n");
	tu_write(root, "usr/lib/pam.d/common-password", "password required pam_unix.so\n");
	struct pam_stack s = load(root);
	ck_assert_str_eq(s.service_file, "/usr/lib/pam.d/passwd");
	ck_assert_uint_eq(s.n, 1);
	pam_stack_free(&s);
	/* /etc/pam.d wins over /usr/lib/pam.d; a service without password lines uses "other" */
	tu_write(root, "etc/pam.d/passwd", "auth required pam_unix.so\n");
	tu_write(root, "etc/pam.d/other", "password required pam_deny.so\n");
	s = load(root);
	ck_assert_str_eq(s.service_file, "/etc/pam.d/passwd");
	ck_assert(s.used_other);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.h[0].module, "pam_deny.so");
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(stack_include_loop_and_missing_include)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/passwd", "password include a\npassword include missing\n");
	tu_write(root, "etc/pam.d/a", "password required pam_unix.so\npassword include a\n");
	struct pam_stack s = load(root);
	bool depth = false, missing = false;
	for (size_t i = 0; i < s.n_diags; i++) {
		depth |= s.diags[i].kind == PAM_DIAG_DEPTH;
		missing |= s.diags[i].kind == PAM_DIAG_MISSING_FILE;
	}
	ck_assert(depth);
	ck_assert(missing);
	/* 15 levels of pam_unix, then must-fail handlers: libpam's limit */
	size_t unix_lines = 0, fails = 0;
	for (size_t i = 0; i < s.n; i++) {
		unix_lines += s.h[i].module && !strcmp(s.h[i].module, "pam_unix.so");
		fails += s.h[i].must_fail;
	}
	ck_assert_uint_eq(unix_lines, PAM_STACK_MAX_LEVEL - 1);
	ck_assert_uint_eq(fails, 2);
	/* a must-fail "required" line: nothing can succeed */
	ck_assert(!pam_stack_can_succeed(&s, 0, reject, 2));
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(stack_pam_conf_only_and_no_config)
{
	char *root = tu_mkroot();
	struct rootfs *fs;
	ck_assert_int_eq(rootfs_open(root, &fs), 0);
	struct pam_stack s;
	ck_assert_int_eq(pam_stack_load(fs, "passwd", PAM_TYPE_PASSWORD, &s), -2 /* -ENOENT */);
	rootfs_close(fs);
	tu_write(root, "etc/pam.conf",
		 "passwd password requisite pam_cracklib.so minlen=12\n"
		 "passwd password required pam_unix.so use_authtok\n"
		 "login auth required pam_unix.so\n");
	s = load(root);
	ck_assert_str_eq(s.config, "/etc/pam.conf");
	ck_assert_uint_eq(s.n, 2);
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

/* ---- libpwquality settings ---- */

static enum pwq_status apply(struct pwq_settings *s, const char *text, unsigned *bad)
{
	return pwq_apply_file(s, text, strlen(text), "/etc/security/pwquality.conf", bad);
}

START_TEST(pwq_defaults_and_syntax)
{
	struct pwq_settings s;
	pwq_settings_default(&s);
	ck_assert_int_eq(s.value[PWQ_MINLEN], 8);
	ck_assert_int_eq(s.value[PWQ_DCREDIT], 0);
	ck_assert_int_eq(s.value[PWQ_ENFORCING], 1);
	unsigned bad;
	ck_assert_int_eq(apply(&s, "# minlen = 20\n  minlen=12  # site rule\n"
				   "dcredit -1\nOCREDIT = -2\nenforce_for_root\nminclass = 9\n"
				   "badwords = clinic hospital\n", &bad), PWQ_OK);
	ck_assert_int_eq(s.value[PWQ_MINLEN], 12);
	ck_assert_uint_eq(s.origin[PWQ_MINLEN].line, 2);
	ck_assert_int_eq(s.value[PWQ_DCREDIT], -1);
	ck_assert_int_eq(s.value[PWQ_OCREDIT], -2);
	ck_assert_int_eq(s.value[PWQ_ENFORCE_FOR_ROOT], 1);
	ck_assert_int_eq(s.value[PWQ_MINCLASS], 4); /* clamped */
	ck_assert_int_eq(apply(&s, "minlen = 3\n", &bad), PWQ_OK);
	ck_assert_int_eq(s.value[PWQ_MINLEN], 6); /* PWQ_BASE_MIN_LENGTH */
	pwq_settings_free(&s);
}
END_TEST

START_TEST(pwq_errors_stop_reading)
{
	struct pwq_settings s;
	pwq_settings_default(&s);
	unsigned bad;
	ck_assert_int_eq(apply(&s, "minlen = 10\nminlen = ten\nminlen = 14\n", &bad),
			 PWQ_BAD_INTEGER);
	ck_assert_uint_eq(bad, 2);
	ck_assert_int_eq(s.value[PWQ_MINLEN], 10);
	ck_assert_int_eq(apply(&s, "mnlen = 12\n", &bad), PWQ_UNKNOWN_SETTING);
	ck_assert_int_eq(apply(&s, "minlen =\n", &bad), PWQ_BAD_INTEGER);
	char *longline = malloc(2100);
	memset(longline, ' ', 2098);
	longline[2098] = '\n';
	longline[2099] = '\0';
	ck_assert_int_eq(apply(&s, longline, &bad), PWQ_LINE_TOO_LONG);
	free(longline);
	ck_assert(pwq_dropin_name_ok("50-site.conf"));
	ck_assert(!pwq_dropin_name_ok("50-site.conf.bak"));
	ck_assert(!pwq_dropin_name_ok("a.conf.conf")); /* strstr finds the first ".conf" */
	ck_assert(!pwq_dropin_name_ok("README"));
	pwq_settings_free(&s);
}
END_TEST

START_TEST(pwq_cracklib_defaults)
{
	struct pwq_settings s;
	pwq_settings_cracklib(&s);
	ck_assert_int_eq(s.value[PWQ_MINLEN], 9);
	ck_assert_int_eq(s.value[PWQ_DCREDIT], 1);
	ck_assert_int_eq(pwq_set(&s, "minlen", "2", NULL, 0, NULL), PWQ_OK);
	ck_assert_int_eq(s.value[PWQ_MINLEN], 5); /* CO_MIN_LENGTH_BASE */
	pwq_settings_free(&s);
}
END_TEST

/* ---- policy arithmetic ---- */

static struct pw_rule credit(int minlen, int d, int u, int l, int o, int minclass)
{
	struct pw_rule r;
	memset(&r, 0, sizeof r);
	r.kind = PW_RULE_CREDIT;
	r.minlen = minlen;
	r.credit[0] = d;
	r.credit[1] = u;
	r.credit[2] = l;
	r.credit[3] = o;
	r.minclass = minclass;
	return r;
}

START_TEST(policy_pwquality_defaults)
{
	struct pw_rule r = credit(8, 0, 0, 0, 0, 0);
	struct pw_outcome o;
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 8);
	ck_assert_uint_eq(o.required, 0);
	ck_assert(!o.letters_required);
}
END_TEST

START_TEST(policy_positive_credits_shorten)
{
	/* minlen 8 with every credit 1 (pam_cracklib's defaults): 4 classes give 4 credits, so
	 * a 4-character password "aB3$" reaches size 8 - 4 = 4 */
	struct pw_rule r = credit(8, 1, 1, 1, 1, 0);
	struct pw_outcome o;
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 4);
	ck_assert_uint_eq(o.shortest_classes, PWC_ALL);
	/* dcredit=2 alone: 3 digits + ... no: credit is capped at 2 -> 6 characters */
	r = credit(8, 2, 0, 0, 0, 0);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 6);
	/* pam_cracklib defaults minlen 9 -> 5 characters with four classes */
	r = credit(9, 1, 1, 1, 1, 0);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 5);
}
END_TEST

START_TEST(policy_negative_credits_require)
{
	struct pw_rule r = credit(8, -1, 0, -1, -1, 0);
	struct pw_outcome o;
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 8);
	ck_assert_uint_eq(o.required, PWC_DIGIT | PWC_LOWER | PWC_OTHER);
	ck_assert(o.letters_required);
	/* requiring 3 digits still lets a 8-char password through */
	r = credit(8, -3, 0, 0, 0, 0);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 8);
	ck_assert_uint_eq(o.required, PWC_DIGIT);
	ck_assert(!o.letters_required);
	/* more required characters than minlen: the requirement sets the length */
	r = credit(6, -4, -4, 0, 0, 0);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 8);
}
END_TEST

START_TEST(policy_minclass)
{
	struct pw_outcome o;
	/* minclass=3: upper+lower+digit passes, so symbols (and digits) are not required */
	struct pw_rule r = credit(8, 0, 0, 0, 0, 3);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_uint_eq(o.required & PWC_OTHER, 0);
	ck_assert_uint_eq(o.required & PWC_DIGIT, 0);
	ck_assert(o.letters_required); /* three of four classes always include a letter */
	/* minclass=4: everything required */
	r = credit(8, 0, 0, 0, 0, 4);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_uint_eq(o.required, PWC_ALL);
	/* minclass=2 with lcredit=-1: digits+lower is enough */
	r = credit(8, 0, 0, -1, 0, 2);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_uint_eq(o.required, PWC_LOWER);
	ck_assert(o.letters_required);
	/* minclass=3 with ocredit=-1: symbols required, digits not */
	r = credit(8, 0, 0, 0, -1, 3);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_uint_eq(o.required, PWC_OTHER);
	ck_assert(o.letters_required); /* digits+symbols are only two classes */
}
END_TEST

START_TEST(policy_maxclassrepeat_and_combined_rules)
{
	struct pw_outcome o;
	/* maxclassrepeat=2: a single-class password can be at most 2 long -> needs 2 classes */
	struct pw_rule r = credit(8, 0, 0, 0, 0, 0);
	r.maxclassrepeat = 2;
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 8);
	ck_assert_uint_eq(o.required, 0);
	/* pwquality minlen 8 with credits + pam_unix minlen 10: the longer wins */
	struct pw_rule rules[2] = { credit(8, 1, 1, 1, 1, 0), { .kind = PW_RULE_MINLEN,
								.minlen = 10 } };
	pw_policy_evaluate(rules, 2, &o);
	ck_assert_int_eq(o.shortest, 10);
	/* longer than the search: reported as a lower bound, classes still known */
	struct pw_rule huge = { .kind = PW_RULE_MINLEN, .minlen = 500 };
	pw_policy_evaluate(&huge, 1, &o);
	ck_assert(o.any_accepted);
	ck_assert_int_eq(o.shortest, PW_SEARCH_LIMIT + 1);
	ck_assert_uint_eq(o.required, 0);
	/* no rule at all: a single character */
	pw_policy_evaluate(NULL, 0, &o);
	ck_assert_int_eq(o.shortest, 1);
}
END_TEST

START_TEST(policy_passwdqc)
{
	struct pw_rule r;
	memset(&r, 0, sizeof r);
	r.kind = PW_RULE_PASSWDQC;
	int dflt[5] = { PW_DISABLED, 24, 11, 8, 7 };
	memcpy(r.qc_min, dflt, sizeof dflt);
	r.qc_max = 72;
	struct pw_outcome o;
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 7);
	ck_assert_uint_eq(o.shortest_classes, PWC_ALL);
	ck_assert_uint_eq(o.required, 0);
	ck_assert(!o.letters_required); /* digits+symbols at 24 characters */
	int strict[5] = { PW_DISABLED, PW_DISABLED, PW_DISABLED, PW_DISABLED, 12 };
	memcpy(r.qc_min, strict, sizeof strict);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert_int_eq(o.shortest, 12);
	ck_assert_uint_eq(o.required, PWC_ALL);
	int none[5] = { PW_DISABLED, PW_DISABLED, PW_DISABLED, PW_DISABLED, PW_DISABLED };
	memcpy(r.qc_min, none, sizeof none);
	pw_policy_evaluate(&r, 1, &o);
	ck_assert(!o.any_accepted);
}
END_TEST

/* ---- sshd_config ---- */

START_TEST(sshd_config_lines)
{
	const char *text = "# comment\n"
			   "Include /etc/ssh/sshd_config.d/*.conf\n"
			   "AuthenticationMethods publickey,keyboard-interactive\n"
			   "UsePAM=yes\n"
			   "Banner \"/etc/issue net\"\n"
			   "Match User alice\n"
			   "    AuthenticationMethods publickey\n"
			   "Match all\n"
			   "PermitRootLogin no # trailing\n"
			   "Banner \"unterminated\n"
			   "Match\n";
	struct sshd_config c;
	sshd_config_parse(text, strlen(text), NULL, &c);
	ck_assert_uint_eq(c.n, 6);
	ck_assert_str_eq(c.d[0].keyword, "include");
	ck_assert_str_eq(c.d[1].keyword, "authenticationmethods");
	ck_assert_str_eq(c.d[1].args[0], "publickey,keyboard-interactive");
	ck_assert_ptr_null(c.d[1].match);
	ck_assert_str_eq(c.d[2].keyword, "usepam");
	ck_assert_str_eq(c.d[2].args[0], "yes");
	ck_assert_str_eq(c.d[3].args[0], "/etc/issue net");
	ck_assert_str_eq(c.d[4].match, "User alice");
	ck_assert_ptr_null(c.d[5].match);
	ck_assert_uint_eq(c.d[5].nargs, 1);
	ck_assert_uint_eq(c.n_bad, 2);
	ck_assert_uint_eq(c.bad_lines[0], 10);
	sshd_config_free(&c);
	sshd_config_parse("\0\0\n=\n", 5, "User x", &c);
	sshd_config_free(&c);
}
END_TEST

/* ---- the password flow: what passwd stores ---- */

static struct pam_stack load_text(char *root, const char *cp)
{
	tu_write(root, "etc/pam.d/passwd", "@include common-password\n");
	tu_write(root, "etc/pam.d/common-password", cp);
	return load(root);
}

#define DEBIAN_PWQ "password requisite pam_pwquality.so retry=3\n"
#define DEBIAN_UNIX "password [success=1 default=ignore] pam_unix.so obscure use_authtok yescrypt\n"
#define DEBIAN_TAIL "password requisite pam_deny.so\npassword required pam_permit.so\n"

START_TEST(flow_debian_stock_guards_the_write)
{
	char *root = tu_mkroot();
	struct pam_stack s = load_text(root, DEBIAN_PWQ DEBIAN_UNIX DEBIAN_TAIL);
	struct pam_pw_paths p;
	pam_stack_password_paths(&s, SIZE_MAX, NULL, &p);
	ck_assert(p.prelim_ok && p.can_write && p.write_reported_ok);
	ck_assert(!p.write_reported_failed);
	ck_assert_uint_eq(p.tokenless_writer, SIZE_MAX);
	pam_stack_password_paths(&s, find_module(&s, "pam_pwquality.so"), NULL, &p);
	ck_assert(p.can_write && !p.unguarded_write);
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(flow_history_after_the_writer_guards_nothing)
{
	char *root = tu_mkroot();
	struct pam_stack s = load_text(root, DEBIAN_PWQ DEBIAN_UNIX DEBIAN_TAIL
				       "password required pam_pwhistory.so remember=5 use_authtok\n");
	size_t h = find_module(&s, "pam_pwhistory.so");
	struct pam_pw_paths p;
	pam_stack_password_paths(&s, h, NULL, &p);
	ck_assert(p.unguarded_write);
	ck_assert_uint_eq(p.unguarded_writer, find_module(&s, "pam_unix.so"));
	ck_assert(p.write_reported_failed); /* pwhistory's refusal after the write */
	pam_stack_free(&s);
	/* before the writer, "required": its refusal clears the token pam_unix needs */
	s = load_text(root, DEBIAN_PWQ "password required pam_pwhistory.so use_authtok\n"
			    DEBIAN_UNIX DEBIAN_TAIL);
	pam_stack_password_paths(&s, find_module(&s, "pam_pwhistory.so"), NULL, &p);
	ck_assert(p.can_write && !p.unguarded_write);
	pam_stack_password_paths(&s, SIZE_MAX, NULL, &p);
	ck_assert_uint_eq(p.tokenless_writer, SIZE_MAX); /* a refusal is not a broken path */
	pam_stack_free(&s);
	/* "optional" before a writer that prompts again: the refused password is replaced by
	 * one nobody judged */
	s = load_text(root, "password optional pam_pwhistory.so\n"
			    "password required pam_unix.so yescrypt\n");
	pam_stack_password_paths(&s, find_module(&s, "pam_pwhistory.so"), NULL, &p);
	ck_assert(p.unguarded_write);
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(flow_between_unix_and_deny_nothing_is_stored)
{
	char *root = tu_mkroot();
	struct pam_stack s = load_text(root, DEBIAN_PWQ DEBIAN_UNIX
				       "password required pam_pwhistory.so remember=5\n" DEBIAN_TAIL);
	struct pam_pw_paths p;
	pam_stack_password_paths(&s, SIZE_MAX, NULL, &p);
	ck_assert(!p.prelim_ok);
	ck_assert(!p.can_write);
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(flow_localuser_skip_leaves_pam_unix_without_a_token)
{
	char *root = tu_mkroot();
	struct pam_stack s = load_text(root, "password [success=1 default=ignore] pam_localuser.so\n"
				       DEBIAN_PWQ DEBIAN_UNIX DEBIAN_TAIL);
	struct pam_pw_paths p;
	pam_stack_password_paths(&s, SIZE_MAX, NULL, &p);
	/* local users: no token; others: pam_unix does not know them */
	ck_assert(!p.can_write);
	ck_assert_uint_eq(p.tokenless_writer, find_module(&s, "pam_unix.so"));
	pam_stack_free(&s);
	/* with file=, pam_localuser answers for another list: the other path can store */
	s = load_text(root, "password [success=1 default=ignore] pam_localuser.so file=/etc/x\n"
			    DEBIAN_PWQ DEBIAN_UNIX DEBIAN_TAIL);
	pam_stack_password_paths(&s, SIZE_MAX, NULL, &p);
	ck_assert(p.can_write);
	ck_assert_uint_eq(p.tokenless_writer, find_module(&s, "pam_unix.so"));
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(flow_checker_refusing_everything_stores_nothing)
{
	char *root = tu_mkroot();
	struct pam_stack s = load_text(root, DEBIAN_PWQ DEBIAN_UNIX DEBIAN_TAIL);
	bool *all = calloc(s.n, sizeof *all);
	all[find_module(&s, "pam_pwquality.so")] = true;
	struct pam_pw_paths p;
	pam_stack_password_paths(&s, SIZE_MAX, all, &p);
	ck_assert(p.prelim_ok && !p.can_write);
	free(all);
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

START_TEST(flow_roles_and_token_options)
{
	ck_assert_int_eq(pam_password_role("pam_unix.so"), PAM_PW_WRITER);
	ck_assert_int_eq(pam_password_role("pam_sss.so"), PAM_PW_WRITER);
	ck_assert_int_eq(pam_password_role("pam_pwhistory.so"), PAM_PW_CHECKER);
	ck_assert_int_eq(pam_password_role("pam_localuser.so"), PAM_PW_OTHER);
	ck_assert_int_eq(pam_password_role(NULL), PAM_PW_OTHER);
	char *a1[] = { "use_authtok" }, *a2[] = { "use_authtokens" }, *a3[] = { "use_first_pass" };
	struct pam_handler h;
	memset(&h, 0, sizeof h);
	h.argv = a1, h.argc = 1;
	ck_assert(pam_handler_needs_token(&h));
	h.argv = a2;
	ck_assert(!pam_handler_needs_token(&h));
	h.argv = a3;
	ck_assert(pam_handler_needs_token(&h));
}
END_TEST

/* issue 16.11: a self-including file doubles per level; every handler past the cap was
 * dropped with its strings (ASan's leak check failed the suite) */
START_TEST(stack_overflow_drops_handlers_without_leaking)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/passwd", "password include a\n");
	tu_write(root, "etc/pam.d/a",
		 "password required pam_unix.so\npassword include a\npassword include a\n");
	struct pam_stack s = load(root);
	ck_assert_uint_le(s.n, 4096);
	bool overflow = false;
	for (size_t i = 0; i < s.n_diags; i++)
		overflow |= strstr(s.diags[i].message, "4096") != NULL;
	ck_assert(overflow);
	pam_stack_free(&s);
	tu_rmtree(root);
}
END_TEST

/* issue 16.4: one load per service and type per audit, shared by the checks */
START_TEST(stack_get_loads_once_per_audit)
{
	char *root = tu_mkroot();
	tu_write(root, "etc/pam.d/passwd", "@include common-password\n");
	tu_write(root, "etc/pam.d/common-password", DEBIAN_PWQ DEBIAN_UNIX DEBIAN_TAIL);
	struct rootfs *fs;
	ck_assert_int_eq(rootfs_open(root, &fs), 0);
	struct audit_context ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.root = fs;
	int err = 1;
	const struct pam_stack *a = pam_stack_get(&ctx, "passwd", PAM_TYPE_PASSWORD, &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(err, 0);
	ck_assert_uint_eq(a->n, 4);
	/* a change on disk after the first load is not seen: the same copy is shared */
	tu_write(root, "etc/pam.d/common-password", "password required pam_deny.so\n");
	ck_assert_ptr_eq(pam_stack_get(&ctx, "passwd", PAM_TYPE_PASSWORD, &err), a);
	const struct pam_stack *b = pam_stack_get(&ctx, "passwd", PAM_TYPE_AUTH, &err);
	ck_assert_ptr_ne(a, b);
	pam_cache_free(ctx.pam_stacks);
	rootfs_close(fs);
	tu_rmtree(root);
}
END_TEST

/* ---- module versions ---- */

START_TEST(modver_compare_and_table)
{
	ck_assert_int_lt(pam_version_compare("1.5.2", "1.5.3"), 0);
	ck_assert_int_gt(pam_version_compare("1.7.0", "1.5.3"), 0);
	ck_assert_int_eq(pam_version_compare("1.5.3", "1.5.3"), 0);
	ck_assert_int_gt(pam_version_compare("1.10.0", "1.9.9"), 0);
	ck_assert_int_lt(pam_version_compare("1.5.3~rc1", "1.5.3"), 0);
	char *root = tu_mkroot();
	struct rootfs *fs;
	struct audit_context ctx;
	memset(&ctx, 0, sizeof ctx);
	const char *conf;
	char *why;
	ck_assert_int_eq(rootfs_open(root, &fs), 0);
	ctx.root = fs;
	/* nothing to go by: unknown, and said so */
	ck_assert_int_eq(pam_module_reads_conf(&ctx, "pam_pwhistory.so", &conf, &why),
			 PAM_CONF_UNKNOWN);
	ck_assert_str_eq(conf, "/etc/security/pwhistory.conf");
	ck_assert_ptr_nonnull(strstr(why, "could not be determined"));
	free(why);
	/* a module not in the table reads no versioned file */
	ck_assert_int_eq(pam_module_reads_conf(&ctx, "pam_unix", &conf, &why), PAM_CONF_NOT_READ);
	ck_assert_ptr_null(conf);
	free(why);
	/* the module's own build */
	tu_write(root, "usr/lib64/security/pam_pwhistory.so",
		 "\177ELF.../etc/security/pwhistory.conf...");
	ck_assert_int_eq(pam_module_reads_conf(&ctx, "pam_pwhistory", &conf, &why), PAM_CONF_READ);
	free(why);
	/* dpkg's database first: Debian 12's 1.5.2 does not read it, 13's 1.7.0 does */
	tu_write(root, "var/lib/dpkg/status",
		 "Package: libpam-modules\nStatus: install ok installed\nArchitecture: amd64\n"
		 "Version: 1.5.2-6+deb12u2\n\n");
	ck_assert_int_eq(pam_module_reads_conf(&ctx, "pam_pwhistory", &conf, &why),
			 PAM_CONF_NOT_READ);
	ck_assert_ptr_nonnull(strstr(why, "1.5.2-6+deb12u2"));
	free(why);
	ck_assert_int_eq(pam_module_reads_conf(&ctx, "pam_faillock.so", &conf, &why), PAM_CONF_READ);
	ck_assert_str_eq(conf, "/etc/security/faillock.conf");
	free(why);
	tu_write(root, "var/lib/dpkg/status",
		 "Package: libpam-modules\nStatus: install ok installed\nArchitecture: amd64\n"
		 "Version: 1.7.0-5\n\n");
	ck_assert_int_eq(pam_module_reads_conf(&ctx, "pam_pwhistory", &conf, &why), PAM_CONF_READ);
	free(why);
	rootfs_close(fs);
	tu_rmtree(root);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pam");
	TCase *t = tcase_create("parser");
	tcase_add_test(t, pam_debian_common_password);
	tcase_add_test(t, pam_continuation_comment_and_optional_type);
	tcase_add_test(t, pam_include_forms_and_bracket_args);
	tcase_add_test(t, pam_malformed_lines);
	tcase_add_test(t, pam_conf_service_field);
	tcase_add_test(t, pam_control_parsing);
	suite_add_tcase(s, t);
	t = tcase_create("stack");
	tcase_add_test(t, stack_debian_quality_module_enforced);
	tcase_add_test(t, stack_jump_before_quality_module_bypasses_it);
	tcase_add_test(t, stack_optional_quality_module_not_enforced);
	tcase_add_test(t, stack_rhel_substack);
	tcase_add_test(t, stack_usr_lib_fallback_and_other);
	tcase_add_test(t, stack_include_loop_and_missing_include);
	tcase_add_test(t, stack_pam_conf_only_and_no_config);
	tcase_add_test(t, stack_overflow_drops_handlers_without_leaking);
	tcase_add_test(t, flow_debian_stock_guards_the_write);
	tcase_add_test(t, flow_history_after_the_writer_guards_nothing);
	tcase_add_test(t, flow_between_unix_and_deny_nothing_is_stored);
	tcase_add_test(t, flow_localuser_skip_leaves_pam_unix_without_a_token);
	tcase_add_test(t, flow_checker_refusing_everything_stores_nothing);
	tcase_add_test(t, flow_roles_and_token_options);
	tcase_add_test(t, modver_compare_and_table);
	tcase_add_test(t, stack_get_loads_once_per_audit);
	suite_add_tcase(s, t);
	t = tcase_create("pwquality");
	tcase_add_test(t, pwq_defaults_and_syntax);
	tcase_add_test(t, pwq_errors_stop_reading);
	tcase_add_test(t, pwq_cracklib_defaults);
	suite_add_tcase(s, t);
	t = tcase_create("policy");
	tcase_add_test(t, policy_pwquality_defaults);
	tcase_add_test(t, policy_positive_credits_shorten);
	tcase_add_test(t, policy_negative_credits_require);
	tcase_add_test(t, policy_minclass);
	tcase_add_test(t, policy_maxclassrepeat_and_combined_rules);
	tcase_add_test(t, policy_passwdqc);
	suite_add_tcase(s, t);
	t = tcase_create("sshd");
	tcase_add_test(t, sshd_config_lines);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
