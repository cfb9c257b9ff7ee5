/* password.policy on Windows (item 2-7): the account policy's minimum length and complexity
 * against [password] min_length and required_classes. Windows' complexity rule (PasswordComplexity
 * = 1) asks for three of the character categories (upper, lower, digit, symbol, other alphabetic)
 * and no account name: it guarantees an alphabetic character, but never a digit, a symbol, or a
 * given case (upper + lower + digit passes). Only a password filter DLL can require more. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/pwlength.h"
#include "../core/pwpolicy.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LSA_KEY "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa"

/* Password filter DLLs besides Windows' own (scecli: the security policy engine; rassfm: RAS).
 * A third-party filter may enforce more than the policy says. */
static size_t password_filters(struct audit_context *ctx, char *names, size_t len, char **src)
{
	struct winreg_value v;
	names[0] = '\0';
	*src = NULL;
	if (winreg_read(ctx->root, LSA_KEY, "Notification Packages", &v) != 0)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < v.len;) {
		const char *s = (const char *)v.data + i;
		size_t l = strnlen(s, v.len - i);
		if (l && strcasecmp(s, "scecli") && strcasecmp(s, "rassfm")) {
			msg_snprintf(names + strlen(names), len - strlen(names), "%s%.*s", n ? ", " : "",
				 (int)l, s);
			n++;
		}
		i += l + 1;
	}
	*src = v.path;
	v.path = NULL;
	winreg_value_free(&v);
	return n;
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	long long min_length = pw_required_min_length(ctx, r);
	const struct profile_list *classes = profile_list(ctx->profile, "password",
							  "required_classes");
	if (!pw_profile_classes_valid(classes, r))
		return;
	struct win_account_policy p;
	char origin[512];
	if (win_policy_for_check(ctx, &p, origin, sizeof origin, r) != 0)
		return;
	const char *subject = _("account policy");
	char filters[512];
	char *filters_src;
	size_t n_filters = password_filters(ctx, filters, sizeof filters, &filters_src);
	/* With a third-party filter the policy is a floor, not the whole rule: say so, not fail. */
	enum finding_severity class_sev = n_filters ? FINDING_WARN : FINDING_FAIL;

	if (p.min_length.value < min_length) {
		struct finding *f = result_finding(r, FINDING_FAIL, subject,
			_("passwords of %lld characters are accepted; the profile requires at least "
			  "%lld"), p.min_length.value, min_length);
		win_policy_evidence(r, f, origin, &p, &p.min_length, "MinimumPasswordLength");
	} else {
		win_policy_evidence(r, NULL, origin, &p, &p.min_length, "MinimumPasswordLength");
	}

	int complexity = p.source == WINPOL_SECEDIT ? (p.complexity.set && p.complexity.value == 1)
						    : -1;
	if (complexity < 0) {
		struct finding *f = result_finding(r, FINDING_WARN, subject,
			_("whether the complexity rule is on is unknown: net accounts does not show it "
			  "(run elevated so that secedit can export the policy)"));
		finding_evidence(f, origin, _("no complexity line in net accounts"));
	} else {
		win_policy_evidence(r, NULL, origin, &p, &p.complexity, "PasswordComplexity");
	}
	for (size_t i = 0; i < classes->n; i++) {
		const char *c = classes->items[i];
		if (!strcmp(c, "letters") && complexity == 1)
			continue; /* three categories always include an alphabetic one */
		if (!strcmp(c, "letters") && complexity < 0)
			continue; /* the warning above covers it */
		struct finding *f;
		if (complexity == 1)
			f = result_finding(r, class_sev, subject,
				_("passwords without %s are accepted: Windows' complexity rule asks for "
				  "3 of 4 categories (upper, lower, digit, symbol), so e.g. upper + lower + "
				  "digit passes; the profile requires %s"),
				pw_profile_class_label(c), pw_profile_class_label(c));
		else if (complexity == 0)
			f = result_finding(r, class_sev, subject,
				_("passwords without %s are accepted: the complexity rule is off; the "
				  "profile requires them"), pw_profile_class_label(c));
		else
			f = result_finding(r, class_sev, subject,
				_("passwords without %s are accepted whatever the complexity rule says: "
				  "it never requires one category in particular; the profile requires "
				  "them"), pw_profile_class_label(c));
		if (complexity >= 0)
			win_policy_evidence(r, f, origin, &p, &p.complexity, "PasswordComplexity");
		if (n_filters)
			finding_evidence(f, filters_src, _("password filter(s) %s may refuse such "
							   "passwords: kensa cannot tell"), filters);
	}
	if (n_filters)
		result_evidence(r, filters_src, _("Notification Packages: third-party password "
						  "filter(s) %s"), filters);
	if (p.cleartext.set && p.cleartext.value == 1) {
		struct finding *f = result_finding(r, FINDING_FAIL, subject,
			_("passwords are stored with reversible encryption (ClearTextPassword = 1)"));
		win_policy_evidence(r, f, origin, &p, &p.cleartext, "ClearTextPassword");
	}
	result_reason(r, _("minimum length %lld; complexity rule %s"), p.min_length.value,
		      complexity < 0 ? _("unknown") : complexity ? _("on (3 of 4 categories)")
							 : _("off"));
	free(filters_src);
}

const struct check check_password_policy_windows = {
	.id = "password.policy",
	.title = N_("Passwords must have 8+ characters mixing letters, digits and symbols"),
	.remediation = N_("In the local security policy (secpol.msc > Account Policies > Password "
			  "Policy) or a GPO set 'Minimum password length' to 8 or more and enable "
			  "'Password must meet complexity requirements'. Windows cannot require a digit "
			  "and a symbol in every password by itself: that needs a password filter, or "
			  "an accepted exception in the site file."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
