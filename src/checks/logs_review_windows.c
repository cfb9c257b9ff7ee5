/* logs.review on Windows (the ministry's rule 5, 「ログの確認」): the Security event log over the
 * period since the host's previous report in --report-dir, else over the
 * last [logs] review_days before the audit's date — failed logons (4625) per account and per
 * source, bursts of them ([logs] review_burst_failures within review_burst_minutes), a logon
 * (4624) to an account right after a burst against it, logons by people's accounts that are not
 * the administrators, accounts created (4720) or enabled (4722), members added to local groups
 * (4732, Administrators above all) and lockouts (4740). Findings carry counts and first/last
 * times, never records. The log is the capture `wevtutil epl Security` wrote to
 * kensa-capture/Security.evtx, else the log file itself under the root (a copied disk). */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/statefile.h"
#include "../core/review_prior.h"
#include "../core/timefmt.h"
#include "../core/winsource.h"
#include "../core/xalloc.h"
#include "../parsers/evtx.h"
#include "../parsers/win_localgroup.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CAPTURE_FILE WIN_CAPTURE_DIR "/Security.evtx"
#define LOG_FILE "/Windows/System32/winevt/Logs/Security.evtx"
#define MAX_KEYS 256         /* accounts or sources tallied one by one; the rest are counted */
#define MAX_CHUNKS 65536     /* 4 GiB, the largest Security log Windows allows */

/* One account or source: how often, when, and its recent failures for the burst test. */
struct tally {
	char key[160];
	char extra[160];     /* sources of an account, logon types, who made a change */
	size_t count;
	int64_t first, last;
	int64_t *ring;       /* the last burst_n failure times */
	size_t ring_n, ring_at;
	size_t bursts;
	int64_t burst_first, burst_last_end;
	size_t after_burst;  /* logons within the window after a burst */
	int64_t after_first;
};

struct table {
	struct tally *t;
	size_t n, dropped;
};

struct review {
	struct audit_context *ctx;
	int64_t since, now;
	size_t burst_n;
	int64_t window;
	const struct profile_list *admins;
	char **group; /* members of Administrators (captured), when the profile names none */
	size_t n_group;
	struct table fail_account, fail_source, user_logons, created, enabled, grouped, locked;
	size_t in_period, admin_logons, failures;
};

static struct tally *tally_get(struct table *tb, const char *key)
{
	for (size_t i = 0; i < tb->n; i++)
		if (!strcasecmp(tb->t[i].key, key))
			return &tb->t[i];
	if (tb->n == MAX_KEYS) {
		tb->dropped++;
		return NULL;
	}
	if (!tb->t)
		tb->t = xcalloc(MAX_KEYS, sizeof *tb->t);
	struct tally *t = &tb->t[tb->n++];
	msg_snprintf(t->key, sizeof t->key, "%s", key);
	return t;
}

static void tally_note(struct tally *t, int64_t when, const char *extra)
{
	if (!t->count || when < t->first)
		t->first = when;
	if (!t->count || when > t->last)
		t->last = when;
	t->count++;
	if (extra && *extra && !strstr(t->extra, extra)) {
		size_t l = strlen(t->extra);
		if (l + strlen(extra) + 3 < sizeof t->extra)
			msg_snprintf(t->extra + l, sizeof t->extra - l, "%s%s", l ? ", " : "", extra);
		else if (l + 4 < sizeof t->extra && !strstr(t->extra, "..."))
			snprintf(t->extra + l, sizeof t->extra - l, ", ...");
	}
}

/* A failure at when: a burst is burst_n failures within the window (counted once per run). */
static void tally_failure(struct tally *t, int64_t when, size_t burst_n, int64_t window)
{
	if (!t->ring)
		t->ring = xcalloc(burst_n, sizeof *t->ring);
	t->ring[t->ring_at] = when;
	t->ring_at = (t->ring_at + 1) % burst_n;
	if (t->ring_n < burst_n)
		t->ring_n++;
	if (t->ring_n < burst_n)
		return;
	int64_t oldest = t->ring[t->ring_at]; /* the burst_n-th most recent */
	if (when - oldest <= window) {
		if (!t->bursts || oldest > t->burst_last_end) {
			t->bursts++;
			if (t->bursts == 1)
				t->burst_first = oldest;
		}
		t->burst_last_end = when;
	}
}

