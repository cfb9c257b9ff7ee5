/* password.policy (item 2-7): the password rules passwd(1) really enforces through PAM refuse
 * passwords shorter than the profile's minimum and passwords missing a required class. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/pwenforce.h"
#include "../core/pwlength.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The modules that decided the outcome, as evidence on a finding. */
static void decisive_evidence(struct finding *f, const struct pw_enforced *e)
{
	bool any = false;
	for (size_t i = 0; i < e->n_mods; i++) {
		const struct pw_module_use *m = &e->mods[i];
		if (!m->enforced || m->warn_only)
			continue;
		any = true;
		for (size_t k = 0; k < m->n_settings; k++) {
			const char *t = m->settings[k];
			char *src = t[0] == '/' ? xstrndup(t, strcspn(t, ": ")) : NULL;
			/* word for word as pwenforce.c lists it for the check, so the report shows
			 * it once and the findings refer to it */
			if (m->line)
				finding_evidence(f, src, "%s (%s:%u): %s", m->module, m->file, m->line,
						 t);
			else
				finding_evidence(f, src ? src : m->file, "%s: %s", m->module, t);
			free(src);
		}
	}
	if (!any)
		finding_evidence(f, e->have_pam ? e->stack->service_file : NULL, "%s",
				 _("no module in the passwd stack can refuse a password"));
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	long long min_length = pw_required_min_length(ctx, r);
	const struct profile_list *classes = profile_list(ctx->profile, "password",
							  "required_classes");
	if (!pw_profile_classes_valid(classes, r))
		return;
	struct pw_enforced e;
	if (pw_enforced_load(ctx, &e, r) != 0)
		return;
	char *broken = pw_report_flow(&e, r);
	if (broken) {
		/* the rules never meet a password: judging them would describe a policy that
		 * does not exist */
		result_reason(r, "%s", broken);
		free(broken);
		pw_enforced_free(&e);
		return;
	}
	const struct pw_outcome *o = &e.outcome;
	const char *subject = e.have_pam ? "passwd" : "/etc/login.defs";
	if (!o->any_accepted) {
		result_finding(r, FINDING_WARN, subject,
			       _("the enforced rules accept no password at all"));
		pw_enforced_free(&e);
		return;
	}
	char cls[96];
	pw_classes_text(o->shortest_classes, cls, sizeof cls);
	if (o->shortest < min_length) {
		struct finding *f = result_finding(r, FINDING_FAIL, subject,
			_("a %d-character password is accepted (for example one using only: %s); the "
			  "profile requires at least %lld"), o->shortest, cls, min_length);
		decisive_evidence(f, &e);
	}
	for (size_t i = 0; i < classes->n; i++) {
		unsigned mask;
		pw_profile_class_mask(classes->items[i], &mask);
		bool required = mask == PWC_LETTERS ? o->letters_required : (o->required & mask) != 0;
		if (!required) {
			struct finding *f = result_finding(r, FINDING_FAIL, subject,
				_("passwords without %s are accepted; the profile requires them"),
				pw_profile_class_label(classes->items[i]));
			decisive_evidence(f, &e);
		}
	}
	for (size_t i = 0; i < e.n_mods; i++) {
		const struct pw_module_use *m = &e.mods[i];
		if (m->enforced && !m->warn_only && m->root_exempt && strcmp(m->module, "login.defs")) {
			struct finding *f = result_finding(r, FINDING_INFO, m->module,
				_("not applied when root sets a password (passwd USER as root); users "
				  "changing their own password are held to it"));
			finding_evidence(f, m->file, _("line %u"), m->line);
		}
	}
	char req[96];
	pw_classes_text(o->required, req, sizeof req);
	result_reason(r, _("shortest accepted password: %d characters; always required: %s%s"),
		      o->shortest, req, o->letters_required && !(o->required & PWC_LETTERS)
						? _(" (and a letter of either case)") : "");
	pw_enforced_free(&e);
}

const struct check check_password_policy = {
	.id = "password.policy",
	.title = N_("Passwords must have 8+ characters mixing letters, digits and symbols"),
	.remediation = N_("Install pam_pwquality (Debian: apt install libpam-pwquality; RHEL: in "
			  "authselect's default profiles) with it first in the password stack as "
			  "'requisite', and set in /etc/security/pwquality.conf: minlen = 8, "
			  "dcredit = -1, ocredit = -1 and lcredit = -1 (or minclass = 4)."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
