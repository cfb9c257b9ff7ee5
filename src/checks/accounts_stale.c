/* accounts.stale: accounts that can log in but are no longer used, or should not exist —
 * stale and never-used logins, expired-but-unlocked, login-capable system accounts, shared UIDs. */
#include "../core/accounts.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/lastlogin.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/timefmt.h"
#include "../core/xalloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void capability_evidence(struct finding *f, const struct account *a,
				const struct account_login *c)
{
	finding_evidence(f, "/etc/passwd", _("line %u: uid %u, shell %s"), a->passwd_line, a->uid,
			 *a->shell ? a->shell : _("(empty: /bin/sh)"));
	finding_evidence(f, a->has_shadow ? "/etc/shadow" : "/etc/passwd", "%s",
			 password_state_name(c->pw));
	if (c->keys)
		finding_evidence(f, c->keys_path, _("%d SSH public key(s) allow login"), c->n_keys);
}

struct uid_key {
	uint32_t uid;
	size_t index;
};

/* By UID, then file order: a total order, so each group lists its accounts as passwd does. */
static int by_uid(const void *a, const void *b)
{
	const struct uid_key *x = a, *y = b;
	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void check_duplicates(const struct account_db *db, struct check_result *r)
{
	/* Sort by UID so duplicates are adjacent: one qsort, O(n log n) (a halving-gap shell
	 * sort was superlinear at a million accounts). */
	struct uid_key *keys = xmalloc((db->n ? db->n : 1) * sizeof *keys);
	for (size_t i = 0; i < db->n; i++)
		keys[i] = (struct uid_key){ db->accounts[i].uid, i };
	if (db->n > 1)
		qsort(keys, db->n, sizeof *keys, by_uid);
	size_t *order = xmalloc((db->n ? db->n : 1) * sizeof *order);
	for (size_t i = 0; i < db->n; i++)
		order[i] = keys[i].index;
	free(keys);
	for (size_t i = 0; i < db->n;) {
		size_t j = i + 1;
		while (j < db->n && db->accounts[order[j]].uid == db->accounts[order[i]].uid)
			j++;
		if (j - i > 1) {
			for (size_t k = i; k < j; k++) {
				const struct account *a = &db->accounts[order[k]];
				if (a->uid == 0 && strcmp(a->name, "root") == 0)
					continue;
				struct finding *f;
				if (a->uid == 0)
					f = result_finding(r, FINDING_FAIL, a->name,
							   _("has UID 0: a second superuser"));
				else
					f = result_finding(r, FINDING_FAIL, a->name,
							   _("shares UID %u with %zu other account(s)"),
							   a->uid, j - i - 1);
				finding_evidence(f, "/etc/passwd", _("line %u: uid %u"), a->passwd_line,
						 a->uid);
			}
		}
		i = j;
	}
	free(order);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	const struct account_db *db = accounts_get(ctx, r);
	if (!db)
		return;
	long long stale_days = profile_int(ctx->profile, "accounts", "stale_days");
	long long grace_days = profile_int(ctx->profile, "accounts", "never_logged_in_grace_days");
	const struct profile_list *exempt = profile_list(ctx->profile, "accounts", "exempt");

	result_evidence(r, "/etc/passwd", _("%zu accounts"), db->n);
	if (!db->have_shadow)
		result_evidence(r, "/etc/shadow", _("absent: passwords and expiry read from /etc/passwd"));
	result_evidence(r, "/etc/login.defs", "UID_MIN=%ld UID_MAX=%ld%s", db->uid_min, db->uid_max,
			db->have_login_defs ? "" : _(" (file absent: shadow-utils defaults)"));
	if (db->login_defs_err) {
		struct finding *f = result_finding(r, FINDING_WARN, "/etc/login.defs",
			_("not read (%s): UID_MIN and UID_MAX are shadow-utils' defaults, not this system's"),
			rootfs_strerror(db->login_defs_err));
		finding_evidence(f, "/etc/login.defs", "%s", rootfs_strerror(db->login_defs_err));
	}
	for (size_t i = 0; i < db->n_malformed; i++) {
		struct finding *f = result_finding(r, FINDING_WARN, db->malformed[i].file,
						   _("line %u is malformed (%s) and ignored by the system"),
						   db->malformed[i].line, db->malformed[i].why);
		finding_evidence(f, db->malformed[i].file, _("line %u"), db->malformed[i].line);
	}
	if (db->nis_entries)
		result_evidence(r, "/etc/passwd",
				_("%zu NIS compat (+/-) entries: network accounts are not audited"),
				db->nis_entries);

	struct last_login *logins = xcalloc(db->n ? db->n : 1, sizeof *logins);
	struct login_sources sources;
	lastlogin_collect(ctx, db, logins, &sources, r);
	if (!sources.any)
		result_evidence(r, NULL, _("no login records found (lastlog, wtmp, lastlog2, wtmpdb): "
					   "accounts are judged as never used"));

	size_t capable = 0;
	for (size_t i = 0; i < db->n; i++) {
		const struct account *a = &db->accounts[i];
		struct account_login c;
		account_assess_login(ctx, a, &c);
		bool system = a->uid != 0 && (a->uid < (unsigned long)db->uid_min ||
					      a->uid > (unsigned long)db->uid_max);

		if (c.expired && c.pw == PASSWORD_USABLE) {
			char day[16];
			format_day(a->expire, day, sizeof day);
			struct finding *f = result_finding(r, FINDING_WARN, a->name,
				_("expired on %s but the password is not locked: changing the date re-enables it"),
				day);
			finding_evidence(f, "/etc/shadow", _("line %u: expire %s"), a->shadow_line, day);
		}
		if (!account_login_capable(&c))
			continue;
		capable++;
		if (!system && profile_list_contains(exempt, a->name))
			continue;
		/* the rule itself is shared with accounts.privileged (accounts.c) */
		const struct last_login *l = &logins[i];
		enum finding_severity sev;
		char why[300];
		if (!account_stale_reason(ctx, db, a, &c, l->time, stale_days, grace_days, &sev, why,
					  sizeof why))
			continue;
		struct finding *f = result_finding(r, sev, a->name, "%s", why);
		if (!system && l->time > 0) {
			char when[32];
			format_time(l->time, when, sizeof when);
			finding_evidence(f, l->source, _("last login %s from %s"), when,
					 l->from[0] ? l->from : "-");
		} else if (!system && a->lastchg > 0) {
			char day[16];
			format_day(a->lastchg, day, sizeof day);
			finding_evidence(f, "/etc/shadow", _("line %u: last change %s"), a->shadow_line,
					 day);
		}
		capability_evidence(f, a, &c);
	}
	free(logins);
	check_duplicates(db, r);
	result_reason(r, _("%zu of %zu accounts can log in"), capable, db->n);
}

const struct check check_accounts_stale = {
	.id = "accounts.stale",
	.title = N_("Unused and unneeded accounts are removed or disabled"),
	.remediation = N_("Lock accounts that are no longer used (usermod -L -e 1 NAME) or delete "
			  "them (userdel NAME); give system accounts a nologin shell; give every "
			  "account its own UID."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
