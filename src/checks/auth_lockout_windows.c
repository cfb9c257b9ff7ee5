/* auth.lockout on Windows (guideline 7.0, 14 遵守事項⑥): the account lockout policy from secedit
 * (LockoutBadCount, LockoutDuration, ResetLockoutCount) or net accounts (lines 6-8). A threshold
 * of 0 never locks; a duration of 0 (secedit -1, net accounts "Never") locks until an
 * administrator unlocks. Windows counts in minutes, the profile in seconds. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/winsource.h"
#include <stdio.h>

static void run(struct audit_context *ctx, struct check_result *r)
{
	long long max_failures = profile_int(ctx->profile, "auth", "lockout_max_failures");
	long long min_seconds = profile_int(ctx->profile, "auth", "lockout_min_seconds");
	long long min_window = profile_int(ctx->profile, "auth", "lockout_min_window_seconds");
	struct win_account_policy p;
	char origin[512];
	if (win_policy_for_check(ctx, &p, origin, sizeof origin, r) != 0)
		return;
	const char *subject = _("account policy");
	/* net accounts prints "Never" (なし) for 0; secedit omits it when unset */
	long long threshold = p.lockout_threshold.set && !p.lockout_threshold.never
				      ? p.lockout_threshold.value : 0;
	if (!p.lockout_threshold.set && p.source == WINPOL_NET_ACCOUNTS) {
		result_error(r, _("net accounts did not show a lockout threshold"));
		return;
	}
	if (threshold <= 0) {
		struct finding *f = result_finding(r, FINDING_FAIL, subject,
			_("the account lockout threshold is 0: accounts are never locked"));
		win_policy_evidence(r, f, origin, &p, &p.lockout_threshold, "LockoutBadCount");
		result_reason(r, _("Windows never locks an account after failed logins"));
		return;
	}
	if (threshold > max_failures) {
		struct finding *f = result_finding(r, FINDING_FAIL, subject,
			_("locks only after %lld failed logins; the profile allows at most %lld"),
			threshold, max_failures);
		win_policy_evidence(r, f, origin, &p, &p.lockout_threshold, "LockoutBadCount");
	} else {
		win_policy_evidence(r, NULL, origin, &p, &p.lockout_threshold, "LockoutBadCount");
	}
	/* duration: minutes; <= 0 or a word = until an administrator unlocks */
	bool admin_unlock = !p.lockout_duration.set || p.lockout_duration.never ||
			    p.lockout_duration.value <= 0;
	if (!p.lockout_duration.set) {
		struct finding *f = result_finding(r, FINDING_WARN, subject,
			_("the lockout duration is not shown: Windows' default applies"));
		win_policy_evidence(r, f, origin, &p, &p.lockout_duration, "LockoutDuration");
		admin_unlock = false;
	} else if (!admin_unlock && p.lockout_duration.value * 60 < min_seconds) {
		struct finding *f = result_finding(r, FINDING_FAIL, subject,
			_("unlocks after %lld minutes; the profile requires at least %lld seconds"),
			p.lockout_duration.value, min_seconds);
		win_policy_evidence(r, f, origin, &p, &p.lockout_duration, "LockoutDuration");
	} else {
		win_policy_evidence(r, NULL, origin, &p, &p.lockout_duration, "LockoutDuration");
	}
	if (p.lockout_window.set && !p.lockout_window.never &&
	    p.lockout_window.value * 60 < min_window) {
		struct finding *f = result_finding(r, FINDING_FAIL, subject,
			_("counts failures only over %lld minutes (reset account lockout counter "
			  "after); the profile requires at least %lld seconds"),
			p.lockout_window.value, min_window);
		win_policy_evidence(r, f, origin, &p, &p.lockout_window, "ResetLockoutCount");
	} else if (p.lockout_window.set) {
		win_policy_evidence(r, NULL, origin, &p, &p.lockout_window, "ResetLockoutCount");
	}
	if (admin_unlock && p.lockout_duration.set)
		result_reason(r, _("Windows locks an account after %lld failed logins until an "
				   "administrator unlocks it"), threshold);
	else
		result_reason(r, _("Windows locks an account after %lld failed logins for %lld "
				   "minutes"), threshold, p.lockout_duration.value);
}

const struct check check_auth_lockout_windows = {
	.id = "auth.lockout",
	.title = N_("Accounts are locked after repeated failed logins"),
	.remediation = N_("Set the account lockout policy (secpol.msc > Account Policies > Account "
			  "Lockout Policy, or net accounts /lockoutthreshold:N /lockoutduration:M "
			  "/lockoutwindow:M) to the profile's limits."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
