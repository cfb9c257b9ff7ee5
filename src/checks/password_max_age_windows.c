/* password.max_age on Windows (item 2-7): the policy's MaximumPasswordAge and the accounts whose
 * password never expires (the per-account "password never expires" flag shows as no
 * PasswordExpires date), unless the R7 exceptions apply: an enforced minimum length of
 * [password] long_password_length, or interactive logons that require a smart card or Windows
 * Hello for Business ("Interactive logon: Require Windows Hello for Business or smart card",
 * ScForceOption = 1). Windows Hello merely being enabled is not a second factor: the password
 * still logs on. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/twofactor_windows.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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
	struct win_account_policy p;
	char origin[512];
	if (win_policy_for_check(ctx, &p, origin, sizeof origin, r) != 0)
		return;
	if (p.min_length.value >= long_len) {
		win_policy_evidence(r, NULL, origin, &p, &p.min_length, "MinimumPasswordLength");
		result_reason(r, _("exception applies: passwords of at least %lld characters are "
				   "enforced (minimum %lld), so periodic change is not required"),
			      long_len, p.min_length.value);
		return;
	}
	if (win_twofactor_required(ctx, &p, origin, r)) {
		result_reason(r, _("exception applies: interactive logons require a smart card or "
				   "Windows Hello for Business, so periodic change is not required"));
		return;
	}
	result_evidence(r, NULL, _("no exception: minimum length %lld (exception from %lld), no "
				   "second factor required for logons"), p.min_length.value, long_len);
	long long days;
	bool expires = win_policy_max_age(&p, &days);
	if (!expires || days > limit) {
		struct finding *f = expires
			? result_finding(r, FINDING_FAIL, _("account policy"),
				_("passwords expire after %lld days; the profile allows at most %lld"),
				days, limit)
			: result_finding(r, FINDING_FAIL, _("account policy"),
				_("passwords never expire (maximum age '%s'); the profile allows at most "
				  "%lld days"), p.max_age.set ? p.max_age.raw : "-", limit);
		win_policy_evidence(r, f, origin, &p, &p.max_age, "MaximumPasswordAge");
	} else {
		win_policy_evidence(r, NULL, origin, &p, &p.max_age, "MaximumPasswordAge");
	}

	/* Accounts exempt through "password never expires". */
	struct win_user *users;
	size_t n;
	bool sids;
	char uorigin[512], why[1024];
	int rc = win_users_load(ctx, &users, &n, &sids, uorigin, sizeof uorigin, r, why, sizeof why);
	if (rc < 0) {
		result_evidence(r, NULL, _("accounts not read (%s): per-account expiry not checked"),
				why);
		/* what was not read is not judged: no pass on it (a failing policy still fails) */
		if (r->n_findings)
			result_reason(r, _("policy checked; accounts could not be read"));
		else
			result_error(r, _("the policy is within the limit, but the accounts could not "
					  "be read, so \"password never expires\" is not checked: %s"), why);
		return;
	}
	size_t checked = 0, failing = 0, unread = 0;
	for (size_t i = 0; i < n; i++) {
		const struct win_user *u = &users[i];
		if (u->unread[0]) {
			unread++;
			struct finding *f = result_finding(r, FINDING_WARN, u->name,
				_("not judged: the account's details cannot be read"));
			finding_evidence(f, NULL, "%s", u->unread);
			continue;
		}
		/* a disabled account or one that needs no password has none that ages */
		if (u->enabled != 1 || u->password_required == 0)
			continue;
		checked++;
		if (u->password_expires != WIN_NEVER)
			continue;
		failing++;
		struct finding *f = result_finding(r, FINDING_FAIL, u->name,
			_("password never expires (\"password never expires\" is set for the account, "
			  "or the policy has no maximum age)"));
		if (u->line)
			finding_evidence(f, uorigin, _("line %u: PasswordExpires empty"), u->line);
		else
			finding_evidence(f, uorigin, _("%s: password expires '%s'"), u->name,
					 u->password_expires_raw);
	}
	free(users);
	bool policy_fails = false;
	for (size_t i = 0; i < r->n_findings; i++)
		policy_fails |= r->findings[i].severity == FINDING_FAIL;
	if (unread && !policy_fails)
		result_error(r, _("%zu account(s) cannot be read, so they are not judged; %zu of %zu "
				  "enabled accounts with a password never expire"), unread, failing,
			     checked);
	else
		result_reason(r, _("%zu of %zu enabled accounts with a password never expire"), failing,
			      checked);
}

const struct check check_password_max_age_windows = {
	.id = "password.max_age",
	.title = N_("Passwords are changed periodically (unless two-factor or 13+ characters)"),
	.remediation = N_("Set 'Maximum password age' (secpol.msc > Account Policies > Password "
			  "Policy, or net accounts /maxpwage:DAYS) and clear 'Password never expires' "
			  "on each account (Set-LocalUser NAME -PasswordNeverExpires $false); or "
			  "enforce a minimum length of 13; or require Windows Hello for Business or a "
			  "smart card for interactive logons."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
