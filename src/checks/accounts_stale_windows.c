/* accounts.stale on Windows: enabled local accounts unused past [accounts] stale_days, never used
 * past the grace period, the built-in Administrator (RID 500) and Guest (RID 501) enabled, and
 * accounts that need no password. Accounts from Get-LocalUser, else net user (winsource.h). */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/timefmt.h"
#include "../core/winsource.h"
#include "../core/xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool exempt(const struct profile_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcasecmp(l->items[i], name))
			return true;
	return false;
}

static void account_evidence(struct finding *f, const char *origin, const struct win_user *u)
{
	if (u->line)
		finding_evidence(f, origin, _("line %u: last logon '%s', password last set '%s'%s%s"),
				 u->line, u->last_logon_raw, u->password_last_set_raw,
				 u->sid[0] ? ", SID " : "", u->sid);
	else
		finding_evidence(f, origin, _("%s: last logon '%s', password last set '%s'"),
				 u->name, u->last_logon_raw, u->password_last_set_raw);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	long long stale_days = profile_int(ctx->profile, "accounts", "stale_days");
	long long grace_days = profile_int(ctx->profile, "accounts", "never_logged_in_grace_days");
	const struct profile_list *ex = profile_list(ctx->profile, "accounts", "exempt");
	struct win_user *users;
	size_t n;
	bool sids;
	char origin[512], why[1024];
	int rc = win_users_load(ctx, &users, &n, &sids, origin, sizeof origin, r, why, sizeof why);
	if (rc == -ENOENT && !ctx->live) {
		result_not_applicable(r, _("no account capture under --root (%s/get-localuser.csv or "
					   "net-user.txt): %s"), WIN_CAPTURE_DIR, why);
		return;
	}
	if (rc < 0) {
		result_error(r, rc == -EACCES ? _("cannot list local accounts (run elevated, as "
						  "Administrator): %s")
					      : _("cannot list local accounts: %s"), why);
		return;
	}
	result_evidence(r, origin, _("%zu local accounts"), n);

	/* Without SIDs (net user), the built-in accounts are known by the names secedit reports,
	 * else by their default names (Windows does not translate them). */
	char admin[128] = "Administrator", guest[128] = "Guest";
	if (!sids) {
		struct win_account_policy p;
		char porigin[512], pwhy[512];
		struct check_result scratch;
		result_init(&scratch, NULL);
		if (win_policy_load(ctx, &p, porigin, sizeof porigin, &scratch, pwhy, sizeof pwhy) == 0 &&
		    p.source == WINPOL_SECEDIT) {
			if (p.admin_name[0])
				msg_snprintf(admin, sizeof admin, "%s", p.admin_name);
			if (p.guest_name[0])
				msg_snprintf(guest, sizeof guest, "%s", p.guest_name);
			result_evidence(r, porigin, _("built-in accounts: Administrator is '%s', Guest is "
						      "'%s'"), admin, guest);
		} else {
			result_evidence(r, NULL, _("no SIDs from net user: the built-in accounts are "
						   "taken by their default names Administrator and Guest"));
		}
		result_free(&scratch);
	}

	size_t enabled = 0, unread = 0, failing = 0;
	for (size_t i = 0; i < n; i++) {
		const struct win_user *u = &users[i];
		if (u->unread[0]) {
			unread++;
			struct finding *f = result_finding(r, FINDING_WARN, u->name,
				_("not judged: the account's details cannot be read"));
			finding_evidence(f, NULL, "%s", u->unread);
			continue;
		}
		if (u->enabled == 0)
			continue;
		if (u->enabled < 0) {
			struct finding *f = result_finding(r, FINDING_WARN, u->name,
				_("cannot tell whether the account is enabled"));
			account_evidence(f, origin, u);
			continue;
		}
		enabled++;
		long rid = sids ? win_sid_rid(u->sid) : !strcasecmp(u->name, admin) ? 500
						      : !strcasecmp(u->name, guest) ? 501 : -1;
		if (rid == 500 || rid == 501) {
			struct finding *f = result_finding(r, FINDING_FAIL, u->name, rid == 500
				? _("the built-in Administrator account (RID 500) is enabled: every attacker "
				    "knows its name and it is exempt from lockout")
				: _("the built-in Guest account (RID 501) is enabled: anyone can log on "
				    "without an account of their own"));
			account_evidence(f, origin, u);
			continue;
		}
		if (rid == 503 || rid == 504) {
			struct finding *f = result_finding(r, FINDING_FAIL, u->name,
				_("a system-managed account (RID %ld) is enabled; Windows keeps it "
				  "disabled"), rid);
			account_evidence(f, origin, u);
			continue;
		}
		if (u->password_required == 0) {
			struct finding *f = result_finding(r, FINDING_WARN, u->name,
				_("needs no password (PasswordRequired False): its password may be empty"));
			account_evidence(f, origin, u);
		}
		if (exempt(ex, u->name))
			continue;
		if (u->last_logon > 0) {
			int64_t idle = (ctx->now - u->last_logon) / 86400;
			if (idle > stale_days) {
				struct finding *f = result_finding(r, FINDING_FAIL, u->name,
					_("no logon for %lld days (limit %lld)"), (long long)idle,
					stale_days);
				account_evidence(f, origin, u);
			}
			continue;
		}
		if (u->last_logon == WIN_UNKNOWN && u->date_error[0]) {
			/* a date that cannot be placed is no date: this account is not judged */
			unread++;
			struct finding *f = result_finding(r, FINDING_WARN, u->name,
				_("not judged: its last logon cannot be placed in time: %s"),
				u->date_error);
			account_evidence(f, origin, u);
			continue;
		}
		if (u->last_logon == WIN_UNKNOWN) {
			struct finding *f = result_finding(r, FINDING_WARN, u->name,
				_("last logon '%s' is not a date kensa can read"), u->last_logon_raw);
			account_evidence(f, origin, u);
			continue;
		}
		if (u->password_last_set == WIN_UNKNOWN && u->date_error[0]) {
			unread++;
			struct finding *f = result_finding(r, FINDING_WARN, u->name,
				_("not judged: never logged on, and its password date cannot be placed "
				  "in time: %s"), u->date_error);
			account_evidence(f, origin, u);
		} else if (u->password_last_set > 0) {
			int64_t age = (ctx->now - u->password_last_set) / 86400;
			if (age > grace_days) {
				struct finding *f = result_finding(r, FINDING_FAIL, u->name,
					_("never logged on, password set %lld days ago (grace %lld)"),
					(long long)age, grace_days);
				account_evidence(f, origin, u);
			}
		} else {
			struct finding *f = result_finding(r, FINDING_WARN, u->name,
				_("never logged on; the account's age is unknown (no password-set date)"));
			account_evidence(f, origin, u);
		}
	}
	for (size_t i = 0; i < r->n_findings; i++)
		failing += r->findings[i].severity == FINDING_FAIL;
	/* an account that could not be read is not a pass; a failing one still decides */
	if (unread && !failing)
		result_error(r, _("%zu of %zu local accounts cannot be read or dated, so they are not "
				  "judged; %zu are enabled"), unread, n, enabled);
	else
		result_reason(r, _("%zu of %zu local accounts are enabled"), enabled, n);
	free(users);
}

const struct check check_accounts_stale_windows = {
	.id = "accounts.stale",
	.title = N_("Unused and unneeded accounts are removed or disabled"),
	.remediation = N_("Disable accounts that are no longer used (net user NAME /active:no, or "
			  "Disable-LocalUser NAME) or delete them (net user NAME /delete); keep the "
			  "built-in Administrator and Guest disabled and administer with a named "
			  "account."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