static void table_free(struct table *tb)
{
	for (size_t i = 0; i < tb->n; i++)
		free(tb->t[i].ring);
	free(tb->t);
}

static bool unset(const char *s)
{
	return !s || !*s || !strcmp(s, "-");
}

/* "PC\alice", or "alice" when the domain is not given */
static void account_key(const struct evtx_event *ev, const char *user_item, const char *dom_item,
			char *out, size_t outlen)
{
	const char *u = evtx_event_data(ev, user_item), *d = evtx_event_data(ev, dom_item);
	if (unset(u))
		msg_snprintf(out, outlen, "%s", "-");
	else if (unset(d))
		msg_snprintf(out, outlen, "%s", u);
	else
		msg_snprintf(out, outlen, "%s\\%s", d, u);
}

static const char *bare(const char *name)
{
	const char *bs = strrchr(name, '\\');
	return bs ? bs + 1 : name;
}

static bool name_matches(const char *want, const char *name)
{
	return !strcasecmp(want, name) || (!strchr(want, '\\') && !strcasecmp(want, bare(name)));
}

static bool is_admin(const struct review *rv, const char *account, const char *sid)
{
	if (sid && win_sid_rid(sid) == 500)
		return true; /* the built-in Administrator, whatever it is called */
	for (size_t i = 0; i < rv->admins->n; i++)
		if (name_matches(rv->admins->items[i], account))
			return true;
	for (size_t i = 0; i < rv->n_group; i++)
		if (!strcasecmp(bare(rv->group[i]), bare(account)))
			return true;
	return false;
}

/* Logons by people: interactive, network, unlock, cleartext, new credentials, remote
 * interactive, cached — not service (5) or batch (4) logons, which Windows itself makes. */
static bool person_logon_type(const char *type)
{
	static const char *const types[] = { "2", "3", "7", "8", "9", "10", "11" };
	for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(type, types[i]))
			return true;
	return false;
}

/* A person's account: a machine or domain SID (S-1-5-21-...), not SYSTEM, the service accounts,
 * window managers (S-1-5-90-*), font drivers (S-1-5-96-*) or ANONYMOUS LOGON. */
static bool person_sid(const char *sid)
{
	return sid && !strncasecmp(sid, "S-1-5-21-", 9);
}

