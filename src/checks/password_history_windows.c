/* password.history on Windows (item 2-8): "Enforce password history" (PasswordHistorySize, net
 * accounts' history line) at least [password] history; and a minimum password age of at least a
 * day, without which a user changes the password history+1 times in a row and is back at the old
 * one (Microsoft's own description of the setting says so). */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/winsource.h"
#include <stdio.h>

static void run(struct audit_context *ctx, struct check_result *r)
{
	long long want = profile_int(ctx->profile, "password", "history");
	struct win_account_policy p;
	char origin[512];
	if (win_policy_for_check(ctx, &p, origin, sizeof origin, r) != 0)
		return;
	/* net accounts prints "None" (なし) for 0 */
	long long remember = p.history.set && !p.history.never ? p.history.value : 0;
	const char *subject = _("account policy");
	if (remember < want) {
		struct finding *f = result_finding(r, FINDING_FAIL, subject,
			_("the last %lld password(s) are refused; the profile requires %lld"), remember,
			want);
		win_policy_evidence(r, f, origin, &p, &p.history, "PasswordHistorySize");
	} else {
		win_policy_evidence(r, NULL, origin, &p, &p.history, "PasswordHistorySize");
	}
	if (remember > 0 && p.min_age.set && !p.min_age.never && p.min_age.value < 1) {
		struct finding *f = result_finding(r, FINDING_WARN, subject,
			_("minimum password age is 0 days: a user can change the password %lld times in "
			  "a row and reuse the old one"), remember + 1);
		win_policy_evidence(r, f, origin, &p, &p.min_age, "MinimumPasswordAge");
	}
	result_reason(r, _("Windows remembers %lld previous password(s)"), remember);
}

const struct check check_password_history_windows = {
	.id = "password.history",
	.title = N_("Old passwords cannot be reused"),
	.remediation = N_("Set 'Enforce password history' to the profile's depth and 'Minimum "
			  "password age' to 1 day or more (secpol.msc > Account Policies > Password "
			  "Policy, or net accounts /uniquepw:N /minpwage:1)."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
