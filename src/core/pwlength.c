/* Which minimum length applies: the profile's, raised without a second factor. */
#include "pwlength.h"
#include "context.h"
#include "i18n.h"
#include "profile.h"
#include "result.h"
#include "twofactor.h"
#include "twofactor_windows.h"
#include "winsource.h"
#include "../parsers/win_policy.h"
#include <stdio.h>
#include <string.h>

long long pw_required_min_length(struct audit_context *ctx, struct check_result *r)
{
	long long base = profile_int(ctx->profile, "password", "min_length");
	long long without = profile_int(ctx->profile, "password", "min_length_without_two_factor");
	if (without <= base)
		return base;
	bool all = false;
	char single[256] = "";
	if (ctx->platform == PLATFORM_WINDOWS) {
		struct win_account_policy p;
		char origin[512], why[256];
		bool have = win_policy_load(ctx, &p, origin, sizeof origin, r, why, sizeof why) == 0;
		all = win_twofactor_required(ctx, have ? &p : NULL, origin, r);
		if (!all)
			msg_snprintf(single, sizeof single, "%s", _("interactive logon"));
	} else {
		struct twofactor_entries te;
		twofactor_entries_detect(ctx, &te, r);
		all = te.all_required;
		for (size_t i = 0; i < te.n; i++) {
			if (te.e[i].required)
				continue;
			size_t used = strlen(single);
			msg_snprintf(single + used, sizeof single - used, "%s%s", used ? _(", ") : "",
				 te.e[i].name);
		}
		if (te.n == 0)
			msg_snprintf(single, sizeof single, "%s", _("no interactive entry found"));
	}
	if (all) {
		result_evidence(r, NULL, _("minimum length %lld applies: every interactive entry "
					   "requires a second factor (%lld without one)"), base, without);
		return base;
	}
	result_evidence(r, NULL, _("minimum length %lld applies, not %lld: no second factor at %s "
				   "(the profile requires %lld characters with two-factor "
				   "authentication, %lld without)"), without, base, single, base, without);
	return without;
}