static int on_event(const struct evtx_event *ev, void *arg)
{
	struct review *rv = arg;
	uint32_t id = ev->event_id;
	if (id != 4624 && id != 4625 && id != 4720 && id != 4722 && id != 4732 && id != 4740)
		return 0;
	int64_t when = evtx_filetime_epoch(ev->time_created);
	if (when < rv->since || when > rv->now)
		return 0;
	rv->in_period++;
	char account[160], subject[160];
	account_key(ev, "TargetUserName", "TargetDomainName", account, sizeof account);
	account_key(ev, "SubjectUserName", "SubjectDomainName", subject, sizeof subject);
	const char *ip = evtx_event_data(ev, "IpAddress");
	const char *ws = evtx_event_data(ev, "WorkstationName");
	const char *source = !unset(ip) ? ip : !unset(ws) ? ws : "local";
	struct tally *t;
	switch (id) {
	case 4625:
		rv->failures++;
		if ((t = tally_get(&rv->fail_account, account))) {
			tally_note(t, when, source);
			tally_failure(t, when, rv->burst_n, rv->window);
		}
		if ((t = tally_get(&rv->fail_source, source))) {
			tally_note(t, when, account);
			tally_failure(t, when, rv->burst_n, rv->window);
		}
		break;
	case 4624: {
		const char *type = evtx_event_data(ev, "LogonType");
		const char *sid = evtx_event_data(ev, "TargetUserSid");
		const char *user = evtx_event_data(ev, "TargetUserName");
		if (!person_logon_type(type) || !person_sid(sid) ||
		    (user && *user && user[strlen(user) - 1] == '$'))
			break; /* computer accounts (NAME$) have domain SIDs too */
		/* right after a burst of failures against the same account */
		for (size_t i = 0; i < rv->fail_account.n; i++) {
			struct tally *f = &rv->fail_account.t[i];
			if (f->bursts && !strcasecmp(f->key, account) && when >= f->burst_last_end &&
			    when - f->burst_last_end <= rv->window) {
				if (!f->after_burst++)
					f->after_first = when;
			}
		}
		if (is_admin(rv, account, sid)) {
			rv->admin_logons++;
			break;
		}
		char how[64];
		msg_snprintf(how, sizeof how, "%s %s", type, source);
		if ((t = tally_get(&rv->user_logons, account)))
			tally_note(t, when, how);
		break;
	}
	case 4720:
		if ((t = tally_get(&rv->created, account)))
			tally_note(t, when, subject);
		break;
	case 4722:
		if ((t = tally_get(&rv->enabled, account)))
			tally_note(t, when, subject);
		break;
	case 4732: {
		const char *member = evtx_event_data(ev, "MemberName");
		const char *msid = evtx_event_data(ev, "MemberSid");
		char key[320];
		msg_snprintf(key, sizeof key, "%s <- %s", account, !unset(member) ? member
							      : !unset(msid) ? msid : "-");
		if ((t = tally_get(&rv->grouped, key)))
			tally_note(t, when, subject);
		break;
	}
	case 4740: {
		/* 4740 names the caller computer in TargetDomainName */
		const char *user = evtx_event_data(ev, "TargetUserName");
		const char *caller = evtx_event_data(ev, "TargetDomainName");
		if ((t = tally_get(&rv->locked, unset(user) ? "-" : user)))
			tally_note(t, when, unset(caller) ? NULL : caller);
		break;
	}
	}
	return 0;
}

static void span(char *out, size_t outlen, const struct tally *t)
{
	char a[32], b[32];
	format_time(t->first, a, sizeof a);
	format_time(t->last, b, sizeof b);
	if (t->count == 1)
		msg_snprintf(out, outlen, "%s", a);
	else
		msg_snprintf(out, outlen, "%s – %s", a, b);
}

static long read_fd(void *src, uint64_t off, void *buf, size_t len)
{
	return (long)pread_full(*(int *)src, buf, len, off);
}

/* The captured export, else the log file under the system drive. */
static int open_log(struct audit_context *ctx, char **path, int *fd)
{
	struct stat st;
	*path = xstrdup(CAPTURE_FILE);
	int rc = rootfs_open_file(ctx->root, *path, fd, &st);
	if (rc != -ENOENT)
		return rc;
	free(*path);
	*path = xasprintf("%s%s", profile_string(ctx->profile, "windows", "system_drive"), LOG_FILE);
	rc = rootfs_open_file(ctx->root, *path, fd, &st);
	if (rc == -ENOENT) {
		/* NTFS names differ in case ("winevt", "Winevt"): the capture's name is the one asked */
		free(*path);
		*path = xstrdup(CAPTURE_FILE);
	}
	return rc;
}

