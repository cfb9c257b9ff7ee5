/* auth.two_factor (item 2-10; guideline 7.0, 14 遵守事項⑤): every interactive entry (SSH, the
 * console, display managers, xrdp) requires a second factor. R7's 2-⑩ also accepts a plan to
 * introduce it by FY2027, which no file shows: without a full second factor the row is a
 * person's answer ([auth] two_factor_missing = manual), or a failure where the site's rule
 * set requires it now (= fail). The detection is twofactor.c's, shared with password.max_age
 * and password.policy. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/twofactor.h"
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
	struct twofactor_entries te;
	twofactor_entries_detect(ctx, &te, r);
	if (te.n == 0) {
		result_not_applicable(r, _("no interactive entry (sshd, the console's login service, a "
					   "display manager) is configured"));
		return;
	}
	char single[256] = "";
	for (size_t i = 0; i < te.n; i++) {
		const struct twofactor_entry *e = &te.e[i];
		if (e->required) {
			result_evidence(r, NULL, _("%s: second factor required (%s)"), e->name, e->how);
			continue;
		}
		size_t used = strlen(single);
		msg_snprintf(single + used, sizeof single - used, "%s%s", used ? _(", ") : "", e->name);
		result_finding(r, fail ? FINDING_FAIL : FINDING_INFO, e->name,
			       _("logins through this entry need only one factor"));
	}
	if (te.all_required) {
		result_reason(r, _("every interactive entry requires a second factor"));
		return;
	}
	if (fail)
		result_reason(r, _("single-factor entries: %s"), single);
	else
		result_manual(r, _("single-factor entries: %s; the checklist accepts a plan to "
				   "introduce two-factor authentication by FY2027: answer item 2-10 in "
				   "the site file"), single);
}

const struct check check_auth_two_factor = {
	.id = "auth.two_factor",
	.title = N_("Logins require two-factor authentication"),
	.remediation = N_("Require a second factor at every entry: sshd AuthenticationMethods "
			  "publickey,keyboard-interactive (or publickey,password) with UsePAM and "
			  "pam_google_authenticator/pam_u2f/pam_oath required in /etc/pam.d/sshd, and "
			  "the same module required (without nullok/nouserok) in the login and "
			  "display-manager stacks; or smart cards (pam_pkcs11, pam_sss "
			  "require_cert_auth)."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
