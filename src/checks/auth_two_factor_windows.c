/* auth.two_factor on Windows (item 2-10; guideline 7.0, 14 遵守事項⑤): interactive logons require a
 * smart card or Windows Hello for Business (ScForceOption = 1). Windows Hello merely enabled and
 * third-party credential providers are evidence; without the requirement the row is a person's
 * answer ([auth] two_factor_missing = manual) or a failure (= fail). */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/twofactor_windows.h"
#include "../core/winsource.h"
#include <stdio.h>
#include <string.h>

static void run(struct audit_context *ctx, struct check_result *r)
{
	const char *missing = profile_string(ctx->profile, "auth", "two_factor_missing");
	bool fail = strcmp(missing, "fail") == 0;
	if (!fail && strcmp(missing, "manual") != 0) {
		result_error(r, _("[auth] two_factor_missing = %s: expected manual or fail"), missing);
		return;
	}
	if (win_registry_for_check(ctx, r) != 0)
		return;
	/* secedit's [Registry Values] also carries ScForceOption: use it when the key is absent */
	struct win_account_policy p;
	char origin[512], why[256];
	bool have_policy = win_policy_load(ctx, &p, origin, sizeof origin, NULL, why,
					   sizeof why) == 0;
	bool required = win_twofactor_required(ctx, have_policy ? &p : NULL, origin, r);
	win_credential_providers_evidence(ctx, r);
	if (required) {
		result_reason(r, _("interactive logons require a smart card or Windows Hello for "
				   "Business"));
		return;
	}
	const char *subject = _("interactive logon");
	result_finding(r, fail ? FINDING_FAIL : FINDING_INFO, subject,
		       _("a password alone logs on (ScForceOption is not 1)"));
	if (fail)
		result_reason(r, _("single-factor entries: %s"), subject);
	else
		result_manual(r, _("single-factor entries: %s; the checklist accepts a plan to "
				   "introduce two-factor authentication by FY2027: answer item 2-10 in "
				   "the site file"), subject);
}

const struct check check_auth_two_factor_windows = {
	.id = "auth.two_factor",
	.title = N_("Logins require two-factor authentication"),
	.remediation = N_("Enable 'Interactive logon: Require Windows Hello for Business or smart "
			  "card' (ScForceOption = 1) once every user has a smart card or Windows Hello "
			  "for Business, or deploy a credential provider that replaces the password "
			  "provider."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