static void report(struct review *rv, struct check_result *r, const char *path)
{
	char when[96];
	size_t bursts = 0, after = 0, nonadmin = 0, changes = 0;
	for (size_t i = 0; i < rv->fail_account.n; i++) {
		struct tally *t = &rv->fail_account.t[i];
		span(when, sizeof when, t);
		if (t->after_burst) {
			after++;
			char b[32];
			format_time(t->after_first, b, sizeof b);
			struct finding *f = result_finding(r, FINDING_FAIL, t->key,
				_("logged on at %s, within %lld minutes of a burst of failed logons against "
				  "it: the password may have been guessed"), b,
				(long long)(rv->window / 60));
			finding_evidence(f, path, _("event 4625: %zu failures (%s) from %s; event 4624 "
						    "after it: %zu"), t->count, when, t->extra,
					 t->after_burst);
		}
		if (t->bursts) {
			bursts++;
			char b[32];
			format_time(t->burst_first, b, sizeof b);
			struct finding *f = result_finding(r, FINDING_WARN, t->key,
				_("%zu failed logons, %zu burst(s) of %zu or more within %lld minutes (the "
				  "first at %s): a password being guessed"), t->count, t->bursts,
				rv->burst_n, (long long)(rv->window / 60), b);
			finding_evidence(f, path, _("event 4625: %s, from %s"), when, t->extra);
		} else {
			result_evidence(r, path, _("%s: %zu failed logon(s) (%s) from %s"), t->key,
					t->count, when, t->extra);
		}
	}
	for (size_t i = 0; i < rv->fail_source.n; i++) {
		struct tally *t = &rv->fail_source.t[i];
		if (!t->bursts)
			continue;
		span(when, sizeof when, t);
		char b[32];
		format_time(t->burst_first, b, sizeof b);
		struct finding *f = result_finding(r, FINDING_WARN, t->key,
			_("source of %zu failed logons, %zu burst(s) of %zu or more within %lld minutes "
			  "(the first at %s)"), t->count, t->bursts, rv->burst_n,
			(long long)(rv->window / 60), b);
		finding_evidence(f, path, _("event 4625: %s, against %s"), when, t->extra);
	}
	for (size_t i = 0; i < rv->user_logons.n; i++) {
		struct tally *t = &rv->user_logons.t[i];
		nonadmin++;
		span(when, sizeof when, t);
		struct finding *f = result_finding(r, FINDING_WARN, t->key,
			_("%zu logon(s) by an account that is not an administrator: confirm each was "
			  "expected"), t->count);
		finding_evidence(f, path, _("event 4624: %s, logon type and source: %s"), when,
				 t->extra);
	}
	struct {
		struct table *tb;
		int id;
		const char *what;
	} changes_of[] = {
		{ &rv->created, 4720, N_("user account created") },
		{ &rv->enabled, 4722, N_("user account enabled") },
		{ &rv->grouped, 4732, N_("member added to a local group") },
		{ &rv->locked, 4740, N_("account locked out") },
	};
	for (size_t c = 0; c < sizeof changes_of / sizeof changes_of[0]; c++) {
		for (size_t i = 0; i < changes_of[c].tb->n; i++) {
			struct tally *t = &changes_of[c].tb->t[i];
			changes++;
			span(when, sizeof when, t);
			bool admins = changes_of[c].id == 4732 &&
				      (!strncasecmp(t->key, "Builtin\\Administrators", 22) ||
				       !strncasecmp(t->key, "Administrators", 14));
			struct finding *f = result_finding(r, FINDING_WARN, t->key,
				admins ? _("%s (%zu time(s)), to Administrators: confirm it was planned")
				       : _("%s (%zu time(s)): confirm it was planned"),
				_(changes_of[c].what), t->count);
			finding_evidence(f, path, changes_of[c].id == 4740
						  ? _("event %d: %s, caller computer %s")
						  : _("event %d: %s, by %s"),
					 changes_of[c].id, when, *t->extra ? t->extra : "-");
		}
	}
	size_t dropped = rv->fail_account.dropped + rv->fail_source.dropped +
			 rv->user_logons.dropped + rv->created.dropped + rv->enabled.dropped +
			 rv->grouped.dropped + rv->locked.dropped;
	if (dropped)
		result_evidence(r, path, _("%zu further events not itemised (more than %d accounts or "
					   "sources)"), dropped, MAX_KEYS);
	result_evidence(r, path, _("%zu logon(s) by administrators"), rv->admin_logons);
	result_reason(r, _("the Security log over %lld days: %zu failed logon(s), %zu account(s) "
			   "with a burst, %zu logged on after one, %zu non-administrator account(s) "
			   "logged on, %zu account or group change(s)"),
		      (long long)((rv->now - rv->since) / 86400), rv->failures, bursts, after,
		      nonadmin, changes);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	struct review rv = { .ctx = ctx };
	rv.now = ctx->now;
	long long days = profile_int(ctx->profile, "logs", "review_days");
	rv.since = rv.now - days * 86400;
	/* with --report-dir, the period since the host's previous report, as on Linux */
	const struct review_prior *prior = ctx->review_prior;
	if (prior && prior->audited_at > 0 && prior->audited_at < ctx->now) {
		char since[40];
		rv.since = prior->audited_at;
		format_time(rv.since, since, sizeof since);
		result_evidence(r, NULL, _("period: since the previous report (%s)"), since);
	}
	rv.burst_n = (size_t)profile_int(ctx->profile, "logs", "review_burst_failures");
	rv.window = profile_int(ctx->profile, "logs", "review_burst_minutes") * 60;
	rv.admins = profile_list(ctx->profile, "logs", "review_administrators");
	if (!rv.admins->n) {
		/* the expected administrators of accounts.privileged, and who is in the group */
		rv.admins = profile_list(ctx->profile, "accounts", "admins");
		struct win_text wt;
		char why[256];
		if (win_source_text(ctx, WIN_SRC_NET_LOCALGROUP, "Administrators", &wt, why,
				    sizeof why) == 0) {
			if (net_localgroup_parse(wt.text, wt.len, &rv.group, &rv.n_group, why,
						 sizeof why))
				result_evidence(r, wt.origin, _("administrators: the %zu member(s) of "
								"Administrators"), rv.n_group);
			else
				rv.group = NULL, rv.n_group = 0;
			win_text_free(&wt);
		} else {
			result_evidence(r, NULL, _("Administrators group not read (%s): administrators "
						   "are [accounts] admins and the built-in Administrator"),
					why);
		}
	}

	char *path = NULL;
	int fd = -1;
	int rc = open_log(ctx, &path, &fd);
	if (rc < 0) {
		if (rc == -ENOENT && !ctx->live)
			result_not_applicable(r, _("no Security log under --root (%s, from wevtutil epl "
						   "Security): %s"), CAPTURE_FILE, rootfs_strerror(rc));
		else
			result_error(r, rc == -EACCES || rc == -EBUSY
					? _("%s: %s (run elevated, or read the export of wevtutil epl "
					    "Security)") : "%s: %s", path, rootfs_strerror(rc));
		goto out;
	}
	struct evtx_stats st;
	char why[256];
	rc = evtx_read(read_fd, &fd, MAX_CHUNKS, on_event, &rv, &st, why, sizeof why);
	close(fd);
	if (rc < 0) {
		result_error(r, _("%s: %s"), path, why);
		goto out;
	}
	result_evidence(r, path, _("%llu event records in %llu chunks read (%llu damaged chunks, "
				   "%llu unreadable records skipped); %zu of the reviewed events in the last "
				   "%lld days"), (unsigned long long)st.records,
			(unsigned long long)st.chunks, (unsigned long long)st.bad_chunks,
			(unsigned long long)st.bad_records, rv.in_period, days);
	if (!st.records) {
		result_error(r, _("%s: no event record could be read"), path);
		goto out;
	}
	report(&rv, r, path);
out:
	free(path);
	table_free(&rv.fail_account);
	table_free(&rv.fail_source);
	table_free(&rv.user_logons);
	table_free(&rv.created);
	table_free(&rv.enabled);
	table_free(&rv.grouped);
	table_free(&rv.locked);
	if (rv.group)
		net_localgroup_free(rv.group, rv.n_group);
}

const struct check check_logs_review_windows = {
	.id = "logs.review",
	.title = N_("The logs are reviewed for signs of attack"),
	.remediation = N_("Look into each finding: who failed to log on and from where, whether the "
			  "logon after a burst was the account's owner, and whether each account "
			  "created, enabled or added to a group was planned; then change passwords, "
			  "disable accounts or block the source as needed."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
