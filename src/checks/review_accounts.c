/* logs.review: the account files against the previous audit's snapshot (see review_accounts.h).
 * Every change is one finding naming the account (or group) and what it was and is — never a
 * password or its hash. A change a person must confirm is a warning: an account or group
 * created or removed, a UID, primary group, home or shell changed, a password made empty or
 * unlocked, an expiry lifted or moved later, members added. A new password, a locked account,
 * members removed and an expiry brought forward are listed for information: they are what
 * password aging and account clean-up are meant to bring. */
#include "review_accounts.h"
#include "../core/account_snapshot.h"
#include "../core/accounts.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/groups.h"
#include "../core/i18n.h"
#include "../core/msg.h"
#include "../core/review_prior.h"
#include "../core/timefmt.h"
#include <stdio.h>
#include <string.h>

#define CHANGES_SHOWN 40 /* findings before the rest are summed up in one */

struct account_review {
	struct check_result *r;
	char since[40];
	size_t shown, more_warn, more_info;
};

static void day_text(long long days, char *buf, size_t len)
{
	if (days < 0)
		msg_snprintf(buf, len, "%s", _("never"));
	else
		format_day(days, buf, len);
}

/* Whether one more finding of this severity is listed; the rest are summed up. */
static bool room(struct account_review *ar, enum finding_severity sev)
{
	if (ar->shown < CHANGES_SHOWN) {
		ar->shown++;
		return true;
	}
	if (sev == FINDING_INFO)
		ar->more_info++;
	else
		ar->more_warn++;
	return false;
}

static void confirm(struct finding *f)
{
	if (f->severity != FINDING_INFO)
		finding_remedy(f, _("Confirm that each account and group change was planned and "
				    "approved (who made it, and why)."));
}

static void account_change(struct account_review *ar, const struct account_change *c)
{
	const struct snapshot_user *a = c->user_before, *b = c->user_after;
	struct check_result *r = ar->r;
	const char *t = ar->since;
	enum finding_severity W = FINDING_WARN, I = FINDING_INFO;
	if (c->kind == ACCOUNT_ADDED) {
		if (room(ar, W))
			confirm(result_finding(r, W, b->name,
				_("account created since %s (UID %lu, GID %lu, shell %s, %s)"), t,
				(unsigned long)b->uid, (unsigned long)b->gid,
				b->shell[0] ? b->shell : "-", password_state_name(b->pw)));
		return;
	}
	if (c->kind == ACCOUNT_REMOVED) {
		if (room(ar, W))
			confirm(result_finding(r, W, a->name,
				_("account removed since %s (it had UID %lu)"), t,
				(unsigned long)a->uid));
		return;
	}
	if ((c->what & CHANGED_UID) && room(ar, W))
		confirm(result_finding(r, W, b->name, _("UID changed since %s: %lu → %lu"), t,
				       (unsigned long)a->uid, (unsigned long)b->uid));
	if ((c->what & CHANGED_GID) && room(ar, W))
		confirm(result_finding(r, W, b->name,
				       _("primary group changed since %s: GID %lu → %lu"), t,
				       (unsigned long)a->gid, (unsigned long)b->gid));
	if ((c->what & CHANGED_HOME) && room(ar, W))
		confirm(result_finding(r, W, b->name, _("home directory changed since %s: %s → %s"),
				       t, a->home, b->home));
	if ((c->what & CHANGED_SHELL) && room(ar, W))
		confirm(result_finding(r, W, b->name, _("login shell changed since %s: %s → %s"), t,
				       a->shell[0] ? a->shell : "-", b->shell[0] ? b->shell : "-"));
	if (c->what & CHANGED_PASSWORD_STATE) {
		/* a password that became usable or empty opens a login; locking closes one */
		bool opens = b->pw == PASSWORD_EMPTY ||
			     (b->pw == PASSWORD_USABLE && a->pw != PASSWORD_EMPTY);
		enum finding_severity sev = opens ? W : I;
		if (room(ar, sev))
			confirm(result_finding(r, sev, b->name,
				_("password state changed since %s: %s → %s"), t,
				password_state_name(a->pw), password_state_name(b->pw)));
	}
	if ((c->what & CHANGED_PASSWORD) && room(ar, I))
		result_finding(r, I, b->name, _("password changed since %s"), t);
	char x[16], y[16];
	if ((c->what & CHANGED_LASTCHG) && room(ar, I)) {
		day_text(a->lastchg, x, sizeof x);
		day_text(b->lastchg, y, sizeof y);
		result_finding(r, I, b->name,
			       _("password's last-change day changed since %s: %s → %s"), t, x, y);
	}
	if (c->what & CHANGED_EXPIRE) {
		/* lifting an expiry or moving it later keeps an account usable longer */
		bool extends = b->expire < 0 || (a->expire >= 0 && b->expire > a->expire);
		enum finding_severity sev = extends ? W : I;
		day_text(a->expire, x, sizeof x);
		day_text(b->expire, y, sizeof y);
		if (room(ar, sev))
			confirm(result_finding(r, sev, b->name,
				_("account expiry changed since %s: %s → %s"), t, x, y));
	}
}

