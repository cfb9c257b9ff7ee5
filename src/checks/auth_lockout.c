/* auth.lockout (guideline 7.0, 14 遵守事項⑥): after repeated failed logins an account is locked
 * for a while, at every interactive entry (console, SSH, su/sudo, display managers). The
 * thresholds are the profile's ([auth] lockout_*): the guideline gives no numbers. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/lockout.h"
#include "../core/profile.h"
#include "../core/twofactor.h"
#include <stdio.h>
#include <string.h>

static void unlock_text(unsigned long t, char *buf, size_t len)
{
	if (t == 0)
		msg_snprintf(buf, len, "%s", _("until an administrator unlocks it"));
	else
		msg_snprintf(buf, len, _("%lu seconds"), t);
}

static void settings_evidence(struct check_result *r, struct finding *f,
			      const struct lockout_entry *e)
{
	char u[96];
	unlock_text(e->unlock_time, u, sizeof u);
	if (f) {
		finding_evidence(f, NULL, _("%s: %s"), e->module, e->where);
		finding_evidence(f, NULL, _("deny = %lu (%s)"), e->deny, e->deny_origin);
		finding_evidence(f, NULL, _("unlock_time: %s (%s)"), u, e->unlock_origin);
		if (e->fail_interval)
			finding_evidence(f, NULL, _("fail_interval = %lu (%s)"), e->fail_interval,
					 e->interval_origin);
	} else {
		result_evidence(r, e->service_file, _("%s: %s: deny = %lu (%s), unlock_time: %s (%s)"),
				e->service, e->where, e->deny, e->deny_origin, u, e->unlock_origin);
	}
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	long long max_failures = profile_int(ctx->profile, "auth", "lockout_max_failures");
	long long min_seconds = profile_int(ctx->profile, "auth", "lockout_min_seconds");
	long long min_window = profile_int(ctx->profile, "auth", "lockout_min_window_seconds");
	struct lockout_facts lf;
	if (lockout_assess(ctx, &lf, r) != 0)
		return;
	if (lf.n == 0 && !lf.have_pam && r->n_findings) {
		lockout_facts_free(&lf);
		result_reason(r, _("no PAM configuration"));
		return;
	}
	if (lf.n == 0) {
		lockout_facts_free(&lf);
		result_not_applicable(r, _("no interactive login service (login, sshd, su, sudo, a "
					   "display manager) is configured in PAM"));
		return;
	}
	/* sshd closes a connection after MaxAuthTries failures; the next connection starts
	 * afresh, so it limits nothing per account: evidence only (issue 18) */
	char tries[400];
	if (twofactor_sshd_max_auth_tries(ctx, tries, sizeof tries) == 0)
		result_evidence(r, "/etc/ssh/sshd_config",
				_("%s: limits password attempts per SSH connection, not per account: "
				  "not a lockout"), tries);
	size_t locking = 0, judged = 0;
	for (size_t i = 0; i < lf.n; i++) {
		const struct lockout_entry *e = &lf.entries[i];
		for (size_t q = 0; q < e->n_problems; q++) {
			const struct faillock_problem *pb = &e->problems[q];
			result_finding(r, FINDING_WARN, e->service,
				       pb->unknown ? _("%s: unknown pam_faillock option '%s': the module "
						       "ignores it")
						   : _("%s: bad value for %s: pam_faillock keeps the "
						       "previous value"), pb->origin, pb->name);
		}
		if (e->state == LOCKOUT_UNUSABLE) {
			result_finding(r, FINDING_INFO, e->service, "%s", e->why);
			continue;
		}
		judged++;
		if (e->state != LOCKOUT_LOCKS) {
			struct finding *f = result_finding(r, FINDING_FAIL, e->service,
				_("does not lock an account after failed logins: %s"), e->why);
			if (e->service_file[0])
				finding_evidence(f, e->service_file, _("the service's PAM file"));
			continue;
		}
		bool ok = true;
		if ((long long)e->deny > max_failures) {
			struct finding *f = result_finding(r, FINDING_FAIL, e->service,
				_("locks only after %lu failed logins; the profile allows at most %lld"),
				e->deny, max_failures);
			settings_evidence(r, f, e);
			ok = false;
		}
		if (e->unlock_time != 0 && (long long)e->unlock_time < min_seconds) {
			struct finding *f = result_finding(r, FINDING_FAIL, e->service,
				_("unlocks after %lu seconds; the profile requires at least %lld"),
				e->unlock_time, min_seconds);
			settings_evidence(r, f, e);
			ok = false;
		}
		if (e->fail_interval != 0 && (long long)e->fail_interval < min_window) {
			struct finding *f = result_finding(r, FINDING_FAIL, e->service,
				_("counts failures only over %lu seconds (fail_interval); the profile "
				  "requires at least %lld"), e->fail_interval, min_window);
			settings_evidence(r, f, e);
			ok = false;
		}
		if (ok) {
			locking++;
			settings_evidence(r, NULL, e);
		}
		if (e->settings_disagree)
			result_finding(r, FINDING_INFO, e->service,
				       _("the pam_faillock lines use different settings; the most "
					 "lenient was judged (%s)"), e->where);
		if (e->root_exempt)
			result_finding(r, FINDING_INFO, e->service,
				       _("root is never locked (even_deny_root is not set)"));
		if (e->local_only)
			result_finding(r, FINDING_INFO, e->service,
				       _("local_users_only: accounts from a directory (LDAP, SSSD) are "
					 "never locked"));
		if (!e->resets)
			result_finding(r, FINDING_INFO, e->service,
				       _("a successful login does not reset the count (no authsucc "
					 "line, no pam_faillock in the account stack): failures add "
					 "up until they expire"));
	}
	if (judged == 0)
		result_reason(r, _("libpam refuses every login through the interactive services"));
	else
		result_reason(r, _("%zu of %zu interactive entries lock an account within the "
				   "profile's limits (at most %lld failures, locked at least %lld "
				   "seconds)"), locking, judged, max_failures, min_seconds);
	lockout_facts_free(&lf);
}

const struct check check_auth_lockout = {
	.id = "auth.lockout",
	.title = N_("Accounts are locked after repeated failed logins"),
	.remediation = N_("Add pam_faillock to the auth stack the way pam_faillock(8) shows "
			  "('auth requisite pam_faillock.so preauth' before pam_unix, 'auth "
			  "[default=die] pam_faillock.so authfail' right after it, 'auth sufficient "
			  "pam_faillock.so authsucc', and 'account required pam_faillock.so'), and "
			  "set deny and unlock_time in /etc/security/faillock.conf."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
