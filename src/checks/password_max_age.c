/* password.max_age (item 2-7): passwords are changed periodically (login.defs PASS_MAX_DAYS for
 * new accounts, the shadow maximum of every login-capable account), unless the R7 exceptions
 * apply: two-factor logins, or an enforced minimum of 13+ characters. Driven by the profile
 * ([password] require_periodic_change), since the R8 edition drops periodic change. */
#include "../core/accounts.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/pwenforce.h"
#include "../core/twofactor.h"
#include <stdio.h>
#include <string.h>

static void run(struct audit_context *ctx, struct check_result *r)
{
	if (!profile_bool(ctx->profile, "password", "require_periodic_change")) {
		result_reason(r, _("the profile does not require periodic password changes "
				   "([password] require_periodic_change = no)"));
		return;
	}
	long long limit = profile_int(ctx->profile, "password", "max_age_days");
	long long long_len = profile_int(ctx->profile, "password", "long_password_length");

	struct pw_enforced e;
	if (pw_enforced_load(ctx, &e, NULL) != 0) {
		result_error(r, _("cannot determine the enforced password policy"));
		return;
	}
	int shortest = e.outcome.any_accepted ? e.outcome.shortest : -1;
	pw_enforced_free(&e);
	if (shortest >= long_len) {
		result_evidence(r, NULL, _("shortest password passwd accepts: %d characters"),
				shortest);
		result_reason(r, _("exception applies: passwords of at least %lld characters are "
				   "enforced (shortest accepted: %d), so periodic change is not required"),
			      long_len, shortest);
		return;
	}
	struct twofactor t;
	twofactor_detect(ctx, &t, r);
	if (twofactor_in_force(&t)) {
		const char *how = t.sshd_present ? t.ssh_how : t.console_how;
		result_evidence(r, NULL, _("second factor: %s"), how);
		result_reason(r, _("exception applies: two-factor authentication is required for "
				   "logins (%s), so periodic change is not required"), how);
		return;
	}
	if (t.sshd_present && t.console_required)
		result_evidence(r, NULL, _("console logins need a second factor (%s), SSH logins do "
					   "not"), t.console_how);
	result_evidence(r, NULL, _("no exception: shortest accepted password %d characters "
				   "(exception from %lld), no second factor required for logins"),
			shortest, long_len);

	const struct account_db *db = accounts_get(ctx, r);
	if (!db)
		return;
	const struct login_def *d = login_defs_get(&db->defs, "PASS_MAX_DAYS");
	long max_days = -1;
	bool defs_fail = false; /* new accounts would get a longer maximum age than allowed */
	login_defs_long(&db->defs, "PASS_MAX_DAYS", -1, &max_days);
	if (db->login_defs_err) {
		/* unread is unknown, never "PASS_MAX_DAYS unset": the end of run() makes it the error */
		result_evidence(r, "/etc/login.defs", _("not read (%s): new accounts' expiry is unknown"),
				rootfs_strerror(db->login_defs_err));
	} else if (max_days < 0 || max_days > limit) {
		defs_fail = true;
		struct finding *f = result_finding(r, FINDING_FAIL, "/etc/login.defs",
			max_days < 0 ? _("new accounts get no password expiry (PASS_MAX_DAYS unset "
					 "or negative); the profile allows at most %lld days")
				     : _("new accounts' passwords expire after %lld days; the profile "
					 "allows at most %lld"),
			max_days < 0 ? limit : (long long)max_days, limit);
		if (d)
			finding_evidence(f, "/etc/login.defs", _("line %u: PASS_MAX_DAYS %s"), d->line,
					 d->value);
		else
			finding_evidence(f, "/etc/login.defs", _("PASS_MAX_DAYS not set"));
	} else if (d) {
		result_evidence(r, "/etc/login.defs", _("line %u: PASS_MAX_DAYS %s"), d->line,
				d->value);
	}
	size_t checked = 0, failing = 0;
	for (size_t i = 0; i < db->n; i++) {
		const struct account *a = &db->accounts[i];
		struct account_login l;
		account_assess_login(ctx, a, &l);
		/* only a usable password ages; key-only and locked accounts have none to change */
		if (!account_login_capable(&l) || l.pw != PASSWORD_USABLE)
			continue;
		checked++;
		if (a->max >= 0 && a->max <= limit)
			continue;
		failing++;
		struct finding *f = result_finding(r, FINDING_FAIL, a->name,
			a->max < 0 ? _("password never expires; the profile allows at most %lld days")
				   : _("password expires only after %lld days; the profile allows at "
				       "most %lld"),
			a->max < 0 ? limit : a->max, limit);
		if (a->has_shadow && a->max < 0)
			finding_evidence(f, "/etc/shadow", _("line %u: maximum age empty"),
					 a->shadow_line);
		else if (a->has_shadow)
			finding_evidence(f, "/etc/shadow", _("line %u: maximum age %lld days"),
					 a->shadow_line, a->max);
		else
			finding_evidence(f, "/etc/passwd", _("line %u: no shadow entry, no aging"),
					 a->passwd_line);
	}
	if (defs_fail) /* the reason says what fails, also when no account does */
		result_reason(r, _("new accounts' passwords are not made to expire within %lld days "
				   "(PASS_MAX_DAYS); %zu of %zu login-capable accounts with a password "
				   "exceed it"), limit, failing, checked);
	else
		result_reason(r, _("%zu of %zu login-capable accounts with a password exceed %lld days"),
			      failing, checked, limit);
	if (db->login_defs_err)
		result_error(r, _("cannot read %s: %s; new accounts' password expiry is unknown"),
			     "/etc/login.defs", rootfs_strerror(db->login_defs_err));
}

const struct check check_password_max_age = {
	.id = "password.max_age",
	.title = N_("Passwords are changed periodically (unless two-factor or 13+ characters)"),
	.remediation = N_("Set PASS_MAX_DAYS in /etc/login.defs and chage -M DAYS USER for existing "
			  "accounts, or enforce a minimum length of 13 (pwquality minlen = 13), or "
			  "require a second factor (sshd AuthenticationMethods publickey,"
			  "keyboard-interactive with pam_google_authenticator or pam_u2f)."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