static void group_change(struct account_review *ar, const struct account_change *c)
{
	const struct snapshot_group *a = c->group_before, *b = c->group_after;
	struct check_result *r = ar->r;
	const char *t = ar->since;
	enum finding_severity W = FINDING_WARN, I = FINDING_INFO;
	char members[512];
	if (c->kind == GROUP_ADDED) {
		snapshot_members_minus(b, NULL, members, sizeof members);
		if (room(ar, W))
			confirm(result_finding(r, W, b->name,
				_("group created since %s (GID %ld, members: %s)"), t, b->gid,
				members[0] ? members : "-"));
		return;
	}
	if (c->kind == GROUP_REMOVED) {
		if (room(ar, W))
			confirm(result_finding(r, W, a->name,
				_("group removed since %s (it had GID %ld)"), t, a->gid));
		return;
	}
	if ((c->what & CHANGED_GID) && room(ar, W))
		confirm(result_finding(r, W, b->name, _("group's GID changed since %s: %ld → %ld"),
				       t, a->gid, b->gid));
	if (!(c->what & CHANGED_MEMBERS))
		return;
	snapshot_members_minus(b, a, members, sizeof members);
	if (members[0] && room(ar, W))
		confirm(result_finding(r, W, b->name, _("members added to the group since %s: %s"),
				       t, members));
	snapshot_members_minus(a, b, members, sizeof members);
	if (members[0] && room(ar, I))
		result_finding(r, I, b->name, _("members removed from the group since %s: %s"), t,
			       members);
}

static void on_change(void *ud, const struct account_change *c)
{
	struct account_review *ar = ud;
	if (c->kind == ACCOUNT_ADDED || c->kind == ACCOUNT_REMOVED || c->kind == ACCOUNT_CHANGED)
		account_change(ar, c);
	else
		group_change(ar, c);
}

void review_account_files(struct audit_context *ctx, struct check_result *r, int zone)
{
	static const char files[] = "/etc/passwd, /etc/shadow, /etc/group";
	struct account_snapshot *snap = ctx->account_snapshot;
	if (!snap) {
		result_evidence(r, files, "%s",
				_("not compared with an earlier state: kensa keeps the accounts' "
				  "state only with --report-dir"));
		return;
	}
	/* the accounts as the account checks read them; their load error is theirs to report */
	const struct account_db *db = ctx->accounts;
	if (!db && !ctx->accounts_err) {
		struct check_result scratch;
		result_init(&scratch, r->check);
		db = accounts_get(ctx, &scratch);
		result_free(&scratch);
	}
	if (!db) {
		static const char why[] = N_("not compared with the previous state: %s");
		struct finding *f = result_finding(r, FINDING_WARN, files, _(why),
						   ctx->accounts_errmsg);
		if (ctx->accounts_errmsg_msg) { /* the load error's identity (accounts.c) */
			struct kmsg *arg = msg_copy(ctx->accounts_errmsg_msg);
			msg_free(f->detail_msg);
			f->detail_msg = msg_make(why, 1, &arg);
		}
		return;
	}
	/* the group files' read errors are accounts.privileged's to report; here they only
	 * mean groups are not compared */
	struct group_db groups;
	group_db_load(ctx, NULL, &groups);
	if (!groups.read)
		result_evidence(r, "/etc/group", "%s",
				_("not read: groups are not compared with an earlier state"));
	struct account_state now;
	account_snapshot_take(snap, db, groups.read ? &groups : NULL, &now);
	group_db_free(&groups);

	const struct account_state *prior = account_snapshot_prior(snap);
	if (!prior) {
		const char *why = account_snapshot_note(snap);
		result_evidence(r, files, "%s",
				why ? _(why)
				    : _("no earlier account snapshot in the report directory: account "
					"changes are judged from the next report on"));
	} else {
		struct account_review ar;
		memset(&ar, 0, sizeof ar);
		ar.r = r;
		format_time_offset(prior->taken_at, zone, ar.since, sizeof ar.since);
		size_t n = account_state_compare(prior, &now, on_change, &ar);
		if (ar.more_warn)
			result_finding(r, FINDING_WARN, _("account changes"),
				       _("and %zu more not listed"), ar.more_warn + ar.more_info);
		else if (ar.more_info)
			result_finding(r, FINDING_INFO, _("account changes"),
				       _("and %zu more not listed"), ar.more_info);
		const struct review_prior *rp = ctx->review_prior;
		bool same = rp && rp->audited_at == prior->taken_at;
		if (same)
			result_evidence(r, files,
					_("compared with their state at the previous report (%s): "
					  "%zu accounts, %zu groups, %zu changes"),
					ar.since, now.n_users, now.n_groups, n);
		else
			result_evidence(r, files,
					_("compared with their state kept by an earlier audit (%s): "
					  "%zu accounts, %zu groups, %zu changes"),
					ar.since, now.n_users, now.n_groups, n);
	}
	const char *unsaved = account_snapshot_save_note(snap);
	if (unsaved)
		result_evidence(r, files, "%s", _(unsaved));
	account_snapshot_keep(snap, &now);
}
